"""verify: the audit chain and the database file."""
from __future__ import annotations

from core.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("verify", help=tr("check the audit log chain and the database file"))
    p.set_defaults(handler=cmd_verify)


def cmd_verify(args, ctx) -> int:
    db = ctx.db(create=False)
    result = db.verify()
    if result.ok:
        print(tr("Sound: {n} audit entries chained, integrity check ok.", n=result.entries))
        return 0
    print(tr("BROKEN: {problem}", problem=result.problem))
    if result.broken_seq is not None:
        print(tr("First broken entry: {seq}", seq=result.broken_seq))
    return 1
