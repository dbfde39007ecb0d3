"""The rows of docs/validation.md: one function per row of ../shared/data/realworld.md
(or §2 note) that plegsim can be checked against, in ROWS, the one list the document,
the CTest checks and `--check` all read. Each function runs its scenarios through the
Context and returns a Row of Checks; the figures it compares with are the source's, as
realworld.md states them (row ids cited). UNCHECKED says why every other row is left
out, PENDING what is still to come.
"""
import os

from validation_checks import (MISS, PASS, ROOT, Check, Row, binomial_range, calls_of, measured,
                               per_relist, poisson_range, quantile, read_prom_counts)
from validation_incident_rows import row_p10, row_p16, row_p5_p6, row_s22_sticky

SCRAPE_M3 = "tests/data/kubelet-1.13-minikube.prom"
M2, M3, M4 = ("scenarios/calibration/m2.yaml", "scenarios/calibration/m3.yaml",
              "scenarios/calibration/m4.yaml")
QUANTILE_TOL = ("Relist and call quantiles within 20 %: the issue's bar for relist "
                "quantiles. The kubelet's summaries cover a 10-minute window (about 600 "
                "relists), so a p99 rests on about 6 relists, and their rank error is "
                "0.05 / 0.01 / 0.001 at p50 / p90 / p99 (client_golang's DefObjectives).")
INTERVAL_TOL = ("Interval quantiles within 0.5 %, the issue's bar (0.5 % of 1 s is 5 ms, "
                "so this is coarser than the duration's 20 % at M3 and M4).")
PER_RELIST_TOL = ("Calls per relist within 2 %: the figure is derived from lifetime "
                  "counters (start-up included) and rounded to 0.01; the profile has one "
                  "background caller for all three nodes, which span 1.84-1.89.")


def relist_q(runs, q):
    return [quantile(measured(r).duration_s, q) for r in runs]


def interval_q(runs, q):
    return [quantile(measured(r).interval_s.dropna(), q) for r in runs]


def mean_of(values_per_run):
    return [float(sum(v) / len(v)) for v in values_per_run]


def quantile_checks(what, runs, real_us, fitted=(), misses=()):
    """p50, p90 and p99 of relist durations (what="relist") or of an operation's calls,
    in µs, against the source's figures."""
    out = []
    for q, real in zip((0.5, 0.9, 0.99), real_us):
        sims = (relist_q(runs, q) if what == "relist"
                else [quantile(calls_of(r, what), q) for r in runs])
        out.append(Check(f"{what} p{round(q * 100)}", real * 1e-6, sims, rel=0.20,
                         unit="µs", scale=1e6, digits=4,
                         role="fitted" if q in fitted else "validation",
                         expect=MISS if q in misses else PASS))
    return out


def interval_checks(runs, real_s, misses=()):
    return [Check(f"interval p{round(q * 100)}", real, interval_q(runs, q), rel=0.005,
                  unit="s", digits=7, expect=MISS if q in misses else PASS)
            for q, real in zip((0.5, 0.9, 0.99), real_s)]


