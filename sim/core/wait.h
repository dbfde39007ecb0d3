// Go's k8s.io/apimachinery/pkg/util/wait, as far as the kubelet's loops use it.
#pragma once

#include "sim/core/kernel.h"
#include "sim/core/task.h"

namespace plegsim::core::wait {

// wait.Until(f, period, stopCh): runs `f` now and again `period` after each run
// returns (sliding), until `stopped()` holds; it is checked before each run and before
// each wait, as JitterUntil checks stopCh. `f` returns an awaitable (a Task, a CRI
// Reply); `f` and `stopped` are copied into the loop's frame. The waits are Kernel::sleep: a
// wake-up that is the next event anyway runs in place.
template <class F, class Stopped>
Task<void> until(Kernel& k, F f, Duration period, Stopped stopped) {
  while (!stopped()) {
    co_await f();
    if (stopped()) break;
    co_await k.sleep(period);
  }
}

// wait.Forever(f, period) after a first delay `phase` (the background callers): `f`,
// then again `period` after each run returns, for as long as the kernel runs.
template <class F>
Task<void> forever(Kernel& k, F f, Duration period, Duration phase = {}) {
  if (phase.ns > 0) co_await k.sleep_until(k.now() + phase);
  for (;;) {
    co_await f();
    co_await k.sleep(period);
  }
}

}  // namespace plegsim::core::wait
