#include "sim/kubelet/profile.h"

#include <charconv>

namespace plegsim::kubelet {

namespace {
std::optional<int> parse_minor(std::string v) {
  if (!v.empty() && v[0] == 'v') v.erase(0, 1);
  if (v.rfind("1.", 0) != 0) return std::nullopt;
  const char* b = v.data() + 2;
  const char* e = v.data() + v.size();
  int minor = 0;
  auto [p, ec] = std::from_chars(b, e, minor);
  if (ec != std::errc() || p == b) return std::nullopt;
  if (p != e && *p != '.') return std::nullopt;
  return minor;
}
}  // namespace

std::optional<Profile> profile_for_version(const std::string& version) {
  auto minor = parse_minor(version);
  if (!minor || *minor < kOldestMinor || *minor > kNewestMinor) return std::nullopt;
  Profile p;
  p.version = version;
  p.minor = *minor;
  int m = *minor;
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
  p.ignore_container_status_not_found = m >= 24;
  p.runtime_status_not_completed_message = m >= 14;
  p.pod_sync_after_reinspection = m >= 36;
  p.last_seen_gauge = m >= 18;
  p.evented_pleg_available = m >= 26;
  return p;
}

}  // namespace plegsim::kubelet
