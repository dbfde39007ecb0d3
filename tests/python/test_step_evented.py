"""plegsim.step_evented ports of evented_test.go (1.26+): TestHealthyEventedPLEG,
TestUpdateRunningPodMetric and TestEventedPLEG_getPodIPs, at one release of each era with
the EventedPLEG gate; and the metrics registry read from the harness."""

from __future__ import annotations

import pytest

from plegsim.step import Event, gathered
from plegsim.step_evented import EventedHarness, parse_exposition

RELEASES = ["1.28", "1.33", "1.36"]


@pytest.mark.parametrize("version", RELEASES)
def test_healthy_evented_pleg(version):
    h = EventedHarness(version)
    events = [Event(f"test-pod-{i}", "ContainerStarted", f"c{i}") for i in range(100)]
    for e in events[:5]:
        assert h.push_event(e)
    assert h.healthy()
    for e in events[5:]:
        assert h.push_event(e)
    health = h.healthy()
    assert not health
    assert health.message == "EventedPLEG: pleg event channel capacity is full with 100 events"


def _running_pod(i: int, state: str) -> dict:
    # newTestEventedPLEG's statuses: the sandbox listed among the containers by its id.
    return {"sandboxes": {f"test-pod-{i}": "ready"}, "containers": {f"test-pod-{i}": state}}


@pytest.mark.parametrize("version", RELEASES)
def test_update_running_pod_metric(version):
    h = EventedHarness(version)
    for i in range(5):
        h.update_running_pod_metric(f"test-pod-{i}", _running_pod(i, "running"))
        h.advance("1ms")
        assert h.cache_set(f"test-pod-{i}", _running_pod(i, "running"))
    h.update_time()
    assert gathered(h.metric_family("kubelet_running_pods")) == gathered("""
# HELP kubelet_running_pods [ALPHA] Number of pods that have a running pod sandbox
# TYPE kubelet_running_pods gauge
kubelet_running_pods 5
""")
    for i in range(2):
        h.update_running_pod_metric(f"test-pod-{i}", _running_pod(i, "exited"))
        h.advance("1ms")
        assert h.cache_set(f"test-pod-{i}", _running_pod(i, "exited"))
    h.update_time()
    assert gathered(h.metric_family("kubelet_running_pods")) == gathered("""
# HELP kubelet_running_pods [ALPHA] Number of pods that have a running pod sandbox
# TYPE kubelet_running_pods gauge
kubelet_running_pods 3
""")
    assert h.metrics()["kubelet_running_pods"] == [("kubelet_running_pods", {}, 3.0)]


OLD = ["192.168.0.10", "192.168.0.1"]


@pytest.mark.parametrize("version", RELEASES)
@pytest.mark.parametrize("name,status,old,expected", [
    ("status ips is not empty", {"ips": ["10.0.0.10", "10.23.0.1"]}, OLD,
     ["10.0.0.10", "10.23.0.1"]),
    ("status ips is empty and SandboxStatuses has PodSandboxState_SANDBOX_READY state",
     {"sandboxes": {"sandboxID2": "ready", "sandboxID1": "notready"}}, OLD, []),
    ("status and cache ips are empty", {}, [], []),
    ("sandbox state is no PodSandboxState_SANDBOX_READY",
     {"sandboxes": {"sandboxID2": "notready", "sandboxID1": "notready"}}, OLD, OLD),
])
def test_evented_pleg_get_pod_ips(version, name, status, old, expected):
    h = EventedHarness(version)
    assert h.cache_set("62212", {"ips": old}, at=0)
    assert h.get_pod_ips("62212", status) == expected, name


def test_process_event_keeps_ips_and_moves_the_gauge():
    # processCRIEvents end to end: a started event caches the status and sends
    # ContainerStarted; a stopped one with no READY sandbox keeps the cached IPs.
    h = EventedHarness("1.28")
    h.process_event("started", "p", "s1", sandbox=("s1", {"state": "ready", "ips": ["10.1.1.1"]}),
                    containers={"s1": "running", "c1": "running"}, created_at="1s")
    assert h.drain_events() == [Event("p", "ContainerStarted", "s1")]
    assert h.cache("p").ips == ["10.1.1.1"]
    assert h.metrics()["kubelet_running_pods"][0][2] == 1.0
    h.process_event("stopped", "p", "s1", sandbox=("s1", "notready"),
                    containers={"s1": "exited", "c1": "exited"}, created_at="2s")
    assert h.drain_events() == [Event("p", "ContainerDied", "s1")]
    assert h.cache("p").ips == ["10.1.1.1"]
    assert h.metrics()["kubelet_running_pods"][0][2] == 0.0
    # An event older than the cached entry is refused: no event, no cache change; the
    # gauge still moves, as upstream updates it before cache.Set.
    h.process_event("started", "p", "s1", sandbox=("s1", "ready"),
                    containers={"s1": "running"}, created_at=1.5)
    assert h.drain_events() == []
    assert h.cache("p").containers == {"s1": "exited", "c1": "exited"}
    assert h.metrics()["kubelet_running_pods"][0][2] == 1.0


def test_evented_harness_needs_the_gate():
    with pytest.raises(ValueError, match="1.26"):
        EventedHarness("1.25")


def test_parse_exposition_labels():
    text = ('# HELP m help\n# TYPE m gauge\nm{a="x,y",b="q\\"z"} 2\nm{a="1"} 3.5\n')
    assert parse_exposition(text) == {"m": [("m", {"a": "x,y", "b": 'q"z'}, 2.0),
                                             ("m", {"a": "1"}, 3.5)]}
