#include "sim/workload/churn.h"

#include <algorithm>
#include <cmath>

#include "sim/cri/remove_container.h"

namespace plegsim::workload {

Churn::Churn(core::Kernel& k, cri::Store& store, cri::Runtime& rt, const WorkloadSpec& spec,
             int containers_per_pod, std::uint64_t seed)
    : k_(k),
      store_(store),
      rt_(rt),
      spec_(spec),
      containers_per_pod_(containers_per_pod),
      rng_(seed, "workload.churn"),
      dynamic_(spec.dynamic()),
      churn_wake_(k),
      rollout_wake_(k) {}

Churn::PodState& Churn::state(PodUid uid) {
  auto i = static_cast<std::size_t>(uid);
  if (i >= pods_.size()) pods_.resize(i + 1);
  return pods_[i];
}

void Churn::add_live(PodUid uid) {
  PodState& p = state(uid);
  p.live = true;
  p.live_index = live_.size();
  live_.push_back(uid);
  if (dynamic_) churn_wake_.notify();
}

void Churn::remove_live(PodUid uid) {
  PodState& p = state(uid);
  if (!p.live) return;
  PodUid last = live_.back();
  live_[p.live_index] = last;
  state(last).live_index = p.live_index;
  live_.pop_back();
  p.live = false;
  if (dynamic_) churn_wake_.notify();
}

void Churn::create_initial_pods(int pods) {
  for (int i = 0; i < pods; ++i) {
    PodUid uid = store_.new_pod();
    PodState& p = state(uid);
    p.sandbox = store_.add_sandbox(uid, k_.now());
    p.slots.resize(static_cast<std::size_t>(containers_per_pod_));
    for (int s = 0; s < containers_per_pod_; ++s) {
      ContainerId id = store_.add_container(uid, s, k_.now());
      store_.set_container_state(id, cri::ContainerState::kRunning);
      p.slots[s] = Slot{id, true, k_.now(), 0, {}};
    }
    add_live(uid);
  }
  // A previous boot's NOTREADY sandboxes, after the running ones: created at the same
  // instant and listed after them, the running sandbox sorts as the pod's newest.
  for (int i = 0; !live_.empty() && i < spec_.startup.exited_sandboxes; ++i) {
    PodUid uid = live_[static_cast<std::size_t>(i) % live_.size()];
    store_.set_sandbox_state(store_.add_sandbox(uid, k_.now()), cri::SandboxState::kNotReady);
  }
  // Exited containers of earlier attempts, round-robin over the pods' slots; older
  // than any crash to come, so first in each slot's dead list.
  const std::size_t slots = live_.size() * static_cast<std::size_t>(containers_per_pod_);
  for (int i = 0; slots > 0 && i < spec_.startup.exited; ++i) {
    std::size_t k = static_cast<std::size_t>(i) % slots;
    PodUid uid = live_[k / static_cast<std::size_t>(containers_per_pod_)];
    int s = static_cast<int>(k % static_cast<std::size_t>(containers_per_pod_));
    ContainerId id = store_.add_container(uid, s, k_.now());
    store_.set_container_state(id, cri::ContainerState::kExited);
    Slot& slot = state(uid).slots[s];
    slot.dead.push_back(id);
    if (static_cast<int>(slot.dead.size()) > spec_.max_dead_per_container) gc_due_.insert({uid, s});
  }
}

void Churn::start() {
  k_.spawn(dynamic_ ? dynamic_churn_loop() : churn_loop());
  for (const auto& md : spec_.mass_deletes) k_.spawn(mass_delete(md.at, md.pods));
  if (spec_.startup.pods > 0) k_.spawn(startup(spec_.startup.pods, spec_.startup.over));
  if (spec_.rollout.every.ns > 0) k_.spawn(rollout_loop());
  if (spec_.gc_period.ns > 0) k_.spawn(gc_loop(spec_.startup.exited > 0));
}

double Churn::exp_draw(double rate) {
  // Inverse CDF on (0, 1]: never infinite.
  return -std::log(1.0 - rng_.uniform01()) / rate;
}

core::Task<void> Churn::churn_loop() {
  const double crash = spec_.crash_rate.per_second();
  const double create = spec_.pod_create_rate.per_second();
  const double del = spec_.pod_delete_rate.per_second();
  while (true) {
    double slots = static_cast<double>(live_.size()) * containers_per_pod_;
    double del_now = live_.empty() ? 0.0 : del;
    double total = crash * slots + create + del_now;
    if (total <= 0) {
      if (create <= 0 && del <= 0) co_return;  // nothing can change the rates any more
      total = create + del_now;
    }
    // Nanoseconds, saturated: a rate so small that the draw lies past any horizon
    // (1e-18/h) sleeps until Time::never(), exactly "no event in this run", instead of
    // overflowing llround into a time in the past.
    double wait_ns = exp_draw(total) * 1e9;
    Duration wait = wait_ns < 9.0e18 ? Duration{std::llround(wait_ns)} : Duration::max();
    // A one-off delay: sleep_until, so it does not take a kernel lane meant for periods.
    co_await k_.sleep_until(k_.now() + wait);
    fire(rng_.uniform01() * total, crash * slots, create);
  }
}

void Churn::fire(double u, double crash, double create) {
  if (u < crash) {
    crash_random_slot();
  } else if (u < crash + create) {
    ++pods_created_;
    k_.spawn(create_pod());
  } else if (!live_.empty()) {
    PodUid uid = live_[rng_.below(live_.size())];
    remove_live(uid);
    ++pods_deleted_;
    k_.spawn(delete_pod(uid));
  }
}

core::Task<void> Churn::dynamic_churn_loop() {
  // The rates in force from each time on: the top-level ones, then the schedule's.
  using Phase = WorkloadSpec::Phase;
  std::vector<Phase> phases{
      Phase{{}, spec_.crash_rate, spec_.pod_create_rate, spec_.pod_delete_rate}};
  for (const Phase& p : spec_.schedule) {
    if (p.from.ns == 0) {
      phases[0] = p;
    } else {
      phases.push_back(p);
    }
  }
  std::size_t i = 0;
  while (i + 1 < phases.size() && Time{} + phases[i + 1].from <= k_.now()) ++i;
  while (true) {
    const Phase& ph = phases[i];
    // Relative pod rates are per live pod: their total follows the pod count.
    auto n = static_cast<double>(live_.size());
    double crash = ph.crash_rate.per_second() * n * containers_per_pod_;
    double create = ph.pod_create_rate.per_second() * (ph.pod_create_rate.relative ? n : 1.0);
    double del = live_.empty()
                     ? 0.0
                     : ph.pod_delete_rate.per_second() * (ph.pod_delete_rate.relative ? n : 1.0);
    double total = crash + create + del;
    Time boundary = i + 1 < phases.size() ? Time{} + phases[i + 1].from : Time::never();
    Time when = Time::never();
    if (total > 0) {
      double wait_ns = exp_draw(total) * 1e9;  // saturated as in churn_loop
      when = k_.now() + (wait_ns < 9.0e18 ? Duration{std::llround(wait_ns)} : Duration::max());
    }
    if (when >= boundary) {
      // The rates change first: the wait left over is redrawn from the new ones.
      if (!co_await churn_wake_.until(boundary)) ++i;
      continue;
    }
    if (co_await churn_wake_.until(when)) continue;  // the pod count changed: redraw
    fire(rng_.uniform01() * total, crash, create);
  }
}

core::Task<void> Churn::startup(int pods, Duration over) {
  // Evenly spread over [start, start + over): pod i at start + over * i / pods.
  Time t0 = k_.now();
  for (int i = 0; i < pods; ++i) {
    Time at =
        t0 + Duration{static_cast<std::int64_t>(static_cast<long double>(over.ns) * i / pods)};
    if (at > k_.now()) co_await k_.sleep_until(at);
    startup_times_.push_back(k_.now());
    ++pods_created_;
    k_.spawn(create_pod());
  }
}

core::Task<void> Churn::mass_delete(Duration at, int pods) {
  co_await k_.sleep_until(core::Time{} + at);
  for (int i = 0; i < pods && !live_.empty(); ++i) {
    PodUid uid = live_[rng_.below(live_.size())];
    remove_live(uid);
    ++pods_deleted_;
    k_.spawn(delete_pod(uid));
  }
}

void Churn::crash_random_slot() {
  PodUid uid = live_[rng_.below(live_.size())];
  auto s = static_cast<int>(rng_.below(static_cast<std::uint64_t>(containers_per_pod_)));
  Slot& slot = state(uid).slots[s];
  if (!slot.running) return;  // thinned: only running containers crash
  ++crashes_;
  slot.running = false;
  store_.set_container_state(slot.current, cri::ContainerState::kExited, 1);
  slot.dead.push_back(slot.current);
  if (static_cast<int>(slot.dead.size()) > spec_.max_dead_per_container) gc_due_.insert({uid, s});
  // CrashLoopBackOff: 10 s doubling to 5 min; reset after running 10 min.
  if (k_.now() - slot.started >= spec_.backoff_reset) slot.backoff_level = 0;
  Duration delay = spec_.backoff_initial;
  for (int i = 0; i < slot.backoff_level && delay < spec_.backoff_max; ++i) delay = delay * 2;
  delay = std::min(delay, spec_.backoff_max);
  ++slot.backoff_level;
  k_.spawn(restart(uid, s, delay));
}

core::Task<void> Churn::restart(PodUid uid, int s, Duration delay) {
  co_await k_.sleep_until(k_.now() + delay);  // one-off (see churn_loop)
  if (!state(uid).live) co_return;            // the pod is being deleted
  auto created = co_await rt_.create_container(uid, s);
  if (!created.ok()) co_return;
  if (!state(uid).live) {
    // Deleted while we created it: the pod's deletion already listed its containers.
    co_await cri::remove_container_and_log(rt_, created.value);
    co_return;
  }
  auto started = co_await rt_.start_container(created.value);
  PodState& p = state(uid);
  Slot& slot = p.slots[s];
  slot.current = created.value;
  if (!started.ok() || !p.live) co_return;
  slot.running = true;
  slot.started = k_.now();
  ++restarts_;
}

core::Task<void> Churn::create_pod() {
  PodUid uid = store_.new_pod();
  state(uid).slots.resize(static_cast<std::size_t>(containers_per_pod_));
  auto sb = co_await rt_.run_pod_sandbox(uid);
  if (!sb.ok()) co_return;
  state(uid).sandbox = sb.value;
  for (int s = 0; s < containers_per_pod_; ++s) {
    auto created = co_await rt_.create_container(uid, s);
    if (!created.ok()) continue;
    auto started = co_await rt_.start_container(created.value);
    Slot& slot = state(uid).slots[s];
    slot.current = created.value;
    slot.running = started.ok();
    slot.started = k_.now();
  }
  add_live(uid);
}

core::Task<void> Churn::delete_pod(PodUid uid) {
  // killPodWithSyncResult: stop the containers, then the sandbox; then remove all.
  std::vector<ContainerId> ids;
  for (const auto& c : store_.containers_of(uid)) ids.push_back(c.id);
  for (ContainerId id : ids) {
    const cri::ContainerView* c = store_.find_container(id);
    if (c != nullptr && c->state == cri::ContainerState::kRunning) co_await rt_.stop_container(id);
  }
  for (auto& slot : state(uid).slots) slot.running = false;
  std::vector<ContainerId> sandboxes;
  for (const auto& s : store_.sandboxes_of(uid)) sandboxes.push_back(s.id);
  for (ContainerId id : sandboxes) co_await rt_.stop_pod_sandbox(id);
  ids.clear();
  for (const auto& c : store_.containers_of(uid)) ids.push_back(c.id);
  // removeContainer: ContainerStatus, then RemoveContainer (cri/remove_container.h).
  for (ContainerId id : ids) co_await cri::remove_container_and_log(rt_, id);
  for (ContainerId id : sandboxes) co_await rt_.remove_pod_sandbox(id);
  for (auto& slot : state(uid).slots) slot.dead.clear();
}

core::Task<void> Churn::gc_loop(bool now) {
  while (true) {
    if (!now) co_await k_.sleep(spec_.gc_period);
    now = false;
    // Container GC: keep the newest max_dead_per_container dead containers per slot.
    auto due = std::move(gc_due_);
    gc_due_.clear();
    // The pass works from a fresh ListContainers (kuberuntime_gc.go evictableContainers
    // via getKubeletContainers): containers another remover (the kubelet's pod
    // container deletor) took since the last pass are not seen. Removals during the
    // pass are: the pass's ContainerStatus then answers NotFound, as upstream's does.
    for (auto [uid, s] : due) {
      auto& dead = state(uid).slots[s].dead;
      dead.erase(std::remove_if(dead.begin(), dead.end(),
                                [this](ContainerId id) { return !store_.find_container(id); }),
                 dead.end());
    }
    for (auto [uid, s] : due) {
      // Re-read the slot after every call: pods may be added (and pods_ grow) meanwhile.
      while (static_cast<int>(state(uid).slots[s].dead.size()) > spec_.max_dead_per_container) {
        ContainerId victim = state(uid).slots[s].dead.front();
        state(uid).slots[s].dead.pop_front();
        // removeContainer: ContainerStatus (removeContainerLog), then RemoveContainer.
        auto st = co_await cri::remove_container_and_log(rt_, victim);
        if (st.ok()) ++gc_removed_;
      }
    }
  }
}

}  // namespace plegsim::workload
