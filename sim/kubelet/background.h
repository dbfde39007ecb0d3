// Other kubelet callers that share the runtime with the PLEG (the runtime cache,
// stats, probes): each calls one operation, then waits `every` (sliding).
#pragma once

#include "models/operation.h"
#include "sim/core/kernel.h"
#include "sim/core/wait.h"
#include "sim/cri/runtime.h"
#include "sim/kubelet/recorder.h"

namespace plegsim::kubelet {

class BackgroundCaller {
 public:
  // `phase`: the first call waits this long (spreads per-pod callers over the period).
  BackgroundCaller(core::Kernel& k, cri::Runtime& rt, models::Op op, core::Duration every,
                   core::Duration phase = {})
      : k_(k), rt_(rt), op_(op), every_(every), phase_(phase) {}
  // Starts at the current time, after the events already scheduled for it.
  void start() {
    k_.spawn(core::wait::forever(
        k_, [this] { return rt_.invoke(op_); }, every_, phase_));
  }

 private:
  core::Kernel& k_;
  cri::Runtime& rt_;
  models::Op op_;
  core::Duration every_;
  core::Duration phase_;
};

// The kubelet's instrumented runtime service: every call, as the kubelet measures it.
class InstrumentedRuntime final : public cri::CallObserver {
 public:
  explicit InstrumentedRuntime(Recorder& rec) : rec_(rec) {}
  void on_call_finished(models::Op op, core::Time start, core::Time end,
                        cri::Status status) override {
    rec_.emit(
        CriCallFinished{static_cast<int>(op), start, end, static_cast<std::uint8_t>(status.code)});
  }
  // instrumented_services.go counts every non-nil error its caller gets, NotFound
  // included.
  void on_call_answered(models::Op op, core::Time end, cri::Status status) override {
    rec_.emit(CriCallAnswered{static_cast<int>(op), end, static_cast<std::uint8_t>(status.code)});
  }

 private:
  Recorder& rec_;
};

}  // namespace plegsim::kubelet
