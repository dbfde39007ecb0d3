#!/usr/bin/python3
"""Runs `plegsim validate ARGS` twice, as a table and with --json, and checks that the
JSON parses and carries the table's rows: the same metrics, operations and statistics
in the same order, with the same observed and simulated values (the table prints 6
significant digits) and errors.

    /usr/bin/python3 json_matches_table.py PLEGSIM ARGS...
"""

import json
import subprocess
import sys


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}\n{p.stderr}")
    return p.stdout


def table_rows(text):
    """The data lines of the table: metric operation statistic unit observed simulated error."""
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("metric "))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        if line.startswith("(") or line.startswith("not simulated"):
            break
        f = line.split()
        # "per relist" is two words.
        if f[2] == "per":
            f[2:4] = ["per relist"]
        rows.append(f)
    return rows


def same6(a, b):
    return float(f"{b:.6g}") == float(a)


def main():
    plegsim, args = sys.argv[1], sys.argv[2:]
    table = run([plegsim, "validate", *args])
    doc = json.loads(run([plegsim, "validate", *args, "--json"]))
    rows = table_rows(table)
    metrics = doc["metrics"]
    assert len(rows) == len(metrics) > 0, (len(rows), len(metrics))
    for f, m in zip(rows, metrics):
        metric, op, stat, unit, observed, simulated, error = f[:7]
        assert metric == m["metric"], (f, m)
        assert op == m.get("operation", "-"), (f, m)
        assert unit == m["unit"], (f, m)
        if m["statistic"] == "quantile":
            assert stat == f"p{m['quantile'] * 100:g}", (f, m)
        elif m["statistic"] == "le":
            assert stat == f"le={m['le']:g}", (f, m)
        assert same6(observed, m["observed"]), (f, m)
        if m["simulated"] is None:
            assert simulated == "-", (f, m)
            continue
        assert same6(simulated, m["simulated"]), (f, m)
        err = m.get("relative_error", m.get("absolute_difference"))
        if err is None:
            assert error == "-", (f, m)
        elif "relative_error" in m:
            assert error == f"{m['relative_error'] * 100:+.2f}", (f, m)
        else:
            assert error == f"{m['absolute_difference']:+.4f}", (f, m)
    for key in ("scrape", "scenario", "replications", "not_simulated"):
        assert key in doc, key
    print(f"{len(rows)} rows agree")


if __name__ == "__main__":
    main()
