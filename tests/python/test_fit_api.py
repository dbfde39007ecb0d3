"""plegsim.read_scrape / fit / FitResult: the Python face of `plegsim fit` (docs/fit.md).

The fit's numerics are tested in C++ (tests/fit/); here: the values cross the binding
unchanged (against the real 1.13 scrape, ../shared/data/realworld.md row M3, and against
the command's own output), errors carry file, line and column, and a fitted node can be
simulated and compared with its scrape.
"""

from __future__ import annotations

import math
import pickle
import subprocess

import numpy as np
import pytest

import plegsim
from conftest import SOURCE_DIR
from plegsim.fitting import without_top_level_key

SCRAPE = "tests/data/kubelet-1.13-minikube.prom"


@pytest.fixture(scope="module")
def m3(source_dir):
    return plegsim.read_scrape(source_dir / SCRAPE)


@pytest.fixture(scope="module")
def m3_fit(m3):
    return plegsim.fit(m3)


def test_reads_the_real_1_13_scrape_in_seconds(m3, source_dir):
    # The values of realworld.md row M3, converted from microseconds.
    assert m3.source == str(source_dir / SCRAPE)
    assert m3.running_pods == 9 and m3.running_containers == 9
    assert m3.relist.quantiles == pytest.approx({0.5: 0.012741, 0.9: 0.016211, 0.99: 0.031234})
    assert m3.relist.count == 1369
    assert m3.interval.mean_s == pytest.approx(1.392954348e3 / 1368)
    lps = m3.ops["list_podsandbox"]
    assert lps.form == "summary"
    assert lps.family == "kubelet_runtime_operations_latency_microseconds"
    assert lps.quantiles[0.99] == pytest.approx(0.021220)
    assert m3.calls["list_containers"] == 2586
    assert m3.errors["container_status"] == 14
    # NaN quantiles are dropped; the mean stays.
    cs = m3.ops["container_status"]
    assert cs.quantiles == {}
    assert cs.mean_s == pytest.approx(5.830434 / 90)


def test_scrape_tables(m3):
    ops = m3.operations.set_index("operation")
    assert ops.loc["list_containers", "p50_s"] == pytest.approx(0.002860)
    assert ops.loc["list_containers", "calls"] == 2586
    assert math.isnan(ops.loc["container_status", "p90_s"])
    assert ops.loc["container_status", "errors"] == 14
    # Counted but without a latency series (create_container has only the counter).
    assert ops.loc["create_container", "calls"] == 10 and ops.loc["create_container", "form"] is None
    q = m3.quantiles
    relist = q[q["series"] == "relist"]
    assert list(relist["quantile"]) == [0.5, 0.9, 0.99]
    assert set(q["series"]) >= {"relist", "relist_interval", "list_podsandbox"}
    assert m3.buckets.empty  # a summary scrape


def test_histogram_scrape_from_a_1_20_run():
    # A 1.20 kubelet writes seconds histograms; plegsim's own scrape of one.
    sc = plegsim.Scenario.from_yaml(
        "duration: 5m\nwarmup: 0s\nkubelet: {version: \"1.20\"}\nnode: {pods: 5}\n")
    # The scrape is written from the kept calls (keep_calls, the default).
    s = plegsim.parse_scrape(plegsim.run(sc, seed=1).metrics_text(), "sim.prom")
    lat = s.ops["list_podsandbox"]
    assert lat.form == "histogram" and lat.quantiles == {}
    les = [le for le, _ in lat.buckets]
    assert les == sorted(les) and les[-1] == math.inf
    b = s.buckets
    assert len(b[b["series"] == "list_podsandbox"]) == len(lat.buckets)
    assert lat.buckets[-1][1] == lat.count
    # A histogram's goodness is the largest CDF difference at the bounds.
    f = plegsim.fit(s).operations.set_index("operation")
    assert f.loc["list_podsandbox", "method"].startswith("bucket")
    assert f.loc["list_podsandbox", "goodness"] == "max |CDF difference|"
    assert 0 <= f.loc["list_podsandbox", "max_error"] < 1


def test_malformed_scrape_names_file_line_and_column(tmp_path):
    path = tmp_path / "bad.prom"
    path.write_text("# TYPE m counter\nm 1\nkubelet_runtime_operations{operation_type=\"list\n")
    with pytest.raises(plegsim.ScrapeError) as e:
        plegsim.read_scrape(path)
    err = e.value
    assert (err.file, err.line) == (str(path), 3)
    assert err.column > 0
    assert str(err).startswith(f"{path}:3:{err.column}: ")
    assert "label value" in err.message and not err.message.startswith(str(path))
    assert isinstance(err, ValueError)


