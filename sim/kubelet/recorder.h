// The recorder fans observations out to sinks. Components hold a Recorder& and call
// emit(); a sink overrides only what it keeps.
#pragma once

#include <vector>

#include "sim/kubelet/observations.h"

namespace plegsim::kubelet {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual void on(const RelistStarted&) {}
  virtual void on(const RelistFinished&) {}
  virtual void on(const HealthChanged&) {}
  virtual void on(const NodeReadyChanged&) {}
  virtual void on(const CriCallFinished&) {}
  virtual void on(const CriCallAnswered&) {}
  virtual void on(const EventDelivered&) {}
  virtual void on(const EventDropped&) {}
  virtual void on(const ContainerChanged&) {}
  virtual void on(const EventedConnection&) {}
  virtual void on(const EventedEventReceived&) {}
  virtual void on(const RunningPodCountChanged&) {}
  // The run ended at `end`; flush what is buffered.
  virtual void finish(Time end) { (void)end; }
};

class Recorder {
 public:
  void add(Sink* s) { sinks_.push_back(s); }
  template <class Obs>
  void emit(const Obs& o) {
    for (Sink* s : sinks_) s->on(o);
  }
  void finish(Time end) {
    for (Sink* s : sinks_) s->finish(end);
  }

 private:
  std::vector<Sink*> sinks_;
};

}  // namespace plegsim::kubelet
