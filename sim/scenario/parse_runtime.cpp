// The runtime section: server concurrency, per-operation latency models (costs, noise,
// locked share), and background callers.
#include <algorithm>
#include <cctype>

#include "sim/scenario/parse.h"

namespace plegsim::scenario::detail {
namespace {

// The most slots `concurrency` takes, and what `unlimited` means.
constexpr int kMaxConcurrency = 100'000;

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

models::Noise parse_mixture(const Field& f) {
  MapReader p(f, {"body", "tail", "tailProbability", "tailFactor"});
  models::Noise n;
  n.kind = models::Noise::Kind::kMixture;
  n.parts.push_back(parse_noise(required(p, "body", "body: {lognormal: {sigma: 0.3}}"), true));
  n.parts.push_back(parse_noise(required(p, "tail", "tail: {lognormal: {sigma: 0.5}}"), true));
  n.tail_probability =
      as_number(required(p, "tailProbability", "tailProbability: 0.001"), kUnitInterval);
  if (auto v = p.find("tailFactor")) n.tail_factor = as_number(*v, kFactor);
  return n;
}

}  // namespace

models::Noise parse_noise(const Field& f, bool in_mixture) {
  models::Noise n;
  if (f.node.IsScalar()) {
    if (f.node.Scalar() != "constant") {
      fail_expected(f,
                    "constant, {lognormal: {sigma: S}}, {gamma: {shape: K}}, "
                    "{weibull: {shape: K}}, {empirical: {quantiles: [...]}} or "
                    "{mixture: {body: ..., tail: ..., tailProbability: p}}");
    }
    return n;
  }
  MapReader m(f, {"lognormal", "gamma", "weibull", "empirical", "mixture"});
  if (f.node.size() != 1) {
    fail(f,
         "give exactly one of lognormal, gamma, weibull, empirical or mixture (or write "
         "noise: constant)");
  }
  if (auto v = m.find("lognormal")) {
    MapReader p(*v, {"sigma"});
    n.kind = models::Noise::Kind::kLognormal;
    n.sigma = as_number(required(p, "sigma", "sigma: 0.5"), kSigma);
  } else if (auto v = m.find("gamma")) {
    MapReader p(*v, {"shape"});
    n.kind = models::Noise::Kind::kGamma;
    n.shape = as_number(required(p, "shape", "shape: 2"), kFactor);
  } else if (auto v = m.find("weibull")) {
    MapReader p(*v, {"shape"});
    n.kind = models::Noise::Kind::kWeibull;
    n.shape = as_number(required(p, "shape", "shape: 0.7"), kFactor);
  } else if (auto v = m.find("mixture")) {
    if (in_mixture) {
      fail(m.key_field("mixture"),
           "a mixture's body and tail cannot be mixtures (give one mixture with one tail)");
    }
    n = parse_mixture(*v);
  } else if (auto v = m.find("empirical")) {
    MapReader p(*v, {"quantiles"});
    n.kind = models::Noise::Kind::kEmpirical;
    Field q = required(p, "quantiles", "quantiles: [0.5, 0.8, 1, 1.5, 4]");
    for (const Field& item : list_items(q)) {
      double x = as_number(item, kFactor);
      if (!n.quantiles.empty() && x < n.quantiles.back()) {
        fail_expected(item, ">= the quantile before it, " + format_number(n.quantiles.back()) +
                                " (multipliers ascend)");
      }
      n.quantiles.push_back(x);
    }
    if (n.quantiles.size() < 2) {
      fail(q, "must list at least 2 ascending multipliers (got " +
                  std::to_string(n.quantiles.size()) + ")");
    }
  }
  return n;
}

namespace {

// median = base + perReturned x returned + perScanned x scanned (docs/scenario.md);
// perItem is perReturned's first name, kept as an alias. The keys given change `l`:
// over a profile, `l` is the profile's entry; otherwise a zero entry (constant noise),
// so an entry replaces the built-in default wholesale.
models::OpLatency parse_latency(const Field& f, models::OpLatency l) {
  MapReader m(f, {"base", "perReturned", "perItem", "perScanned", "locked", "noise"});
  if (m.has("perItem") && m.has("perReturned")) {
    fail(m.key_field("perItem"), "give perReturned or perItem (its old name), not both");
  }
  if (auto v = m.find("base")) l.base = as_duration(*v);
  if (auto v = m.find("perReturned")) l.per_item = as_duration(*v);
  if (auto v = m.find("perItem")) l.per_item = as_duration(*v);
  if (auto v = m.find("perScanned")) l.per_scanned = as_duration(*v);
  if (auto v = m.find("locked")) l.locked = as_number(*v, kUnitInterval);
  if (auto v = m.find("noise")) l.noise = parse_noise(*v);
  return l;
}

// An integer number of slots, or `unlimited` (kMaxConcurrency): for a runtime that
// serves every call at once and contends only on its store lock (`locked`).
int parse_concurrency(const Field& f) {
  if (f.node.IsScalar() && f.node.Scalar() == "unlimited") return kMaxConcurrency;
  if (f.node.IsScalar()) {
    const std::string& s = f.node.Scalar();
    bool digits = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
    if (!digits) {
      fail_expected(f, "an integer in [1, " + std::to_string(kMaxConcurrency) + "] or unlimited");
    }
  }
  return static_cast<int>(as_int(f, 1, kMaxConcurrency));
}

kubelet::BackgroundCallerSpec parse_background(const Field& f) {
  MapReader m(f, {"op", "every", "perPod", "onEvent"});
  kubelet::BackgroundCallerSpec b;
  b.op = as_op(required(m, "op", "op: ListPodSandbox"));
  if (auto v = m.find("every")) b.every = as_duration(*v, Zero::kRejected);
  bool per_pod = false, on_event = false;
  if (auto v = m.find("perPod")) per_pod = as_bool(*v);
  if (auto v = m.find("onEvent")) on_event = as_bool(*v);
  if (per_pod && on_event) fail(m.key_field("onEvent"), "give perPod or onEvent, not both");
  if (on_event && m.has("every")) fail(m.key_field("every"), "an onEvent caller has no period");
  b.trigger = per_pod    ? kubelet::BackgroundCallerSpec::Trigger::kPerPod
              : on_event ? kubelet::BackgroundCallerSpec::Trigger::kOnEvent
                         : kubelet::BackgroundCallerSpec::Trigger::kPeriodic;
  return b;
}

}  // namespace

models::Op as_op(const Field& f) {
  std::string name = as_string(f);
  if (auto op = models::op_from_cri_name(name)) return *op;
  std::string list;
  for (const models::OpNames& o : models::kOpNames) {
    if (same_ignoring_case(o.cri, name)) fail_expected(f, "\"" + std::string(o.cri) + "\"");
    list += (list.empty() ? "" : ", ") + std::string(o.cri);
  }
  fail_expected(f, "a CRI operation: " + list);
}

void parse_runtime(const Field& f, RuntimeSpec& out) {
  // `profile` was applied before these keys (loader.cpp, apply_profile).
  MapReader m(f, {"profile", "concurrency", "latency", "background", "regime"});
  if (auto v = m.find("concurrency")) out.concurrency = parse_concurrency(*v);
  if (auto v = m.find("latency")) {
    for (const auto& [key, value] : map_entries(*v)) {
      models::Op op = as_op(key);
      models::OpLatency& entry = out.latency[static_cast<int>(op)];
      entry = parse_latency(value, out.profile.empty() ? models::OpLatency{} : entry);
    }
  }
  if (auto v = m.find("background")) {
    out.background.clear();
    for (const Field& item : list_items(*v)) out.background.push_back(parse_background(item));
  }
  if (auto v = m.find("regime")) {
    // `regime: none` removes a profile's regime.
    if (v->node.IsScalar() && v->node.Scalar() == "none") {
      out.regime = models::Regime{};
    } else {
      parse_regime(*v, out.regime);
    }
  }
}

}  // namespace plegsim::scenario::detail
