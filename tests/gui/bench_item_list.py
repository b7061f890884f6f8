"""Time the main window on a large database (not collected by pytest).

    python main.py --db /tmp/big.db demo --items 100000      # once (about a minute)
    QT_QPA_PLATFORM=offscreen python tests/gui/bench_item_list.py /tmp/big.db

Prints how long opening the window, switching queues, sorting by each column, scrolling,
searching and refreshing take, for the supervisor and for an officer.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main(path: str) -> int:
    from PySide6.QtCore import Qt

    from gui.app import make_app
    from gui.i18n import install_translators
    from gui.main_window import MainWindow
    from gui.session import Session
    from storage.database import Database

    app = make_app()
    install_translators("zh_CN", app)
    db = Database.open(path, create=False)
    print(f"{db.count_items()} items in {path}")
    worst = 0.0

    def timed(label: str, fn) -> None:
        nonlocal worst
        start = time.perf_counter()
        fn()
        app.processEvents()
        ms = 1000 * (time.perf_counter() - start)
        worst = max(worst, ms) if not label.startswith("open") else worst
        print(f"  {label:34s} {ms:8.1f} ms")

    people = db.people()
    for person in [p for p in people if p.role == "supervisor"][:1] + [p for p in people if p.role == "officer"][:1]:
        print(person.name, person.role)
        holder = {}

        def open_window():
            w = MainWindow(Session(db, person))
            w.resize(1400, 860)
            w.show()
            holder["w"] = w

        timed("open the main window", open_window)
        w = holder["w"]
        wb = w.workbench
        for q in wb.queue_model.queues():
            timed(f"switch to queue {q.key}", lambda q=q: wb.select_queue(q.key))
        wb.select_queue("all")
        for col in range(wb.model.columnCount()):
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                timed(f"sort column {col} {'asc' if order == Qt.SortOrder.AscendingOrder else 'desc'}",
                      lambda col=col, order=order: wb.table.sortByColumn(col, order))
        timed("scroll to the bottom", wb.table.scrollToBottom)
        for text in ("政务公开", "保密审查制度", "x", ""):
            timed(f"search “{text}”", lambda text=text: (wb.search.setText(text), wb.apply_filter()))
        timed("refresh (F5)", w.refresh)
        timed("due banner", w.show_due_banner)
        print(f"  rows fetched in pages: {wb.model.fetches}, rows cached: {wb.model.cached_rows()}")
        w.hide()
    print(f"slowest interaction: {worst:.0f} ms")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("INFODESK_DB", "")))
