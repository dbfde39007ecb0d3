#include "sim/record/replay.h"

#include <array>
#include <functional>

#include "sim/record/prometheus_sink.h"

namespace plegsim::record {
namespace {

// When an observation happened: most carry `at`; relists and calls their start or end.
template <class Obs>
Time time_of(const Obs& o) {
  return o.at;
}
Time time_of(const RelistStarted& o) {
  return o.start;
}
Time time_of(const RelistFinished& o) {
  return o.end;
}
Time time_of(const CriCallFinished& o) {
  return o.end;
}

// A cursor over one stream; the array order below is the tie-break order.
struct Cursor {
  std::size_t next = 0;
  std::size_t size = 0;
  std::function<Time(std::size_t)> time;
  std::function<void(std::size_t)> feed;
};

template <class Obs>
Cursor cursor(const std::vector<Obs>& v, Sink& s) {
  return Cursor{0, v.size(), [&v](std::size_t i) { return time_of(v[i]); },
                [&v, &s](std::size_t i) { s.on(v[i]); }};
}

}  // namespace

void replay(const MemorySink& m, Sink& s, Time end) {
  std::array<Cursor, 10> streams = {cursor(m.cri_calls, s),
                                    cursor(m.health, s),
                                    cursor(m.delivered, s),
                                    cursor(m.dropped, s),
                                    cursor(m.relists, s),
                                    cursor(m.relist_starts, s),
                                    cursor(m.node_ready, s),
                                    cursor(m.container_changes, s),
                                    cursor(m.evented_connections, s),
                                    cursor(m.evented_events, s)};
  while (true) {
    Cursor* best = nullptr;
    Time best_t{};
    for (auto& c : streams) {
      if (c.next >= c.size) continue;
      Time t = c.time(c.next);
      if (best == nullptr || t < best_t) {
        best = &c;
        best_t = t;
      }
    }
    if (best == nullptr) break;
    best->feed(best->next++);
  }
  s.finish(end);
}

void write_hdf5(const std::string& path, const MemorySink& m, Time end, const RunMetadata& meta,
                const Summary& s, Hdf5Options opts) {
  Hdf5Sink sink(path, meta, opts);
  replay(m, sink, end);
  sink.commit(s);
}

std::string metrics_text(const MemorySink& m, Time end, int kubelet_minor) {
  PrometheusSink sink(kubelet_minor);
  replay(m, sink, end);
  return sink.text();
}

}  // namespace plegsim::record
