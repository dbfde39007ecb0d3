// podRecords (generic.go): per pod UID, the pod as of the last accepted relist (old)
// and as listed now (current).
//
// The kubelet clears every current and re-sets the listed ones on each relist. Here
// `current` persists between relists: for a lazy listing only pods that changed are
// re-set, which gives the same records because an unchanged pod would be re-set to
// the value it already has. Pods whose old and current differ stay "pending" and are
// diffed again on every relist, as the kubelet does for a pod whose update failed.
#pragma once

#include <optional>
#include <set>
#include <vector>

#include "sim/kubelet/pod.h"
#include "sim/kubelet/pod_listing.h"

namespace plegsim::kubelet {

class PodRecords {
 public:
  struct Record {
    std::optional<Pod> old;
    std::optional<Pod> current;
  };

  // setCurrent: returns the UIDs whose events must be computed, ascending: every
  // record for a materialised listing; changed or pending ones for a lazy one, which
  // becomes the baseline of the next (the caller may then release its history).
  std::vector<PodUid> set_current(const PodListing& listing);
  // update: the pod's events were accepted; old = current, or drop the record when
  // the pod is gone.
  void update(PodUid uid);
  // Era F's relistPod: one pod's current from a per-pod listing (nullopt: gone).
  void set_current_pod(PodUid uid, const std::optional<Pod>& pod);

  // podRecords[uid] = &podRecord{old, current}, as the kubelet's tests write the map
  // (both nullopt: delete(podRecords, uid)). Not a kubelet code path.
  void set(PodUid uid, std::optional<Pod> old, std::optional<Pod> current);

  const Record* get(PodUid uid) const;
  const Pod* get_old(PodUid uid) const;
  const Pod* get_current(PodUid uid) const;
  std::size_t size() const { return count_; }
  // UIDs with a record, ascending.
  std::vector<PodUid> uids() const;

 private:
  Record& ensure(PodUid uid);
  void refresh_pending(PodUid uid);

  std::vector<std::optional<Record>> records_;  // by UID
  std::size_t count_ = 0;
  std::set<PodUid> pending_;               // records with old != current
  std::optional<std::uint64_t> baseline_;  // sandbox generation of the last lazy listing
};

}  // namespace plegsim::kubelet
