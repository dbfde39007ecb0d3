"""plegsim.Scenario: loading, YAML round trips, overrides, and error mapping."""

from __future__ import annotations

import datetime
import pickle

import pytest

import plegsim


def test_default_matches_the_shipped_file(source_dir):
    default = plegsim.Scenario.default()
    shipped = plegsim.Scenario.load(source_dir / "scenarios" / "default.yaml")
    assert default == shipped
    assert default.name == "default"
    assert default.kubelet_version == "1.11"
    assert default.pods == 110
    assert default.duration_s == 3600.0
    assert default.source == "<built-in default>"


def test_yaml_round_trip_gives_the_same_scenario(quiet_yaml):
    s = plegsim.Scenario.from_yaml(quiet_yaml)
    again = plegsim.Scenario.from_yaml(s.to_yaml())
    assert again == s
    assert again.to_yaml() == s.to_yaml()
    # Every key is spelled out in the resolved YAML.
    assert "relistThreshold" in s.to_yaml() or "runtimeRequestTimeout" in s.to_yaml()


def test_to_dict_reads_the_resolved_yaml(quiet_yaml):
    pytest.importorskip("yaml")
    d = plegsim.Scenario.from_yaml(quiet_yaml).to_dict()
    assert d["node"]["pods"] == 3
    assert d["kubelet"]["version"] == "1.11"


def test_overrides_take_dotted_paths_and_python_values(quiet_yaml):
    s = plegsim.Scenario.from_yaml(quiet_yaml)
    o = s.with_overrides({
        "node.pods": 50,
        "kubelet.version": "1.28",
        "workload.crashRate": "2/h",
        "faults": [{"kind": "hang", "op": "ContainerStatus", "pod": 2, "from": "50s"}],
    }, duration=datetime.timedelta(minutes=20))
    assert (o.pods, o.kubelet_version, o.duration_s) == (50, "1.28", 1200.0)
    assert "ContainerStatus" in o.to_yaml()
    # The original is unchanged; overrides accumulate over the original text.
    assert s.pods == 3
    assert o.with_overrides({"node.pods": 7}).pods == 7
    assert o.with_overrides({"node.pods": 7}).kubelet_version == "1.28"
    assert o.overrides[0] == "node.pods=50"


def test_overrides_match_the_loader_strings(quiet_yaml):
    a = plegsim.Scenario.from_yaml(quiet_yaml, overrides={"node.pods": 9, "seed": 4})
    b = plegsim.Scenario.from_yaml(quiet_yaml, overrides=["node.pods=9", "seed=4"])
    assert a == b and a.seed == 4


def test_yaml_errors_carry_line_column_and_key():
    text = "name: x\nnode:\n  pods: abc\n"
    with pytest.raises(plegsim.ScenarioError) as info:
        plegsim.Scenario.from_yaml(text, source_name="x.yaml")
    e = info.value
    assert isinstance(e, ValueError)
    assert (e.file, e.line, e.column, e.key) == ("x.yaml", 3, 9, "node.pods")
    assert "integer" in e.message
    assert str(e).startswith("x.yaml:3:9: node.pods:")


def test_unknown_key_error_names_the_key():
    with pytest.raises(plegsim.ScenarioError) as info:
        plegsim.Scenario.from_yaml("node: {podz: 3}\n")
    assert info.value.key == "node.podz"
    assert info.value.line == 1


def test_override_errors_come_from_set():
    with pytest.raises(plegsim.ScenarioError) as info:
        plegsim.Scenario.default({"node.pods": -1})
    assert info.value.file == "--set"
    assert info.value.key == "node.pods"
    assert info.value.line == 0


def test_missing_file_is_a_scenario_error(tmp_path):
    with pytest.raises(plegsim.ScenarioError) as info:
        plegsim.Scenario.load(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(info.value)


def test_scenario_error_pickles():
    e = plegsim.ScenarioError("f:1:2: k: bad", "f", 1, 2, "k", "bad")
    again = pickle.loads(pickle.dumps(e))
    assert (again.file, again.line, again.column, again.key, again.message) == \
        ("f", 1, 2, "k", "bad")


def test_unbuildable_scenario_raises_build_error(quiet_yaml):
    # A gate the release lacks loads (the keys are each valid) but cannot be built. (An
    # unknown release is refused when loaded: test_a_release_plegsim_does_not_model...)
    s = plegsim.Scenario.from_yaml(quiet_yaml).with_overrides(
        {"kubelet.version": "1.27", "kubelet.featureGates": {"PLEGOnDemandRelist": True}})
    with pytest.raises(plegsim.BuildError, match="PLEGOnDemandRelist"):
        plegsim.run(s)
    with pytest.raises(plegsim.BuildError):
        s.check()



def test_a_directory_is_not_a_scenario(source_dir):
    with pytest.raises(plegsim.ScenarioError, match="is a directory"):
        plegsim.Scenario.load(source_dir / "scenarios")


def test_check_refuses_a_gate_the_release_does_not_have():
    s = plegsim.Scenario.default({"kubelet.featureGates": {"EventedPLEG": True}})
    with pytest.raises(plegsim.BuildError, match="EventedPLEG"):
        s.check()
    plegsim.Scenario.default({"kubelet.version": "1.27",
                              "kubelet.featureGates": {"EventedPLEG": True}}).check()


def test_a_float_release_is_refused_rather_than_misread():
    with pytest.raises(TypeError, match='"1.20"'):
        plegsim.Scenario.default({"kubelet.version": 1.20})
    assert plegsim.Scenario.default({"kubelet.version": "1.20"}).kubelet_version == "1.20"


@pytest.mark.parametrize("version", ["1.38", "1.99", "1.2147483647", "1.1"])
def test_a_release_plegsim_does_not_model_is_a_scenario_error(version):
    # Refused when loaded, at the key (issue #13 item 7), no longer only when built.
    with pytest.raises(plegsim.ScenarioError, match="plegsim models 1.2 to 1.37"):
        plegsim.Scenario.default({"kubelet.version": version})