def test_errors_without_a_column_or_a_line():
    with pytest.raises(plegsim.ScrapeError) as e:
        plegsim.parse_scrape("m 1\nm 2\n", "dup.prom")
    assert (e.value.file, e.value.line, e.value.column) == ("dup.prom", 2, 0)
    assert "duplicate series" in e.value.message
    with pytest.raises(plegsim.ScrapeError) as e:
        plegsim.parse_scrape("# TYPE m gauge\nm 1\n", "empty.prom")
    assert (e.value.file, e.value.line) == ("empty.prom", 0)
    assert "kubelet_runtime_operations_latency_microseconds" in e.value.message
    with pytest.raises(plegsim.ScrapeError) as e:
        plegsim.read_scrape("/nonexistent/x.prom")
    assert e.value.file == "/nonexistent/x.prom" and "cannot open" in e.value.message
    with pytest.raises(plegsim.ScrapeError, match="directory"):
        plegsim.read_scrape(SOURCE_DIR / "tests")


def test_scrape_error_pickles():
    with pytest.raises(plegsim.ScrapeError) as e:
        plegsim.parse_scrape("m{a=\"b\"}\n", "p.prom")
    again = pickle.loads(pickle.dumps(e.value))
    assert (str(again), again.file, again.line, again.column, again.message) == (
        str(e.value), "p.prom", 1, 9, e.value.message)


def test_fit_matches_the_command(m3_fit, source_dir, plegsim_bin, tmp_path):
    out = tmp_path / "rt.yaml"
    cli = subprocess.run([plegsim_bin, "fit", str(source_dir / SCRAPE), "-o", str(out)],
                         capture_output=True, text=True, check=True, timeout=60)
    assert m3_fit.runtime_yaml == out.read_text()
    assert cli.stdout.startswith(m3_fit.report)
    mine = tmp_path / "mine.yaml"
    assert m3_fit.write(mine) == str(mine) and mine.read_text() == out.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml", "rt.yaml"]
    with pytest.raises(OSError):
        m3_fit.write(tmp_path / "no-such-dir" / "x.yaml")


def test_fit_operations_table(m3_fit):
    ops = m3_fit.operations.set_index("operation")
    assert list(m3_fit.operations.columns[:11]) == [
        "operation", "cri", "method", "family", "median_s", "sigma", "tail_probability",
        "tail_factor", "max_error", "goodness", "calls"]
    # docs/fit.md, Families: on M3 both lists take the mixture, status stays lognormal.
    lps = ops.loc["list_podsandbox"]
    assert (lps["cri"], lps["family"]) == ("ListPodSandbox", "mixture")
    assert 0 < lps["tail_probability"] < 0.1 and lps["tail_factor"] > 1
    assert "AIC" in lps["choice"] or "chi" in lps["choice"]
    assert lps["calls"] == 2562
    # The fragment writes the same median and tail.
    assert f"ListPodSandbox: {{base: {lps['median_s'] * 1e3:.4f}ms" in m3_fit.runtime_yaml
    assert "mixture" in m3_fit.runtime_yaml
    # The checks are the fitted distribution's quantiles, and max_error their worst.
    checks = m3_fit.checks[m3_fit.checks["operation"] == "list_podsandbox"]
    assert list(checks["at"]) == [0.5, 0.9, 0.99]
    assert np.allclose(m3_fit.quantile("list_podsandbox", checks["at"]), checks["fitted"],
                       rtol=1e-6)
    worst = np.max(np.abs(checks["fitted"] / checks["observed"] - 1))
    assert lps["max_error"] == pytest.approx(worst)
    st = ops.loc["status"]
    assert st["family"] == "lognormal" and math.isnan(st["tail_probability"])
    # A lognormal's quantiles, CDF and mean in closed form.
    from scipy.stats import norm

    q = np.array([0.1, 0.5, 0.99])
    want = st["median_s"] * np.exp(st["sigma"] * norm.ppf(q))
    assert np.allclose(m3_fit.quantile("status", q), want, rtol=1e-9)
    assert np.allclose(m3_fit.cdf("status", want), q, rtol=1e-9)
    assert m3_fit.mean_s("status") == pytest.approx(st["median_s"] * np.exp(st["sigma"] ** 2 / 2))
    # The mixture's CDF inverts its quantile.
    x = m3_fit.quantile("list_containers", [0.5, 0.95, 0.995])
    assert np.allclose(m3_fit.cdf("list_containers", x), [0.5, 0.95, 0.995], rtol=1e-9)
    with pytest.raises(KeyError):
        m3_fit.cdf("no_such_op", 1.0)
    with pytest.raises(ValueError):
        m3_fit.quantile("status", 1.0)
    # Mean only: sigma not inferred, and said so.
    cs = ops.loc["container_status"]
    assert math.isnan(cs["sigma"]) and math.isnan(cs["max_error"])
    assert any(n.startswith("ContainerStatus sigma") for n in m3_fit.not_inferred)
    assert ops.loc["image_status", "cri"] == ""  # reported, not simulated
    assert math.isnan(lps["per_returned_s"])  # one pod count


