// The kubelet's pod status cache (pkg/kubelet/container/cache.go): per-pod status,
// error and modification time, plus the global timestamp relist publishes, and
// GetNewerThan's subscribers (pod workers waiting for a status newer than their last sync).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/kubelet/pod.h"

namespace plegsim::kubelet {

class PodCache {
 public:
  struct Entry {
    PodStatus status;
    bool has_error = false;
    Time modified{};
    // 1.36+ SetObservedTime: the pod was seen unchanged at this time. Set() sets it to
    // the write's timestamp. Inferred (see subscribe()), not read from upstream.
    Time observed{};
  };
  // A GetNewerThan call in progress: its id, pollable with subscription().
  using SubscriptionId = std::uint64_t;
  struct Subscription {
    PodUid uid = 0;
    Time min_time{};
    // Empty while blocked; then the entry GetNewerThan returned (an absent pod's is the
    // default entry: status with only the id, no error).
    std::optional<Entry> result;
  };

  // Set stores {status, err, ts} and notifies the pod's subscribers with ts. With
  // `refuse_older` (era D+, EventedPLEG gate on) an entry modified after ts is kept,
  // nobody is notified and false returned.
  bool set(PodUid uid, PodStatus status, bool has_error, Time ts, bool refuse_older = false);
  // Delete: no notification (as cache.go).
  void remove(PodUid uid);
  // nullptr when absent (the kubelet then returns an empty status).
  const Entry* get(PodUid uid) const;
  // UpdateTime: the global timestamp, = start time of the last completed relist; every
  // subscriber is notified with it.
  void update_time(Time ts);
  std::optional<Time> timestamp() const { return timestamp_; }
  // SetObservedTime (1.36+, relistPod: the pod was relisted at ts even if its status was
  // not rewritten): an existing entry's observed time becomes ts; the pod's subscribers
  // are notified with ts. cache.go's 1.36 source was not read: this follows a third-party
  // model of it (docs/upstream-tests.md).
  void set_observed_time(PodUid uid, Time ts);
  std::size_t size() const { return count_; }

  // GetNewerThan(uid, min_time) as a subscription: unblocked at once when the entry was
  // modified or observed after min_time, or the global timestamp is after it; else
  // blocked until a notification with a time not before min_time (inclusive, as
  // notify's !ts.Before(minTime)) delivers the entry as it is then.
  SubscriptionId subscribe(PodUid uid, Time min_time);
  // REQUIRES: `id` came from subscribe().
  const Subscription& subscription(SubscriptionId id) const { return subscriptions_.at(id); }

 private:
  // getIfNewerThan: the entry GetNewerThan may return now, if any.
  std::optional<Entry> get_if_newer_than(PodUid uid, Time min_time) const;
  // The entry as Get returns it (the default one when absent).
  Entry get_or_default(PodUid uid) const;
  void notify(PodUid uid, Time ts);

  std::vector<std::optional<Entry>> entries_;
  std::size_t count_ = 0;
  std::optional<Time> timestamp_;
  std::vector<Subscription> subscriptions_;  // by SubscriptionId, answered ones kept
  std::size_t waiting_ = 0;                  // subscriptions still blocked
};

}  // namespace plegsim::kubelet
