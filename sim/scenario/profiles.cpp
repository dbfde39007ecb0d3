#include "sim/scenario/profiles.h"

namespace plegsim::scenario {

const RuntimeProfile* find_runtime_profile(std::string_view name) {
  for (const RuntimeProfile& p : runtime_profiles()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string runtime_profile_names() {
  std::string out;
  auto all = runtime_profiles();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i > 0) out += i + 1 == all.size() ? " or " : ", ";
    out += all[i].name;
  }
  return out;
}

}  // namespace plegsim::scenario
