"""export, send, deliveries: the prescribed formats, and sending them.

    python main.py export ITEM... --format docx|form|eml|txt --out DIR --as NAME [--combined]

prints every path it wrote, one per line (warnings go to stderr). Only signed-off items are
exported; the review form of a queued item may be printed (marked 未签发). Every file is
recorded with the person named by ``--as``: it is required, because the record must name who
actually exported — guessing (say, the item's drafter) would put a name on a record that
person never made.
"""
from __future__ import annotations

import sys
from pathlib import Path

from core.errors import UserError
from core.i18n import tr

FORMAT_CODES = ("docx", "form", "eml", "txt")


def register(sub) -> None:
    p = sub.add_parser("export", help=tr("write signed-off items as Word, review form, e-mail package or plain text"))
    p.add_argument("items", nargs="+", metavar="ITEM", help=tr("item id or a unique prefix of it"))
    p.add_argument("--format", dest="formats", action="append", metavar="FORMAT",
                   help=tr("docx (报送稿), form (审批单), eml (e-mail package) or txt; repeat or separate with commas (default docx)"))
    p.add_argument("--out", required=True, metavar="DIR", help=tr("folder to write to (created when missing)"))
    p.add_argument("--as", dest="actor", required=True, metavar="NAME", help=tr("who exports (recorded with every file)"))
    p.add_argument("--combined", action="store_true", help=tr("several items in one file per format instead of one file each"))
    p.add_argument("--fit", choices=("keep", "crop", "pad"), default="keep",
                   help=tr("pictures that are not 4:3: keep them, centre-crop or pad them to 4:3"))
    p.add_argument("--max-side", type=int, default=None, metavar="PX", help=tr("longest side of pictures in pixels (default 1600; 0: no limit)"))
    p.add_argument("--sender", default="", metavar="ADDR", help=tr("From address of e-mail packages (default: your own)"))
    p.set_defaults(handler=run_export)

    s = sub.add_parser("send", help=tr("send the e-mail packages of signed-off items over SMTP (settings: send --setup)"))
    s.add_argument("items", nargs="*", metavar="ITEM", help=tr("item id or a unique prefix of it"))
    s.add_argument("--as", dest="actor", default="", metavar="NAME", help=tr("who sends (recorded)"))
    s.add_argument("--combined", action="store_true", help=tr("one message for all the items"))
    s.add_argument("--fit", choices=("keep", "crop", "pad"), default="keep",
                   help=tr("pictures that are not 4:3: keep them, centre-crop or pad them to 4:3"))
    s.add_argument("--setup", action="store_true", help=tr("save the SMTP settings given below (and the password, in the system keyring)"))
    s.add_argument("--host", default=None, help=tr("SMTP server"))
    s.add_argument("--port", type=int, default=None, help=tr("SMTP port"))
    s.add_argument("--security", choices=("ssl", "starttls", "none"), default=None, help=tr("connection security"))
    s.add_argument("--user", default=None, help=tr("SMTP user name"))
    s.add_argument("--sender", default=None, metavar="ADDR", help=tr("From address"))
    s.set_defaults(handler=run_send)

    d = sub.add_parser("deliveries", help=tr("show the sending log of an item (sent / failed, with the server's answer)"))
    d.add_argument("item", metavar="ITEM", help=tr("item id or a unique prefix of it"))
    d.add_argument("--json", action="store_true", help=tr("output JSON"))
    d.set_defaults(handler=run_deliveries)


def parse_formats(values: list[str] | None) -> tuple[str, ...]:
    codes: list[str] = []
    for value in values or ["docx"]:
        for code in value.replace("，", ",").split(","):
            code = code.strip().lower()
            if not code:
                continue
            if code not in FORMAT_CODES:
                raise UserError(tr("Unknown export format {code}: use one of {known}.", code=code, known=", ".join(FORMAT_CODES)))
            if code not in codes:
                codes.append(code)
    if not codes:
        raise UserError(tr("Choose at least one format."))
    return tuple(codes)


def picture_options(args):
    from exporters.pictures import DEFAULT_MAX_SIDE, PictureOptions

    max_side = DEFAULT_MAX_SIDE if getattr(args, "max_side", None) is None else args.max_side
    return PictureOptions(fit=args.fit, max_side=max_side)


def run_export(args, ctx) -> int:
    from exporters.export_service import ExportOptions, export_items

    options = ExportOptions(formats=parse_formats(args.formats), out_dir=Path(args.out), combined=args.combined,
                            pictures=picture_options(args), actor=args.actor, sender=args.sender)
    result = export_items(ctx.db(), args.items, options)
    for warning in result.warnings:
        print(tr("warning: {message}", message=warning), file=sys.stderr)
    for f in result.files:
        print(f.path)
    return 0


def run_send(args, ctx) -> int:
    from dataclasses import asdict, replace

    from exporters import smtp
    from exporters.export_service import send_items

    settings = smtp.load_settings()
    given = {k: v for k, v in (("host", args.host), ("port", args.port), ("security", args.security),
                               ("user", args.user), ("sender", args.sender)) if v is not None}
    if given:
        merged = {**asdict(settings), **given}
        if "security" in given and "port" not in given:
            merged["port"] = 0
        settings = smtp.SmtpSettings.from_dict(merged)
    if args.setup:
        path = smtp.save_settings(settings)
        if settings.user and sys.stdin is not None and sys.stdin.isatty():
            import getpass

            password = getpass.getpass(tr("SMTP password of {account}: ", account=settings.account))
            if password:
                smtp.set_password(settings, password)
        print(tr("SMTP settings saved to {path}.", path=str(path)))
        if not args.items:
            return 0
    if not args.items:
        raise UserError(tr("Name the items to send."))
    if not args.actor:
        raise UserError(tr("Say who sends (--as NAME): every sending is recorded with a person's name."))
    results = send_items(ctx.db(), args.items, args.actor, settings, combined=args.combined,
                         pictures=picture_options(args))
    failed = 0
    for r in results:
        status = tr("sent") if r.ok else tr("failed")
        print(f"{status}\t{','.join(i[:8] for i in r.item_ids)}\t{r.answer}")
        failed += not r.ok
    return 1 if failed else 0


def run_deliveries(args, ctx) -> int:
    from exporters.export_service import delivery_log

    log = delivery_log(ctx.db(), args.item)
    if args.json:
        ctx.print_json(log)
        return 0
    if not log:
        print(tr("Not sent over SMTP yet."))
        return 0
    for e in log:
        status = tr("sent") if e["status"] == "sent" else tr("failed")
        print(f"{e['at']}\t{e['actor']}\t{status}\t{e['to']}\t{e['answer']}")
    return 0
