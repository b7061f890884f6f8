"""columns: the unit's columns with how fresh each is, and the national thresholds.

    python main.py columns              # from the database
    python main.py columns --stale      # only stale and empty columns
    python main.py columns --table shenzhen_2011   # a built-in, .toml or .xlsx table (no database)
"""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from core.i18n import tr
from core.model import Column


def register(sub) -> None:
    p = sub.add_parser("columns", help=tr("list the columns with how fresh each is"))
    p.add_argument("--stale", action="store_true", help=tr("only stale and empty columns"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.add_argument("--table", metavar="NAME_OR_FILE",
                   help=tr("read a built-in table (shenzhen_2011, zhuhai_2007), a .toml or an .xlsx file "
                           "instead of the database"))
    p.set_defaults(handler=cmd_columns)


def status_label(status: str) -> str:
    if status == "fresh":
        return tr("fresh")
    if status == "due_soon":
        return tr("due soon")
    if status == "stale":
        return tr("stale")
    if status == "empty":
        return tr("empty")
    return status


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _fmt_time(value: dt.datetime | None) -> str:
    from core import clock

    return value.astimezone(clock.TZ).strftime("%Y-%m-%d") if value is not None else "—"


def columns_rows(columns: Sequence[Column], freshness: Sequence, only_stale: bool = False) -> list[dict]:
    """One dict per column (the JSON shape), in table order."""
    from core.schedule import kind_label

    by_id = {f.column_id: f for f in freshness}
    out = []
    for c in columns:
        f = by_id.get(c.id)
        if f is None or (only_stale and f.status not in ("stale", "empty")):
            continue
        out.append({
            "id": c.id, "path": c.path, "kind": c.kind, "kind_label": kind_label(c.kind), "home_page": c.home_page,
            "update_rule": c.update_rule, "supplier": c.supplier,
            "last_update": f.last_update.isoformat() if f.last_update else None,
            "days_since": f.days_since, "interval_days": f.interval_days, "status": f.status,
            "next_due": f.next_due.isoformat() if f.next_due else None,
        })
    return out


def format_columns_table(columns: Sequence[Column], freshness: Sequence, health: Sequence,
                         only_stale: bool = False) -> str:
    """The plain-text table the command prints: one line per column, then the threshold lines."""
    by_id = {f.column_id: f for f in freshness}
    headings = [tr("Column"), tr("Type"), tr("Update rule"), tr("Last update"), tr("Days"), tr("Status")]
    table: list[list[str]] = []
    for row in columns_rows(columns, freshness, only_stale):
        f = by_id[row["id"]]
        days = "—" if f.days_since is None else f"{f.days_since}/{f.interval_days}"
        table.append([row["path"], row["kind_label"], row["update_rule"] or "—", _fmt_time(f.last_update), days,
                      status_label(f.status)])
    widths = [max([_width(h)] + [_width(r[i]) for r in table]) for i, h in enumerate(headings)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headings, widths)).rstrip()]
    lines += ["  ".join(_pad(cell, w) for cell, w in zip(r, widths)).rstrip() for r in table]
    if not table:
        lines.append(tr("No stale or empty columns.") if only_stale else tr("No columns."))
    lines.append("")
    for line in health:
        mark = "✓" if line.passed else "✗"
        lines.append(f"{mark} {line.message}")
    return "\n".join(lines)


def cmd_columns(args, ctx) -> int:
    from core import clock
    from core.schedule import freshness_all, health_summary, load_column_table

    if args.table:
        if str(args.table).lower().endswith(".xlsx"):
            from core.errors import UserError
            from exporters.columns_xlsx import import_columns_xlsx

            columns, errors = import_columns_xlsx(args.table)
            if errors:
                raise UserError("\n".join(str(e) for e in errors))
        else:
            columns = load_column_table(args.table)
        last_updates: dict = {}
    else:
        db = ctx.db(create=False)
        columns = db.columns()
        last_updates = db.column_last_updates()
    now = clock.now()
    freshness = freshness_all(columns, last_updates, now)
    health = health_summary(freshness, columns)
    if args.json:
        ctx.print_json({
            "now": now.isoformat(),
            "columns": columns_rows(columns, freshness, args.stale),
            "health": [{"code": h.code, "passed": h.passed, "message": h.message, "column_ids": list(h.column_ids)}
                       for h in health],
        })
    else:
        print(format_columns_table(columns, freshness, health, args.stale))
    return 0 if all(h.passed for h in health) else 1
