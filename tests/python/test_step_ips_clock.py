"""plegsim.step ports of generic_test.go's TestRelistIPChange and TestHealthy, per era:
pod IPs scripted on sandboxes, the kubelet's IP preservation (1.9+), sandboxes in the
unknown state, and a clock whose zero is Go's zero time."""

from __future__ import annotations

import pytest

from plegsim.step import Event, PlegHarness


@pytest.mark.parametrize("version,preserved", [("1.8", False), ("1.9", True), ("1.11", True),
                                               ("1.28", True), ("1.36", True)])
@pytest.mark.parametrize("ips", [["192.168.1.5"], ["192.168.1.5/24", "2000::"]])
def test_relist_ip_change(version, preserved, ips):
    # Upstream's mock returns IPs without a sandbox; through the CRI they come from the
    # newest READY sandbox, so only the inspection sees one.
    h = PlegHarness(version)
    h.set_pods({"test-pod": {"c0": "running"}})
    h.set_inspection("test-pod", {"containers": {"c0": "running"},
                                  "sandboxes": {"s0": {"state": "ready", "ips": ips}}})
    h.relist()
    entry = h.cache("test-pod")
    assert not entry.error and entry.ips == ips
    assert h.drain_events() == [Event("test-pod", "ContainerStarted", "c0")]

    # Clear the IP address and mark the container terminated.
    h.set_pods({"test-pod": {"c0": "exited"}})
    h.clear_inspection("test-pod")
    h.relist()
    entry = h.cache("test-pod")
    assert not entry.error and entry.containers == {"c0": "exited"}
    assert entry.ips == (ips if preserved else [])
    assert h.drain_events() == [Event("test-pod", "ContainerDied", "c0")]
    assert h.profile["preserve_pod_ips"] == preserved


def test_unknown_sandboxes_are_listed_and_never_sent():
    h = PlegHarness("1.28")
    h.set_pods({"1234": {"sandboxes": {"c1": "exited", "c2": "running", "c3": "unknown"}}})
    h.relist()
    # unknown -> ContainerChanged, which the PLEG filters out.
    assert sorted(h.drain_events()) == sorted([Event("1234", "ContainerStarted", "c2"),
                                               Event("1234", "ContainerDied", "c1")])
    assert h.record("1234")[1]["sandboxes"]["c3"] == "unknown"
    assert h.cache("1234").sandboxes["c3"] == "unknown"


def test_bad_sandbox_ips_are_rejected():
    h = PlegHarness("1.28")
    with pytest.raises(ValueError, match="ips must be a list of strings"):
        h.set_pods({"p": {"sandboxes": {"s": {"state": "ready", "ips": "10.0.0.1"}}}})
    with pytest.raises(ValueError, match="expected ready, notready or unknown"):
        h.set_pods({"p": {"sandboxes": {"s": "gone"}}})


@pytest.mark.parametrize("version,zero_check", [("1.11", False), ("1.13", False),
                                                ("1.14", True), ("1.36", True)])
def test_healthy_on_a_go_zero_time_clock(version, zero_check):
    h = PlegHarness(version, go_zero_time_clock=True)
    # Before 1.14 a never-set relist time is Go's zero time, which is "now" at t = 0.
    assert bool(h.healthy()) is (not zero_check)
    h.advance("10m")
    assert not h.healthy()
    h.relist()
    h.advance("1m")
    assert h.healthy()
    h.advance("3m")
    assert not h.healthy()


def test_a_real_clock_is_never_healthy_before_the_first_relist():
    h = PlegHarness("1.11")
    assert not h.healthy()
    assert "2562047h47m16.854775807s" in h.healthy().message