def test_background_callers(m3_fit):
    bg = m3_fit.background.set_index("cri")
    assert bg.loc["ListPodSandbox", "calls_per_relist"] == pytest.approx(2562 / 1369)
    assert bg.loc["ListContainers", "every_s"] == pytest.approx(
        (1.392954348e3 / 1368) / (2586 / 1369 - 1))


def test_two_pod_counts_separate_base_and_per_returned():
    # Two simulated 1.13 nodes with a known ListPodSandbox cost: base 2 ms + 0.1 ms per pod.
    def scrape(pods):
        sc = plegsim.Scenario.from_yaml(
            "duration: 12m\nkubelet: {version: \"1.13\"}\n"
            f"node: {{pods: {pods}, containersPerPod: 1}}\nworkload: {{crashRate: 0/h}}\n"
            "runtime:\n  latency:\n"
            "    ListPodSandbox: {base: 2ms, perReturned: 100us, noise: {lognormal: {sigma: 0.2}}}\n")
        return plegsim.parse_scrape(plegsim.run(sc, seed=3).metrics_text(),
                                    f"{pods}.prom")

    f = plegsim.fit([scrape(10), scrape(40)])
    lps = f.operations.set_index("operation").loc["list_podsandbox"]
    # tests/fit/fit_recovery_test.cpp's tolerance for base and perReturned (8 %).
    assert lps["base_s"] == pytest.approx(0.002, rel=0.08)
    assert lps["per_returned_s"] == pytest.approx(0.0001, rel=0.08)
    assert f.pods == [10, 40]


def test_bad_options():
    scrape = plegsim.parse_scrape(
        "kubelet_runtime_operations_latency_microseconds_sum{operation_type=\"status\"} 10\n"
        "kubelet_runtime_operations_latency_microseconds_count{operation_type=\"status\"} 5\n",
        "tiny.prom")
    with pytest.raises(ValueError, match="pods"):
        plegsim.fit(scrape, pods=0)
    with pytest.raises(ValueError, match="pods"):
        plegsim.fit(scrape, pods=2.5)
    with pytest.raises(plegsim.ScrapeError, match="--pods") as e:
        plegsim.fit(scrape, pods=[3, 4])
    assert e.value.file == "" and e.value.line == 0
    with pytest.raises(plegsim.ScenarioError, match="profile"):
        plegsim.fit(scrape, profile="no-such-runtime")
    with pytest.raises(ValueError, match="at least one"):
        plegsim.fit([])
    f = plegsim.fit(scrape, pods=7)
    assert f.pods == [7] and f.profile == "dockershim"
    assert "  profile: dockershim\n" in f.runtime_yaml
    f = plegsim.fit(scrape, pods=7, profile="containerd")
    assert f.profile == "containerd" and "  profile: containerd\n" in f.runtime_yaml
    assert any("background" in n for n in f.not_inferred)


def test_without_top_level_key():
    text = ("name: x\nruntime:\n  profile: dockershim\n\n  # a comment\n  latency: {}\n"
            "node: {pods: 3}\nruntime_note: kept\n")
    assert without_top_level_key(text, "runtime") == "name: x\nnode: {pods: 3}\nruntime_note: kept\n"
    flow = "runtime: {profile: containerd}\nseed: 4\n"
    assert without_top_level_key(flow, "runtime") == "seed: 4\n"
    assert without_top_level_key("seed: 4\n", "runtime") == "seed: 4\n"


def test_fitted_scenario_replaces_the_node_runtime(m3_fit, source_dir):
    node = plegsim.Scenario.load(source_dir / "scenarios/calibration/m3.yaml",
                                 {"duration": "14m"})
    sc = m3_fit.scenario(node)
    assert (sc.pods, sc.kubelet_version, sc.duration_s, sc.warmup_s) == (9, "1.13", 840, 780)
    resolved = sc.to_yaml()
    median = m3_fit.operations.set_index("operation").loc["list_podsandbox", "median_s"]
    assert f"{median * 1e3:.4f}ms" in resolved
    assert "1.1684598s" in resolved  # the ListPodSandbox background caller
    # From text, and with no node at all (the defaults with the fitted runtime).
    assert m3_fit.scenario(node.source_yaml).pods == 9
    assert m3_fit.scenario().pods == plegsim.Scenario.from_yaml("").pods


