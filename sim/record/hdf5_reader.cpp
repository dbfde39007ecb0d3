#include "sim/record/hdf5_reader.h"

#include "sim/record/hdf5_rows.h"
#include "sim/record/hdf5_summary.h"
#include "sim/record/hdf5_validate.h"

namespace plegsim::record {
namespace {

constexpr const char* kTables[] = {"relists", "health",     "node_ready", "calls",
                                   "events",  "detections", "cri_ops"};

H5::H5File open_run_file(const std::string& path) {
  return open_checked_run_file(path);
}

template <class Row>
std::vector<Row> read_table(H5::H5File& f, const std::string& path, const std::string& name,
                            const H5::CompType& type) {
  if (!f.nameExists(name)) throw RunFileError(path + ": table " + name + " missing");
  H5::DataSet ds = f.openDataSet(name);
  auto n = static_cast<hsize_t>(ds.getSpace().getSimpleExtentNpoints());
  // Each row takes at least a byte of storage: a larger extent is corrupt, and is not
  // allocated for.
  if (n > ds.getStorageSize()) {
    throw RunFileError(path + ": table " + name + " claims more rows than it stores");
  }
  std::vector<Row> rows(static_cast<std::size_t>(n));
  if (!rows.empty()) ds.read(rows.data(), type);
  return rows;
}

// Reads and frees the variable-length strings of transition rows.
template <class Obs>
std::vector<Obs> read_transitions(const std::string& path, const std::string& name,
                                  const char* state_name) {
  H5::H5File f = open_run_file(path);
  H5::CompType type = h5::transition_type(state_name);
  try {
    auto rows = read_table<h5::TransitionRow>(f, path, name, type);
    std::vector<Obs> out;
    for (const auto& r : rows) {
      out.push_back(Obs{Time{r.at_ns}, r.state != 0, r.message ? r.message : ""});
    }
    if (!rows.empty()) {
      hsize_t n = rows.size();
      H5::DataSpace space(1, &n);
      H5Dvlen_reclaim(type.getId(), space.getId(), H5P_DEFAULT, rows.data());
    }
    return out;
  } catch (const H5::Exception& e) {
    throw RunFileError(path + ": " + name + ": " + e.getDetailMsg());
  }
}

}  // namespace

RunFile read_run_file(const std::string& path) {
  validate_run_file(path);
  H5::H5File f = open_run_file(path);
  try {
    RunFile r;
    auto str = [&](const char* name) { return h5::read_string_attr(f, name).value_or(""); };
    r.plegsim_version = str("plegsim_version");
    r.plegsim_git_revision = str("plegsim_git_revision");
    r.scenario_name = str("scenario_name");
    r.scenario_yaml = str("scenario_yaml");
    r.scenario_resolved_yaml = str("scenario_resolved_yaml");
    r.kubelet_version = str("kubelet_version");
    r.seed = h5::read_uint_attr(f, "seed").value_or(0);
    r.end_ns = static_cast<std::int64_t>(h5::read_double_attr(f, "end_ns").value_or(0));
    for (const char* t : kTables) {
      if (f.nameExists(t)) {
        r.table_rows[t] =
            static_cast<std::uint64_t>(f.openDataSet(t).getSpace().getSimpleExtentNpoints());
      }
    }
    if (!f.nameExists("summary")) throw RunFileError(path + ": no summary group (incomplete run?)");
    r.summary = read_summary(f.openGroup("summary"));
    return r;
  } catch (const H5::Exception& e) {
    throw RunFileError(path + ": " + e.getDetailMsg());
  } catch (const h5::Hdf5Error& e) {
    throw RunFileError(path + ": " + e.what());
  }
}

std::vector<RelistFinished> read_relists(const std::string& path) {
  H5::H5File f = open_run_file(path);
  try {
    auto rows = read_table<h5::RelistRow>(f, path, "relists", h5::relist_type());
    std::vector<RelistFinished> out;
    out.reserve(rows.size());
    for (const auto& r : rows) {
      RelistFinished o;
      o.start = Time{r.start_ns};
      o.end = Time{r.end_ns};
      o.get_pods = Duration{r.get_pods_ns};
      if (r.interval_ns >= 0) o.interval = Duration{r.interval_ns};
      o.ok = r.ok != 0;
      o.sandboxes = r.sandboxes;
      o.containers = r.containers;
      o.pods_with_events = r.pods_with_events;
      o.pods_inspected = r.pods_inspected;
      o.inspection_errors = r.inspection_errors;
      o.events_sent = r.events_sent;
      o.events_dropped = r.events_dropped;
      o.running_pods = r.running_pods;
      o.containers_by_state = {r.containers_created, r.containers_running, r.containers_exited,
                               r.containers_unknown};
      out.push_back(o);
    }
    return out;
  } catch (const H5::Exception& e) {
    throw RunFileError(path + ": relists: " + e.getDetailMsg());
  }
}

std::vector<HealthChanged> read_health(const std::string& path) {
  return read_transitions<HealthChanged>(path, "health", "healthy");
}

std::vector<NodeReadyChanged> read_node_ready(const std::string& path) {
  return read_transitions<NodeReadyChanged>(path, "node_ready", "ready");
}

}  // namespace plegsim::record
