"""The kubelet's metrics registry read from plegsim.step.PlegHarness: generic_test.go's
TestRunningPodAndContainerCount (1.16+), upstream's expected text compared as
testutil.GatherAndCompare compares it; and each release's HELP lines (the real 1.13
scrape's, component-base's "[ALPHA] " from 1.16, the running-pods Help of 1.22+)."""

from __future__ import annotations

import pytest

from plegsim.step import PlegHarness, gathered

# Upstream's `wants`, verbatim, per era of generic_test.go: (containers, pods).
WANTS_1_16 = ("kubelet_running_container_count", """
# HELP kubelet_running_container_count [ALPHA] Number of containers currently running
# TYPE kubelet_running_container_count gauge
kubelet_running_container_count{container_state="exited"} 1
kubelet_running_container_count{container_state="running"} 1
kubelet_running_container_count{container_state="unknown"} 2
""", "kubelet_running_pod_count", """
# HELP kubelet_running_pod_count [ALPHA] Number of pods currently running
# TYPE kubelet_running_pod_count gauge
kubelet_running_pod_count 2
""")
# 1.19-1.21: no tree of that era read; #92407's names, the Help #101308 replaced.
WANTS_1_19 = ("kubelet_running_containers", """
# HELP kubelet_running_containers [ALPHA] Number of containers currently running
# TYPE kubelet_running_containers gauge
kubelet_running_containers{container_state="exited"} 1
kubelet_running_containers{container_state="running"} 1
kubelet_running_containers{container_state="unknown"} 2
""", "kubelet_running_pods", """
# HELP kubelet_running_pods [ALPHA] Number of pods currently running
# TYPE kubelet_running_pods gauge
kubelet_running_pods 2
""")
WANTS_1_22 = ("kubelet_running_containers", """
# HELP kubelet_running_containers [ALPHA] Number of containers currently running
# TYPE kubelet_running_containers gauge
kubelet_running_containers{container_state="exited"} 1
kubelet_running_containers{container_state="running"} 1
kubelet_running_containers{container_state="unknown"} 2
""", "kubelet_running_pods", """
# HELP kubelet_running_pods [ALPHA] Number of pods that have a running pod sandbox
# TYPE kubelet_running_pods gauge
kubelet_running_pods 2
""")


@pytest.mark.parametrize("version,wants", [
    ("1.16", WANTS_1_16), ("1.19", WANTS_1_19), ("1.22", WANTS_1_22), ("1.28", WANTS_1_22),
    ("1.33", WANTS_1_22), ("1.36", WANTS_1_22)])
def test_running_pod_and_container_count(version, wants):
    h = PlegHarness(version, channel_capacity=100)
    h.set_pods({
        "1234": {"containers": {"c1": "running", "c2": "unknown", "c3": "unknown"},
                 "sandboxes": {"s1": "running", "s2": "running", "s3": "unknown"}},
        "4567": {"containers": {"c1": "exited"},
                 "sandboxes": {"s1": "running", "s2": "exited"}},
    })
    h.relist()
    containers, containers_want, pods, pods_want = wants
    assert gathered(h.metric_family(containers)) == gathered(containers_want)
    assert gathered(h.metric_family(pods)) == gathered(pods_want)


def _help_lines(text: str) -> dict:
    return {line.split(" ", 3)[2]: line for line in text.splitlines()
            if line.startswith("# HELP ")}


def _scrape(version: str) -> str:
    # One relist of a running pod, then a failed one: every family of the release.
    h = PlegHarness(version)
    h.set_pods({"p": {"containers": {"c": "running"}, "sandboxes": {"s": "ready"}}})
    h.relist()
    h.fail_list(times=1)
    h.advance("1s")
    h.relist()
    return h.metrics_text()


def test_release_1_13_help_matches_the_real_scrape(source_dir):
    want = _help_lines((source_dir / "tests/data/kubelet-1.13-minikube.prom").read_text())
    got = _help_lines(_scrape("1.13"))
    both = sorted(set(want) & set(got))
    assert len(both) == 7, both  # the PLEG summaries, running counts, runtime operations
    for name in both:
        assert got[name] == want[name]


@pytest.mark.parametrize("version,pods_help", [
    ("1.13", "# HELP kubelet_running_pod_count Number of pods currently running"),
    ("1.16", "# HELP kubelet_running_pod_count [ALPHA] Number of pods currently running"),
    ("1.21", "# HELP kubelet_running_pods [ALPHA] Number of pods currently running"),
    ("1.22", "# HELP kubelet_running_pods [ALPHA] Number of pods that have a running pod "
             "sandbox"),
])
def test_each_release_writes_its_own_help(version, pods_help):
    lines = _help_lines(_scrape(version))
    name = pods_help.split(" ")[2]
    assert lines[name] == pods_help
    alpha = int(version.split(".")[1]) >= 16
    for family, line in lines.items():
        text = line[len(f"# HELP {family} "):]
        if family.startswith("plegsim_"):
            assert not text.startswith("[")
        else:
            assert text.startswith("[ALPHA] ") == alpha, line


def test_gathered_sorts_samples_and_keeps_help():
    a = '# HELP m [ALPHA] x\n# TYPE m gauge\nm{s="b"} 1\nm{s="a"} 2\n'
    b = '\n    # HELP m [ALPHA] x\n    # TYPE m gauge\n    m{s="a"} 2\n    m{s="b"} 1\n'
    assert gathered(a) == gathered(b)
    assert gathered(a) != gathered(a.replace("[ALPHA] x", "x"))
    assert gathered(a) != gathered(a.replace("} 2", "} 3"))
