"""report: the weekly, monthly or quarterly report as an Excel workbook.

    python main.py report weekly                          # the last full ISO week
    python main.py report weekly --period 2026-W47 --out 周报.xlsx
    python main.py report monthly --period 2026-11
    python main.py report quarterly --period 2026-Q4 --scoring benxi
    python main.py report weekly --json                   # the figures as JSON, no file

Prints the file written and the headline totals; bad input exits 2 with one line.
"""
from __future__ import annotations

from pathlib import Path

from core.i18n import tr

KIND_CHOICES = ("weekly", "monthly", "quarterly")


def register(sub) -> None:
    p = sub.add_parser("report", help=tr("write the weekly, monthly or quarterly report (.xlsx)"))
    p.add_argument("kind", choices=KIND_CHOICES, metavar="weekly|monthly|quarterly",
                   help=tr("weekly, monthly or quarterly"))
    p.add_argument("--period", metavar="PERIOD",
                   help=tr("2026-W47 (ISO week), 2026-11 (month) or 2026-Q4 (quarter); default: the last full one"))
    p.add_argument("--out", metavar="FILE.xlsx", help=tr("where to write the workbook (default: a name in the current folder)"))
    p.add_argument("--scoring", metavar="RULES",
                   help=tr("scoring rules, comma-separated names or .toml files (default: the unit's; 'none' for none)"))
    p.add_argument("--json", action="store_true", help=tr("print the figures as JSON instead of writing a file"))
    p.set_defaults(handler=cmd_report)


def _rules(db, text: str | None):
    from core.scoring import load_rules
    from storage.reports import scoring_rule_names

    if text is None:
        return load_rules(scoring_rule_names(db))
    if text.strip().lower() in ("none", "无", ""):
        return []
    return load_rules(n.strip() for n in text.split(","))


def cmd_report(args, ctx) -> int:
    from core.reporting import build_report, last_full_period, parse_period
    from storage.reports import gather

    kind = {"weekly": "week", "monthly": "month", "quarterly": "quarter"}[args.kind]
    period = parse_period(args.period, kind) if args.period else last_full_period(kind)
    out = None
    if not args.json:
        out = Path(args.out).expanduser() if args.out else None
        if out is not None:
            _check_out(out)
    db = ctx.db(create=False)
    rules = _rules(db, args.scoring)
    report = build_report(gather(db, period, rules=rules))
    if args.json:
        ctx.print_json(report_json(report))
        return 0
    from exporters.weekly_report import default_file_name, write_report

    if out is None:
        out = Path.cwd() / default_file_name(report)
    path = write_report(report, out)
    print(tr("{report} {period} → {path}", report=report.name, period=report.period.title, path=str(path.resolve())))
    print("  ".join(f"{label} {value}" for label, value in report.headline()))
    for s in report.scores:
        from core.scoring import fmt_points

        full = tr(" of {full}", full=fmt_points(s.full)) if s.full is not None else ""
        print(tr("{name}: {score}", name=s.rule.name, score=fmt_points(s.total)) + full)
    return 0


def _check_out(out: Path) -> None:
    from core.errors import UserError

    if out.suffix.lower() != ".xlsx":
        raise UserError(tr("The report is an Excel file: give a name ending in .xlsx ({path}).", path=str(out)))
    if out.is_dir():
        raise UserError(tr("{path} is a folder: give a file name.", path=str(out)))
    parent = out.parent if str(out.parent) else Path.cwd()
    if parent.exists() and not parent.is_dir():
        raise UserError(tr("{path} is not a folder.", path=str(parent)))


def report_json(report) -> dict:
    """The report's figures (the ``--json`` shape)."""
    from core.reporting import MEASURES

    def counts(c) -> dict:
        d = {k: c.get(k) for k in (*MEASURES, "returns", "no_due", "adoptions", "instructions")}
        d["on_time_rate"] = c.on_time_rate
        return d

    return {
        "period": {"kind": report.period.kind, "label": report.period.label, "first": report.period.first.isoformat(),
                   "last": report.period.last.isoformat(), "title": report.period.title},
        "unit": report.unit.name,
        "generated_at": report.generated_at.isoformat(),
        "totals": counts(report.totals),
        "previous": {"label": report.previous.label, "totals": counts(report.previous_totals)},
        "backlog": report.backlog,
        "by_type": [{"type": g.key, "label": g.label, **counts(g.counts)} for g in report.by_type],
        "by_column": [{"column_id": g.key, "column": g.label, **counts(g.counts)} for g in report.by_column],
        "people": [{"name": p.name, "role": p.role, **counts(p.counts), "sign_offs_given": p.signed_for_others,
                    "returns_given": p.returned_others} for p in report.people],
        "columns": [{"column_id": c.column.id, "column": c.column.path, "status": c.freshness.status,
                     "days_since": c.freshness.days_since, "interval_days": c.freshness.interval_days}
                    for c in report.columns],
        "items": [{"id": d.item.id, "title": d.item.title, "timeliness": d.timeliness, "state": d.item.state}
                  for d in report.details],
        "scores": [{"rule": s.rule.code, "name": s.rule.name, "total": s.total, "full": s.full,
                    "lines": [{"code": ln.code, "category": ln.category, "count": ln.count, "points": ln.points,
                               "explanation": ln.explanation} for ln in s.lines]} for s in report.scores],
    }
