"""Benchmark: the weekly report over 10,000 items (target: ≤ 2 s from the database to the
.xlsx on disk: gather + figures + scores + workbook). The median of three runs is reported, wall
clock and CPU time (on a busy machine the CPU time is the steadier figure).

Two databases of 10,000 demo items:

* ``spread`` — the demo's own spread over 60 days (about 1,000 items touch the week);
* ``all in the week`` — the same items squeezed into the reported week, so every one of the
  10,000 is counted and written as a row of 明细 (the worst case for one week).

    .venv/bin/python bench/bench_report.py
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ITEMS = 10_000
REPEAT = 3
TARGET_S = 2.0
NOW = "2026-11-23T09:00:00+08:00"  # Monday: the last full week is 2026-W47


def _squeeze(data, now: dt.datetime, days: float = 6.9):
    """Move every moment of ``data`` into the ``days`` before ``now`` (keeping their order)."""
    moments = [i.created_at for i in data.items] + [e.at for e in data.events]
    oldest = min(moments)
    span = (now - oldest).total_seconds() or 1.0
    factor = days * 86400 / span

    def f(t):
        if t is None:
            return None
        return now - dt.timedelta(seconds=(now - t).total_seconds() * factor)

    def fd(d):
        return f(dt.datetime.combine(d, dt.time(12), tzinfo=now.tzinfo)).date() if d else d

    data.items = [i.replace(created_at=f(i.created_at), updated_at=f(i.updated_at), event_date=fd(i.event_date),
                            published_at=fd(i.published_at)) for i in data.items]
    data.events = [dataclasses.replace(e, at=f(e.at)) for e in data.events]
    data.signoffs = [dataclasses.replace(s, signed_at=f(s.signed_at), voided_at=f(s.voided_at)) for s in data.signoffs]
    data.reviews = [dataclasses.replace(r, reviewed_at=f(r.reviewed_at)) for r in data.reviews]
    data.times = {k: tuple(f(t) for t in v) for k, v in data.times.items()}
    return data


def _database(folder: Path, squeeze: bool):
    from core import clock
    from core.demo import generate
    from storage.bulk import load_demo
    from storage.database import Database

    now = clock.parse_datetime(NOW)
    data = generate(ITEMS, now=now, with_pictures=False)
    if squeeze:
        data = _squeeze(data, now)
    db = Database.open(folder / ("week.sqlite3" if squeeze else "spread.sqlite3"))
    load_demo(db, data)
    return db


def _time_report(db, out: Path) -> dict:
    from core import clock
    from core.reporting import build_report, parse_period
    from exporters.weekly_report import write_report
    from storage.reports import gather

    now = clock.parse_datetime(NOW)
    period = parse_period("2026-W47")
    c0 = time.process_time()
    t0 = time.perf_counter()
    inp = gather(db, period, now=now)
    t1 = time.perf_counter()
    report = build_report(inp)
    t2 = time.perf_counter()
    write_report(report, out)
    t3 = time.perf_counter()
    return {"gather_s": t1 - t0, "figures_s": t2 - t1, "workbook_s": t3 - t2, "total_s": t3 - t0,
            "cpu_s": time.process_time() - c0,
            "rows": len(report.details), "drafted": report.totals.drafted, "size_kb": out.stat().st_size // 1024}


def run() -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, squeeze in (("weekly report, 10,000 items spread over 60 days", False),
                              ("weekly report, 10,000 items all in the week", True)):
            db = _database(folder, squeeze)
            try:
                runs = [_time_report(db, folder / f"r{i}.xlsx") for i in range(REPEAT)]
            finally:
                db.close()
            best = min(runs, key=lambda r: r["total_s"])
            results.append({
                "name": name, "items": ITEMS, "rows": best["rows"], "drafted": best["drafted"],
                "median_s": statistics.median(r["total_s"] for r in runs), "best_s": best["total_s"],
                "cpu_s": statistics.median(r["cpu_s"] for r in runs),
                "gather_s": best["gather_s"], "figures_s": best["figures_s"], "workbook_s": best["workbook_s"],
                "size_kb": best["size_kb"], "target_s": TARGET_S,
            })
    return results


def main() -> int:
    for r in run():
        verdict = "ok" if r["median_s"] <= r["target_s"] else "MISSED"
        print(f"{r['median_s']:6.2f} s (CPU {r['cpu_s']:.2f} s)  {r['name']}  [{r['rows']} rows in 明细; "
              f"gather {r['gather_s']:.2f} s, "
              f"figures {r['figures_s']:.2f} s, workbook {r['workbook_s']:.2f} s; {r['size_kb']} KB]  "
              f"(target ≤ {r['target_s']:.0f} s: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
