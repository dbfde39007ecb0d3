"""python3 -m plegsim.report: the summary table from a run file, and the PNG panels."""
import os
import subprocess
import sys

PLEGSIM = os.environ.get("PLEGSIM_BIN", "plegsim")


def test_report_prints_the_summary_and_draws_the_panels(tmp_path):
    h5 = tmp_path / "run.h5"
    subprocess.run([PLEGSIM, "run", "--duration", "15m", "--set", "workload.crashRate=6/h",
                    "-o", str(h5), "--events"], check=True, capture_output=True, timeout=60)
    png = tmp_path / "out.png"
    out = subprocess.run([sys.executable, "-m", "plegsim.report", str(h5), "--png", str(png)],
                         check=True, capture_output=True, text=True, timeout=120)
    assert "relists" in out.stdout
    assert "node_not_ready_share" in out.stdout
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000
    # Nothing half-written is left behind.
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".plegsim-report-")] == []


def test_report_on_a_missing_file_exits_2(tmp_path):
    r = subprocess.run([sys.executable, "-m", "plegsim.report", str(tmp_path / "nope.h5")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "not a readable plegsim run file" in r.stderr
