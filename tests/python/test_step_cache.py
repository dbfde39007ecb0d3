"""plegsim.step: UpdateCache alone with its result, a scripted status timestamp, a
pre-seeded cache entry and pre-seeded pod records. Ports generic_test.go's
TestCacheWithEventedPLEG (1.26 - 1.31) to Python, as tests/unit/step_update_cache_test.cpp
does in C++."""

from __future__ import annotations

import pytest

from plegsim.step import Event, PlegHarness, UpdateCacheResult


@pytest.mark.parametrize("name,timestamp_from_start,updated", [
    ("PodStatus has a newer timestamp", 10, True),
    ("PodStatus has an older timestamp", -10, False),
    ("PodStatus has no timestamp", None, True),
])
def test_cache_with_evented_pleg(name, timestamp_from_start, updated):
    # Upstream tells the entries apart by RestartCount, which plegsim does not model: the
    # seeded container is "created", the runtime's "running".
    h = PlegHarness("1.28", evented_gate=True)
    h.set_evented_in_use(True)
    h.advance("1m")
    start = h.now
    assert h.set_cache("pod", {"c0": "created"}, modified=start, refuse_older=True)
    spec = {"containers": {"c0": "running"}, "sandboxes": {"s0": "ready"}}
    if timestamp_from_start is not None:
        spec["status_timestamp"] = start + timestamp_from_start
    h.set_pods({"pod": spec})

    assert h.update_cache("pod") == UpdateCacheResult(True, updated), name
    entry = h.cache("pod")
    assert not entry.error
    assert entry.containers == {"c0": "running" if updated else "created"}


def test_update_cache_reports_a_failed_inspection():
    h = PlegHarness("1.28")
    h.set_pods({"pod": {"c0": "running"}})
    h.fail_inspection("pod", times=1)
    assert h.update_cache("pod") == UpdateCacheResult(False, True)
    assert h.cache("pod").error
    assert h.update_cache("pod") == UpdateCacheResult(True, True)
    assert not h.cache("pod").error


def test_without_the_gate_an_older_write_lands():
    h = PlegHarness("1.28")
    h.advance("1m")
    assert h.set_cache("pod", {"c0": "created"}, modified=h.now + 30)
    h.set_pods({"pod": {"c0": "running"}})
    assert h.update_cache("pod") == UpdateCacheResult(True, True)
    assert h.cache("pod").containers == {"c0": "running"}


def test_a_seeded_cache_entry_reads_back():
    h = PlegHarness("1.28")
    h.set_cache("pod", {"c0": {"state": "exited", "exit_code": 2}}, {"s0": "notready"},
                ips=["10.0.0.1"], error=True, modified="5s")
    e = h.cache("pod")
    assert e.error and e.modified_s == 5.0 and e.ips == ["10.0.0.1"]
    assert e.containers == {"c0": "exited"} and e.sandboxes == {"s0": "notready"}
    assert not e.has_ip


@pytest.mark.parametrize("version", ["1.11", "1.14", "1.28", "1.33", "1.36"])
def test_a_seeded_record_is_diffed_like_a_relisted_one(version):
    h = PlegHarness(version)
    h.set_record("1234", {"containers": {"c1": "running", "c2": "exited"}}, None)
    assert h.record("1234") == ({"containers": {"c1": "running", "c2": "exited"},
                                 "sandboxes": {}}, None)
    h.set_pods({"1234": {"c1": "exited"}})
    h.relist()
    assert sorted(h.drain_events()) == sorted([Event("1234", "ContainerDied", "c1"),
                                               Event("1234", "ContainerRemoved", "c2")])


def test_removing_a_seeded_record():
    h = PlegHarness("1.28")
    h.set_record("1234", {"containers": {"c1": "running"}}, None)
    h.set_record("1234", None, None)
    assert h.record("1234") is None
    h.relist()
    assert h.drain_events() == []


def test_set_record_names_bad_keys():
    h = PlegHarness("1.28")
    with pytest.raises(ValueError, match="containers and sandboxes"):
        h.set_record("1234", {"container": {}}, None)
