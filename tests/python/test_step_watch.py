"""plegsim.step port of generic_test.go's TestWatchConditions (#128518, 1.32 - 1.35), every
case, plus the ConditionMet event and the releases without watch conditions."""

from __future__ import annotations

import pytest

from plegsim.step import Event, PlegHarness, running_container_watch_condition

ERA_E = ["1.32", "1.33", "1.35"]

PODS = {
    "running": {"containers": {"c": "running"}, "sandboxes": {"s": "ready"}},
    "running-2": {"containers": {"c-exited": "exited", "c-running": "running"},
                  "sandboxes": {"s": "ready"}},
    "terminating": {"sandboxes": {"s": "notready"}},
    "reinspect": {"sandboxes": {"s": "ready"}},
}
INITIAL_PODS = {**PODS, "terminated": {"sandboxes": {"s": "notready"}}}


def always_complete(_status):
    return True


def never_complete(_status):
    return False


def container_cond(expected, complete):
    def check(status):
        assert status.name == expected, f"unexpected container name: {status.name!r}"
        return complete

    return running_container_watch_condition(expected, check)


# (name, pod, conditions, increment_initial_version, expect_evaluated, expect_removed,
#  expected {key: version})
CASES = [
    ("no watch conditions", "running", {}, False, False, False, {}),
    ("running pod with conditions", "running",
     {"completing": always_complete, "watching": never_complete, "updating": "updating"},
     False, True, False, {"watching": 0, "updating": 1}),
    ("conditions with incremented versions", "running",
     {"completing": always_complete, "watching": never_complete, "updating": "updating"},
     True, True, False, {"watching": 1, "updating": 2}),
    ("completed watch condition with older version", "running", {"resetting": "resetting"},
     True, True, False, {"resetting": 0}),
    ("non-existent pod", "non-existent", {"watching": never_complete}, False, False, True, {}),
    ("terminated pod", "terminated", {"watching": never_complete}, False, False, True, {}),
    ("reinspecting pod", "reinspect", {"watching": never_complete}, False, True, False,
     {"watching": 0}),
    ("single container conditions", "running",
     {"completing": container_cond("c", True), "watching": container_cond("c", False)},
     False, True, False, {"watching": 0}),
    ("multi-container conditions", "running-2",
     {"completing:exited": container_cond("c-exited", True),
      "watching:exited": container_cond("c-exited", False),
      "completing:running": container_cond("c-running", True),
      "watching:running": container_cond("c-running", False),
      "completing:dne": container_cond("c-dne", True),
      "watching:dne": container_cond("c-dne", False)},
     False, True, False, {"watching:running": 0}),
]


@pytest.mark.parametrize("version", ERA_E)
@pytest.mark.parametrize("name,pod,conditions,increment,evaluated,removed,expected", CASES,
                         ids=[c[0] for c in CASES])
def test_watch_conditions(version, name, pod, conditions, increment, evaluated, removed,
                          expected):
    h = PlegHarness(version, channel_capacity=100)

    def updating_cond(_status):
        # Always completes, but updates the condition first.
        h.set_watch_condition("running", "updating", updating_cond)
        return True

    def resetting_cond(_status):
        # Decrements the version before it completes.
        h.set_watch_condition_version("running", "resetting", 0)
        return True

    named = {"updating": updating_cond, "resetting": resetting_cond}

    # Setup initial pod records.
    h.set_pods(INITIAL_PODS)
    h.relist()
    h.set_pod_to_reinspect("reinspect")
    # Remove the "terminated" pod.
    h.set_pods(PODS)

    seen = []
    for key, condition in conditions.items():
        condition = named.get(condition, condition) if isinstance(condition, str) else condition

        def wrapped(status, key=key, condition=condition):
            assert status.pod == pod, "podUID"
            assert evaluated, "conditions should not be evaluated"
            seen.append(key)
            return condition(status)

        h.set_watch_condition(pod, key, wrapped)
        if increment:
            # Set the watch condition a second time to increment the version.
            h.set_watch_condition(pod, key, wrapped)
    h.relist()

    if evaluated:
        assert len(seen) == len(conditions), "all conditions should be evaluated"
    actual = h.watch_conditions(pod)
    if removed:
        assert actual is None, "Pod should be removed from watch conditions"
    else:
        assert (actual or {}) == expected


@pytest.mark.parametrize("version", ERA_E)
def test_one_condition_met_event_and_an_inspection_per_relist(version):
    h = PlegHarness(version)
    assert h.profile["watch_conditions"]
    h.set_pods(PODS)
    h.relist()
    h.drain_events()
    met = [False]
    h.set_watch_condition("running", "a", lambda _s: met[0])
    h.set_watch_condition("running", "b", lambda _s: met[0])
    before = h.inspections("running")
    h.relist()
    h.relist()
    assert h.inspections("running") == before + 2
    assert h.drain_events() == []
    met[0] = True
    h.relist()
    assert h.drain_events() == [Event("running", "ConditionMet", None)]
    assert h.watch_conditions("running") == {}
    after = h.inspections("running")
    h.relist()
    assert h.inspections("running") == after


def test_a_condition_sees_the_fresh_status():
    h = PlegHarness("1.33")
    h.set_pods(PODS)
    h.relist()
    seen = []
    h.set_watch_condition("running-2", "k", lambda s: seen.append(s) or False)
    h.set_pod("running-2", {"containers": {"c-exited": "exited", "c-running": "exited"},
                            "sandboxes": {"s": "ready"}})
    h.relist()
    assert len(seen) == 1
    assert seen[0].pod == "running-2"
    assert seen[0].containers == {"c-exited": "exited", "c-running": "exited"}
    assert seen[0].sandboxes == {"s": "ready"}


def test_an_exception_in_a_condition_is_raised_after_the_relist():
    h = PlegHarness("1.33")
    h.set_pods(PODS)
    h.relist()

    def broken(_status):
        raise KeyError("boom")

    h.set_watch_condition("running", "k", broken)
    with pytest.raises(KeyError, match="boom"):
        h.relist()
    # Not met: still there, and the harness goes on.
    assert h.watch_conditions("running") == {"k": 0}
    assert not h.relist_pending


@pytest.mark.parametrize("version", ["1.11", "1.28", "1.31", "1.36"])
def test_only_1_32_to_1_35_have_watch_conditions(version):
    h = PlegHarness(version)
    assert not h.profile["watch_conditions"]
    with pytest.raises(ValueError, match="1.32 - 1.35"):
        h.set_watch_condition("running", "k", always_complete)