def test_observed_vs_simulated(m3, m3_fit, source_dir):
    node = plegsim.Scenario.load(source_dir / "scenarios/calibration/m3.yaml")
    results = plegsim.run_many([(m3_fit.scenario(node), s) for s in (1, 2)], workers=2,
                               keep_events=False, keep_changes=False)
    table = plegsim.observed_vs_simulated(m3, results)
    rows = table.set_index(["series", "statistic"])
    assert list(table.columns) == ["series", "cri", "statistic", "observed_s", "simulated_s",
                                   "relative_error", "simulated_n"]
    # The relist: pooled after each run's warm-up.
    durations = np.concatenate([r.relists.loc[r.relists["start_s"] >= 780, "duration_s"]
                                for r in results])
    relist_p90 = rows.loc[("relist", "p90")]
    assert relist_p90["observed_s"] == pytest.approx(0.016211)
    assert relist_p90["simulated_s"] == pytest.approx(np.quantile(durations, 0.9))
    assert relist_p90["relative_error"] == pytest.approx(
        np.quantile(durations, 0.9) / relist_p90["observed_s"] - 1)
    everything = np.concatenate([r.relists["duration_s"] for r in results])
    assert rows.loc[("relist", "mean"), "simulated_s"] == pytest.approx(everything.mean())
    assert rows.loc[("relist", "mean"), "simulated_n"] == len(everything) > len(durations)
    # A mean-only operation: every call of the run, as _sum / _count covers the kubelet's life.
    cs = np.concatenate([r.cri_calls.loc[r.cri_calls["op"] == "ContainerStatus", "duration_s"]
                         for r in results])
    assert len(cs) > 0
    assert rows.loc[("container_status", "mean"), "simulated_s"] == pytest.approx(cs.mean())
    assert ("container_status", "p50") not in rows.index
    # Not simulated by plegsim: no row; simulated but never called: NaN.
    assert "exec_sync" in set(table["series"]) and "image_status" not in set(table["series"])
    assert rows.loc[("version", "p50"), "simulated_n"] == 0
    assert math.isnan(rows.loc[("version", "p50"), "simulated_s"])
    with pytest.raises(ValueError):
        plegsim.observed_vs_simulated(m3, [])


def _later(text, relists, list_calls, sandboxes_run):
    """The M3 scrape `relists` one-second relists later: the PLEG counters, the lists' calls
    and run_podsandbox grown by the given counts (text edits of the real scrape)."""
    def bump(name, by):
        nonlocal text
        prefix = name + " "
        line = next(l for l in text.splitlines() if l.startswith(prefix))
        text = text.replace(line, f"{prefix}{float(line.split()[-1]) + by!r}")

    bump("kubelet_pleg_relist_interval_microseconds_sum", relists * 1e6)
    bump("kubelet_pleg_relist_interval_microseconds_count", relists)
    bump("kubelet_pleg_relist_latency_microseconds_sum", relists * 12741)
    bump("kubelet_pleg_relist_latency_microseconds_count", relists)
    for op in ("list_podsandbox", "list_containers"):
        bump(f'kubelet_runtime_operations{{operation_type="{op}"}}', list_calls)
    bump('kubelet_runtime_operations{operation_type="run_podsandbox"}', sandboxes_run)
    return text


def test_since_fits_what_happened_between_two_scrapes(source_dir):
    text = (source_dir / SCRAPE).read_text()
    earlier = plegsim.parse_scrape(text, "t0.prom")
    later = plegsim.parse_scrape(_later(text, 600, 1200, 2), "t1.prom")
    diff = plegsim.scrape_difference(earlier, later)
    assert diff.difference and not later.difference
    assert diff.calls["list_podsandbox"] == 1200 and diff.relist.count == 600
    f = plegsim.fit(later, since=earlier)
    bg = f.background.set_index("cri")
    # 1,200 calls in 600 relists: 2 per relist, one other caller every 1 s / (2 - 1).
    assert bg.loc["ListPodSandbox", "calls_per_relist"] == pytest.approx(2.0)
    assert bg.loc["ListPodSandbox", "every_s"] == pytest.approx(1.0)
    # Two sandboxes in 600 s of relist intervals: 12 pods created an hour.
    assert f.churn["seconds"] == pytest.approx(600)
    assert f.churn["pod_create_per_hour"] == pytest.approx(12)
    assert plegsim.fit(later).churn is None
    # The fitted workload keys go over the node's; the node's startup stays.
    assert "\nworkload:" in f.runtime_yaml
    node = plegsim.Scenario.load(source_dir / "scenarios/calibration/m3.yaml")
    with_churn = f.scenario(node).to_yaml()
    assert "podCreateRate: 12/h" in with_churn and "podCreateRate: 12/h" not in node.to_yaml()
    startup = [l for l in node.to_yaml().splitlines() if "exitedSandboxes" in l]
    assert startup and startup[0] in with_churn
    with pytest.raises(ValueError, match="one later scrape"):
        plegsim.fit([later, later], since=earlier)
    # The same scrape twice: no relist between them.
    with pytest.raises(plegsim.ScrapeError, match="relist") as e:
        plegsim.scrape_difference(earlier, earlier)
    assert e.value.line == 0
