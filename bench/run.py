"""InfoDesk at scale: one table of what a user waits for with 100,000 items.

Every figure is the median of several runs, beside a baseline measured in the same run (what
the naive way costs on the same data), and its target:

* open a 100,000-item database and show the main window with its first page of rows (≤ 300 ms);
  switch queue, sort by a column, filter by a column (≤ 100 ms each) — the real main window,
  offscreen, in a fresh process;
* search for 1-, 2-, 3-, 4- and 8-character Chinese queries (≤ 20 ms): what the list view
  needs (the count and the first page, ``Database.item_list``), beside a plain LIKE scan, and
  the same typed into the main window's search box (≤ 100 ms, like any interaction there);
* scan a 5,000-character item with all rules and a 10,000-term list (≤ 5 ms), beside a regex
  alternation (``bench/bench_scan.py``);
* export 100 items to Word (≤ 50 ms each), one e-mail package with ten 12-megapixel photos
  (≤ 3 s), a weekly report over 10,000 items (≤ 2 s) (``bench/bench_export.py``,
  ``bench/bench_report.py``);
* peak memory of the main window showing 100,000 items (≤ 300 MB), beside a list that reads
  every row up front.

The demo database is built once (``main.py demo``) into a cache folder and reused
($INFODESK_BENCH_CACHE, default: <temp>/infodesk-bench).

    .venv/bin/python bench/run.py                 # 100,000 items
    .venv/bin/python bench/run.py --quick         # a smoke run: 2,000 items, fewer repeats
    .venv/bin/python bench/run.py --million       # the interactive rows at 1,000,000 items (≤ 1 s)
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_scan import median_ms  # noqa: E402 - after the path is set

SUPERVISOR = "王建国"
#: (label, query): what the search rows look for; every one occurs in the demo text.
QUERIES = (("1", "审"), ("2", "热线"), ("3", "一网通"), ("4", "保密审查"), ("8", "切实做好信息发布"))
PAGE = 250  # the rows a list view reads first
WORKER_MARK = "BENCH-RESULT "

TARGET_OPEN_MS = 300
TARGET_INTERACTIVE_MS = 100
TARGET_SEARCH_MS = 20
TARGET_MILLION_MS = 1000
TARGET_MEMORY_MB = 300
TARGET_BUILD_S = 60


# ------------------------------------------------------------------ helpers
def cache_dir() -> Path:
    folder = Path(os.environ.get("INFODESK_BENCH_CACHE") or Path(tempfile.gettempdir()) / "infodesk-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def peak_rss_mb() -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def row(what: str, figure=None, unit: str = "ms", target=None, baseline=None, baseline_what: str = "", note: str = "",
        lower_is_better: bool = True) -> dict:
    ok = None
    if figure is not None and target is not None:
        ok = figure <= target if lower_is_better else figure >= target
    return {"what": what, "figure": figure, "unit": unit, "target": target, "baseline": baseline,
            "baseline_what": baseline_what, "note": note, "ok": ok}


def _fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "s":
        return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}"


def format_table(rows: list[dict], title: str = "") -> str:
    cells = [("what", "figure", "target", "baseline", "ok")]
    for r in rows:
        figure = _fmt(r["figure"], r["unit"]) if r["figure"] is not None else (r["note"] or "—")
        target = f"≤ {r['target']:g} {r['unit']}" if r["target"] is not None else "—"
        baseline = _fmt(r["baseline"], r["unit"]) if r["baseline"] is not None else "—"
        if r["baseline"] is not None and r["baseline_what"]:
            baseline += f" ({r['baseline_what']})"
        ok = "—" if r["ok"] is None else ("ok" if r["ok"] else "MISSED")
        cells.append((r["what"], figure, target, baseline, ok))
    width = [max(_width(c[i]) for c in cells) for i in range(5)]
    lines = [title] if title else []
    for k, c in enumerate(cells):
        lines.append("| " + " | ".join(_pad(c[i], width[i]) for i in range(5)) + " |")
        if k == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in width) + "|")
    return "\n".join(lines)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def machine() -> str:
    import sqlite3

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f", {int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    return (f"{cpu}, {os.cpu_count()} cores{ram}; Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; "
            f"{platform.system()} {platform.release()}; {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")


# ------------------------------------------------------------------ the database
def demo_database(n: int) -> tuple[Path, float | None]:
    """The cached demo database of ``n`` items, built now if missing (then: the build time)."""
    path = cache_dir() / f"demo-{n}.sqlite3"
    if path.exists() and _usable(path, n):
        return path, None
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    if n > 200_000:
        _run_self("--build-batches", str(path), str(n))
    else:
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(path), "demo", "--items", str(n)],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=_env())
    return path, time.perf_counter() - t0


def _usable(path: Path, n: int) -> bool:
    import sqlite3

    from storage.migrations import LATEST

    try:
        conn = sqlite3.connect(path)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            count = conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return version <= LATEST and count == n  # an older schema is migrated when opened


def build_batches(path: Path, n: int, batch: int = 100_000) -> None:
    """A database of ``n`` items added ``batch`` at a time (one demo of a million would not fit
    in memory as Python objects); each batch has its own seed."""
    from core.demo import generate
    from storage.bulk import load_demo
    from storage.database import Database

    db = Database.open(path)
    try:
        for k, start in enumerate(range(0, n, batch)):
            load_demo(db, generate(min(batch, n - start), seed=20261122 + k))
            print(f"  {start + batch:,} items", file=sys.stderr, flush=True)
    finally:
        db.close()


def _env() -> dict:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _run_self(*args: str) -> dict | None:
    """Run this script again with ``args`` (a clean process); its result line as a dict."""
    with tempfile.TemporaryDirectory() as home:
        env = _env()
        env["XDG_CONFIG_HOME"] = home  # the window's saved state stays out of the user's settings
        env["XDG_DATA_HOME"] = home
        out = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], cwd=ROOT, env=env,
                             capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"bench/run.py {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    for line in out.stdout.splitlines():
        if line.startswith(WORKER_MARK):
            return json.loads(line[len(WORKER_MARK):])
    return None


# ------------------------------------------------------------------ the main window (a worker process)
def gui_worker(path: str, repeat: int) -> dict:
    """Open the database and show the main window ``repeat`` times; then switch queues, sort and
    filter in it; the peak memory at the end. Runs in a fresh process."""
    from PySide6.QtCore import Qt

    from gui.app import make_app
    from gui.item_model import COLUMNS
    from gui.main_window import MainWindow
    from gui.session import Session
    from storage.database import Database

    app = make_app([sys.argv[0]])
    out: dict = {}

    def pump() -> None:
        for _ in range(3):
            app.processEvents()

    def open_window():
        db = Database.open(path, create=False)
        w = MainWindow(Session(db, db.person(SUPERVISOR)))
        w.show()
        pump()
        return db, w

    def drop(db, w) -> None:
        w.hide()
        w.deleteLater()
        pump()
        db.close()

    db, w = open_window()  # warm: imports, fonts, the file in the page cache
    drop(db, w)
    opens, fetched = [], True
    for _ in range(repeat):
        t0 = time.perf_counter()
        db, w = open_window()
        opens.append((time.perf_counter() - t0) * 1000)
        fetched = fetched and w.workbench.model.fetches > 0 and w.workbench.model.rowCount() > 0
        if len(opens) < repeat:
            drop(db, w)
    out["open_ms"] = statistics.median(opens)
    out["open_rows"] = w.workbench.model.rowCount()
    out["open_fetched"] = fetched
    out["default_queue"] = w.workbench.current_queue().key

    wb = w.workbench

    def timed(action) -> float:
        t0 = time.perf_counter()
        action()
        pump()
        return (time.perf_counter() - t0) * 1000

    # switch queue: round the busiest queues, each switch timed
    keys = ["all", "draft", "published", "to_sign", "queued"]
    times = [timed(lambda k=k: wb.select_queue(k)) for _ in range(repeat) for k in keys]
    out["queue_ms"] = statistics.median(times)
    out["queue_max_ms"] = max(times)
    wb.select_queue("all")
    pump()
    out["all_rows"] = wb.model.rowCount()

    # sort the 'all' queue by a column (a header click)
    table = wb.table
    sorts = [(COLUMNS.index(c), o) for c in ("title", "due_at", "column", "author", "event_date")
             for o in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder)]
    times = [timed(lambda c=c, o=o: table.sortByColumn(c, o)) for _ in range(max(1, repeat // 2)) for c, o in sorts]
    out["sort_ms"] = statistics.median(times)
    out["sort_max_ms"] = max(times)

    # filter the 'all' queue by column (the column combo box), then back to all columns
    combo = wb.column_filter
    busiest = [r[0] for r in db.conn.execute(
        "SELECT column_id FROM items GROUP BY column_id ORDER BY COUNT(*) DESC LIMIT 4")]
    idx = [combo.findData(c) for c in busiest if combo.findData(c) >= 0]
    times = []
    for _ in range(repeat):
        for i in idx + [0]:
            times.append(timed(lambda i=i: combo.setCurrentIndex(i)))
    out["filter_ms"] = statistics.median(times) if times else None

    # search in the main window: type, the list shows its first page (a new search each time)
    times = {}
    for label, q in QUERIES:
        def search(q=q):
            getattr(db, "forget_search_results", lambda: None)()  # a new search each time
            wb.search.setText(q)
            wb.apply_filter()
        times[label] = median_ms(lambda: timed(search), max(1, repeat // 2), warm=1)
        wb.search.setText("")
        wb.apply_filter()
    out["gui_search_ms"] = times

    # scroll the 'all' queue to its end and back (the model reads pages as they show)
    wb.select_queue("all")
    pump()
    table.scrollToBottom()
    pump()
    table.scrollToTop()
    pump()
    out["peak_rss_mb"] = peak_rss_mb()
    drop(db, w)
    return out


def eager_worker(path: str) -> dict:
    """The baseline for memory: the same window, plus every row of 'all items' read up front
    (what a list model that is not lazy would hold)."""
    from gui.app import make_app
    from gui.main_window import MainWindow
    from gui.session import Session
    from storage.database import Database, ItemFilter

    app = make_app([sys.argv[0]])
    db = Database.open(path, create=False)
    w = MainWindow(Session(db, db.person(SUPERVISOR)))
    w.show()
    app.processEvents()
    rows = db.item_summaries(db.item_seqs(ItemFilter()))
    out = {"peak_rss_mb": peak_rss_mb(), "rows": len(rows)}
    w.hide()
    db.close()
    return out


# ------------------------------------------------------------------ database-level rows
def search_rows(path: Path, repeat: int, target_ms: float) -> list[dict]:
    from storage.database import Database, ItemFilter, ItemList

    db = Database.open(path, create=False)
    if db.start_search_helper():  # as the main window does once it is up
        end = time.monotonic() + 30
        while not db._counter.usable and time.monotonic() < end:
            time.sleep(0.01)
    out = []
    try:
        for label, q in QUERIES:
            flt = ItemFilter(search=q)

            def page(flt=flt):
                db.forget_search_results()  # a new search each time: the index is asked again
                lst = db.item_list(flt)
                return len(lst), lst[:PAGE]

            def scroll(flt=flt):  # the same search, the next pages (kept results)
                lst = db.item_list(flt)
                return len(lst), lst[PAGE:4 * PAGE]

            def next_window(flt=flt) -> float:  # a new search, then the first rows past its first window
                db.forget_search_results()
                lst = db.item_list(flt)
                len(lst), lst[:PAGE]
                t = time.perf_counter()
                lst[ItemList.WINDOW:ItemList.WINDOW + PAGE]
                return (time.perf_counter() - t) * 1000

            n = len(db.item_list(flt))
            figure = median_ms(page, repeat)
            again = median_ms(scroll, repeat)
            beyond = statistics.median(next_window() for _ in range(max(3, repeat // 2)))
            like = median_ms(lambda q=q: db.conn.execute(
                "SELECT seq FROM items WHERE (title || char(10) || body) LIKE ? ORDER BY updated_at DESC, seq DESC",
                (f"%{q}%",)).fetchall(), max(1, repeat // 2))
            out.append(row(f"search {label} char{'s' if label != '1' else ''} “{q}” ({n:,} found): count + first page "
                           f"(then {beyond:.0f} ms past the first {ItemList.WINDOW} rows once, {again:.1f} ms a page)",
                           figure, "ms", target_ms, like, "LIKE scan"))
    finally:
        db.close()
    return out


def gui_baselines(path: Path, repeat: int) -> dict:
    """What the naive way costs on the same data: a list that reads every row it shows up front,
    and sorts without an index."""
    import json as _json

    from storage.database import Database

    cols = "seq, id, title, column_id, content_type, created_by, event_date, due_at, state, updated_at, contributors"

    def eager(where: str = "", params=(), order: str = "updated_at DESC, seq DESC") -> list[dict]:
        names = [c.strip() for c in cols.split(",")]
        rows = []
        for r in db.conn.execute(f"SELECT {cols} FROM items{where} ORDER BY {order}", params):
            d = dict(zip(names, r))
            d["contributors"] = _json.loads(d["contributors"])
            rows.append(d)
        return rows

    out = {}
    t = []
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        db = Database.open(path, create=False)
        eager(" WHERE state = 'queued'")
        t.append((time.perf_counter() - t0) * 1000)
        db.close()
    out["open_ms"] = statistics.median(t[1:])
    db = Database.open(path, create=False)
    try:
        out["queue_ms"] = median_ms(lambda: eager(), max(1, repeat // 2))
        out["sort_ms"] = median_ms(lambda: eager(order="+title DESC, seq DESC"), max(1, repeat // 2))
        busiest = db.conn.execute("SELECT column_id FROM items GROUP BY column_id ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
        out["filter_ms"] = median_ms(lambda: eager(" WHERE column_id = ?", (busiest,)), max(1, repeat // 2))
    finally:
        db.close()
    return out


# ------------------------------------------------------------------ the other benchmarks
def _optional(name: str):
    import importlib

    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name in (name, name.split(".")[0]):
            return None
        raise


def scan_rows() -> list[dict]:
    mod = _optional("bench.bench_scan")
    if mod is None:
        return [row("scan 5,000 characters, all rules, 10,000 terms", note="not available yet", target=5)]
    res = mod.run()
    base = next((r for r in res if r["name"].startswith("baseline")), None)
    first = res[0]
    return [row("scan 5,000 characters, all rules, 10,000 terms", first["median_ms"], "ms", first.get("target_ms", 5.0),
                base["median_ms"] if base else None, "regex alternation")]


def export_rows() -> list[dict]:
    mod = _optional("bench.bench_export")
    if mod is None:
        return [row("export 100 items to Word, per item", note="not available yet", target=50),
                row("one e-mail package, ten 12-megapixel photos", unit="s", note="not available yet", target=3)]
    out = []
    for r in mod.run():
        if "per_item_ms" in r:
            out.append(row(f"export {r['items']} items to Word, per item", r["per_item_ms"], "ms", r["target_per_item_ms"]))
        else:
            out.append(row("one e-mail package, ten 12-megapixel photos", r["median_s"], "s", r["target_s"]))
    return out


def report_rows() -> list[dict]:
    mod = _optional("bench.bench_report")
    if mod is None:
        return [row("weekly report over 10,000 items", unit="s", note="not available yet", target=2)]
    return [row(r["name"], r["median_s"], "s", r["target_s"]) for r in mod.run()]


# ------------------------------------------------------------------ the table
def run(items: int = 100_000, quick: bool = False, million: bool = False, repeat: int | None = None) -> list[dict]:
    repeat = repeat or (3 if quick else 7)
    n = 1_000_000 if million else items
    interactive = TARGET_MILLION_MS if million else TARGET_INTERACTIVE_MS
    rows: list[dict] = []
    path, built = demo_database(n)
    if built is not None:
        how = "main.py demo" if n <= 200_000 else f"{(n + 99_999) // 100_000} demo batches of 100,000"
        rows.append(row(f"build the demo database ({n:,} items, {how})", built, "s",
                        TARGET_BUILD_S if n <= 100_000 else None,
                        note="", baseline_what=""))
        rows[-1]["what"] += f", {path.stat().st_size / 1e6:,.0f} MB"
    gui = _run_self("--gui-worker", str(path), str(repeat))
    base = gui_baselines(path, repeat)
    open_target = TARGET_MILLION_MS if million else TARGET_OPEN_MS
    rows.append(row(f"open {n:,} items, main window with its first page ({gui['default_queue']}, {gui['open_rows']:,} rows)",
                    gui["open_ms"], "ms", open_target, base["open_ms"], "open + read the queue"))
    rows.append(row(f"switch queue (median; slowest {gui['queue_max_ms']:.0f} ms)", gui["queue_ms"], "ms", interactive,
                    base["queue_ms"], f"read all {gui['all_rows']:,} rows"))
    rows.append(row(f"sort all {gui['all_rows']:,} items by a column (slowest {gui['sort_max_ms']:.0f} ms)", gui["sort_ms"],
                    "ms", interactive, base["sort_ms"], "read all rows, sorted without index"))
    rows.append(row("filter by column", gui["filter_ms"], "ms", interactive, base["filter_ms"], "read the rows"))
    search_target = TARGET_MILLION_MS if million else TARGET_SEARCH_MS
    searches = search_rows(path, repeat, search_target)
    rows.extend(searches)
    for (label, q), s in zip(QUERIES, searches):
        rows.append(row(f"search {label} char{'s' if label != '1' else ''} in the main window (count + the rows on screen)",
                        gui["gui_search_ms"][label], "ms", interactive, s["baseline"], "LIKE scan"))
    eager = _run_self("--eager-worker", str(path))
    rows.append(row(f"peak memory, main window with {gui['all_rows']:,} items", gui["peak_rss_mb"], "MB",
                    None if million else TARGET_MEMORY_MB, eager["peak_rss_mb"], "every row read up front"))
    if not million:
        if quick:
            for what, unit, target in (("scan 5,000 characters, all rules, 10,000 terms", "ms", 5),
                                       ("export 100 items to Word, per item", "ms", 50),
                                       ("one e-mail package, ten 12-megapixel photos", "s", 3),
                                       ("weekly report over 10,000 items", "s", 2)):
                rows.append(row(what, unit=unit, target=target, note="skipped (--quick)"))
        else:
            rows.extend(scan_rows())
            rows.extend(export_rows())
            rows.extend(report_rows())
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="InfoDesk performance at scale: one table.")
    p.add_argument("--items", type=int, default=None, help="items in the demo database (default 100,000)")
    p.add_argument("--quick", action="store_true", help="a smoke run: 2,000 items unless --items, fewer repeats")
    p.add_argument("--million", action="store_true", help="the interactive rows at 1,000,000 items (target ≤ 1 s)")
    p.add_argument("--repeat", type=int, default=None, help="runs per figure (default 7; 3 with --quick)")
    p.add_argument("--gui-worker", nargs=2, metavar=("DB", "REPEAT"), help=argparse.SUPPRESS)
    p.add_argument("--eager-worker", metavar="DB", help=argparse.SUPPRESS)
    p.add_argument("--build-batches", nargs=2, metavar=("DB", "N"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.gui_worker:
        print(WORKER_MARK + json.dumps(gui_worker(args.gui_worker[0], int(args.gui_worker[1]))))
        return 0
    if args.eager_worker:
        print(WORKER_MARK + json.dumps(eager_worker(args.eager_worker)))
        return 0
    if args.build_batches:
        build_batches(Path(args.build_batches[0]), int(args.build_batches[1]))
        return 0
    items = args.items or (2_000 if args.quick else 100_000)
    rows = run(items=items, quick=args.quick, million=args.million, repeat=args.repeat)
    n = 1_000_000 if args.million else items
    print(format_table(rows, f"InfoDesk at {n:,} items — {machine()}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
