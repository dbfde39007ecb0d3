"""pkg/kubelet/pleg/generic_test.go, ported to plegsim.step and run against every era's
profile: TestRelisting, TestEventChannelFull, TestDetectingContainerDeaths,
TestRelistWithCache, TestRemoveCacheEntry, TestHealthy, TestRelistWithReinspection."""

from __future__ import annotations

import pytest

from plegsim.step import Event, PlegHarness

RELEASES = ["1.11", "1.14", "1.28", "1.33", "1.36"]
STARTED, DIED, REMOVED = "ContainerStarted", "ContainerDied", "ContainerRemoved"


def events(*triples):
    return sorted(Event(*t) for t in triples)


@pytest.mark.parametrize("version", RELEASES)
def test_relisting(version):
    h = PlegHarness(version, channel_capacity=100)
    h.set_pods({"1234": {"c1": "exited", "c2": "running", "c3": "unknown"},
                "4567": {"c1": "exited"}})
    h.relist()
    assert sorted(h.drain_events()) == events(("1234", STARTED, "c2"), ("4567", DIED, "c1"),
                                              ("1234", DIED, "c1"))
    h.relist()
    assert h.drain_events() == []
    h.set_pods({"1234": {"c2": "exited", "c3": "running"}, "4567": {"c4": "running"}})
    h.relist()
    assert sorted(h.drain_events()) == events(
        ("1234", REMOVED, "c1"), ("1234", DIED, "c2"), ("1234", STARTED, "c3"),
        ("4567", REMOVED, "c1"), ("4567", STARTED, "c4"))


@pytest.mark.parametrize("version", RELEASES)
def test_event_channel_full(version):
    h = PlegHarness(version, channel_capacity=4)
    h.set_pods({"1234": {"c1": "exited", "c2": "running", "c3": "unknown"},
                "4567": {"c1": "exited"}})
    h.relist()
    assert len(h.drain_events()) == 3
    h.set_pods({"1234": {"c2": "exited", "c3": "running"}, "4567": {"c4": "running"}})
    outcome = h.relist()
    every = set(events(("1234", REMOVED, "c1"), ("1234", DIED, "c2"), ("1234", STARTED, "c3"),
                       ("4567", REMOVED, "c1"), ("4567", STARTED, "c4")))
    actual = h.drain_events()
    if h.profile["blocking_send"]:
        # Before 1.14 the relist waits on the fifth send instead of dropping it.
        assert outcome.blocked_on_send and not outcome.completed
        assert set(actual) == every
        assert h.resume().completed
    else:
        assert outcome.completed
        assert len(actual) == 4 and set(actual) <= every
        assert h.discarded_events == 1


@pytest.mark.parametrize("version", RELEASES)
@pytest.mark.parametrize("relists", [1, 3])
def test_detecting_container_deaths(version, relists):
    # testReportMissingContainers
    h = PlegHarness(version, channel_capacity=100)
    h.set_pods({"1234": {"c1": "running", "c2": "running", "c3": "exited"}})
    for _ in range(relists):
        h.relist()
        h.drain_events()
    h.set_pods({"1234": {"c1": "running"}})
    h.relist()
    assert sorted(h.drain_events()) == events(("1234", DIED, "c2"), ("1234", REMOVED, "c2"),
                                              ("1234", REMOVED, "c3"))
    # testReportMissingPods
    h = PlegHarness(version, channel_capacity=100)
    h.set_pods({"1234": {"c2": "running"}})
    for _ in range(relists):
        h.relist()
        h.drain_events()
    h.set_pods({})
    h.relist()
    assert sorted(h.drain_events()) == events(("1234", DIED, "c2"), ("1234", REMOVED, "c2"))


@pytest.mark.parametrize("version", RELEASES)
def test_relist_with_cache(version):
    h = PlegHarness(version, relist_threshold="2h")
    h.set_pods({"test-pod-0": {"c0": "running"}, "test-pod-1": {"c1": "running"}})
    h.fail_inspection("test-pod-1", "Unavailable", times=1)
    h.relist()
    assert h.cache("test-pod-0").containers == {"c0": "running"}
    assert not h.cache("test-pod-0").error
    assert h.cache("test-pod-1").error and h.cache("test-pod-1").containers == {}
    assert h.drain_events() == [Event("test-pod-0", STARTED, "c0")]
    h.relist()
    assert h.cache("test-pod-1").containers == {"c1": "running"}
    assert h.drain_events() == [Event("test-pod-1", STARTED, "c1")]
    assert (h.inspections("test-pod-0"), h.inspections("test-pod-1")) == (1, 2)


@pytest.mark.parametrize("version", RELEASES)
def test_remove_cache_entry(version):
    h = PlegHarness(version)
    h.set_pods({"test-pod-0": {"c0": "running"}})
    h.relist()
    assert h.cache("test-pod-0") is not None
    h.set_pods({})
    h.relist()
    assert h.cache("test-pod-0") is None


@pytest.mark.parametrize("version", RELEASES)
def test_healthy(version):
    h = PlegHarness(version)
    assert not h.healthy()  # no relist yet (see the C++ port on era B's fake clock)
    h.advance("10m")
    assert not h.healthy()
    h.relist()
    h.advance("1m")
    assert h.healthy()
    h.advance("3m")
    ok, message = h.healthy()
    assert not ok
    assert message == "pleg was last seen active 4m0s ago; threshold is 3m0s"
    changes = h.health_changes
    assert list(changes["healthy"]) == [True, False]
    assert changes["at_s"].iloc[-1] == pytest.approx(13 * 60 + 1e-9)


@pytest.mark.parametrize("version", RELEASES)
def test_relist_with_reinspection(version):
    h = PlegHarness(version, relist_threshold="2h")
    h.set_pods({"test-pod": {"infra": "running"}})
    h.relist()
    assert h.cache("test-pod").containers == {"infra": "running"}
    assert h.drain_events() == [Event("test-pod", STARTED, "infra")]

    h.set_pods({"test-pod": {"infra": "running", "transient": "unknown"}})
    h.fail_inspection("test-pod", times=1)
    h.relist()
    assert h.cache("test-pod").error
    assert h.drain_events() == []

    h.set_pods({"test-pod": {"infra": "running"}})
    h.clear_calls()
    h.relist()
    assert not h.cache("test-pod").error
    assert h.cache("test-pod").containers == {"infra": "running"}
    assert h.inspections("test-pod") == 1
    expected = [Event("test-pod", "PodSync", None)] if h.profile["pod_sync_after_reinspection"] \
        else []
    assert h.drain_events() == expected