def row_m2(ctx):
    runs = ctx.runs(M2, ctx.reps(6, 32), keep_calls=True)
    checks = quantile_checks("relist", runs, (2412, 2562, 15997), fitted=(0.5, 0.99))
    checks.append(Check("relist mean", 2.34e-3, mean_of(measured(r).duration_s for r in runs),
                        rel=0.20, unit="ms", scale=1e3, expect=MISS))
    checks += interval_checks(runs, (1.002599, 1.002833, 1.016171))
    checks += quantile_checks("ListContainers", runs, (1055, 1149, 13616), fitted=(0.5,),
                              misses=(0.99,))
    checks += quantile_checks("ListPodSandbox", runs, (1233, 1333, 11421), fitted=(0.5,))
    checks.append(Check("Status p50", 878e-6, [quantile(calls_of(r, "Status"), 0.5)
                                                for r in runs], rel=0.20, unit="µs",
                        scale=1e6, role="fitted"))
    for op, real in (("ListContainers", 1.86), ("ListPodSandbox", 1.84)):
        checks.append(Check(f"{op} calls per relist", real, [per_relist(r, op) for r in runs],
                            rel=0.02, role="fitted"))
    return Row("M2", "dockershim, 2 pods, ~10.5 days up",
               "hardening-kubernetes/from-scratch docs/cmd/kubelet-metrics.md (fa2cd4b, "
               "~Mar 2018): relist, interval and per-operation summaries; 905,125 relists.",
               M2, "kubelet 1.10, 2 pods of 2 containers (plegsim's pods are uniform; M2 "
               "had 3 containers), no churn, the dockershim profile, which was fitted to "
               "M2's and M3's list p50s, relist p50s (relistCompute) and p99s (hiccups) "
               "and to the calls per relist (one background caller).", checks,
               [QUANTILE_TOL, INTERVAL_TOL, PER_RELIST_TOL,
                "The relist mean misses: it is M2's lifetime mean (sum / count over 10.5 "
                "days), and it lies below the last 10 minutes' median (2.34 against 2.41 "
                "ms), so over its life the node was faster than in the window the "
                "quantiles describe; plegsim's steady node has its p50 16 % high and its "
                "hiccups (which give the p99) add ~0.4 ms to the mean.",
                "ListContainers p99 misses, ListPodSandbox p99 passes: the hiccups fitted "
                "to the relist p99 delay about 0.55 % of ListContainers calls past 10 ms, "
                "where M2's p99 needs at least 1 %. A relist makes two list calls, so "
                "episodes frequent enough for 1 % of relists reach fewer than 1 % of "
                "calls; M2 had at least 1 % of each, which suggests longer or more "
                "frequent episodes than the profile's. A p99 that sits at the edge of "
                "the tail jumps between ~1.2 ms and ~13 ms from seed to seed (see ± 2 SE)."])


def row_m3(ctx):
    runs = ctx.runs(M3, ctx.reps(6, 32), keep_calls=True)
    checks = quantile_checks("relist", runs, (12741, 16211, 31234), fitted=(0.5, 0.99))
    checks += interval_checks(runs, (1.013125, 1.01682, 1.032022))
    checks += quantile_checks("ListContainers", runs, (2860, 5131, 15491), fitted=(0.5,),
                              misses=(0.9, 0.99))
    checks += quantile_checks("ListPodSandbox", runs, (6645, 11038, 21220), fitted=(0.5,),
                              misses=(0.9,))
    # Means, counts and NotFound: over the whole run (the scrape's counters cover the
    # kubelet's life; the status calls come with the restart).
    whole = ctx.runs(M3, ctx.reps(6, 32), overrides={"warmup": "0s"}, keep_calls=True)
    checks.insert(3, Check("relist mean (whole run)", 17.7e-3,
                           mean_of(r.relists.duration_s for r in whole), rel=0.20, unit="ms",
                           scale=1e3))
    for op, real in (("ContainerStatus", 64.8e-3), ("PodSandboxStatus", 8.7e-3)):
        checks.append(Check(f"{op} mean", real, mean_of(calls_of(r, op) for r in whole),
                            rel=0.20, unit="ms", scale=1e3, role="fitted"))
    scrape = read_prom_counts(os.path.join(ROOT, SCRAPE_M3))
    relists = scrape["kubelet_pleg_relist_latency_microseconds_count"]
    for op, name in (("ListContainers", "list_containers"), ("ListPodSandbox", "list_podsandbox")):
        real = scrape[f'kubelet_runtime_operations{{operation_type="{name}"}}'] / relists
        checks.append(Check(f"{op} calls per relist", round(real, 3),
                            [per_relist(r, op) for r in whole], rel=0.02, role="fitted"))
    share = [r.summary["cri_errors"].get("ContainerStatus", 0) /
             r.summary["cri_calls"]["ContainerStatus"] for r in whole]
    checks.append(Check("ContainerStatus NotFound share", binomial_range(14, 90), share,
                        real_text="95 % CI of 14 in 90", digits=2, expect=MISS))
    return Row("M3", "minikube, kubelet 1.13.4, dockershim, 9 pods, 23 min after a restart",
               "netdata/go.d.plugin testdata/metrics.txt (ccdff03), kept as "
               "tests/data/kubelet-1.13-minikube.prom: 1,369 relists; the summaries' last "
               "10 minutes.", M3,
               "kubelet 1.13, 9 pods of 1 container, no churn, the previous boot's 9 "
               "NOTREADY sandboxes and 23 exited containers (14 removed at start), the "
               "dockershim profile (fitted to M3 as to M2, and ContainerStatus and "
               "PodSandboxStatus means to M3's). Quantiles over the last 10 minutes, as the "
               "summaries; means, counts and shares over the whole run, as the counters.",
               checks,
               [QUANTILE_TOL, INTERVAL_TOL, PER_RELIST_TOL,
                "The list calls' p90 misses: the profile's list noise is narrow (sigma "
                "0.05, from M2's body, p90/p50 1.09), while M3's calls spread wider "
                "(p90/p50 1.79 and 1.66). The relist p90 still passes (-16 %), as the "
                "kubelet's own work (relistCompute, sigma 0.2) widens the relist.",
                "NotFound share: the real value is the exact 95 % binomial interval of 14 "
                "failures in 90 calls. The model's two racing removers (container GC and "
                "the pod container deletor) give about twice M3's share: a MISS here, "
                "while tests/calibration accepts a factor of 10 and docs/assumptions.md "
                "states a factor of 3."])


