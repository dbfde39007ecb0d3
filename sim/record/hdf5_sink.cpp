#include "sim/record/hdf5_sink.h"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <limits>
#include <optional>

#include "models/operation.h"
#include "sim/core/version.h"
#include "sim/record/atomic_file.h"
#include "sim/record/buckets.h"
#include "sim/record/causes.h"
#include "sim/record/detection.h"
#include "sim/record/hdf5_rows.h"
#include "sim/record/hdf5_summary.h"
#include "sim/record/hdf5_table.h"

namespace plegsim::record {

using h5::write_attr;

namespace {

std::string join_causes(const std::string& message) {
  std::string out;
  for (const auto& c : causes_of(message)) out += (out.empty() ? "" : " | ") + c;
  return out;
}

// Observations of one duration: exact quantiles and fixed buckets.
struct DurationStats {
  Histogram exact;
  BucketHistogram buckets{decade_buckets()};
  void add(Duration d) {
    exact.add(d.ns);
    buckets.observe(d.seconds_f());
  }
};

void write_buckets(H5::Group& parent, const std::string& name, const DurationStats& d) {
  const auto& counts = d.buckets.counts();
  hsize_t n = counts.size();
  H5::DataSet ds = parent.createDataSet(name, H5::PredType::NATIVE_UINT64, H5::DataSpace(1, &n));
  ds.write(counts.data(), H5::PredType::NATIVE_UINT64);
  std::vector<double> le = d.buckets.le_seconds();
  le.push_back(std::numeric_limits<double>::infinity());
  write_attr(ds, "le_seconds", le);
  write_attr(ds, "count", d.buckets.count());
  write_attr(ds, "sum_seconds", d.buckets.sum_seconds());
}
}  // namespace

// The open file: every HDF5 object, closed together at commit.
struct Hdf5Open {
  H5::H5File file;
  h5::Table<h5::RelistRow> relists;
  h5::Table<h5::TransitionRow> health;
  h5::Table<h5::TransitionRow> node_ready;
  std::optional<h5::Table<h5::CallRow>> calls;
  std::optional<h5::Table<h5::EventRow>> events;
  std::optional<h5::Table<h5::DetectionRow>> detections;

  Hdf5Open(const std::string& path, const Hdf5Options& opts)
      : file(open(path)),
        relists(file, "relists", h5::relist_type()),
        health(file, "health", h5::transition_type("healthy")),
        node_ready(file, "node_ready", h5::transition_type("ready")) {
    if (opts.calls) calls.emplace(file, "calls", h5::call_type());
    if (opts.events) events.emplace(file, "events", h5::event_type());
    if (opts.events) detections.emplace(file, "detections", h5::detection_type());
  }

  static H5::H5File open(const std::string& path) {
    return h5::guarded("creating " + path, [&] {
      H5::FileAccPropList fapl;
      fapl.setFcloseDegree(H5F_CLOSE_STRONG);
      // The 1.8+ file format: superblock version 2 and checksums on every metadata
      // object, so a reader detects corrupted metadata instead of trusting it.
      fapl.setLibverBounds(h5::kRunFileLibverLow, H5F_LIBVER_LATEST);
      // No raw-data chunk cache: tables are written a whole chunk at a time and never
      // read back, and a 1 MiB cache per table only fills (slowly, for sparse tables)
      // with chunks already written, so memory would creep up over the first days.
      fapl.setCache(0, 0, 0, 1.0);
      // And a fixed 1 MiB metadata cache (default: adaptive up to 32 MiB), which the
      // growing chunk indexes would otherwise enlarge with simulated time.
      H5AC_cache_config_t mdc;
      mdc.version = H5AC__CURR_CACHE_CONFIG_VERSION;
      H5Pget_mdc_config(fapl.getId(), &mdc);
      mdc.set_initial_size = true;
      mdc.initial_size = mdc.min_size = mdc.max_size = std::size_t{1} << 20;
      H5Pset_mdc_config(fapl.getId(), &mdc);
      // Exclusive: HDF5's open(O_CREAT | O_EXCL) neither reuses nor follows anything
      // already at the (temporary) name.
      return H5::H5File(path, H5F_ACC_EXCL, H5::FileCreatPropList::DEFAULT, fapl);
    });
  }
};

struct Hdf5Sink::Impl {
  std::unique_ptr<Hdf5Open> h;  // before `out`, whose construction creates it
  AtomicFile out;
  RunMetadata meta;
  Time warmup;
  DetectionTracker tracker{[this](const Detection& d) { on_detection(d); }};
  std::array<DurationStats, models::kOpCount> op_durations;
  std::array<std::uint64_t, models::kOpCount> op_errors{};
  // The last call row, appended when the next call arrives or at finish: a
  // CriCallAnswered may still change its code.
  std::optional<h5::CallRow> last_call;
  DurationStats detection;
  std::string error;  // the first write failure; later writes are skipped
  bool finished = false;

