#include "sim/kubelet/evented_pleg.h"

namespace plegsim::kubelet {

using cri::ContainerEventType;

EventedPleg::EventedPleg(core::Kernel& k, cri::Runtime& rt, GenericPleg& generic, PodCache& cache,
                         EventChannel& ch, Recorder& rec, EventedConfig cfg)
    : k_(k), rt_(rt), generic_(generic), cache_(cache), ch_(ch), rec_(&rec), cfg_(cfg) {}

void EventedPleg::start() {
  if (in_use_) return;
  in_use_ = true;
  generic_.set_evented_in_use(true);
  ++epoch_;
  k_.spawn(watch_events_channel(epoch_));
  // From 1.37 the cache's global timestamp is the generic relist's alone.
  if (!cfg_.termination_hint) k_.spawn(update_global_cache(epoch_));
}

void EventedPleg::stop() {
  in_use_ = false;
  generic_.set_evented_in_use(false);
}

HealthResult EventedPleg::healthy() const {
  if (cfg_.termination_hint) return {true, ""};
  if (ch_.full()) {
    return {false, "EventedPLEG: pleg event channel capacity is full with " +
                       std::to_string(ch_.size()) + " events"};
  }
  return {true, ""};
}

core::Task<void> EventedPleg::watch_events_channel(std::uint64_t epoch) {
  int attempts = 0;
  while (in_use_ && epoch == epoch_) {
    if (attempts >= cfg_.max_stream_retries) {
      if (cfg_.termination_hint) {
        // "disabling unexpected-termination fast path after exhausting event stream
        // retries": the generic PLEG carries on as it was.
        stop();
        fell_back_ = true;
        co_return;
      }
      // "Fall back to Generic PLEG relisting since Evented PLEG is not working".
      stop();
      fell_back_ = true;
      generic_.stop();
      generic_.update(cfg_.fallback_period, cfg_.fallback_threshold);
      generic_.start();
      co_return;
    }
    co_await rt_.get_container_events(*this);
    if (!in_use_ || epoch != epoch_) co_return;
    // The stream ended: it always ends in an error.
    ++connection_errors_;
    ++attempts;
    rec_->emit(EventedConnection{k_.now(), false});
    // Up to 1.36: "Force a relist to get the latest container and pods running metric."
    if (!cfg_.termination_hint) co_await generic_.relist();
  }
}

core::Task<void> EventedPleg::update_global_cache(std::uint64_t epoch) {
  while (in_use_ && epoch == epoch_) {
    co_await k_.sleep(cfg_.cache_update_period);
    if (!in_use_ || epoch != epoch_) co_return;
    cache_.update_time(k_.now());
  }
}

void EventedPleg::on_stream_connected() {
  ++connection_successes_;
  rec_->emit(EventedConnection{k_.now(), true});
}

void EventedPleg::on_container_event(const cri::ContainerEvent& e) {
  if (!in_use_) return;
  process_container_event(e);
}

namespace {

// getPodSandboxState: the first sandbox's id, looked up among the container statuses.
bool sandbox_running(const PodStatus& s) {
  if (s.sandbox_statuses.empty()) return false;
  const ContainerId sandbox = s.sandbox_statuses.front().id;
  for (const cri::ContainerView& c : s.container_statuses) {
    if (c.id == sandbox && c.state == cri::ContainerState::kRunning) return true;
  }
  return false;
}

}  // namespace

void EventedPleg::process_container_event(const cri::ContainerEvent& e) {
  // Events without a sandbox status cannot be tied to a pod.
  if (!e.sandbox_status) return;
  rec_->emit(EventedEventReceived{k_.now(), e.created_at});
  PodUid uid = e.sandbox_status->pod;
  if (cfg_.termination_hint) {
    // "Not an unexpected termination; GenericPLEG handles this on its next relist."
    if (!unexpected_termination(e)) return;
    ++relists_requested_;
    generic_.request_relist(uid);
    return;
  }
  // GeneratePodStatus: the pod's status as the event carries it.
  PodStatus status;
  status.id = uid;
  status.sandbox_statuses.push_back(*e.sandbox_status);
  status.container_statuses = e.containers_statuses;
  status.has_ip = e.sandbox_status->state == cri::SandboxState::kReady;
  if (status.has_ip) status.ips = e.sandbox_status->ips;
  status.timestamp = e.created_at;
  // "Preserve the pod IP across cache updates if the new IP is empty."
  status.ips = get_pod_ips(uid, status);
  update_running_pod_metric(status);
  bool send = false;
  if (e.type == ContainerEventType::kDeleted) {
    // The deleted container is the pod's sandbox: the pod is gone from the cache.
    if (e.sandbox_status->id == e.id) cache_.remove(uid);
    send = true;
  } else {
    send = cache_.set(uid, std::move(status), false, e.created_at, /*refuse_older=*/true);
  }
  if (send) process_cri_event(e);
}

bool EventedPleg::unexpected_termination(const cri::ContainerEvent& e) {
  if (e.type != ContainerEventType::kStopped) return false;
  for (const cri::ContainerView& c : e.containers_statuses) {
    if (c.id != e.id) continue;
    // "OOMKilled is always unexpected regardless of exit code."
    if (c.oom_killed) return true;
    return c.state == cri::ContainerState::kExited && c.exit_code != 0;
  }
  return false;  // no status for the event's container: no fast path
}

std::vector<std::string> EventedPleg::get_pod_ips(PodUid uid, const PodStatus& status) const {
  if (!status.ips.empty()) return status.ips;
  const PodCache::Entry* old = cache_.get(uid);
  if (old == nullptr || old->has_error || old->status.ips.empty()) return {};
  for (const cri::SandboxView& s : status.sandbox_statuses) {
    // A READY sandbox: this status' (empty) IPs stand.
    if (s.state == cri::SandboxState::kReady) return status.ips;
  }
  // Exited pods keep the IPs they had.
  return old->status.ips;
}

void EventedPleg::update_running_pod_metric(const PodStatus& status) {
  const PodCache::Entry* cached = cache_.get(status.id);
  const bool now_running = sandbox_running(status);
  int delta = 0;
  if (cached == nullptr || cached->status.sandbox_statuses.empty()) {
    delta = now_running ? 1 : 0;
  } else {
    const bool was_running = sandbox_running(cached->status);
    delta = was_running == now_running ? 0 : (now_running ? 1 : -1);
  }
  if (delta != 0) rec_->emit(RunningPodCountChanged{k_.now(), delta});
}

void EventedPleg::process_cri_event(const cri::ContainerEvent& e) {
  PodUid uid = e.sandbox_status->pod;
  switch (e.type) {
    case ContainerEventType::kStopped:
      send({uid, EventType::kContainerDied, e.id});
      return;
    case ContainerEventType::kCreated:
      // "A new container is created, but not started yet": no PLEG event.
      return;
    case ContainerEventType::kStarted:
      send({uid, EventType::kContainerStarted, e.id});
      return;
    case ContainerEventType::kDeleted:
      send({uid, EventType::kContainerDied, e.id});
      send({uid, EventType::kContainerRemoved, e.id});
      return;
  }
}

void EventedPleg::send(const PodLifecycleEvent& e) {
  if (ch_.try_send(e)) {
    rec_->emit(EventDelivered{k_.now(), e.id, e.type, e.data});
    return;
  }
  ++discarded_;
  rec_->emit(EventDropped{k_.now(), e.id, e.type, e.data});
}

}  // namespace plegsim::kubelet
