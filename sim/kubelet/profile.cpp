#include "sim/kubelet/profile.h"

#include <charconv>
#include <initializer_list>

namespace plegsim::kubelet {

namespace {
struct MinorPatch {
  int minor = 0;
  int patch = 0;
};

// "1.N", "1.N.P" or with a leading 'v'. As before patches were read, anything after
// "1.N." is accepted; the patch is its leading digits (0 when there are none).
std::optional<MinorPatch> parse_version(std::string v) {
  if (!v.empty() && v[0] == 'v') v.erase(0, 1);
  if (v.rfind("1.", 0) != 0) return std::nullopt;
  const char* b = v.data() + 2;
  const char* e = v.data() + v.size();
  MinorPatch out;
  auto [p, ec] = std::from_chars(b, e, out.minor);
  if (ec != std::errc() || p == b) return std::nullopt;
  if (p == e) return out;
  if (*p != '.') return std::nullopt;
  auto [q, ec2] = std::from_chars(p + 1, e, out.patch);
  if (ec2 != std::errc()) out.patch = 0;
  return out;
}

// Whether release minor.patch has a fix merged in `since` and backported to the
// releases in `backports` (minor, first patch with it).
bool has_fix(const MinorPatch& v, int since, std::initializer_list<MinorPatch> backports) {
  if (v.minor >= since) return true;
  for (const MinorPatch& b : backports) {
    if (v.minor == b.minor && v.patch >= b.patch) return true;
  }
  return false;
}
}  // namespace

std::optional<Profile> profile_for_version(const std::string& version) {
  auto parsed = parse_version(version);
  if (!parsed || parsed->minor < kOldestMinor || parsed->minor > kNewestMinor) return std::nullopt;
  Profile p;
  p.version = version;
  p.minor = parsed->minor;
  p.patch = parsed->patch;
  int m = parsed->minor;
  p.era = m <= 6    ? Era::A
          : m <= 13 ? Era::B
          : m <= 25 ? Era::C
          : m <= 31 ? Era::D
          : m <= 35 ? Era::E
                    : Era::F;
  p.relist_time_on_failure = p.era == Era::A;
  p.blocking_send = m <= 13;
  p.separate_reinspection_pass = m <= 31;
  p.zero_time_health_check = m >= 14;
  // getPodContainerStatuses (kuberuntime_container.go): `if crierror.IsNotFound(err)
  // continue` from #107670 (master, 1.24.0); cherry-picks #108164 (release-1.23, merged
  // 2022-02-17) and #108189 (release-1.22, 2022-02-22), first in 1.23.5 and 1.22.8 (the
  // next patch releases, 2022-03-16). Up to then the error is returned, as in 1.13.
  p.ignore_container_status_not_found = has_fix(*parsed, 24, {{23, 5}, {22, 8}});
  // GetPodStatus (kuberuntime_manager.go): the same for PodSandboxStatus, #108325
  // (1.24.0); cherry-pick #113354 (release-1.23, merged 2022-11), first in 1.23.14.
  p.ignore_sandbox_status_not_found = has_fix(*parsed, 24, {{23, 14}});
  p.runtime_status_not_completed_message = m >= 14;
  // #81573 (merged 2019-08, first in 1.16: issue #85450 shows 1.16.3 counting every
  // listed pod) set the gauge from the relist to len(pods); #85983 (merged 2020-07-31,
  // after the release-1.19 branch was cut on 2020-07-15 at v1.20.0-alpha.0; not
  // backported) counts pods with a running sandbox, first in 1.20.0.
  p.running_pods_rule = m <= 15   ? RunningPodsRule::kCollector
                        : m <= 19 ? RunningPodsRule::kListedPods
                                  : RunningPodsRule::kRunningSandbox;
  p.reinspect_failed_pods = m >= 3;
  p.preserve_pod_ips = m >= 9;
  p.pod_sync_after_reinspection = m >= 36;
  p.on_demand_relist_available = m >= 36;
  p.watch_conditions = m >= 32 && m <= 35;
  p.last_seen_gauge = m >= 18;
  p.evented_pleg_available = m >= 26;
  p.evented_termination_hint = m >= 37;
  return p;
}

}  // namespace plegsim::kubelet
