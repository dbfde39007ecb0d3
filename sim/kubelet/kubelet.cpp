#include "sim/kubelet/kubelet.h"

namespace plegsim::kubelet {

bool has_pod_container_deletor(const Profile& p) {
  return p.minor >= 4;
}

PlegConfig Kubelet::generic_config(const KubeletConfig& cfg) {
  PlegConfig p = cfg.pleg;
  p.evented_gate = cfg.evented_pleg;
  if (cfg.evented_pleg && !cfg.profile.evented_termination_hint) {
    // The generic PLEG only backs the evented one up; the 1 s / 3 min pair is kept for
    // the fallback. From 1.37 the generic PLEG keeps its own cadence.
    p.relist_period = kEventedGenericPeriod;
    p.relist_threshold = kEventedGenericThreshold;
  }
  return p;
}

Kubelet::Kubelet(core::Kernel& k, cri::Runtime& rt, Recorder& rec, const KubeletConfig& cfg)
    : cfg_(cfg),
      rm_(rt, cfg_.profile),
      channel_(k, static_cast<std::size_t>(cfg.event_channel_capacity)),
      pleg_(k, rm_, cache_, channel_, cfg_.profile, rec, generic_config(cfg)),
      state_(k, cfg_.profile),
      updater_(k, rt, state_, cfg_.profile),
      sync_loop_(k, state_, channel_, cfg_.profile, cfg.event_handling_time, cfg.consumer_stalls),
      node_status_(k, state_, cfg.node_status_update_frequency, rec) {
  rm_.set_evented_gate(cfg.evented_pleg);
  state_.add_health_check(
      "PLEG", [this] { return pleg_.healthy(); },
      // Update() (the Evented PLEG's fallback) can shorten the threshold: no bound then.
      [this]() -> std::optional<Time> {
        if (evented_ && !cfg_.profile.evented_termination_hint) return std::nullopt;
        return pleg_.unhealthy_at();
      });
  if (cfg.evented_pleg) {
    EventedConfig ec = cfg.evented;
    ec.fallback_period = cfg.pleg.relist_period;
    ec.fallback_threshold = cfg.pleg.relist_threshold;
    ec.termination_hint = cfg_.profile.evented_termination_hint;
    evented_.emplace(k, rt, pleg_, cache_, channel_, rec, ec);
    state_.add_health_check("EventedPLEG", [this] { return evented_->healthy(); });
  }
  sync_loop_.set_pod_worker_calls(&rt, cfg.pod_worker_calls);
  sync_loop_.set_every_tick(cfg.every_sync_tick);
  if (cfg.pod_container_deletor && has_pod_container_deletor(cfg_.profile)) {
    deletor_.emplace(k, rt, cfg.containers_to_keep);
    sync_loop_.set_container_deletor(&*deletor_, &cache_);
  }
  if (cfg.pleg.on_demand_relist) {
    sync_loop_.set_on_pod_synced([this](PodUid uid) { pleg_.request_relist(uid); });
  }
}

void Kubelet::start() {
  updater_.start();
  pleg_.start();
  if (evented_) evented_->start();
  sync_loop_.start();
  node_status_.start();
  if (deletor_) deletor_->start();
}

void Kubelet::kill() {
  updater_.stop();
  pleg_.kill();
  if (evented_) {
    evented_->stop();
    evented_->mute();
  }
  sync_loop_.stop();
  node_status_.stop();
  if (deletor_) deletor_->stop();
}

}  // namespace plegsim::kubelet
