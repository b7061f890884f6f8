"""due: when something is due under a rule as written in a responsibility table.

    python main.py due "信息发生后2日内" "2026-09-30 10:00"
    python main.py due "7个工作日内" 2026-09-30 --json

Needs no database. Warnings (e.g. a year without a holiday schedule) go to stderr.
"""
from __future__ import annotations

import sys

from core.errors import UserError
from core.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("due", help=tr("show when something is due under an update rule (e.g. 信息发生后2日内)"))
    p.add_argument("rule", metavar="RULE", help=tr("the rule as written in the table, e.g. 信息发生后2日内"))
    p.add_argument("event", metavar="EVENT_TIME", help=tr("when the event happened: YYYY-MM-DD or 'YYYY-MM-DD HH:MM'"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.add_argument("--holidays", metavar="DIR", action="append", default=[],
                   help=tr("a folder of holiday files (YYYY.toml), checked before the built-in calendar"))
    p.set_defaults(handler=cmd_due)


def cmd_due(args, ctx) -> int:
    from core.schedule import WorkCalendar, compute_due, format_due, parse_event, parse_rule
    from core.schedule.workdays import default_holiday_dirs

    rule = parse_rule(args.rule)
    if not rule.recognised:
        raise UserError(rule.message)
    event = parse_event(args.event)
    calendar = WorkCalendar([*args.holidays, *default_holiday_dirs()])
    result = compute_due(rule, event, calendar)
    if args.json:
        ctx.print_json({
            "rule": args.rule,
            "event": event.isoformat(),
            "due": result.due.isoformat() if result.due else None,
            "description": result.description,
            "warnings": list(result.warnings),
        })
    else:
        if result.due is not None:
            print(format_due(result.due))
            if result.extended_due is not None:
                print(tr("At the latest: {due}.", due=format_due(result.extended_due)))
        else:
            print(tr("No fixed deadline."))
        print(result.description)
    for warning in result.warnings:
        print(tr("warning: {message}", message=warning), file=sys.stderr)
    return 0
