"""plegsim.step_evented ports of evented_test.go as of 1.37 (#139262: the Evented PLEG
only hints unexpected terminations to the generic PLEG): TestHealthyEventedPLEG,
TestProcessCRIEventsRequestsRelistOnlyForUnexpectedTermination and
TestEventedPLEGDelegatesToGenericPLEG. Upstream's fake generic PLEG records what it is
asked; here the real generic PLEG, never started, is read back."""

from __future__ import annotations

import pytest

from plegsim.step import Event
from plegsim.step_evented import EventedHarness

SANDBOX = ("sandbox", "ready")


def test_healthy_evented_pleg():
    h = EventedHarness("1.37")
    assert h.healthy()
    assert h.healthy().message == ""
    for i in range(100):
        assert h.push_event(Event(f"test-pod-{i}", "ContainerStarted", f"c{i}"))
    assert h.healthy()  # always healthy from 1.37, even with a full channel


# (name, event type, event container, the event's container statuses, sandbox, want)
CASES = [
    ("stopped non-zero exit requests relist", "stopped", "container1",
     {"container1": {"state": "exited", "exit_code": 2}}, SANDBOX, ["pod1"]),
    ("stopped OOMKilled requests relist", "stopped", "container1",
     {"container1": {"state": "exited", "exit_code": 0, "reason": "OOMKilled"}}, SANDBOX,
     ["pod1"]),
    ("stopped clean exit waits for generic relist", "stopped", "container1",
     {"container1": {"state": "exited", "exit_code": 0}}, SANDBOX, []),
    ("started event waits for generic relist", "started", "container1",
     {"container1": {"state": "running", "exit_code": 2}}, SANDBOX, []),
    ("deleted event waits for generic relist", "deleted", "container1",
     {"container1": {"state": "exited", "exit_code": 2}}, SANDBOX, []),
    ("missing matching container status waits for generic relist", "stopped", "container1",
     {"container2": {"state": "exited", "exit_code": 2}}, SANDBOX, []),
    ("same container name unexpected non-event instance waits for generic relist", "stopped",
     "container2", {"container1": {"state": "exited", "exit_code": 2},
                    "container2": {"state": "exited", "exit_code": 0}}, SANDBOX, []),
    ("same container name unexpected event instance requests relist", "stopped", "container1",
     {"container1": {"state": "exited", "exit_code": 2},
      "container2": {"state": "running"}}, SANDBOX, ["pod1"]),
    ("missing sandbox metadata waits for generic relist", "stopped", "container1",
     {"container1": {"state": "exited", "exit_code": 2}}, None, []),
]


@pytest.mark.parametrize("name,type,container,statuses,sandbox,want", CASES,
                         ids=[c[0] for c in CASES])
def test_process_cri_events_requests_relist_only_for_unexpected_termination(
        name, type, container, statuses, sandbox, want):
    h = EventedHarness("1.37")
    h.process_event(type, pod="pod1", container=container, sandbox=sandbox,
                    containers=statuses)
    assert h.relist_requests == want
    assert not h.reinspect_requested("pod1")
    assert h.relists == 0
    assert h.drain_events() == [], "the Evented PLEG sent a pod lifecycle event directly"
    assert h.cache("pod1") is None


def test_evented_pleg_delegates_to_generic_pleg():
    h = EventedHarness("1.37")
    assert h.watch_is_generic_channel
    assert h.relist()
    assert h.relists == 1
    h.request_relist("pod1")
    assert h.relist_requests == ["pod1"]
    h.request_reinspect("pod2")
    assert h.reinspect_requested("pod2")


def test_release_1_36_still_writes_the_cache():
    h = EventedHarness("1.36")
    h.process_event("stopped", pod="pod1", container="container1", sandbox=SANDBOX,
                    containers={"container1": {"state": "exited", "exit_code": 2}})
    assert h.relist_requests == []
    assert h.cache("pod1") is not None
    assert h.drain_events() == [Event("pod1", "ContainerDied", "container1")]


def test_container_status_keys_are_checked():
    h = EventedHarness("1.37")
    with pytest.raises(ValueError, match="unknown keys"):
        h.process_event("stopped", pod="p", container="c", sandbox=SANDBOX,
                        containers={"c": {"state": "exited", "exitCode": 2}})
    with pytest.raises(ValueError, match="exit_code must be an int"):
        h.process_event("stopped", pod="p", container="c", sandbox=SANDBOX,
                        containers={"c": {"state": "exited", "exit_code": "2"}})
