// Keeps every observation in memory, in order: for tests, the step API and short runs
// read from Python. Long runs should stream to a file sink instead.
#pragma once

#include <vector>

#include "sim/record/sink.h"

namespace plegsim::record {

class MemorySink final : public Sink {
 public:
  // Which observation streams to keep; CRI calls and events can be numerous.
  struct Options {
    bool cri_calls = true;
    bool events = true;
    bool container_changes = true;
  };
  MemorySink() = default;
  explicit MemorySink(Options o) : opts_(o) {}

  void on(const RelistStarted& o) override { relist_starts.push_back(o); }
  void on(const RelistFinished& o) override { relists.push_back(o); }
  void on(const HealthChanged& o) override { health.push_back(o); }
  void on(const NodeReadyChanged& o) override { node_ready.push_back(o); }
  void on(const CriCallFinished& o) override {
    if (opts_.cri_calls) cri_calls.push_back(o);
  }
  // The call just kept returned an error to its caller instead.
  void on(const CriCallAnswered& o) override {
    if (opts_.cri_calls && !cri_calls.empty()) cri_calls.back().code = o.code;
  }
  void on(const EventDelivered& o) override {
    if (opts_.events) delivered.push_back(o);
  }
  void on(const EventDropped& o) override {
    if (opts_.events) dropped.push_back(o);
  }
  void on(const ContainerChanged& o) override {
    if (opts_.container_changes) container_changes.push_back(o);
  }
  void on(const EventedConnection& o) override { evented_connections.push_back(o); }
  void on(const EventedEventReceived& o) override {
    if (opts_.events) evented_events.push_back(o);
  }

  std::vector<RelistStarted> relist_starts;
  std::vector<RelistFinished> relists;
  std::vector<HealthChanged> health;
  std::vector<NodeReadyChanged> node_ready;
  std::vector<CriCallFinished> cri_calls;
  std::vector<EventDelivered> delivered;
  std::vector<EventDropped> dropped;
  std::vector<ContainerChanged> container_changes;
  std::vector<EventedConnection> evented_connections;
  std::vector<EventedEventReceived> evented_events;

 private:
  Options opts_;
};

}  // namespace plegsim::record