def row_m3_fit(ctx):
    """Issue #12's bar: fit M3's scrape (per-operation latencies, calls per relist; the
    relist is not an input), simulate the M3 node with the fit over it, and predict the
    relist."""
    import plegsim
    fitted = plegsim.fit(os.path.join(ROOT, SCRAPE_M3))
    node = plegsim.Scenario.load(os.path.join(ROOT, M3))
    key = ("m3-fit", ctx.reps(6, 32))
    if key not in ctx._cache:
        sc = fitted.scenario(node)
        ctx._cache[key] = plegsim.run_many([(sc, 1 + r) for r in range(key[1])], workers=2,
                                           keep_calls=True, keep_events=False,
                                           keep_changes=False)
    runs = ctx._cache[key]
    checks = quantile_checks("relist", runs, (12741, 16211, 31234))
    checks += interval_checks(runs, (1.013125, 1.01682, 1.032022))
    checks += quantile_checks("ListContainers", runs, (2860, 5131, 15491), fitted=(0.5, 0.9, 0.99))
    checks += quantile_checks("ListPodSandbox", runs, (6645, 11038, 21220),
                              fitted=(0.5, 0.9, 0.99))
    families = ", ".join(f"{r.operation} {r.family}" for r in fitted.operations.itertuples()
                         if r.operation in ("list_containers", "list_podsandbox"))
    return Row("M3 (fit)", "the M3 node fitted from its scrape by `plegsim fit`",
               "tests/data/kubelet-1.13-minikube.prom (M3): per-operation summaries and "
               "counters only; the relist summary is kept out of the fit and compared here.",
               M3 + " with `plegsim fit`'s runtime over it",
               "`plegsim fit` on the scrape (families chosen by Akaike's criterion: " +
               families + "; regime none; one background caller per list from calls per "
               "relist), overlaid on the M3 node (`plegsim fit --validate --scenario " + M3 +
               "` does the same from the command line).",
               checks,
               [QUANTILE_TOL, INTERVAL_TOL,
                "The relist quantiles are predictions: nothing about the relist entered the "
                "fit. The list quantiles are the fit's own (a check that the simulated "
                "calls, with contention and the background callers, keep the fitted "
                "distribution)."])


