// The kubelet's pod status cache (pkg/kubelet/container/cache.go): per-pod status,
// error and modification time, plus the global timestamp relist publishes.
#pragma once

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
  };

  // Set stores {status, err, ts}. With `refuse_older` (era D+, EventedPLEG gate on) an
  // entry modified after ts is kept and false returned.
  bool set(PodUid uid, PodStatus status, bool has_error, Time ts, bool refuse_older = false);
  void remove(PodUid uid);
  // nullptr when absent (the kubelet then returns an empty status).
  const Entry* get(PodUid uid) const;
  // UpdateTime: the global timestamp, = start time of the last completed relist.
  void update_time(Time ts) { timestamp_ = ts; }
  std::optional<Time> timestamp() const { return timestamp_; }
  std::size_t size() const { return count_; }

 private:
  std::vector<std::optional<Entry>> entries_;
  std::size_t count_ = 0;
  std::optional<Time> timestamp_;
};

}  // namespace plegsim::kubelet
