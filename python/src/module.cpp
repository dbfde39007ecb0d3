// plegsim._core: the compiled half of the plegsim Python package. The public API is the
// pure-Python package around it (python/plegsim), which adds pandas, names and
// docstrings; import that, not this.
#include "bindings.h"
#include "plegsim/version.h"

PYBIND11_MODULE(_core, m) {
  m.doc() = "plegsim's compiled core; use the plegsim package instead.";
  m.attr("__version__") = PLEGSIM_VERSION;
  m.attr("git_revision") = PLEGSIM_GIT_REVISION;
  plegsim::python::bind_durations(m);
  plegsim::python::bind_scenario(m);
  plegsim::python::bind_run(m);
  plegsim::python::bind_step(m);
  plegsim::python::bind_step_watch(m);
  plegsim::python::bind_step_cache(m);
  plegsim::python::bind_step_metrics(m);
  plegsim::python::bind_step_on_demand(m);
  plegsim::python::bind_step_evented(m);
  plegsim::python::bind_fit(m);
  plegsim::python::bind_limit(m);
  plegsim::python::bind_sweep(m);
}