def row_m4(ctx):
    runs = ctx.runs(M4, ctx.reps(3, 16), keep_calls=True)
    relists, checks = 231635, []
    for seconds, over in ((0.1, 39), (0.25, 23), (0.5, 7), (1.0, 3)):
        lo, hi = poisson_range(over)
        sims = [float((measured(r).duration_s > seconds).mean() * 1e5) for r in runs]
        checks.append(Check(f"relists over {seconds:g} s per 10⁵", (lo / relists * 1e5,
                                                                  hi / relists * 1e5), sims,
                            real_text=f"95 % CI of {over} in {relists:,}", role="fitted"))
    checks.append(Check("relist mean", 15.3e-3, mean_of(measured(r).duration_s for r in runs),
                        rel=0.20, unit="ms", scale=1e3, role="fitted"))
    checks += interval_checks(runs, (1.015301, 1.02135, 1.029384), misses=(0.99,))
    checks.append(Check("ListContainers mean", 8.13e-3, mean_of(calls_of(r, "ListContainers")
                                                                for r in runs),
                        rel=0.20, unit="ms", scale=1e3, expect=MISS))
    for limit, share in ((0.025, 0.36), (0.05, 0.005)):
        calls = 1.89 * relists  # M4's derived calls per relist
        lo, hi = poisson_range(share / 100 * calls)
        sims = [float((calls_of(r, "ListContainers") > limit).mean() * 100) for r in runs]
        checks.append(Check(f"ListContainers over {limit * 1e3:g} ms (%)",
                            (lo / calls * 100, hi / calls * 100), sims, digits=3,
                            real_text=f"95 % CI of {share} %", expect=MISS))
    checks.append(Check("ListContainers calls per relist", 1.89,
                        [per_relist(r, "ListContainers") for r in runs], rel=0.02,
                        role="fitted"))
    return Row("M4", "kubelet 1.13.3, pod count not given, ~2.7 days",
               "cofyc/kubelet-exporter #5 (lianghuiyuan): relist histogram (231,635 relists), "
               "interval summary, list_containers histogram.", M4,
               "kubelet 1.13, 13 pods of 3 containers (chosen so the relist mean is M4's "
               "15.3 ms: the pod count is not given), no churn, the dockershim profile, "
               "whose stall episodes (~90 a day) were fitted to M4's tail; 72 h a "
               "replication (about 255,000 relists).", checks,
               [INTERVAL_TOL, PER_RELIST_TOL,
                "Tail counts: the real range is the exact 95 % Poisson interval of the "
                "observed count; the shares of slow list calls likewise, from the share "
                "printed times 1.89 calls per relist (rounding the printed share moves it less "
                "than the interval's width).",
                "ListContainers misses twice over: its mean is too low (5.8 ms against "
                "8.13: at the 13 pods chosen to give M4's relist mean, M2's and M3's list "
                "cost line gives faster calls than M4's node made), while too many calls "
                "are slow (0.54 % over 25 ms against 0.36 %, ten times M4's share over 50 "
                "ms): every ~30 ms hiccup catches the calls in flight, where M4's calls "
                "were slower in their body and rarely delayed by tens of ms. The interval "
                "p99 (+0.65 %) misses for the same reason: the hiccups put the relist p99 "
                "at ~36 ms where M4's interval says ~29 ms. M4's pod count is unknown, so "
                "this node's list cost is an extrapolation."])

