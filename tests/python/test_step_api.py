"""plegsim.step beyond the kubelet's tests: latencies, stopping a relist midway, rules,
sandboxes, records, calls, and input checking."""

from __future__ import annotations

import datetime

import pytest

from plegsim.step import NO_POD, Event, PlegHarness


def test_latencies_move_the_clock_and_shape_the_relist():
    h = PlegHarness("1.28")
    for op, latency in [("ListPodSandbox", "10ms"), ("ListContainers", "15ms"),
                        ("PodSandboxStatus", "4ms"), ("ContainerStatus", 0.008)]:
        h.set_latency(op, latency)
    h.set_pods({"p": {"containers": {"a": "running", "b": "running"},
                      "sandboxes": {"s": "ready"}}})
    out = h.relist()
    assert out.completed and out.elapsed_s == pytest.approx(0.070)
    assert h.now == pytest.approx(0.070)
    assert [(c.op, c.pod) for c in h.calls()] == [
        ("ListPodSandbox", NO_POD), ("ListContainers", NO_POD), ("ListPodSandbox", "p"),
        ("PodSandboxStatus", "p"), ("ListContainers", "p"), ("ContainerStatus", "p"),
        ("ContainerStatus", "p")]
    entry = h.cache("p")
    assert entry.has_ip and entry.sandboxes == {"s": "ready"}
    assert entry.modified_s == pytest.approx(0.025)
    r = h.relists
    assert len(r) == 1 and r["get_pods_s"].iloc[0] == pytest.approx(0.025)
    assert sorted(h.drain_events()) == sorted([Event("p", "ContainerStarted", x)
                                               for x in ("a", "b", "s")])


def test_a_hung_inspection_trips_health_in_era_b_only():
    def hung(version):
        h = PlegHarness(version)
        h.add_rule("ContainerStatus", "stuck", latency="2m", code="DeadlineExceeded")
        h.set_pods({"stuck": {"c": "running"}})
        h.relist()
        h.set_pods({"stuck": {"c": "exited"}})
        out = h.relist(at_most=datetime.timedelta(minutes=3, seconds=30))
        return h, out

    h, out = hung("1.11")  # inspected twice: 4 minutes, unhealthy after 3
    assert not out.completed and not out.blocked_on_send
    assert not h.healthy()
    assert h.resume().elapsed_s == pytest.approx(240)
    h, out = hung("1.33")  # one inspection per relist: 2 minutes
    assert out.completed and out.elapsed_s == pytest.approx(120)
    assert h.healthy()


def test_rules_run_out_and_the_newest_wins():
    h = PlegHarness()
    h.fail_list("ListPodSandbox", "Unavailable", times=1)
    h.add_rule("ListPodSandbox", NO_POD, latency="1s", times=1)
    h.relist()
    assert bool(h.relists["ok"].iloc[-1]) and h.now == pytest.approx(1)
    h.relist()
    assert not bool(h.relists["ok"].iloc[-1])
    h.relist()
    assert bool(h.relists["ok"].iloc[-1])
    assert h.count_calls("ListPodSandbox", NO_POD) == 3
    assert h.count_calls("ListContainers") == 2


def test_records_show_old_and_current():
    h = PlegHarness("1.14")
    h.set_pods({"p": {"c": "created"}})
    h.relist()
    assert h.drain_events() == []  # created -> unknown: ContainerChanged, never sent
    assert h.record("p") == ({"containers": {"c": "created"}, "sandboxes": {}},
                             {"containers": {"c": "created"}, "sandboxes": {}})
    h.fail_inspection("p")
    h.set_pods({"p": {"c": "running"}})
    h.relist()
    old, current = h.record("p")
    assert old["containers"] == {"c": "created"} and current["containers"] == {"c": "running"}
    assert h.pods_to_reinspect == 1
    assert h.record("nobody") is None


def test_inspection_view_and_sandbox_aliases():
    h = PlegHarness()
    h.set_pods({"p": {"containers": {"a": "running", "b": "running"},
                      "sandboxes": {"s1": "exited", "s2": {"state": "running", "created": "1s"}}}})
    h.set_inspection("p", {"containers": {"a": "running"}})
    h.relist()
    assert h.cache("p").containers == {"a": "running"}
    h.clear_inspection("p")
    h.set_pod("p", {"containers": {"a": "exited", "b": "running"},
                    "sandboxes": {"s1": "notready", "s2": {"state": "ready", "created": "1s"}}})
    h.relist()
    assert list(h.cache("p").sandboxes) == ["s2", "s1"]  # newest first
    assert h.cache("p").containers == {"a": "exited", "b": "running"}


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="unknown kubelet release"):
        PlegHarness("2.0")
    with pytest.raises(ValueError, match="EventedPLEG"):
        PlegHarness("1.20", evented_gate=True)
    h = PlegHarness()
    with pytest.raises(ValueError, match="container state"):
        h.set_pods({"p": {"c": "sleeping"}})
    with pytest.raises(ValueError, match="sandbox state"):
        h.set_pods({"p": {"sandboxes": {"s": "paused"}}})
    with pytest.raises(ValueError, match="operation"):
        h.set_latency("GetPods", "1s")
    with pytest.raises(ValueError, match="invalid duration"):
        h.advance("soon")
    h.set_latency("ListContainers", "5s")
    h.relist(at_most="1s")
    with pytest.raises(RuntimeError, match="pending"):
        h.relist()
    h.advance("10s")
    assert not h.relist_pending


def test_huge_latencies_saturate_or_are_refused_never_wrap():
    """Issue 16: add_rule(latency=9e9) reported elapsed_s = -446744073.7 (int64 wrap)."""
    h = PlegHarness("1.28")
    h.add_rule("ContainerStatus", "p", latency=9e9)
    h.set_pods({"p": {"c": "running"}})
    out = h.relist()
    assert out.elapsed_s == pytest.approx(9e9) and h.now >= 0
    with pytest.raises(ValueError, match="292 years"):
        h.add_rule("ContainerStatus", "p", latency=1e10)
