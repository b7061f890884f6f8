"""The lazy item list model: qtmodeltester, SQL sorting, search, bounded cache."""
from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from gui.item_model import COLUMNS, IdRole, ItemTableModel
from storage.database import ItemFilter


def test_model_passes_qtmodeltester(demo_db, qtmodeltester):
    model = ItemTableModel(demo_db)
    model.set_filter(ItemFilter())
    assert model.rowCount() == demo_db.count_items()
    qtmodeltester.check(model)


def test_model_with_filter_passes_qtmodeltester(demo_db, qtmodeltester):
    model = ItemTableModel(demo_db)
    model.set_filter(ItemFilter(states=("queued",)))
    qtmodeltester.check(model)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


@pytest.mark.parametrize("column", range(len(COLUMNS)))
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sort_order_matches_sql(demo_db, column, order):
    model = ItemTableModel(demo_db)
    model.set_filter(ItemFilter())
    model.sort(column, order)
    expected = demo_db.item_seqs(ItemFilter(sort=COLUMNS[column], descending=order == Qt.SortOrder.DescendingOrder))
    assert model.seqs() == expected
    ids = [model.index(r, 0).data(IdRole) for r in range(model.rowCount())]
    assert ids == [i.id for i in demo_db.items_by_seq(expected)]


def test_sort_keeps_persistent_indexes(demo_db):
    from PySide6.QtCore import QPersistentModelIndex

    model = ItemTableModel(demo_db)
    model.set_filter(ItemFilter())
    pidx = QPersistentModelIndex(model.index(3, 0))
    item_id = pidx.data(IdRole)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert pidx.isValid() and pidx.data(IdRole) == item_id


def test_search_narrows(demo_db):
    model = ItemTableModel(demo_db)
    model.set_filter(ItemFilter())
    everything = model.rowCount()
    flt = dataclasses.replace(model.item_filter(), search="政务")
    model.set_filter(flt)
    narrowed = model.rowCount()
    assert 0 < narrowed < everything
    assert narrowed == demo_db.count_items(ItemFilter(search="政务"))
    for r in range(narrowed):
        item = demo_db.get_item(model.index(r, 0).data(IdRole))
        assert "政务" in item.text


def test_rows_are_fetched_lazily_in_pages_and_cache_is_bounded(demo_db, monkeypatch):
    monkeypatch.setattr(ItemTableModel, "PAGE", 5)
    monkeypatch.setattr(ItemTableModel, "CACHE_LIMIT", 12)
    model = ItemTableModel(demo_db)
    model.set_filter(ItemFilter())
    assert model.cached_rows() == 0 and model.fetches == 0
    model.index(0, 0).data()
    assert model.fetches == 1 and model.cached_rows() == 5
    for r in range(model.rowCount()):
        assert model.index(r, 0).data() == demo_db.items_by_seq([model.seqs()[r]])[0].title
        assert model.cached_rows() <= 12
    assert model.fetches >= model.rowCount() // 5


def test_due_colour_icon_and_tooltip_name_the_rule(db):
    import datetime as dt

    from core import clock
    from gui.item_model import DueStatusRole
    from tests.conftest import make_item

    yesterday = clock.today() - dt.timedelta(days=5)
    item = db.create_item(make_item(event_date=yesterday), "李晓梅")
    assert item.due_at is not None
    model = ItemTableModel(db)
    model.set_filter(ItemFilter())
    due_col = COLUMNS.index("due_at")
    idx = model.index(0, due_col)
    assert idx.data(DueStatusRole) == "overdue"
    assert idx.data(Qt.ItemDataRole.DecorationRole) is not None
    assert idx.data(Qt.ItemDataRole.ForegroundRole) is not None
    tip = idx.data(Qt.ItemDataRole.ToolTipRole)
    assert "信息发生后2日内" in tip and "工作动态" in tip


def test_display_values(db):
    from tests.conftest import make_item

    db.create_item(make_item(), "李晓梅")
    model = ItemTableModel(db)
    model.set_filter(ItemFilter())
    row = [model.index(0, c).data() for c in range(len(COLUMNS))]
    assert row[0] == "市政数局召开政务公开工作推进会"
    assert row[1] == "工作动态"
    assert row[3] == "李晓梅"
    assert row[4] == "2026-11-20"
    assert row[6] == "草稿"


def test_other_models_pass_qtmodeltester(demo_db, qtmodeltester):
    from core import clock
    from core.schedule import freshness_all
    from gui.columns_view import ColumnFreshnessModel
    from gui.history_view import AuditModel
    from gui.queues import QueueModel

    qtmodeltester.check(QueueModel(demo_db, demo_db.person("王建国")))
    item = demo_db.items(limit=1)[0]
    qtmodeltester.check(AuditModel(demo_db.audit_entries(item.id)))
    cols = demo_db.columns()
    m = ColumnFreshnessModel()
    m.set_rows(list(zip(cols, freshness_all(cols, demo_db.column_last_updates(), clock.now()))))
    qtmodeltester.check(m)


def test_model_reads_only_the_rows_it_shows(demo_db, monkeypatch):
    """Like Anki's browser: one COUNT and a window of seqs, never every matching row."""
    from storage.database import ItemList

    monkeypatch.setattr(ItemList, "WINDOW", 5)
    monkeypatch.setattr(ItemTableModel, "PAGE", 5)
    statements: list[str] = []
    model = ItemTableModel(demo_db)
    demo_db.conn.set_trace_callback(statements.append)
    try:
        model.set_filter(ItemFilter(sort="title"))
        [model.index(r, c).data() for r in range(3) for c in range(len(COLUMNS))]
        model.sort(COLUMNS.index("event_date"), Qt.SortOrder.DescendingOrder)
        [model.index(r, 0).data() for r in range(3)]
    finally:
        demo_db.conn.set_trace_callback(None)
    listing = [s for s in statements if s.lstrip().startswith("SELECT seq FROM items")]
    assert listing and all("LIMIT" in s for s in listing), listing
    assert model.rowCount() == demo_db.count_items() == 48
    # a row far down is found by counting the rows before it, and is the right one
    expected = demo_db.item_seqs(ItemFilter(sort="event_date", descending=True))
    far = demo_db.items_by_seq([expected[40]])[0].id
    assert model.row_of(far) == 40
    assert model.index(40, 0).data(IdRole) == far
    assert model.row_of("no-such-id") == -1


def test_forget_shows_the_new_title(db):
    from tests.conftest import make_item

    item = db.create_item(make_item(), "李晓梅")
    model = ItemTableModel(db)
    model.set_filter(ItemFilter())
    assert model.index(0, 0).data() == "市政数局召开政务公开工作推进会"
    db.update_item(dataclasses.replace(db.get_item(item.id), title="新标题"), "李晓梅")
    assert model.index(0, 0).data() == "市政数局召开政务公开工作推进会"  # cached until told
    model.forget([item.id])
    assert model.index(0, 0).data() == "新标题"
    assert "_view" not in model.index(0, 0).data(Qt.ItemDataRole.UserRole + 5)
