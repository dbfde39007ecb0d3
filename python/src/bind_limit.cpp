// plegsim._core.limit: the limit search (sim/limit, docs/limit.md) with the GIL released;
// the report as the JSON `plegsim limit --json` prints (with `by`: its table of limits),
// which plegsim.limit parses. Wall times are left out (0): the report is deterministic.
// `run_batch` (optional) runs each batch of replications instead of this process (Dask);
// the search calls it holding the GIL, one batch at a time. Ctrl-C stops the search after
// the batch under way and raises KeyboardInterrupt.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "plegsim/limit.h"

namespace py = pybind11;

namespace plegsim::python {

using BatchRunner = std::function<std::vector<std::optional<double>>(
    const std::vector<std::string>&, std::uint64_t, std::uint64_t)>;

namespace {

// Runs `search` on a thread of its own while this one, holding the GIL in turns, checks
// for signals every 100 ms: Ctrl-C sets `stop` (the runs under way finish, no new batch
// starts) and, once the search has returned, raises KeyboardInterrupt. The search's
// result does not depend on it: it is thrown away when interrupted.
std::string search_interruptibly(std::atomic<bool>& stop,
                                 const std::function<std::string()>& search) {
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::string out;
  std::exception_ptr error;
  std::thread worker([&] {
    try {
      out = search();
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(m);
    done = true;
    cv.notify_all();
  });
  bool interrupted = false;
  for (;;) {
    {
      py::gil_scoped_release nogil;
      std::unique_lock<std::mutex> lock(m);
      if (cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return done; })) break;
    }
    if (!interrupted && PyErr_CheckSignals() != 0) {
      interrupted = true;  // the exception stays set until the search has returned
      stop.store(true);
    }
  }
  {
    py::gil_scoped_release nogil;
    worker.join();
  }
  if (interrupted) throw py::error_already_set();
  if (error) std::rethrow_exception(error);
  return out;
}

}  // namespace

void bind_limit(py::module_& m) {
  m.def(
      "parse_criterion_field",
      [](const std::string& criterion) { return limit::parse_criterion(criterion).field; },
      py::arg("criterion"), "The canonical summary field a criterion is on.");
  m.def(
      "limit",
      [](const scenario::Scenario& s, const std::string& axis, const std::string& criterion,
         const std::vector<std::string>& overrides, double confidence, std::optional<double> width,
         std::uint64_t max_reps, unsigned threads, bool allow_large,
         const std::vector<std::string>& by_text, const BatchRunner& run_batch) {
        limit::Criterion c = limit::parse_criterion(criterion);
        limit::LimitAxis a = limit::parse_limit_axis(
            axis.find('=') == std::string::npos ? "node.pods=" + axis : axis);
        if (!(confidence > 0 && confidence < 1)) {
          throw std::invalid_argument("confidence must be in (0, 1)");
        }
        if (width && !(*width > 0)) throw std::invalid_argument("width must be > 0");
        if (max_reps < 2) throw std::invalid_argument("replications must be at least 2");
        std::vector<run::SweepAxis> by;
        for (const auto& b : by_text) {
          run::SweepAxis parsed = run::parse_axis(b);
          for (const auto& other : by) {
            if (other.path == parsed.path) {
              throw limit::LimitError("by " + parsed.path +
                                      " is given twice; list all its values in one");
            }
          }
          by.push_back(std::move(parsed));
        }
        limit::LimitOptions o;
        o.confidence = confidence;
        o.width = width;
        o.max_reps = max_reps;
        o.threads = threads;
        o.allow_large = allow_large;
        if (run_batch) {
          o.run_batch = [&run_batch](const std::vector<std::string>& at, std::uint64_t from,
                                     std::uint64_t to) {
            py::gil_scoped_acquire gil;
            return run_batch(at, from, to);
          };
        }
        std::atomic<bool> stop{false};
        o.stop = &stop;
        return search_interruptibly(stop, [&] {
          if (by.empty()) return limit::limit_json(limit::limit_search(s, overrides, a, c, o), 0);
          auto rows = limit::limit_by(s, overrides, by, a, c, o);
          for (auto& row : rows) row.wall_seconds = 0;
          return limit::limit_table_json(by, rows, 0);
        });
      },
      py::arg("scenario"), py::arg("axis"), py::arg("criterion"), py::arg("overrides"),
      py::arg("confidence"), py::arg("width"), py::arg("max_reps"), py::arg("threads"),
      py::arg("allow_large"), py::arg("by"), py::arg("run_batch"),
      "The limit search with the GIL released; its report (or table, with `by`) as JSON.");
}

}  // namespace plegsim::python
