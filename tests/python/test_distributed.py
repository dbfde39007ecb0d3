"""plegsim.sweep and plegsim.limit on a Dask cluster (client=): two worker processes run
the batches, and the sweep table and the limit result are bit-identical to local ones."""

from __future__ import annotations

import pytest

import plegsim

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def noisy(duration="15m"):
    # Noisy sandbox lists (tests/unit/sweep_table_test.cpp): some runs trip, some do not.
    return plegsim.Scenario.default({
        "duration": duration, "warmup": "1m",
        "runtime.latency.ListPodSandbox.perReturned": "50ms",
        "runtime.latency.ListPodSandbox.noise": {"lognormal": {"sigma": 0.8}}})


def test_sweep_on_the_cluster_is_the_local_sweep(client):
    kwargs = dict(axes=["node.pods=40,400", "workload.crashRate=1/h,4/h"], replications=3)
    rows = []
    with distributed.get_task_stream(client) as tasks:
        remote = plegsim.sweep(noisy(), client=client, on_run=rows.append, **kwargs)
    local = plegsim.sweep(noisy(), threads=2, **kwargs)
    assert remote.table.csv(True) == local.table.csv(True)
    assert remote.table.csv(False) == local.table.csv(False)
    assert remote.runs.equals(local.runs) and remote.points.equals(local.points)
    assert len(rows) == 12
    # Both workers took part: the runs did not all stay in one process.
    assert len({t["worker"] for t in tasks.data}) == 2


def test_limit_on_the_cluster_is_the_local_limit(client):
    from test_limit import NOISY_NODE

    sc = plegsim.Scenario.from_yaml(NOISY_NODE, overrides={
        "runtime.latency.ListContainers.perReturned": "2s"})
    kwargs = dict(axis="node.pods=10..200", criterion="P(pleg_unhealthy_seconds > 0) < 0.5",
                  replications=16, width=4)
    remote = plegsim.limit(sc, client=client, **kwargs)
    local = plegsim.limit(sc, threads=2, **kwargs)
    assert remote == local
    assert remote["censored"] == "none"
    # Some values needed a second batch: the batches of one value were put together.
    assert any(p["runs"] > 8 for p in remote["probes"])

    table = dict(kwargs, by=["workload.crashRate=0/h,20/h"])
    assert plegsim.limit(sc, client=client, **table) == plegsim.limit(sc, threads=2, **table)