  Impl(const std::string& path, const RunMetadata& m, const Hdf5Options& opts)
      : out(path, [&](const std::string& temp) { return create(temp, opts); }),
        meta(m),
        warmup(Time{} + m.warmup) {
    h5::guarded("writing metadata", [&] { write_metadata(); });
  }

  // AtomicFile's creator: HDF5 creates the temporary file itself, exclusively.
  bool create(const std::string& temp, const Hdf5Options& opts) {
    struct stat st {};
    if (::lstat(temp.c_str(), &st) == 0) return false;  // taken: try another name
    h5::quiet_errors();
    h = std::make_unique<Hdf5Open>(temp, opts);
    return true;
  }

  template <class F>
  void safely(F&& f) {
    if (!error.empty() || !h) return;
    try {
      f();
    } catch (const std::exception& e) {
      error = e.what();
    }
  }

  void write_metadata() {
    H5::H5File& f = h->file;
    write_attr(f, "format", "plegsim run");
    write_attr(f, "format_version", h5::kRunFormatVersion);
    write_attr(f, "plegsim_version", PLEGSIM_VERSION);
    write_attr(f, "plegsim_git_revision", PLEGSIM_GIT_REVISION);
    write_attr(f, "scenario_name", meta.scenario_name);
    write_attr(f, "scenario_source", meta.scenario_source);
    write_attr(f, "scenario_yaml", meta.scenario_yaml);
    write_attr(f, "scenario_resolved_yaml", meta.resolved_yaml);
    write_attr(f, "scenario_overrides", meta.overrides);
    write_attr(f, "seed", meta.seed);
    write_attr(f, "kubelet_version", meta.kubelet_version);
    write_attr(f, "kubelet_minor", static_cast<std::int64_t>(meta.kubelet_minor));
    write_attr(f, "warmup_ns", meta.warmup.ns);
    write_attr(f, "relist_threshold_ns", meta.relist_threshold.ns);
    write_attr(f, "time_origin", "*_ns columns: simulated nanoseconds since the run started");
  }

  void transition(h5::Table<h5::TransitionRow>& t, Time at, bool state, const std::string& msg) {
    t.append({at.ns, static_cast<std::int8_t>(state), t.keep(msg), t.keep(join_causes(msg))});
  }

  void event(const EventDelivered& o, bool delivered) {
    if (h->events) {
      h->events->append({o.at.ns, o.pod, static_cast<std::uint8_t>(o.type), o.container,
                         static_cast<std::int8_t>(delivered)});
    }
  }

  void on_detection(const Detection& d) {
    safely([&] {
      if (h->detections) {
        bool detected = d.outcome == DetectionOutcome::kDetected;
        h->detections->append({d.change.at.ns, d.change.pod, d.change.container,
                               static_cast<std::int8_t>(d.change.sandbox), d.change.state,
                               static_cast<std::uint8_t>(d.outcome), d.resolved_at.ns,
                               detected ? d.latency().ns : -1});
      }
    });
    if (d.outcome == DetectionOutcome::kDetected && d.change.at >= warmup) {
      detection.add(d.latency());
    }
  }

