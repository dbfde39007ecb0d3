"""plegsim.step: 1.36's on-demand relist. Ports generic_test.go's TestReinspect and
TestWorkerLoop (1.36, gate on; 1.37, locked on) to Python, as
tests/unit/step_on_demand_test.cpp does in C++, plus the behaviours they rest on.

Upstream's mock answers GetPods / GetPod / GetPodStatus; here they are CRI calls:
GetPods = the unfiltered ListPodSandbox + ListContainers, GetPod(p) = the same filtered
by p, GetPodStatus(p) = the filtered lists plus ContainerStatus per container."""

from __future__ import annotations

import pytest

from plegsim.step import NO_POD, Event, PlegHarness

RELEASES = ["1.36", "1.37"]


def get_pods():
    return [("ListPodSandbox", NO_POD), ("ListContainers", NO_POD)]


def get_pod(p):
    return [("ListPodSandbox", p), ("ListContainers", p)]


def get_pod_status(p):  # a pod with one container and no sandbox
    return get_pod(p) + [("ContainerStatus", p)]


def take_calls(h):
    calls = [(c.op, c.pod) for c in h.calls()]
    h.clear_calls()
    return calls


def worker_harness(version):
    # TestWorkerLoop's RelistDuration{RelistPeriod: 2 * time.Second}.
    h = PlegHarness(version, on_demand_relist=True, relist_period="2s")
    h.set_pods({"pod1": {"c1": "running"}, "pod2": {"c2": "running"}})
    return h


# name, requestReinspect, alreadyReinspect, updateCacheError, podDeleted,
# expectUpdateCache, expectReinspect, expectEvent, expectStatus: upstream's seven cases.
REINSPECT_CASES = [
    ("RequestReinspect a pod not previously listed, success",
     True, False, False, False, True, False, True, True),
    ("RequestReinspect a pod not previously listed, failure",
     True, False, True, False, True, True, False, True),
    ("RequestReinspect of a pod already listed for reinspection, success",
     True, True, False, False, True, False, True, True),
    ("RequestReinspect of a pod already listed for reinspection, failure",
     True, True, True, False, True, True, False, True),
    ("Don't request reinspection",
     False, False, False, False, False, False, False, False),
    ("Don't request reinspection, but already listed for reinspection, success",
     False, True, False, False, True, False, True, True),
    ("Don't request reinspection, but already listed for reinspection, failure",
     False, True, True, False, True, True, False, True),
    ("Pod deleted, should clear reinspect",
     False, True, False, True, True, False, True, False),
]


@pytest.mark.parametrize("version", RELEASES)
@pytest.mark.parametrize("case", REINSPECT_CASES, ids=[c[0] for c in REINSPECT_CASES])
def test_reinspect(version, case):
    (name, request_reinspect, already_reinspect, update_cache_error, pod_deleted,
     expect_update_cache, expect_reinspect, expect_event, expect_status) = case
    h = PlegHarness(version)
    if already_reinspect or request_reinspect:
        h.request_reinspect("test-pod")
    # Upstream's pod has no containers; a pod the CRI lists has one object, so the listed
    # pod has a READY sandbox, recorded as old and current (no events). The deleted pod is
    # upstream's empty one.
    recorded = {} if pod_deleted else {"sandboxes": {"infra": "running"}}
    h.set_record("test-pod", recorded, recorded)
    h.set_pods({} if pod_deleted else {"test-pod": {"sandboxes": {"infra": "ready"}}})
    if update_cache_error:
        h.fail_inspection("test-pod")

    h.relist()

    assert h.count_calls("ListPodSandbox", NO_POD) == 1
    assert h.inspections("test-pod") == (1 if expect_update_cache and not pod_deleted else 0)
    assert h.pods_to_reinspect == (1 if expect_reinspect else 0)
    events = h.drain_events()
    if expect_event:
        assert events, "Expected events to be emitted"
        assert Event("test-pod", "PodSync", None) in events, "Expected PodSync event for pod"
    else:
        assert events == [], "Expected no events to be emitted"
    entry = h.cache("test-pod")
    if expect_status:
        assert entry is not None
        assert entry.error == update_cache_error
    elif pod_deleted:
        assert entry is None  # Get returns the empty status with the id


