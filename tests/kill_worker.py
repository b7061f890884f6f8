"""A worker for tests/unit/test_kill.py: real operations on a real database file, to be killed.

    python tests/kill_worker.py DB JOURNAL EXPORT_DIR --ops 200 --seed 7 --run 3

Performs operations ``len(journal) … ops-1`` (so a restarted worker carries on where the last
one's journal ends): creates (some with a picture), edits, self-review + submit, sign-off
(with the supervisor's password and the review gate), return, mark-submitted, withdraw,
reopen, exports (Word submission copy and plain text through the real exporters, the
responsibility table through exporters.columns_xlsx; all via core.atomic) and imports
of exported .docx files (exporters.docx_import). After each operation COMMITS, one JSON line
describing it — with a marker that the operation left in the database — is appended to the
journal and flushed to disk (fsync). The last operation is always an export, so a finished
run has written into the export folder at least once.

Prints "ready" once the database is open. Exit 0 when all operations are done.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OFFICERS = ("李晓梅", "陈志强")
SUPERVISOR = "王建国"
PASSWORD = "demo"


def setup(db_path: str) -> None:
    """The unit, people and columns the worker expects (run once, by the test)."""
    from core.model import Column, Person, Unit
    from storage.database import Database

    db = Database.open(db_path)
    db.set_unit(Unit("测试局", "inbox@example.gov.cn", "测试局"), actor="test")
    db.save_person(Person(SUPERVISOR, "supervisor"), password=PASSWORD)
    for name in OFFICERS:
        db.save_person(Person(name, "officer"), password=PASSWORD)
    db.replace_columns([
        Column("dt", "工作动态", kind="dynamic", update_rule="信息发生后2日内", home_page=True),
        Column("tzgg", "通知公告", kind="notice", update_rule="信息发生后3日内"),
    ])
    db.close()


def read_journal(path: Path) -> list[dict]:
    """The complete lines of the journal (a last line cut off by a kill is ignored)."""
    if not path.exists():
        return []
    out = []
    raw = path.read_bytes()
    for line in raw.split(b"\n")[:-1] if not raw.endswith(b"\n") else raw.split(b"\n"):
        if line.strip():
            out.append(json.loads(line))
    return out


class Worker:
    def __init__(self, db_path: str, journal: Path, export_dir: Path, seed: int, run: int):
        from storage.database import Database

        self.db = Database.open(db_path, create=False)
        self.journal_path = journal
        self.journal = open(journal, "ab")
        self.export_dir = export_dir
        self.seed = seed
        self.run = run

    # ------------------------------------------------------------ helpers
    def record(self, entry: dict) -> None:
        self.journal.write((json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))
        self.journal.flush()
        os.fsync(self.journal.fileno())

    def pick(self, rng: random.Random, states: tuple[str, ...]):
        from storage.database import ItemFilter

        seqs = self.db.item_seqs(ItemFilter(states=states, sort="created_at"))
        if not seqs:
            return None
        return self.db.items_by_seq([rng.choice(seqs)])[0]

    def review(self, item, who: str) -> None:
        from core import clock
        from core.hashing import content_hash
        from core.model import Review
        from core.review import answer, load_checklist, review_for_submit

        cl = load_checklist()
        answers = [answer(cl, q.id, q.acceptable[0], by=who) for q in cl.items]
        findings, _ = review_for_submit(item, answers, ())
        self.db.save_review(Review(item.id, content_hash(item), tuple(answers), tuple(findings), (), who, clock.now(),
                                   cl.version), who)

    # ------------------------------------------------------------ operations
    def op_create(self, rng, marker, picture: bool | None = None):
        import datetime as dt

        from core.model import Attachment, Item

        who = rng.choice(OFFICERS)
        attachments = ()
        if picture if picture is not None else rng.random() < 0.3:
            data = _png(rng)
            sha = self.db.store_blob(data)
            attachments = (Attachment(f"{marker}.png", "image/png", len(data), sha, "现场图片"),)
        item = Item(id="", title=f"市政数局召开政务公开工作推进会{marker}", content_type="work_news", column_id="dt",
                    elements={"author": who, "publish_date": "2026-11-20", "source": "市政数局"},
                    body=("11月20日，市政数局召开政务公开工作推进会。", "会议要求各单位做好信息发布审核把关。"),
                    event_date=dt.date(2026, 11, 20), attachments=attachments)
        new = self.db.create_item(item, who, audit_details={"op": marker})
        return {"kind": "create", "item": new.id, "title": new.title,
                "blobs": [a.sha256 for a in attachments]}

    def op_edit(self, rng, marker):
        item = self.pick(rng, ("draft", "returned", "queued", "signed_off"))
        if item is None:
            return self.op_create(rng, marker)
        who = rng.choice(OFFICERS)
        new = self.db.update_item(item.replace(body=item.body + (f"补充说明{marker}。",)), who)
        return {"kind": "edit", "item": new.id, "version": new.version, "state": new.state}

    def op_submit(self, rng, marker):
        from storage.services import gate_for

        item = self.pick(rng, ("draft", "returned"))
        if item is None:
            return self.op_create(rng, marker)
        who = item.created_by
        self.review(item, who)
        new = self.db.apply(item.id, "submit", who, reason=marker, gate=gate_for("submit"))
        return {"kind": "transition", "item": new.id, "action": "submit", "to": new.state}

    def op_sign_off(self, rng, marker):
        from storage.services import gate_for

        item = self.pick(rng, ("queued",))
        if item is None:
            return self.op_submit(rng, marker)
        new = self.db.apply(item.id, "sign_off", SUPERVISOR, password=PASSWORD, comment=marker, gate=gate_for("sign_off"))
        return {"kind": "transition", "item": new.id, "action": "sign_off", "to": new.state}

    def op_return(self, rng, marker):
        item = self.pick(rng, ("queued",))
        if item is None:
            return self.op_submit(rng, marker)
        new = self.db.apply(item.id, "return", SUPERVISOR, password=PASSWORD, reason=f"请补充{marker}")
        return {"kind": "transition", "item": new.id, "action": "return", "to": new.state}

    def op_mark_submitted(self, rng, marker):
        item = self.pick(rng, ("signed_off",))
        if item is None:
            return self.op_sign_off(rng, marker)
        new = self.db.apply(item.id, "mark_submitted", item.created_by, reason=marker)
        return {"kind": "transition", "item": new.id, "action": "mark_submitted", "to": new.state}

    def op_withdraw(self, rng, marker):
        item = self.pick(rng, ("draft", "returned"))
        if item is None:
            return self.op_create(rng, marker)
        new = self.db.apply(item.id, "withdraw", item.created_by, reason=marker)
        return {"kind": "transition", "item": new.id, "action": "withdraw", "to": new.state}

    def op_reopen(self, rng, marker):
        item = self.pick(rng, ("withdrawn",))
        if item is None:
            return self.op_withdraw(rng, marker)
        new = self.db.apply(item.id, "reopen", item.created_by, reason=marker)
        return {"kind": "transition", "item": new.id, "action": "reopen", "to": new.state}

    def op_export(self, rng, marker):
        """Signed items through the export service (what the GUI and CLI use); others straight
        through a writer (the service refuses them)."""
        from core.filenames import safe_filename
        from exporters.registry import ExportSource, WriteOptions

        signed = self.pick(rng, ("signed_off", "submitted", "published"))
        if signed is not None:
            from exporters.export_service import ExportOptions, export_items

            fmts = tuple(rng.sample(["docx", "txt", "eml", "form"], rng.randint(1, 2)))
            result = export_items(self.db, [signed.id], ExportOptions(formats=fmts, out_dir=self.export_dir,
                                                                     actor=signed.created_by))
            return {"kind": "service_export", "item": signed.id,
                    "files": [[f.format, str(f.path), f.sha256] for f in result.files]}
        item = self.pick(rng, ("draft", "queued", "returned", "withdrawn"))
        if item is None:
            return self.op_create(rng, marker)
        source = ExportSource(item, unit=self.db.unit(), column=self.db.column(item.column_id),
                              signoff=self.db.current_signoff(item.id), review=self.db.review(item.id),
                              read_attachment=self.db.read_blob)
        fmt = "docx" if rng.random() < 0.6 else "txt"
        path = self.export_dir / safe_filename(f"{marker}-{item.title[:20]}.{fmt}")
        if fmt == "docx":
            from exporters.docx_submission import write_docx

            write_docx([source], path, WriteOptions())
        else:
            from exporters.text import write_txt

            write_txt([source], path, WriteOptions())
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        self.db.record_export(item.id, fmt, str(path), sha, item.created_by)
        return {"kind": "export", "item": item.id, "format": fmt, "path": str(path), "sha256": sha}

    def op_export_columns(self, rng, marker):
        from exporters.columns_xlsx import export_columns_xlsx

        path = self.export_dir / f"{marker}-栏目表.xlsx"
        export_columns_xlsx(self.db.columns(), path)
        return {"kind": "file", "path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}

    def op_import(self, rng, marker):
        import datetime as dt

        from core.model import Attachment, Item
        from exporters.docx_import import docx_draft

        files = sorted(p for p in self.export_dir.glob("*.docx") if not p.name.startswith("."))
        if not files:
            return self.op_export(rng, marker)
        draft = docx_draft(rng.choice(files))
        who = rng.choice(OFFICERS)
        atts = []
        for name, data, media_type in draft.pictures[:3]:
            sha = self.db.store_blob(data)
            atts.append(Attachment(name, media_type, len(data), sha))
        item = Item(id="", title=f"{draft.title[:60]}{marker}", content_type="work_news", column_id="dt",
                    elements={"author": who, "publish_date": "2026-11-20", "source": "市政数局"},
                    body=tuple(draft.paragraphs), event_date=dt.date(2026, 11, 20), attachments=tuple(atts))
        new = self.db.create_item(item, who, audit_details={"op": marker, "imported": True})
        return {"kind": "create", "item": new.id, "title": new.title, "blobs": [a.sha256 for a in atts]}

    OPS = (("create", 14), ("edit", 14), ("submit", 16), ("sign_off", 14), ("return", 4), ("mark_submitted", 6),
           ("withdraw", 3), ("reopen", 2), ("export", 16), ("export_columns", 3), ("import", 8))

    def run_ops(self, start: int, total: int) -> None:
        names = [n for n, _ in self.OPS]
        weights = [w for _, w in self.OPS]
        for n in range(start, total):
            rng = random.Random(f"{self.seed}:{n}:{self.run}")
            name = "export" if n == total - 1 else rng.choices(names, weights)[0]
            marker = f"op{n:03d}r{self.run}"
            entry = getattr(self, f"op_{name}")(rng, marker)
            entry.update(op=n, marker=marker)
            self.record(entry)


def _png(rng: random.Random) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 6), (rng.randrange(256), rng.randrange(256), rng.randrange(256))).save(buf, "PNG")
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("journal")
    parser.add_argument("export_dir")
    parser.add_argument("--ops", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--run", type=int, default=0)
    parser.add_argument("--setup", action="store_true")
    args = parser.parse_args(argv)
    if args.setup:
        setup(args.db)
        return 0
    journal = Path(args.journal)
    if journal.exists():  # drop a last line cut off by a kill before appending
        raw = journal.read_bytes()
        if raw and not raw.endswith(b"\n"):
            with open(journal, "r+b") as fh:
                fh.truncate(raw.rfind(b"\n") + 1)
    start = len(read_journal(journal))
    worker = Worker(args.db, journal, Path(args.export_dir), args.seed, args.run)
    # Warm up what the first operations load (word lists, checklist) before saying ready, so the
    # test's kills land among operations rather than in start-up.
    from core.review import load_checklist
    from storage.services import unit_wordlists

    load_checklist()
    unit_wordlists()
    print("ready", flush=True)
    worker.run_ops(start, args.ops)
    worker.db.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
