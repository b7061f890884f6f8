"""bench/run.py runs end to end and prints its one table (a smoke run with a tiny database; the
targets are for the benchmark, not for tests, so no timing is checked here)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ROWS = ("build the demo database", "open 300 items, main window with its first page", "switch queue",
        "sort all 300 items by a column", "filter by column", "search 1 char", "search 2 chars", "search 3 chars",
        "search 4 chars", "search 8 chars", "peak memory, main window with 300 items",
        "scan 5,000 characters", "export 100 items to Word", "one e-mail package", "weekly report")


def test_quick_run_prints_the_table(tmp_path):
    env = dict(os.environ, INFODESK_BENCH_CACHE=str(tmp_path / "cache"), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--items", "300", "--repeat", "1"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = out.stdout.splitlines()
    assert lines[0].startswith("InfoDesk at 300 items") and "SQLite" in lines[0] and "Python" in lines[0]
    header = [c.strip() for c in lines[1].strip("|").split("|")]
    assert header == ["what", "figure", "target", "baseline", "ok"]
    body = [line for line in lines[3:] if line.startswith("|")]
    for name in ROWS:
        matching = [line for line in body if name in line]
        assert matching, f"no row for {name!r} in:\n{out.stdout}"
    for line in body:
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert len(cells) == 5 and cells[4] in ("ok", "MISSED", "—"), line
    # the database is cached: a second run reuses it (no build row)
    again = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--items", "300", "--repeat", "1"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "build the demo database" not in again.stdout and "open 300 items" in again.stdout