@pytest.mark.parametrize("version", RELEASES)
def test_worker_loop(version):
    # PodStatus has no timestamp off the Evented path: the entry's modification time
    # (the write's timestamp) stands in for upstream's status TimeStamp.
    h = worker_harness(version)
    start = h.now
    h.arm_global_relist_timer("2s")

    p1 = h.get_newer_than("pod1", start)
    assert p1.blocked
    p2 = h.get_newer_than("pod2", start)
    assert p2.blocked

    # Single-pod relist (no reinspect).
    h.request_relist("pod1")
    assert h.worker_loop_iteration() == "pod_relist"
    assert take_calls(h) == get_pod("pod1") + get_pod_status("pod1")
    assert not p1.blocked
    p1_status = p1.status
    assert p1_status.modified_s == h.now
    assert p2.blocked

    p1_new = h.get_newer_than("pod1", start + 2)
    assert p1_new.blocked

    # A global relist and a pod2 request both due: the global relist gets priority.
    h.request_relist("pod2")
    h.advance("2s")
    assert h.worker_loop_iteration() == "global_relist"
    assert take_calls(h) == get_pods() + get_pod_status("pod2")
    assert not p2.blocked
    assert not p1_new.blocked
    assert p1_new.status == p1_status  # status unchanged

    # The pod2 request was made before the global relist: drained without a relist.
    assert h.worker_loop_iteration() == "stale_request_skipped"
    assert take_calls(h) == []

    # Reinspection.
    p1_reinspect = h.get_newer_than("pod1", h.now)
    assert p1_reinspect.blocked
    h.request_reinspect("pod1")
    h.request_relist("pod1")
    h.advance("2s")
    assert h.worker_loop_iteration() == "global_relist"
    assert take_calls(h) == get_pods() + get_pod_status("pod1")
    assert not p1_reinspect.blocked
    assert p1_reinspect.status.modified_s == h.now  # status updated

    assert h.worker_loop_iteration() == "stale_request_skipped"
    assert take_calls(h) == []


@pytest.mark.parametrize("version", RELEASES)
def test_request_after_a_failed_global_relist_is_served(version):
    # getRelistTime() is set only by a GetPods that succeeded.
    h = worker_harness(version)
    h.arm_global_relist_timer(0)
    assert h.worker_loop_iteration() == "global_relist"
    h.advance("1s")
    h.request_relist("pod1")
    h.advance("1s")
    h.fail_list(times=1)
    assert h.worker_loop_iteration() == "global_relist"
    assert h.relist_time == 0
    h.clear_calls()
    assert h.worker_loop_iteration() == "pod_relist"
    assert take_calls(h) == get_pod("pod1")


@pytest.mark.parametrize("version", RELEASES)
def test_observed_time_releases_a_waiter(version):
    h = worker_harness(version)
    h.request_relist("pod1")
    assert h.worker_loop_iteration() == "pod_relist"
    h.advance("1s")
    waiter = h.get_newer_than("pod1", h.now)
    assert waiter.blocked
    h.request_relist("pod1")
    h.clear_calls()
    assert h.worker_loop_iteration() == "pod_relist"
    assert take_calls(h) == get_pod("pod1")  # unchanged: no inspection, no write
    assert not waiter.blocked
    assert waiter.status.modified_s == 0
    assert h.cache("pod1").observed_s == h.now
    assert not h.get_newer_than("pod1", h.now - 0.5).blocked
    assert h.get_newer_than("pod1", h.now).blocked


def test_worker_loop_waits_for_the_timer_and_refuses_to_block_forever():
    h = PlegHarness("1.37", relist_period="2s")
    with pytest.raises(RuntimeError, match="would block"):
        h.worker_loop_iteration()
    h.arm_global_relist_timer("5s")
    assert h.worker_loop_iteration() == "global_relist"
    assert h.now == 5
    assert h.global_relist_timer == 7


def test_gate_per_release():
    with pytest.raises(ValueError, match="from 1.36"):
        PlegHarness("1.35", on_demand_relist=True)
    with pytest.raises(ValueError, match="locked on"):
        PlegHarness("1.37", on_demand_relist=False)
    with pytest.raises(RuntimeError, match="RequestReinspect exists from 1.36"):
        PlegHarness("1.35").request_reinspect("p")
    on = PlegHarness("1.36")  # beta, on by default in 1.36 as released
    on.request_relist("p")
    assert on.relist_requests_queued == 1
    beta = PlegHarness("1.36", on_demand_relist=False)
    beta.request_relist("p")  # gate off: nothing queued
    assert beta.relist_requests_queued == 0
    locked = PlegHarness("1.37")
    locked.request_relist("p")
    assert locked.relist_requests_queued == 1
