// runtimeState: has_errors() must say exactly whether runtime_errors() is non-empty
// (the sync loop and node status ask the cheap one first), in every state: before
// the first runtime sync, fresh, at and past the 30 s threshold, with health checks
// passing or failing, and with either profile's not-completed message.
#include "sim/kubelet/runtime_state.h"

#include <gtest/gtest.h>

namespace plegsim::kubelet {
namespace {

using core::Duration;
using core::Time;

TEST(RuntimeState, HasErrorsIsRuntimeErrorsNonEmpty) {
  for (bool not_completed_message : {false, true}) {
    core::Kernel k;
    Profile profile;
    profile.runtime_status_not_completed_message = not_completed_message;
    RuntimeState state(k, profile);
    bool pleg_ok = true;
    state.add_health_check("PLEG", [&] { return HealthResult{pleg_ok, pleg_ok ? "" : "stale"}; });
    int cases = 0, with_errors = 0;
    auto check = [&] {
      ++cases;
      bool errs = !state.runtime_errors().empty();
      with_errors += errs;
      EXPECT_EQ(state.has_errors(), errs) << "case " << cases << " at " << k.now().ns;
    };
    for (bool ok : {true, false}) {
      pleg_ok = ok;
      check();  // no runtime sync yet
    }
    state.set_runtime_sync(Time{} + Duration::seconds(1));
    // Fresh, fresh, at +30 s exactly (already down: the test is a strict '>'), past it.
    for (std::int64_t at_s : {1, 20, 31, 40}) {
      k.run_until(Time{} + Duration::seconds(at_s));
      for (bool ok : {true, false}) {
        pleg_ok = ok;
        check();
      }
    }
    EXPECT_EQ(cases, 10);
    EXPECT_EQ(with_errors, 8);  // clean only at 1 s and 20 s with a healthy PLEG
  }
}

}  // namespace
}  // namespace plegsim::kubelet
