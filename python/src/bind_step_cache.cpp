// The step API's cache and records for Python: UpdateCache alone with its result, a
// scripted status timestamp, a pre-seeded cache entry and pre-seeded pod records, as
// upstream's generic_test.go / evented_test.go set them up. Added to _core.PlegHarness
// after bind_step made it; plegsim.step.PlegHarness wraps them with names.
#include <pybind11/stl.h>

#include "bindings.h"
#include "plegsim/step.h"

namespace py = pybind11;

namespace plegsim::python {
namespace {

using step::PlegHarness;

// (id, state, slot, exit_code) / (id, state) / (id, kubecontainer state)
using StatusContainer = std::tuple<std::uint64_t, int, int, int>;
using StatusSandbox = std::tuple<std::uint64_t, int>;
using KubeContainer = std::tuple<std::uint64_t, int>;
using KubePod = std::tuple<std::vector<KubeContainer>, std::vector<KubeContainer>>;

template <class E>
E checked(int v, int count, const char* what) {
  if (v < 0 || v >= count) throw py::value_error(std::string("invalid ") + what);
  return static_cast<E>(v);
}

std::vector<kubelet::KContainer> kube_containers(const std::vector<KubeContainer>& v) {
  std::vector<kubelet::KContainer> out;
  for (const auto& [id, state] : v) {
    out.push_back({id, checked<kubelet::KState>(state, 4, "container state")});
  }
  return out;
}

std::optional<kubelet::Pod> kube_pod(int uid, const std::optional<KubePod>& p) {
  if (!p) return std::nullopt;
  kubelet::Pod pod;
  pod.id = uid;
  pod.containers = kube_containers(std::get<0>(*p));
  pod.sandboxes = kube_containers(std::get<1>(*p));
  return pod;
}

}  // namespace

void bind_step_cache(py::module_& m) {
  auto c = py::reinterpret_borrow<py::class_<PlegHarness>>(m.attr("PlegHarness"));
  c.def(
       "update_cache",
       [](PlegHarness& h, int uid) {
         auto r = h.update_cache(uid);
         return py::make_tuple(r.ok, r.updated);
       },
       py::arg("uid"))
      .def(
          "set_status_timestamp",
          [](PlegHarness& h, int uid, std::optional<std::int64_t> ns) {
            auto it = h.runtime().pods().find(uid);
            if (it == h.runtime().pods().end()) throw py::key_error("no such pod listed");
            step::ScriptedPod p = it->second;
            p.status_timestamp =
                ns ? std::optional<core::Time>(core::Time{*ns}) : std::optional<core::Time>{};
            h.runtime().set_pod(std::move(p));
          },
          py::arg("uid"), py::arg("timestamp_ns"))
      .def(
          "set_cache",
          [](PlegHarness& h, int uid, const std::vector<StatusContainer>& containers,
             const std::vector<StatusSandbox>& sandboxes, const std::vector<std::string>& ips,
             bool error, std::int64_t modified_ns, bool refuse_older) {
            kubelet::PodStatus s;
            s.id = uid;
            for (const auto& [id, state, slot, exit_code] : containers) {
              s.container_statuses.push_back(
                  cri::ContainerView{id, uid, checked<cri::ContainerState>(state, 4, "state"),
                                     false, core::Time{}, slot, exit_code});
            }
            for (const auto& [id, state] : sandboxes) {
              cri::SandboxView v{};
              v.id = id;
              v.pod = uid;
              v.state = checked<cri::SandboxState>(state, 3, "sandbox state");
              s.sandbox_statuses.push_back(v);
            }
            s.has_ip = !s.sandbox_statuses.empty() &&
                       s.sandbox_statuses.front().state == cri::SandboxState::kReady;
            s.ips = ips;
            return h.cache().set(uid, std::move(s), error, core::Time{modified_ns}, refuse_older);
          },
          py::arg("uid"), py::arg("containers"), py::arg("sandboxes"), py::arg("ips"),
          py::arg("error"), py::arg("modified_ns"), py::arg("refuse_older"))
      .def(
          "set_evented_in_use",
          [](PlegHarness& h, bool in_use) { h.pleg().set_evented_in_use(in_use); },
          py::arg("in_use"))
      .def(
          "set_record",
          [](PlegHarness& h, int uid, const std::optional<KubePod>& old,
             const std::optional<KubePod>& current) {
            h.pleg().set_pod_record_for_test(uid, kube_pod(uid, old), kube_pod(uid, current));
          },
          py::arg("uid"), py::arg("old"), py::arg("current"));
}

}  // namespace plegsim::python
