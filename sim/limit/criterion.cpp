// Parsing --criterion ("node_not_ready_share < 0.001", "P(pleg_unhealthy_transitions > 0)
// < 0.01") and --axis ("node.pods=10..500", "workload.crashRate=0.5/h..20/h").
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "sim/limit/limit.h"
#include "sim/record/summary_schema.h"
#include "sim/scenario/parse.h"

namespace plegsim::limit {
namespace {

struct Token {
  std::string text;
  std::size_t column = 0;  // 1-based, in the criterion text
};

// Words (field names, P), numbers, operators and parentheses.
std::vector<Token> tokenize(const std::string& s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    std::size_t start = i;
    if (c == '<' || c == '>' || c == '=' || c == '!') {
      ++i;
      if (i < s.size() && s[i] == '=') ++i;
    } else if (c == '(' || c == ')') {
      ++i;
    } else {
      while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) &&
             std::string_view("<>=!()").find(s[i]) == std::string_view::npos) {
        ++i;
      }
    }
    out.push_back({s.substr(start, i - start), start + 1});
  }
  return out;
}

[[noreturn]] void bad(const std::string& text, const std::string& why) {
  throw LimitError("--criterion \"" + text + "\": " + why +
                   "; expected FIELD < X, FIELD <= X, FIELD > X, FIELD >= X or "
                   "P(FIELD > 0) < p (docs/limit.md)");
}

std::string at(const Token& t) {
  return "\"" + t.text + "\" (column " + std::to_string(t.column) + ")";
}

std::optional<double> number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<Op> op_of(const std::string& s) {
  if (s == "<") return Op::kLess;
  if (s == "<=") return Op::kLessEqual;
  if (s == ">") return Op::kGreater;
  if (s == ">=") return Op::kGreaterEqual;
  return std::nullopt;
}

std::string field_of(const std::string& text, const Token& t) {
  auto canonical = record::canonical_numeric_field(scenario::detail::snake_case(t.text));
  if (!canonical) {
    throw LimitError("--criterion \"" + text + "\": unknown summary field " + at(t) +
                     "; valid fields (camelCase or snake_case; `plegsim fields`): " +
                     record::numeric_field_list());
  }
  return *canonical;
}

}  // namespace

std::string op_text(Op op) {
  switch (op) {
    case Op::kLess:
      return "<";
    case Op::kLessEqual:
      return "<=";
    case Op::kGreater:
      return ">";
    case Op::kGreaterEqual:
      return ">=";
  }
  return "?";
}

Criterion parse_criterion(const std::string& text) {
  auto t = tokenize(text);
  Criterion c;
  c.text = text;
  std::size_t i = 0;
  auto need = [&](std::size_t k, const std::string& what) -> const Token& {
    if (k >= t.size()) bad(text, "ends where " + what + " was expected");
    return t[k];
  };
  if (t.size() >= 2 && (t[0].text == "P" || t[0].text == "p") && t[1].text == "(") {
    c.probability = true;
    c.field = field_of(text, need(2, "a field"));
    const Token& gt = need(3, "\">\"");
    if (gt.text != ">") bad(text, "expected \">\" inside P(...), got " + at(gt));
    const Token& zero = need(4, "0");
    if (zero.text != "0") bad(text, "expected 0 in P(FIELD > 0), got " + at(zero));
    const Token& close = need(5, "\")\"");
    if (close.text != ")") bad(text, "expected \")\", got " + at(close));
    i = 6;
  } else {
    c.field = field_of(text, need(0, "a field"));
    i = 1;
  }
  const Token& op = need(i, "an operator");
  auto o = op_of(op.text);
  if (!o) bad(text, "expected <, <=, > or >=, got " + at(op));
  c.op = *o;
  const Token& x = need(i + 1, "a number");
  auto v = number(x.text);
  if (!v) bad(text, "expected a number, got " + at(x));
  c.threshold = *v;
  if (c.probability && (c.threshold <= 0 || c.threshold >= 1)) {
    bad(text, "a probability must be in (0, 1), got " + at(x));
  }
  if (i + 2 < t.size()) bad(text, "unexpected " + at(t[i + 2]));
  return c;
}

LimitAxis parse_limit_axis(const std::string& text) {
  auto fail = [&](const std::string& why) -> LimitError {
    return LimitError("--axis \"" + text + "\": " + why +
                      "; expected path=LO..HI (e.g. node.pods=10..500, "
                      "workload.crashRate=0.5/h..20/h)");
  };
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) throw fail("no path=");
  auto dots = text.find("..", eq + 1);
  if (dots == std::string::npos) throw fail("no LO..HI range");
  LimitAxis a;
  a.path = text.substr(0, eq);
  // A number, then an optional unit: "0.5/h" -> 0.5, "/h".
  auto split = [&](const std::string& s, double& v, std::string& unit) {
    char* end = nullptr;
    v = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || !std::isfinite(v)) throw fail("\"" + s + "\" is not a number");
    unit = std::string(end);
  };
  std::string lo_unit, hi_unit;
  split(text.substr(eq + 1, dots - eq - 1), a.lo, lo_unit);
  split(text.substr(dots + 2), a.hi, hi_unit);
  if (lo_unit != hi_unit && !lo_unit.empty() && !hi_unit.empty()) {
    throw fail("LO and HI have different units (\"" + lo_unit + "\", \"" + hi_unit + "\")");
  }
  a.unit = lo_unit.empty() ? hi_unit : lo_unit;
  if (!(a.lo < a.hi)) throw fail("LO must be below HI");
  return a;
}

std::string axis_value(const LimitAxis& axis, double v) {
  char buf[64];
  if (axis.integer) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", v);
  }
  return buf + axis.unit;
}

std::string verdict_text(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kUndecided:
      return "undecided";
  }
  return "?";
}

}  // namespace plegsim::limit
