"""Command-line inputs that crashed, hung or were silently misread (issue 16, "Found" 4
and 6): a directory or /proc file as the scenario, wrapped-around negative counts and
seeds, a sweep axis that cannot build or is repeated. Each must be exit code 2 with a
message, before any simulation (LONG would take hours if one started)."""

from __future__ import annotations

import json
import os
import subprocess

PLEGSIM = os.environ.get("PLEGSIM_BIN", "build/ci/plegsim")
SOURCE = os.environ.get("PLEGSIM_SOURCE_DIR", os.getcwd())
LONG = ["--duration", "5000h"]


def plegsim(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([PLEGSIM, *args], capture_output=True, text=True, timeout=timeout)


def refused(r: subprocess.CompletedProcess, *words: str) -> None:
    assert r.returncode == 2, (r.returncode, r.stdout[-300:], r.stderr)
    for w in words:
        assert w in r.stderr, r.stderr


def test_a_directory_or_special_file_is_not_a_scenario(tmp_path):
    refused(plegsim("run", str(tmp_path), *LONG), str(tmp_path), "is a directory")
    refused(plegsim("run", "/proc/self/mem", *LONG), "/proc/self/mem")
    refused(plegsim("run", "/dev/null", *LONG), "not a regular file")
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    refused(plegsim("run", str(empty), *LONG), "empty")


def test_negative_and_oversized_seeds_are_refused():
    refused(plegsim("run", "--seed", "-1", *LONG), "--seed", "(got \"-1\")")
    refused(plegsim("run", "--seed", "18446744073709551616", *LONG), "--seed")
    refused(plegsim("run", "--seed", "12abc", *LONG), "--seed")
    ok = plegsim("run", "--seed", "18446744073709551615", "--duration", "6m", "--json")
    assert ok.returncode == 0, ok.stderr
    assert '"seed": 18446744073709551615' in ok.stdout


def test_sweep_counts_out_of_range_are_refused():
    base = ["sweep", "--axis", "node.pods=2", *LONG]
    refused(plegsim(*base, "-j", "-1"), "--threads", "1 to 256")
    refused(plegsim(*base, "-j", "0"), "--threads")
    refused(plegsim(*base, "-r", "-1"), "--replications")
    refused(plegsim(*base, "-r", "0"), "--replications")
    refused(plegsim(*base, "-r", "10001"), "--replications")


def test_a_sweep_point_that_cannot_build_is_refused_before_running():
    refused(plegsim("sweep", "--axis", "kubelet.featureGates.EventedPLEG=true", "-r", "2", *LONG),
            "EventedPLEG", "1.26")


def test_a_repeated_sweep_axis_is_refused():
    refused(plegsim("sweep", "--axis", "node.pods=100", "--axis", "node.pods=200", *LONG),
            "node.pods is given twice")


def test_huge_maps_lists_and_override_counts_are_refused_quickly(tmp_path):
    """Quadratic duplicate-key scans took 125 s on 300,000 featureGates and 23 s on
    40,000 --set: now linear, and bounded at 10,000 entries and 1,000 overrides."""
    gates = tmp_path / "gates.yaml"
    gates.write_text("kubelet:\n  featureGates:\n" +
                     "".join(f"    G{i}: true\n" for i in range(300000)))
    refused(plegsim("run", str(gates), *LONG, timeout=20), "featureGates", "limit is 10000")
    dup = tmp_path / "dup.yaml"
    dup.write_text("kubelet:\n  featureGates:\n" +
                   "".join(f"    G{i}: true\n" for i in range(9000)) + "    G5: true\n")
    refused(plegsim("run", str(dup), *LONG, timeout=20), "G5: duplicate key",
            "first given at line 8")
    faults = tmp_path / "faults.yaml"
    faults.write_text("faults:\n" + "".join(
        f"  - {{kind: hang, op: ContainerStatus, pod: 1, from: {i}s}}\n" for i in range(10001)))
    refused(plegsim("run", str(faults), *LONG, timeout=20), "faults", "limit is 10000")
    sets = [a for i in range(1001) for a in ("--set", f"node.pods={i % 50 + 1}")]
    refused(plegsim("run", *sets, "--duration", "6m"), "too many overrides", "limit is 1000")


def test_rates_too_small_for_any_event_are_exact_not_a_hang():
    """crashRate=1e-18/h never finished (llround overflow in the churn loop); 1e-14/h ran
    569,209 kernel events instead of the quiet node's. The first draw now lies past the
    end of the run, exactly like rate 0."""
    def summary(rate):
        r = plegsim("run", "--set", f"workload.crashRate={rate}", "--duration", "2h", "--json",
                    timeout=30)
        assert r.returncode == 0, r.stderr
        d = json.loads(r.stdout)
        d.pop("wall_seconds")
        return d
    quiet = summary("0")
    assert summary("1e-14/h") == quiet
    assert summary("1e-18/h") == quiet


def test_values_that_aborted_the_run_are_refused_where_written():
    for s, key in [("faults=[{kind: slowdown, factor: 1e308}]", "factor"),
                   ("runtime.latency.ListPodSandbox={base: 1h, perItem: 2562047h}", "perItem"),
                   ("kubelet.relistThreshold=2562047h47m16.854775807s", "relistThreshold"),
                   ("workload.crashRate=1e308/h", "crashRate"),
                   ("workload.podCreateRate=1e308/s", "podCreateRate")]:
        refused(plegsim("run", "--set", s, *LONG), key)


def test_names_with_control_characters_print_whole_and_escaped(tmp_path):
    sc = tmp_path / "n.yaml"
    long_name = "x" * 2000
    sc.write_text('name: "a\\0 \\e[2J\\x08b"\nduration: 6m\n')
    r = plegsim("run", str(sc))
    assert r.returncode == 0, r.stderr
    scenario_line = [line for line in r.stdout.splitlines() if line.split()[0] == "scenario"][0]
    assert scenario_line.split(None, 1)[1] == "a\\x00 \\x1b[2J\\x08b"
    j = plegsim("run", str(sc), "--json")
    assert json.loads(j.stdout)["scenario"] == "a\0 \x1b[2J\x08b"
    sc.write_text(f"name: {long_name}\nduration: 6m\n")
    assert long_name in plegsim("run", str(sc)).stdout.splitlines()[1]


def test_sigint_keeps_the_finished_runs_of_a_sweep(tmp_path):
    """Issue 16: SIGINT threw away every completed run. The first SIGINT stops the
    sweep: runs under way finish and are kept in the journal (exit 130), no half table
    takes the output's name, and --resume completes it to an uninterrupted sweep's
    table (issue 13: durable output for every -o)."""
    import signal
    import time
    args = ["sweep", "--axis", "node.pods=20,40,60,80", "-r", "2", "-j", "1",
            "--duration", "300h"]
    out = tmp_path / "part.csv"
    journal = tmp_path / "part.csv.journal"
    proc = subprocess.Popen([PLEGSIM, *args, "-o", str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    # Long enough for a point's two runs to finish (runs are ~10x slower under the
    # sanitizers).
    time.sleep(15 if os.environ.get("PLEGSIM_SANITIZED") == "1" else 1.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted after" in err and "--resume completes" in err, err
    assert not out.exists()
    runs = journal.read_text().splitlines()[2:]  # after the journal's two header lines
    assert 1 <= len(runs) < 8, (runs, err)
    full = plegsim(*args, timeout=300).stdout
    resumed = plegsim(*args, "-o", str(out), "--resume", timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert out.read_text() == full
    assert sorted(p.name for p in tmp_path.iterdir()) == ["part.csv"]


def test_values_at_the_top_of_their_range_run_without_aborting():
    """The largest accepted values used to overflow simulated time (SIGABRT: time in the
    past). At the ten-year and 10^6 limits they now run: time saturates."""
    for s in ["kubelet.relistThreshold=87600h", "kubelet.relistPeriod=87600h",
              "faults=[{kind: slowdown, factor: 1e6}]",
              "runtime.latency.ListPodSandbox={base: 87600h, perItem: 87600h}",
              "runtime.latency.ContainerStatus.noise={empirical: {quantiles: [1, 1e6]}}",
              "faults=[{kind: kubeletRestart, from: 87600h}]",
              "kubelet.eventHandlingTime=87600h"]:
        r = plegsim("run", "--set", s, "--duration", "6m", "--json", timeout=60)
        assert r.returncode == 0, (s, r.returncode, r.stderr)
        assert json.loads(r.stdout)["simulated_seconds"] == 360, s


def test_ten_thousand_faults_load_and_run_quickly(tmp_path):
    f = tmp_path / "faults.yaml"
    f.write_text("faults:\n" + "".join(
        f"  - {{kind: hang, op: ContainerStatus, pod: {i % 100}, from: {i}s, for: 1s}}\n"
        for i in range(10000)))
    r = plegsim("run", str(f), "--duration", "6m", timeout=30)
    assert r.returncode == 0, r.stderr