  void write_aggregates(Time end) {
    H5::H5File& f = h->file;
    write_attr(f, "end_ns", end.ns);
    std::vector<h5::CriOpRow> rows;
    H5::Group hist = f.createGroup("histograms");
    H5::Group cri = hist.createGroup("cri_duration_seconds");
    for (int i = 0; i < models::kOpCount; ++i) {
      const DurationStats& d = op_durations[static_cast<std::size_t>(i)];
      if (d.exact.count() == 0) continue;
      auto op = static_cast<models::Op>(i);
      auto q = quantiles_seconds(d.exact);
      rows.push_back({models::cri_name(op).data(), models::metric_name(op).data(), q.count,
                      op_errors[static_cast<std::size_t>(i)], d.buckets.sum_seconds(), q.mean,
                      q.p50, q.p90, q.p99, q.max});
      write_buckets(cri, std::string(models::cri_name(op)), d);
    }
    write_buckets(hist, "event_detection_seconds", detection);
    hsize_t n = rows.size();
    H5::CompType t = h5::cri_op_type();
    // Chunked with a Fletcher-32 checksum: its rows hold references to variable-length
    // strings, which a reader must not follow if a flipped byte changed them (the
    // tables get the same protection from deflate's Adler-32).
    H5::DSetCreatPropList props;
    hsize_t chunk = std::max<hsize_t>(n, 1);
    props.setChunk(1, &chunk);
    props.setFletcher32();
    H5::DataSet ops = f.createDataSet("cri_ops", t, H5::DataSpace(1, &n), props);
    if (n > 0) ops.write(rows.data(), t);
    write_attr(ops, "window_start_ns", warmup.ns);
  }
};

Hdf5Sink::Hdf5Sink(const std::string& path, const RunMetadata& meta, Hdf5Options opts)
    : impl_(std::make_unique<Impl>(path, meta, opts)) {}

Hdf5Sink::~Hdf5Sink() = default;

void Hdf5Sink::on(const RelistFinished& o) {
  impl_->safely([&] {
    const auto& s = o.containers_by_state;
    impl_->h->relists.append({o.start.ns, o.end.ns, o.get_pods.ns, o.interval ? o.interval->ns : -1,
                              static_cast<std::int8_t>(o.ok), o.sandboxes, o.containers,
                              o.pods_with_events, o.pods_inspected, o.inspection_errors,
                              o.events_sent, o.events_dropped, o.running_pods, s[0], s[1], s[2],
                              s[3]});
  });
}

void Hdf5Sink::on(const HealthChanged& o) {
  impl_->safely([&] { impl_->transition(impl_->h->health, o.at, o.healthy, o.message); });
}

void Hdf5Sink::on(const NodeReadyChanged& o) {
  impl_->safely([&] { impl_->transition(impl_->h->node_ready, o.at, o.ready, o.message); });
}

void Hdf5Sink::on(const CriCallFinished& o) {
  if (o.end >= impl_->warmup) {
    impl_->op_durations[static_cast<std::size_t>(o.op)].add(o.end - o.start);
    if (o.code != 0) ++impl_->op_errors[static_cast<std::size_t>(o.op)];
  }
  impl_->safely([&] {
    if (impl_->h->calls) {
      if (impl_->last_call) impl_->h->calls->append(*impl_->last_call);
      impl_->last_call = h5::CallRow{static_cast<std::uint8_t>(o.op), o.start.ns, o.end.ns, o.code};
    }
  });
}

void Hdf5Sink::on(const CriCallAnswered& o) {
  if (o.end >= impl_->warmup) ++impl_->op_errors[static_cast<std::size_t>(o.op)];
  if (impl_->last_call) impl_->last_call->code = o.code;
}

void Hdf5Sink::on(const EventDelivered& o) {
  impl_->safely([&] { impl_->event(o, true); });
  impl_->tracker.on(o);
}

void Hdf5Sink::on(const EventDropped& o) {
  impl_->safely([&] { impl_->event(EventDelivered{o.at, o.pod, o.type, o.container}, false); });
  impl_->tracker.on(o);
}

void Hdf5Sink::on(const ContainerChanged& o) {
  impl_->tracker.on(o);
}

void Hdf5Sink::finish(Time end) {
  if (impl_->finished) return;
  impl_->finished = true;
  impl_->tracker.finish(end);
  impl_->safely([&] {
    Hdf5Open& h = *impl_->h;
    h.relists.flush();
    h.health.flush();
    h.node_ready.flush();
    if (h.calls && impl_->last_call) h.calls->append(*impl_->last_call);
    impl_->last_call.reset();
    if (h.calls) h.calls->flush();
    if (h.events) h.events->flush();
    if (h.detections) h.detections->flush();
    h5::guarded("writing aggregates", [&] { impl_->write_aggregates(end); });
  });
}

void Hdf5Sink::commit(const Summary& s) {
  Impl& m = *impl_;
  if (!m.finished && m.error.empty()) m.error = "commit() before finish()";
  m.safely([&] {
    H5::Group g = h5::guarded("writing summary", [&] { return m.h->file.createGroup("summary"); });
    write_summary(g, s);
  });
  m.safely([&] {
    h5::guarded("closing " + m.out.temp_path(), [&] {
      m.h->file.flush(H5F_SCOPE_GLOBAL);
      m.h->file.close();
    });
  });
  m.h.reset();
  if (!m.error.empty()) {
    m.out.discard();
    throw OutputError(m.out.final_path() + ": " + m.error);
  }
  m.out.commit();
}

}  // namespace plegsim::record