def row_s21(ctx):
    nodes = (("M2", M2, 6, 32, 1.002582, 2.34e-3), ("M3", M3, 6, 32, 1.01824, 17.7e-3),
             ("M4", M4, 3, 16, 1.01546, 15.3e-3))
    checks = []
    for name, path, short, long, interval, duration in nodes:
        runs = ctx.runs(path, ctx.reps(short, long), keep_calls=True)
        ratio = [float(measured(r).interval_s.mean() / (1 + measured(r).duration_s.mean()))
                 for r in runs]
        checks.append(Check(f"{name} mean interval ÷ (1 s + mean duration)",
                            round(interval / (1 + duration), 6), ratio, rel=0.001, digits=7))
    identity = []
    for _, path, short, long, _, _ in nodes:
        for r in ctx.runs(path, ctx.reps(short, long), keep_calls=True):
            d = r.relists
            gap = d.interval_s.to_numpy()[1:] - 1 - d.duration_s.to_numpy()[:-1]
            identity.append(float(abs(gap).max()))
    checks.append(Check("largest interval − 1 s − previous duration", 0.0, identity,
                        abs_=1e-6, unit="µs", scale=1e6, real_text="identity"))
    for name, path, p50, p99 in (("M2", M2, 2412, 15997), ("M3", M3, 12741, 31234)):
        runs = ctx.runs(path, ctx.reps(6, 32), keep_calls=True)
        sims = [a / b for a, b in zip(relist_q(runs, 0.99), relist_q(runs, 0.5))]
        r = p99 / p50
        checks.append(Check(f"{name} relist p99 ÷ p50", (r / 1.5, r * 1.5), sims, digits=3,
                            real_text=f"{r:.2f} ×/÷ 1.5", role="fitted"))
    return Row("§2.1", "consistency checks a simulator can reproduce exactly",
               "realworld.md §2.1, from M2, M3 and M4: interval = period + duration; "
               "1.84-1.89 list calls per relist (M2-M4 rows); small-N relists tail-heavy; "
               "the sync loop's back-off while unhealthy.", "the M2, M3 and M4 runs above",
               "nothing beyond the M rows: these are properties of the same runs.", checks,
               ["Interval ratio within 0.1 %: real kubelets add 0.16-0.54 ms a relist "
                "(Go's timer and goroutine wake-up) that plegsim does not model; 0.1 % of "
                "the interval bounds it. plegsim's identity holds to the nanosecond "
                "(tolerance 1 µs).",
                "Tail ratio: a ratio of two quantiles each within 20 % is within a factor "
                "of 1.5 either way.",
                "Calls per relist: in the M2, M3 and M4 rows. M4's 1 relist in 77,000 over "
                "1 s: the M4 row's tail counts.",
                "Not checked: the back-off signature (100, 200, 400, 800 ms, then 5 s; "
                "#93886, #61117). plegsim's sync loop has that back-off, but no output "
                "records the skipped iterations' times, so it cannot be compared here."])


# One entry per row the checks cover, in the document's order.
ROWS = [
    row_m2,
    row_m3,
    row_m3_fit,
    row_m4,
    row_s21,
    row_p5_p6,
    row_p10,
    row_p16,
    row_s22_sticky,
]

# Checks still to come, by whom; each becomes a function in ROWS.
PENDING = []

# Every other row of realworld.md, and why it is not a check here.
UNCHECKED = [
    ("§0", "kubelet constants and semantics: inputs of the model (period, threshold, "
     "timeout, channel capacity, send semantics), checked by the incident scenarios' "
     "expect: blocks and tests/fidelity, not data to compare with"),
    ("P2, P3", "qualitative (serial updateCache); plegsim's inspection is serial "
     "(kubelet.inspectionParallelism 1)"),
    ("P7, P22", "used for the \"last seen\" values in the P5, P6 row; no other figures"),
    ("P8, P9, P17, P18, P19, P25, P26", "other causes of a hung status call (shim reaped, "
     "runc init, CNI teardown, kube-ovn socket, CRI-O): the mechanism of P5/P6 and "
     "scenarios/incidents/cni-hang.yaml; no timing beyond \"hangs\""),
    ("P11, P13, P14, P20, P29, P31, P32", "overload reports with no pod count, churn or "
     "latency to configure a node from (CPU, disk I/O, cAdvisor, cgroup driver)"),
    ("P12, P21, P23, P28, P30 (beyond §2.2)", "runtime or network bugs fixed by upgrades; "
     "\"last seen\" durations only (P30 in the §2.2 row)"),
    ("P24, P27", "used in the §2.2 row (hung list call); P27's ExecSync errors and pod "
     "caps have no timing"),
    ("C2, C3", "Windows nodes (hcsshim); plegsim has no Windows runtime profile"),
    ("C4, C5", "pod start-up latency, of which PLEG detection is one part; plegsim does "
     "not simulate the rest of pod start-up (status manager, API server)"),
    ("C6, C7, R1-R5, R10-R12", "docker/containerd list and create costs of 2015-2024 "
     "versions at other container counts; no pod count with a relist figure (§2.4)"),
    ("R6-R9", "inputs: the lifecycle latencies of the profiles (docs/assumptions.md)"),
    ("E1-E14", "CPU, memory and density guidance; plegsim does not model CPU or memory; "
     "E9, E10 set profile and default values (docs/assumptions.md)"),
    ("V1-V6", "Evented PLEG: no figures (V4's CPU observation is not modelled); the "
     "semantics are in scenarios/incidents/churn-evented-1.27.yaml"),
]
