// One EventedPleg driven step by step, the way pkg/kubelet/pleg/evented_test.go drives
// the kubelet's (era D+, the EventedPLEG gate on): no stream loop, a manual clock, the
// generic PLEG beside it (a PlegHarness with the gate on) sharing its cache and event
// channel. A test hands it ContainerEventResponse-like events, reads the cache, drains
// the channel, asks healthy() and reads the kubelet's metrics:
//
//   step::EventedHarness h;                       // 1.28, channel capacity 100
//   h.process_event(ev);                          // processCRIEvents, one event
//   auto events = h.drain_events();
//   std::string running = h.metric_family("kubelet_running_pods");
//
// Single-threaded.
#pragma once

#include <string>
#include <vector>

#include "sim/kubelet/evented_pleg.h"
#include "sim/step/pleg_harness.h"

namespace plegsim::step {

struct EventedHarnessOptions {
  // A release with the EventedPLEG gate (1.26 or later).
  std::string version = "1.28";
  // newTestEventedPLEG's eventChannel holds 100.
  std::size_t channel_capacity = 100;
  std::uint64_t seed = 1;
};

class EventedHarness {
 public:
  // Throws std::invalid_argument for an unknown release or one before 1.26.
  explicit EventedHarness(EventedHarnessOptions opts = {});
  EventedHarness(const EventedHarness&) = delete;
  EventedHarness& operator=(const EventedHarness&) = delete;

  // processCRIEvents for one event, at now(): GeneratePodStatus, getPodIPs,
  // updateRunningPodMetric, the cache write and the PLEG events.
  void process_event(const cri::ContainerEvent& e) { evented_.process_container_event(e); }
  // `pleg.eventChannel <- event` as the tests write it, without blocking: false (and
  // nothing sent) when the channel is full.
  bool push_event(const kubelet::PodLifecycleEvent& e) { return generic_.channel().try_send(e); }
  std::vector<kubelet::PodLifecycleEvent> drain_events() { return generic_.drain_events(); }
  kubelet::HealthResult healthy() const { return evented_.healthy(); }
  void advance(Duration d) { generic_.advance(d); }
  Time now() const { return generic_.now(); }

  std::vector<std::string> get_pod_ips(PodUid uid, const kubelet::PodStatus& s) const {
    return evented_.get_pod_ips(uid, s);
  }
  void update_running_pod_metric(const kubelet::PodStatus& s) {
    evented_.update_running_pod_metric(s);
  }
  // cache.Set(uid, status, nil, ts) with the gate's rule (an entry modified after ts
  // stays): whether it landed.
  bool cache_set(PodUid uid, kubelet::PodStatus s, Time ts);
  const kubelet::PodCache::Entry* cache_entry(PodUid uid) const {
    return generic_.cache_entry(uid);
  }

  // The kubelet's metrics registry (PlegHarness's: the two PLEGs share one kubelet).
  std::string metrics_text() const { return generic_.metrics_text(); }
  std::string metric_family(const std::string& name) const { return generic_.metric_family(name); }

  // The Evented PLEG's delegation to the generic one (evented_test.go's
  // TestEventedPLEGDelegatesToGenericPLEG): Relist() run to its end, RequestRelist and
  // RequestReinspect (1.36+). What reached the generic PLEG is read back below.
  RelistOutcome relist() { return generic_.relist_task(evented_.relist()); }
  void request_relist(PodUid uid) { evented_.request_relist(uid); }
  void request_reinspect(PodUid uid) { evented_.request_reinspect(uid); }
  std::vector<PodUid> queued_relist_requests() const {
    return generic_.pleg().queued_relist_requests();
  }
  bool is_pod_to_reinspect(PodUid uid) const { return generic_.pleg().is_pod_to_reinspect(uid); }
  // Relists the generic PLEG finished (the fake's relistCount).
  std::size_t relists() const { return generic_.sink().relists.size(); }

  kubelet::EventedPleg& pleg() { return evented_; }
  PlegHarness& generic() { return generic_; }
  const record::MemorySink& sink() const { return generic_.sink(); }

 private:
  PlegHarness generic_;
  kubelet::EventedPleg evented_;
};

}  // namespace plegsim::step
