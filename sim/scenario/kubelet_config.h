// Internal to the scenario loader: a real KubeletConfiguration file (the kubelet's
// --config, kubelet.config.k8s.io/v1beta1), read as the `kubelet:` keys of the fields
// plegsim models, every other field listed as ignored (docs/scenario.md, "From a real
// KubeletConfiguration").
#pragma once

#include <string>
#include <string_view>

#include "sim/scenario/include.h"

namespace plegsim::scenario::detail {

inline constexpr std::string_view kKubeletConfigApiVersion = "kubelet.config.k8s.io/v1beta1";
inline constexpr std::string_view kKubeletConfigKind = "KubeletConfiguration";

// Reads the KubeletConfiguration at `path` (YAML or JSON) into a tree {kubelet: {...}}:
// the fields plegsim models, each value the node written in the file (so an error in it
// names the file, line and column), a field left out or zero (kubeadm writes `0s`) as the
// kubelet's default for it. Its kubelet_configs holds what was applied and ignored.
// An unreadable file, or one that is not a KubeletConfiguration of kKubeletConfigApiVersion,
// is a ScenarioError naming it.
SourcedTree read_kubelet_config(const std::string& path, IncludeState& st);

}  // namespace plegsim::scenario::detail
