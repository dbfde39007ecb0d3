"""`plegsim run --metrics`: the kubelet's metrics of the simulated release parse with
prometheus_client's text parser, carry the release's names, and agree with the run."""
import json
import os
import subprocess

import pytest
from prometheus_client.parser import text_string_to_metric_families

PLEGSIM = os.environ.get("PLEGSIM_BIN", "plegsim")


def scrape(tmp_path, version, *extra):
    path = tmp_path / f"m{version}.prom"
    out = subprocess.run([PLEGSIM, "run", "--duration", "15m", "--set",
                          f"kubelet.version={version}", "--json", "--metrics", str(path), *extra],
                         capture_output=True, text=True, check=True, timeout=60)
    text = path.read_text()
    samples = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            samples.setdefault(s.name, []).append(s)
    # Family names and types as written (the parser renames counter samples to *_total).
    types = dict(line.split()[2:4] for line in text.splitlines() if line.startswith("# TYPE "))
    return samples, types, json.loads(out.stdout)


def value(samples, name, **labels):
    for s in samples[name]:
        if all(s.labels.get(k) == v for k, v in labels.items()):
            return s.value
    raise KeyError((name, labels))


@pytest.mark.parametrize("version", ["1.11", "1.15", "1.18", "1.21", "1.28"])
def test_metrics_parse_and_histograms_are_cumulative(tmp_path, version):
    samples, types, _ = scrape(tmp_path, version)
    for name, ss in samples.items():
        if name.endswith("_bucket"):
            by_series = {}
            for s in ss:
                key = tuple(sorted((k, v) for k, v in s.labels.items() if k != "le"))
                by_series.setdefault(key, []).append(s)
            for series in by_series.values():
                counts = [s.value for s in series]
                assert counts == sorted(counts), name
                assert series[-1].labels["le"] == "+Inf"
    assert "plegsim_event_detection_seconds_bucket" in samples


def test_release_1_11_has_the_microsecond_summaries(tmp_path):
    samples, types, summary = scrape(tmp_path, "1.11")
    assert types["kubelet_pleg_relist_latency_microseconds"] == "summary"
    quantiles = {s.labels["quantile"] for s in samples["kubelet_pleg_relist_latency_microseconds"]}
    assert quantiles == {"0.5", "0.9", "0.99"}
    assert "kubelet_pleg_relist_duration_seconds_bucket" not in samples
    assert types["kubelet_runtime_operations"] == "counter"
    assert "kubelet_runtime_operations_total" not in types
    # prometheus_client reads the <= 1.13 counter's samples as *_total.
    assert value(samples, "kubelet_runtime_operations_total",
                 operation_type="list_podsandbox") > 0
    assert types["kubelet_running_pod_count"] == "gauge"


def test_release_1_28_has_seconds_histograms_and_the_new_names(tmp_path):
    samples, types, summary = scrape(tmp_path, "1.28")
    assert "kubelet_pleg_relist_latency_microseconds" not in types
    assert types["kubelet_runtime_operations_total"] == "counter"
    assert types["kubelet_pleg_relist_duration_seconds"] == "histogram"
    assert types["kubelet_running_containers"] == "gauge"
    les = {s.labels["le"] for s in samples["kubelet_runtime_operations_duration_seconds_bucket"]}
    assert "298.0232238769531" in les  # ExponentialBuckets(0.005, 2.5, 14) from 1.21
    les = {s.labels["le"] for s in samples["kubelet_pleg_relist_duration_seconds_bucket"]}
    assert les == {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10",
                   "+Inf"}
    assert value(samples, "kubelet_running_pods") == 110
    assert value(samples, "kubelet_running_containers", container_state="running") > 0
    # Unix seconds of the last successful relist, t = 0 being 2026-01-01T00:00:00Z.
    last_seen = value(samples, "kubelet_pleg_last_seen_seconds")
    assert 1767225600 + 14 * 60 <= last_seen <= 1767225600 + 15 * 60
    # The whole run is counted (no warm-up), so at least the summary's relists.
    count = value(samples, "kubelet_pleg_relist_duration_seconds_count")
    assert count >= summary["relists"]


def test_a_stuck_runtime_shows_errors_and_an_old_last_seen(tmp_path):
    samples, _, summary = scrape(tmp_path, "1.20", "--set",
                                 "faults=[{kind: hang, op: ListPodSandbox, from: 5m}]")
    assert value(samples, "kubelet_runtime_operations_errors_total",
                 operation_type="list_podsandbox") > 0
    last_seen = value(samples, "kubelet_pleg_last_seen_seconds")
    assert last_seen <= 1767225600 + 5 * 60
    assert summary["pleg_unhealthy_transitions"] >= 1


def test_evented_pleg_counters_follow_the_stream(tmp_path):
    # 1.27 with the gate: one stream, every event's latency observed; then every
    # reconnect fails from 5 min for 10 min, so five errors and the fallback.
    samples, types, _ = scrape(
        tmp_path, "1.27", "--set", "kubelet.featureGates.EventedPLEG=true",
        "--set", "workload.crashRate=6/h",
        "--set", "faults=[{kind: errors, op: GetContainerEvents, probability: 1, from: 5m, "
                 "for: 10m}]")
    assert types["kubelet_evented_pleg_connection_error_count"] == "counter"
    assert value(samples, "kubelet_evented_pleg_connection_success_count_total") == 1
    assert value(samples, "kubelet_evented_pleg_connection_error_count_total") == 5
    assert value(samples, "kubelet_evented_pleg_connection_latency_seconds_count") > 0
    # Absent before the gate existed.
    _, types_125, _ = scrape(tmp_path, "1.25")
    assert "kubelet_evented_pleg_connection_error_count" not in types_125
