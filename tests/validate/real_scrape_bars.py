#!/usr/bin/python3
"""Issue #12's bar for a validated node: `COMMAND --json` (plegsim validate, or plegsim fit
--validate) must put the relist duration's p50, p90 and p99 within 20 % of the scrape's
and the relist interval's p50 within 0.5 %. Prints every row; exit 1 on a miss.

    /usr/bin/python3 real_scrape_bars.py PLEGSIM validate SCRAPE.prom --scenario NODE.yaml [-r R]
    /usr/bin/python3 real_scrape_bars.py PLEGSIM fit SCRAPE.prom --validate --scenario NODE.yaml
"""

import json
import subprocess
import sys

BARS = {  # (metric, quantile) -> |relative error| allowed
    ("relist_duration", 0.5): 0.20,
    ("relist_duration", 0.9): 0.20,
    ("relist_duration", 0.99): 0.20,
    ("relist_interval", 0.5): 0.005,
}


def main():
    cmd = [*sys.argv[1:], "--json"]
    p = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {p.returncode}\n{p.stderr}")
    doc = json.loads(p.stdout)
    seen, misses = set(), []
    for m in doc["metrics"]:
        err = m.get("relative_error", m.get("absolute_difference"))
        print(f"{m['metric']:18} {m.get('operation', '-'):20} {m['statistic']:10} "
              f"{m.get('quantile', m.get('le', '')):<6} {m['observed']!s:>12} "
              f"{m['simulated']!s:>22} {err}")
        key = (m["metric"], m.get("quantile"))
        if key in BARS:
            seen.add(key)
            if err is None or abs(err) > BARS[key]:
                misses.append(f"{key}: {err} beyond {BARS[key]}")
    for key in BARS:
        if key not in seen:
            misses.append(f"{key}: not in the output")
    if misses:
        sys.exit("\n".join(misses))
    print("within the bars:", ", ".join(f"{k[0]} p{k[1] * 100:g} {v}" for k, v in BARS.items()))


if __name__ == "__main__":
    main()
