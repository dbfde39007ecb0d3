// to_yaml: a Scenario written back out with every default made explicit, in the same
// key spellings the loader reads, so the output loads back to the same Scenario.
#include <yaml-cpp/yaml.h>

#include "sim/scenario/loader.h"
#include "sim/scenario/parse.h"

namespace plegsim::scenario {
namespace {

using detail::format_number;

std::string dur(core::Duration d) {
  return core::format_duration(d);
}
std::string at(core::Time t) {
  return core::format_duration(t - core::Time{});
}

// format_rate keeps 9 significant digits; fall back to the exact form when that loses bits.
std::string rate(Rate r) {
  std::string text = models::format_rate(r);
  if (models::parse_rate(text).per_hour == r.per_hour) return text;
  return format_number(r.per_hour) + (r.relative ? "%/h" : "/h");
}

std::string percent(double v) {
  return format_number(v) + "%";
}

// Roll-out surge and maxUnavailable: a count or a percentage.
std::string int_or_percent(double v, bool is_percent) {
  return is_percent ? percent(v) : format_number(v);
}

void emit_noise(YAML::Emitter& out, const models::Noise& n) {
  using Kind = models::Noise::Kind;
  if (n.kind == Kind::kConstant) {
    out << "constant";
    return;
  }
  out << YAML::BeginMap;
  if (n.kind == Kind::kLognormal) {
    out << YAML::Key << "lognormal" << YAML::Value << YAML::BeginMap << YAML::Key << "sigma"
        << YAML::Value << format_number(n.sigma) << YAML::EndMap;
  } else if (n.kind == Kind::kGamma) {
    out << YAML::Key << "gamma" << YAML::Value << YAML::BeginMap << YAML::Key << "shape"
        << YAML::Value << format_number(n.shape) << YAML::EndMap;
  } else if (n.kind == Kind::kWeibull) {
    out << YAML::Key << "weibull" << YAML::Value << YAML::BeginMap << YAML::Key << "shape"
        << YAML::Value << format_number(n.shape) << YAML::EndMap;
  } else if (n.kind == Kind::kMixture) {
    out << YAML::Key << "mixture" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "body" << YAML::Value;
    emit_noise(out, n.parts.at(0));
    out << YAML::Key << "tail" << YAML::Value;
    emit_noise(out, n.parts.at(1));
    out << YAML::Key << "tailProbability" << YAML::Value << format_number(n.tail_probability);
    out << YAML::Key << "tailFactor" << YAML::Value << format_number(n.tail_factor);
    out << YAML::EndMap;
  } else {
    out << YAML::Key << "empirical" << YAML::Value << YAML::BeginMap << YAML::Key << "quantiles"
        << YAML::Value << YAML::BeginSeq;
    for (double q : n.quantiles) out << format_number(q);
    out << YAML::EndSeq << YAML::EndMap;
  }
  out << YAML::EndMap;
}

// A dwell as parse_dwell reads it: {mean: D}, a bare D (constant), or {median, noise}.
void emit_dwell(YAML::Emitter& out, const models::Dwell& d) {
  if (d.kind == models::Dwell::Kind::kExponential) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "mean" << YAML::Value << dur(d.scale)
        << YAML::EndMap;
  } else if (d.noise.kind == models::Noise::Kind::kConstant) {
    out << dur(d.scale);
  } else {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "median" << YAML::Value << dur(d.scale)
        << YAML::Key << "noise" << YAML::Value;
    emit_noise(out, d.noise);
    out << YAML::EndMap;
  }
}

// Only when the scenario has one: the resolved text of every other scenario is unchanged.
// Over a profile, `regime: none` says the scenario removed the profile's.
void emit_regime(YAML::Emitter& out, const models::Regime& r, bool over_profile) {
  if (!r.enabled()) {
    if (over_profile) out << YAML::Key << "regime" << YAML::Value << "none";
    return;
  }
  out << YAML::Key << "regime" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "initial" << YAML::Value << r.states.at(r.initial).name;
  out << YAML::Key << "states" << YAML::Value << YAML::BeginMap;
  for (const models::RegimeState& st : r.states) {
    out << YAML::Key << st.name << YAML::Value << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "dwell" << YAML::Value;
    emit_dwell(out, st.dwell);
    out << YAML::Key << "factor" << YAML::Value << format_number(st.factor);
    if (!st.ops.empty()) {
      out << YAML::Key << "ops" << YAML::Value << YAML::BeginMap;
      for (const auto& [op, f] : st.ops) {
        out << YAML::Key << std::string(models::cri_name(op)) << YAML::Value << format_number(f);
      }
      out << YAML::EndMap;
    }
    out << YAML::Key << "stall" << YAML::Value << st.stall;
    if (!st.next.empty()) {
      out << YAML::Key << "next" << YAML::Value << YAML::BeginMap;
      for (const auto& [to, w] : st.next) {
        out << YAML::Key << r.states.at(to).name << YAML::Value << format_number(w);
      }
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }
  out << YAML::EndMap << YAML::EndMap;
}

void emit_random(YAML::Emitter& out, const models::RandomFault& r) {
  out << YAML::Key << "random" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "rate" << YAML::Value << rate(r.rate);
  out << YAML::Key << "for" << YAML::Value;
  emit_dwell(out, r.length);
  out << YAML::Key << "target" << YAML::Value << std::string(models::fault_target_name(r.target));
  if (!r.ops.empty()) {
    out << YAML::Key << "ops" << YAML::Value << YAML::BeginSeq;
    for (models::Op op : r.ops) out << std::string(models::cri_name(op));
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
}

void emit_kubelet(YAML::Emitter& out, const kubelet::KubeletSpec& k, bool over_profile) {
  out << YAML::Key << "kubelet" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "version" << YAML::Value << YAML::DoubleQuoted << k.version;
  out << YAML::Key << "featureGates" << YAML::Value << YAML::Flow << YAML::BeginMap;
  for (const auto& [gate, on] : k.feature_gates) out << YAML::Key << gate << YAML::Value << on;
  out << YAML::EndMap;
  if (k.max_pods) out << YAML::Key << "maxPods" << YAML::Value << *k.max_pods;
  if (k.relist_period) out << YAML::Key << "relistPeriod" << YAML::Value << dur(*k.relist_period);
  if (k.relist_threshold) {
    out << YAML::Key << "relistThreshold" << YAML::Value << dur(*k.relist_threshold);
  }
  out << YAML::Key << "runtimeRequestTimeout" << YAML::Value << dur(k.runtime_request_timeout);
  out << YAML::Key << "nodeStatusUpdateFrequency" << YAML::Value
      << dur(k.node_status_update_frequency);
  out << YAML::Key << "eventChannelCapacity" << YAML::Value << k.event_channel_capacity;
  out << YAML::Key << "eventHandlingTime" << YAML::Value << dur(k.event_handling_time);
  out << YAML::Key << "inspectionParallelism" << YAML::Value << k.inspection_parallelism;
  out << YAML::Key << "eventedGlobalCacheUpdatePeriod" << YAML::Value
      << dur(k.evented_cache_update_period);
  // Only when used (the resolved text of every scenario without it stays as it was),
  // and always over a profile, which may set it.
  if (!k.relist_compute.zero() || over_profile) {
    const kubelet::RelistCompute& c = k.relist_compute;
    out << YAML::Key << "relistCompute" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "base" << YAML::Value << dur(c.base);
    out << YAML::Key << "perPod" << YAML::Value << dur(c.per_pod);
    out << YAML::Key << "perContainer" << YAML::Value << dur(c.per_container);
    out << YAML::Key << "perEvent" << YAML::Value << dur(c.per_event);
    out << YAML::Key << "perStatus" << YAML::Value << dur(c.per_status);
    out << YAML::Key << "noise" << YAML::Value;
    emit_noise(out, c.noise);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
}

void emit_workload(YAML::Emitter& out, const workload::WorkloadSpec& w) {
  out << YAML::Key << "workload" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "crashRate" << YAML::Value << rate(w.crash_rate);
  out << YAML::Key << "podCreateRate" << YAML::Value << rate(w.pod_create_rate);
  out << YAML::Key << "podDeleteRate" << YAML::Value << rate(w.pod_delete_rate);
  out << YAML::Key << "backoffInitial" << YAML::Value << dur(w.backoff_initial);
  out << YAML::Key << "backoffMax" << YAML::Value << dur(w.backoff_max);
  out << YAML::Key << "backoffReset" << YAML::Value << dur(w.backoff_reset);
  out << YAML::Key << "maxDeadPerContainer" << YAML::Value << w.max_dead_per_container;
  out << YAML::Key << "gcPeriod" << YAML::Value << dur(w.gc_period);
  out << YAML::Key << "massDelete" << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& md : w.mass_deletes) {
    out << YAML::BeginMap << YAML::Key << "at" << YAML::Value << dur(md.at) << YAML::Key << "pods"
        << YAML::Value << md.pods << YAML::EndMap;
  }
  out << YAML::EndSeq;
  // Start-up, schedule and roll-outs only when used: the resolved text of every
  // scenario without them stays as it was.
  if (w.startup.pods > 0 || w.startup.exited > 0 || w.startup.exited_sandboxes > 0) {
    out << YAML::Key << "startup" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
        << "pods" << YAML::Value << w.startup.pods << YAML::Key << "over" << YAML::Value
        << dur(w.startup.over);
    if (w.startup.exited > 0) out << YAML::Key << "exited" << YAML::Value << w.startup.exited;
    if (w.startup.exited_sandboxes > 0) {
      out << YAML::Key << "exitedSandboxes" << YAML::Value << w.startup.exited_sandboxes;
    }
    out << YAML::EndMap;
  }
  if (!w.schedule.empty()) {
    out << YAML::Key << "schedule" << YAML::Value << YAML::BeginSeq;
    for (const auto& p : w.schedule) {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "from" << YAML::Value << dur(p.from)
          << YAML::Key << "crashRate" << YAML::Value << rate(p.crash_rate) << YAML::Key
          << "podCreateRate" << YAML::Value << rate(p.pod_create_rate) << YAML::Key
          << "podDeleteRate" << YAML::Value << rate(p.pod_delete_rate) << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (w.rollout.every.ns > 0) {
    const auto& r = w.rollout;
    out << YAML::Key << "rollout" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key
        << "every" << YAML::Value << dur(r.every) << YAML::Key << "fraction" << YAML::Value
        << percent(r.fraction) << YAML::Key << "surge" << YAML::Value
        << int_or_percent(r.surge, r.surge_percent) << YAML::Key << "maxUnavailable" << YAML::Value
        << int_or_percent(r.max_unavailable, r.max_unavailable_percent) << YAML::Key << "startAfter"
        << YAML::Value << dur(r.start_after) << YAML::EndMap;
  }
  out << YAML::EndMap;
}

void emit_runtime(YAML::Emitter& out, const RuntimeSpec& r) {
  out << YAML::Key << "runtime" << YAML::Value << YAML::BeginMap;
  // Every value below is written out, so the profile only names where they came from;
  // keys written only when used are written always over a profile, which may set them.
  const bool over_profile = !r.profile.empty();
  if (over_profile) out << YAML::Key << "profile" << YAML::Value << r.profile;
  out << YAML::Key << "concurrency" << YAML::Value << r.concurrency;
  out << YAML::Key << "latency" << YAML::Value << YAML::BeginMap;
  for (int i = 0; i < models::kOpCount; ++i) {
    const models::OpLatency& l = r.latency[i];
    out << YAML::Key << std::string(models::kOpNames[i].cri) << YAML::Value << YAML::Flow
        << YAML::BeginMap;
    out << YAML::Key << "base" << YAML::Value << dur(l.base);
    out << YAML::Key << "perReturned" << YAML::Value << dur(l.per_item);
    out << YAML::Key << "perScanned" << YAML::Value << dur(l.per_scanned);
    // Only when used, like start-up and roll-outs.
    if (l.locked > 0.0 || over_profile)
      out << YAML::Key << "locked" << YAML::Value << format_number(l.locked);
    out << YAML::Key << "noise" << YAML::Value;
    emit_noise(out, l.noise);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  out << YAML::Key << "background" << YAML::Value;
  if (r.background.empty()) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (const kubelet::BackgroundCallerSpec& b : r.background) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "op" << YAML::Value
        << std::string(models::cri_name(b.op));
    if (b.trigger == kubelet::BackgroundCallerSpec::Trigger::kOnEvent) {
      out << YAML::Key << "onEvent" << YAML::Value << true;
    } else {
      out << YAML::Key << "every" << YAML::Value << dur(b.every);
      if (b.trigger == kubelet::BackgroundCallerSpec::Trigger::kPerPod) {
        out << YAML::Key << "perPod" << YAML::Value << true;
      }
    }
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  emit_regime(out, r.regime, over_profile);
  out << YAML::EndMap;
}

void emit_fault(YAML::Emitter& out, const models::Fault& f) {
  using models::FaultKind;
  out << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << "kind" << YAML::Value << std::string(models::fault_kind_name(f.kind));
  if (f.op) out << YAML::Key << "op" << YAML::Value << std::string(models::cri_name(*f.op));
  if (f.pod) out << YAML::Key << "pod" << YAML::Value << *f.pod;
  if (f.container) out << YAML::Key << "container" << YAML::Value << *f.container;
  if (f.random) {
    emit_random(out, *f.random);
  } else {
    out << YAML::Key << "from" << YAML::Value << at(f.from);
  }
  if (!f.random && f.until != core::Time::never() && f.kind != FaultKind::kKubeletRestart) {
    out << YAML::Key << "until" << YAML::Value << at(f.until);
  }
  if (f.kind == FaultKind::kSlowdown) {
    out << YAML::Key << "factor" << YAML::Value << format_number(f.factor);
  }
  if (f.kind == FaultKind::kErrors) {
    out << YAML::Key << "probability" << YAML::Value << format_number(f.probability);
  }
  if (f.kind == FaultKind::kHang) out << YAML::Key << "holdsSlot" << YAML::Value << f.holds_slot;
  out << YAML::EndMap;
}

void emit_expectation(YAML::Emitter& out, const Expectation& e) {
  out << YAML::Key << detail::camel_case(e.field) << YAML::Value;
  if (e.min && e.max && *e.min == *e.max) {
    out << format_number(*e.min);
    return;
  }
  out << YAML::Flow << YAML::BeginMap;
  if (e.min) out << YAML::Key << "min" << YAML::Value << format_number(*e.min);
  if (e.max) out << YAML::Key << "max" << YAML::Value << format_number(*e.max);
  out << YAML::EndMap;
}

}  // namespace

std::string to_yaml(const Scenario& s) {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::Comment("plegsim scenario with every default filled in, from " + s.source_path);
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << s.name;
  out << YAML::Key << "duration" << YAML::Value << dur(s.duration);
  out << YAML::Key << "warmup" << YAML::Value << dur(s.warmup);
  out << YAML::Key << "seed" << YAML::Value << std::to_string(s.seed);
  emit_kubelet(out, s.kubelet, !s.runtime.profile.empty());
  out << YAML::Key << "node" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "pods" << YAML::Value << s.node.pods;
  out << YAML::Key << "containersPerPod" << YAML::Value << s.node.containers_per_pod;
  out << YAML::EndMap;
  emit_workload(out, s.workload);
  emit_runtime(out, s.runtime);
  out << YAML::Key << "faults" << YAML::Value;
  if (s.faults.empty()) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (const models::Fault& f : s.faults) emit_fault(out, f);
  out << YAML::EndSeq;
  out << YAML::Key << "expect" << YAML::Value;
  if (s.expect.empty()) out << YAML::Flow;
  out << YAML::BeginMap;
  for (const Expectation& e : s.expect) emit_expectation(out, e);
  out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace plegsim::scenario
