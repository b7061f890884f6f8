"""``scan FILE... [--json]``: check files by the confidentiality rules, without the database.

.txt (UTF-8, UTF-8 with BOM or GB18030), .docx (its text plus comments, tracked changes,
hidden text, metadata, embedded files and pictures) and pictures (EXIF). Exit 0 when no
file has a block finding, 1 when any has, 2 on bad input.
"""
from __future__ import annotations

import json
import mimetypes
import sys
from pathlib import Path

from core.errors import UserError
from core.i18n import tr


def register(sub) -> None:
    p = sub.add_parser(
        "scan",
        help=tr("check files for classification marks, personal data and listed terms"),
        description=tr("Check .txt, .docx and picture files by the confidentiality review rules. Exit status: 0 no blocking finding, 1 blocking findings, 2 bad input."),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help=tr("files to check"))
    p.add_argument("--json", action="store_true", help=tr("print one JSON object per file"))
    p.add_argument("--wordlist", action="append", default=[], metavar="PATH",
                   help=tr("an extra word list file (may be repeated)"))
    p.set_defaults(handler=run_scan)


def _check_inputs(files: list[str]) -> list[tuple[Path, str]]:
    from core.review.attachments import kind_of

    checked = []
    for name in files:
        path = Path(name)
        if not path.is_file():
            raise UserError(tr("No such file: {path}", path=name))
        kind = kind_of(path.name, mimetypes.guess_type(path.name)[0] or "")
        if kind == "other":
            raise UserError(tr("Cannot scan {path}: only .txt, .docx and pictures are supported.", path=name))
        checked.append((path, kind))
    return checked


def scan_file(path: Path, kind: str, wordlists=None):
    """(extracted text, findings) of one file; UserError when unreadable."""
    from core.review import scan_attachment_text, scan_text
    from core.review.extract import decode_text

    try:
        data = path.read_bytes()
    except OSError as err:
        raise UserError(tr("Cannot read {path}: {error}", path=str(path), error=err.strerror or str(err))) from None
    if kind == "text":
        text = decode_text(data)
        return text, scan_text(text, wordlists, target=path.name)
    return scan_attachment_text(path.name, mimetypes.guess_type(path.name)[0] or "", data, wordlists)


def _severity_label(severity: str) -> str:
    return {"block": tr("BLOCK"), "warn": tr("warn"), "info": tr("info")}.get(severity, severity)


def run_scan(args, ctx) -> int:
    wordlists = None
    if args.wordlist:
        from core.review import load_wordlists

        wordlists = load_wordlists(args.wordlist)
    inputs = _check_inputs(args.files)
    any_block = False
    for path, kind in inputs:
        _text, findings = scan_file(path, kind, wordlists)
        any_block = any_block or any(f.severity == "block" for f in findings)
        if args.json:
            record = {
                "file": str(path),
                "findings": [
                    {"rule": f.rule, "severity": f.severity, "start": f.start, "end": f.end, "text": f.text, "message": f.message}
                    for f in findings
                ],
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        print(f"== {path}")
        if not findings:
            print("   " + tr("no findings"))
            continue
        for f in findings:
            where = f"{f.start}-{f.end}" if f.end > f.start else "-"
            text = f.text.replace("\n", " ")
            print(f"   {_severity_label(f.severity):<6} {f.rule:<22} {where:<11} {text}")
            print(f"          {f.message}")
    if not args.json:
        print(tr("Blocking findings: submission is refused until they are fixed or justified.") if any_block
              else tr("No blocking findings."))
    return 1 if any_block else 0
