// Other kubelet callers that share the runtime with the PLEG (the runtime cache,
// stats, probes): each calls one operation, then waits `every` (sliding).
#pragma once

#include "models/operation.h"
#include "sim/core/kernel.h"
#include "sim/cri/runtime.h"
#include "sim/kubelet/recorder.h"

namespace plegsim::kubelet {

class BackgroundCaller final : private cri::InvokeDone {
 public:
  // `phase`: the first call waits this long (spreads per-pod callers over the period).
  BackgroundCaller(core::Kernel& k, cri::Runtime& rt, models::Op op, core::Duration every,
                   core::Duration phase = {})
      : k_(k), rt_(rt), op_(op), every_(every), phase_(phase) {}
  // Starts at the current time, after the events already scheduled for it (as a
  // spawned process would).
  void start() { k_.schedule(k_.now(), &BackgroundCaller::start_cb, this); }

 private:
  // A loop of callbacks rather than a coroutine: call, wait `every` (sliding), again.
  static void start_cb(void* ctx, std::uint64_t) {
    auto& self = *static_cast<BackgroundCaller*>(ctx);
    if (self.phase_.ns > 0) {
      self.k_.schedule_in(self.phase_, &BackgroundCaller::call_cb, ctx);
    } else {
      self.call();
    }
  }
  static void call_cb(void* ctx, std::uint64_t) { static_cast<BackgroundCaller*>(ctx)->call(); }
  // Calls, and goes on calling in place while each return and each next call are the
  // next events anyway (a loop, not a recursion: a return in place only sets a flag).
  void call() {
    do {
      in_call_ = true;
      returned_ = false;
      rt_.start_invoke(op_, *this);
      in_call_ = false;
      if (!returned_) return;  // it returns later, as an event: on_invoke_done
    } while (k_.advance_if_next(k_.now() + every_));
    k_.schedule_in(every_, &BackgroundCaller::call_cb, this);
  }
  void on_invoke_done(cri::Status) override {
    if (in_call_) {
      returned_ = true;
      return;
    }
    if (k_.advance_if_next(k_.now() + every_)) {
      call();
    } else {
      k_.schedule_in(every_, &BackgroundCaller::call_cb, this);
    }
  }

  core::Kernel& k_;
  cri::Runtime& rt_;
  models::Op op_;
  core::Duration every_;
  core::Duration phase_;
  bool in_call_ = false;   // inside start_invoke
  bool returned_ = false;  // ... and the call returned there
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

 private:
  Recorder& rec_;
};

}  // namespace plegsim::kubelet
