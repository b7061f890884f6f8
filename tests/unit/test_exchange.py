"""Officer and supervisor on different desktops: signed review packages between two database
files, each desktop with its own key store — through the storage API and through the CLI."""
from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from core import exchange as fmt
from core.errors import UserError
from core.exchange import PackageError
from core.hashing import content_hash
from main import main
from storage import exchange, keys
from tests.conftest import make_item

PASSWORD = "demo"


# --------------------------------------------------------------------- helpers
def make_db(path):
    from core.model import Column, Person, Unit
    from storage.database import Database

    db = Database.open(path)
    db.set_unit(Unit("测试局", "inbox@example.gov.cn", "测试局"), actor="test")
    db.save_person(Person("王建国", "supervisor"), password=PASSWORD)
    db.save_person(Person("李晓梅", "officer"), password=PASSWORD)
    db.save_person(Person("陈志强", "officer"), password=PASSWORD)
    db.replace_columns([Column("dt", "工作动态", kind="dynamic", update_rule="信息发生后2日内", home_page=True)])
    return db


class Desk:
    """One desktop: its own database file and its own key store (XDG_DATA_HOME)."""

    def __init__(self, tmp_path: Path, name: str, monkeypatch):
        self.name = name
        self.path = tmp_path / f"{name}.sqlite3"
        self.xdg = tmp_path / f"xdg-{name}"
        self._mp = monkeypatch
        self.db = make_db(self.path)

    def use(self):
        """Work on this desktop from now on (its key store); returns its database."""
        self._mp.setenv("XDG_DATA_HOME", str(self.xdg))
        return self.db

    def cli(self, capsys, *args, password: str | None = PASSWORD):
        """Run the CLI on this desktop's database file (the Database object is reopened by the CLI)."""
        self.use()
        if password is None:
            self._mp.delenv("INFODESK_PASSWORD", raising=False)
        else:
            self._mp.setenv("INFODESK_PASSWORD", password)
        code = main(["--db", str(self.path), *args])
        out, err = capsys.readouterr()
        return code, out, err


@pytest.fixture
def desks(tmp_path, monkeypatch):
    officer = Desk(tmp_path, "officer", monkeypatch)
    supervisor = Desk(tmp_path, "supervisor", monkeypatch)
    yield officer, supervisor
    officer.db.close()
    supervisor.db.close()


def self_review(db, item, officer="李晓梅"):
    from core import clock
    from core.model import Review
    from core.review import answer, scan_item
    from core.review.gate import default_checklist

    checklist = default_checklist()
    answers = tuple(answer(checklist, q.id, "yes", officer) for q in checklist.items)
    review = Review(item.id, content_hash(item), answers, tuple(scan_item(item, "submit")), (), officer, clock.now(),
                    checklist.version)
    db.save_review(review, officer)
    return review


def queue(db, officer="李晓梅", picture=True, **kw):
    """A complete item by ``officer`` with a picture, self-reviewed and queued for sign-off."""
    from core.demo import demo_picture
    from storage.services import gate_for

    if picture and "attachments" not in kw:
        data, att = demo_picture()
        assert db.store_blob(data) == att.sha256
        kw["attachments"] = (att,)
    item = db.create_item(make_item(**kw), officer)
    self_review(db, item, officer)
    return db.apply(item.id, "submit", officer, gate=gate_for("submit"))


def swap_cards(officer: Desk, supervisor: Desk, tmp_path, who=("李晓梅",)):
    """Exchange person cards once, both ways."""
    for name in who:
        officer.use()
        card = exchange.export_card(officer.db, name, PASSWORD, tmp_path / f"{name}.infocard")
        supervisor.use()
        exchange.import_path(supervisor.db, card.path)
    supervisor.use()
    card = exchange.export_card(supervisor.db, "王建国", PASSWORD, tmp_path / "王建国.infocard")
    for _ in who[:1]:
        officer.use()
        exchange.import_path(officer.db, card.path)


class Ticker:
    """The clock of both desks (INFODESK_NOW), moved on by hand so decisions have distinct times."""

    def __init__(self, monkeypatch):
        import datetime as dt

        from core import clock

        self._mp = monkeypatch
        self.now = clock.now().replace(second=0) - dt.timedelta(hours=1)
        self.tick(0)

    def tick(self, minutes: int = 1) -> None:
        import datetime as dt

        self.now += dt.timedelta(minutes=minutes)
        self._mp.setenv("INFODESK_NOW", self.now.isoformat())


def snapshot(db) -> dict:
    """Everything an import could change, except the audit log."""
    out = {}
    for table in ("items", "attachments", "reviews", "signoffs", "transitions", "item_versions", "conflicts",
                  "person_keys", "imported_packages", "received_decisions", "exchange_items"):
        out[table] = sorted(map(repr, db.conn.execute(f"SELECT * FROM {table}").fetchall()))
    return out


def audit_actions(db) -> list[str]:
    return [e.action for e in db.audit_entries()]


def sign_off(desk: Desk, item_id: str, comment: str = "同意发布"):
    from storage.services import gate_for

    return desk.use().apply(item_id, "sign_off", "王建国", password=PASSWORD, comment=comment, gate=gate_for("sign_off"))


# ------------------------------------------------------------------ round trip
def test_round_trip_officer_supervisor_officer(desks, tmp_path):
    officer, supervisor = desks
    swap_cards(officer, supervisor, tmp_path)
    o = officer.use()
    item = queue(o)
    review = o.review(item.id)
    req = exchange.export_for_signoff(o, [item.id[:8]], "李晓梅", PASSWORD, tmp_path / "req.infopkg")
    assert req.item_ids == (item.id,) and req.path.exists()
    assert (req.path.stat().st_mode & 0o777) == 0o600

    s = supervisor.use()
    result = exchange.import_path(s, req.path, "王建国")
    assert [o_.outcome for o_ in result.outcomes] == ["added"]
    got = s.get_item(item.id)
    assert got.state == "queued" and got.created_by == "李晓梅" and got.contributors == ("李晓梅",)
    assert content_hash(got) == content_hash(item) and got.version == item.version
    assert s.review(item.id) == review
    assert s.read_blob(item.attachments[0].sha256) == o.read_blob(item.attachments[0].sha256)
    from storage.database import ItemFilter

    to_sign = s.items(ItemFilter(states=("queued",), exclude_contributor="王建国"))
    assert [i.id for i in to_sign] == [item.id]  # 待我签发

    sign_off(supervisor, item.id)
    assert [p.item.id for p in exchange.pending_decisions(s, "王建国")] == [item.id]
    dec = exchange.export_decisions(s, "王建国", PASSWORD, tmp_path / "dec.infopkg")
    assert exchange.pending_decisions(s, "王建国") == []  # sent

    o = officer.use()
    result = exchange.import_path(o, dec.path, "李晓梅")
    assert [o_.outcome for o_ in result.outcomes] == ["signed_off"]
    done = o.get_item(item.id)
    so = o.current_signoff(item.id)
    s_so = s.current_signoff(item.id)
    assert done.state == "signed_off" and done.signed_hash == content_hash(item)
    assert (so.signer, so.signed_at, so.content_hash, so.comment) == ("王建国", s_so.signed_at, content_hash(item), "同意发布")
    # the officer's desk can now mark it submitted (the signed hash matches)
    o.apply(item.id, "mark_submitted", "李晓梅")
    for db in (o, s):
        assert db.verify().ok
    assert {"export_for_signoff", "import_package", "export_decisions"} <= set(audit_actions(o)) | set(audit_actions(s))
    assert "import_package" in audit_actions(o) and "export_decisions" in audit_actions(s)
    # the private keys stayed home: each desk has only its own key file
    assert len(list((officer.xdg / "InfoDesk" / "keys").iterdir())) == 1
    assert len(list((supervisor.xdg / "InfoDesk" / "keys").iterdir())) == 1


def test_return_resubmit_and_replayed_old_decisions(desks, tmp_path):
    officer, supervisor = desks
    swap_cards(officer, supervisor, tmp_path)
    o = officer.use()
    item = queue(o)
    p1 = exchange.export_for_signoff(o, [item.id], "李晓梅", PASSWORD, tmp_path / "p1.infopkg")
    s = supervisor.use()
    exchange.import_path(s, p1.path)
    s.apply(item.id, "return", "王建国", reason="请补充会议时间", password=PASSWORD)
    d1 = exchange.export_decisions(s, "王建国", PASSWORD, tmp_path / "d1.infopkg")

    o = officer.use()
    r = exchange.import_path(o, d1.path)
    assert r.outcomes[0].outcome == "returned"
    assert o.get_item(item.id).state == "returned"
    assert o.last_return(item.id)["reason"] == "请补充会议时间"
    assert o.last_return(item.id)["actor"] == "王建国"

    edited = o.update_item(o.get_item(item.id).replace(body=item.body + ("会议时间为上午9时。",)), "李晓梅")
    self_review(o, edited)
    from storage.services import gate_for

    o.apply(item.id, "submit", "李晓梅", gate=gate_for("submit"))
    p2 = exchange.export_for_signoff(o, [item.id], "李晓梅", PASSWORD, tmp_path / "p2.infopkg")

    s = supervisor.use()
    r = exchange.import_path(s, p2.path)
    assert r.outcomes[0].outcome == "updated"
    assert s.get_item(item.id).version == 2 and s.get_item(item.id).state == "queued"
    # the old request arriving again changes nothing
    before = snapshot(s)
    again = exchange.import_path(s, p1.path)
    assert again.duplicate and "nothing changed" in again.summary or "未作任何改动" in again.summary
    assert snapshot(s) == before
    sign_off(supervisor, item.id)
    d2 = exchange.export_decisions(s, "王建国", PASSWORD, tmp_path / "d2.infopkg")

    o = officer.use()
    assert exchange.import_path(o, d2.path).outcomes[0].outcome == "signed_off"
    before = snapshot(o)
    replay = exchange.import_path(o, d1.path)  # the old return, after the newer sign-off
    assert replay.duplicate
    assert snapshot(o) == before
    assert o.get_item(item.id).state == "signed_off"


def test_an_old_decision_never_imported_is_ignored_after_a_newer_one(desks, tmp_path, monkeypatch):
    officer, supervisor = desks
    clock = Ticker(monkeypatch)
    swap_cards(officer, supervisor, tmp_path)
    o = officer.use()
    item = queue(o)
    p1 = exchange.export_for_signoff(o, [item.id], "李晓梅", PASSWORD, tmp_path / "p1.infopkg")
    s = supervisor.use()
    exchange.import_path(s, p1.path)
    s.apply(item.id, "return", "王建国", reason="标题不准确", password=PASSWORD)
    lost = exchange.export_decisions(s, "王建国", PASSWORD, tmp_path / "lost.infopkg")  # lost on the way
    clock.tick()
    # meanwhile the officer improves the item on her own and sends it again
    o = officer.use()
    o.apply(item.id, "recall", "李晓梅")
    edited = o.update_item(o.get_item(item.id).replace(title="市政数局召开2026年政务公开工作推进会"), "李晓梅")
    self_review(o, edited)
    from storage.services import gate_for

    o.apply(item.id, "submit", "李晓梅", gate=gate_for("submit"))
    p2 = exchange.export_for_signoff(o, [item.id], "李晓梅", PASSWORD, tmp_path / "p2.infopkg")
    s = supervisor.use()
    assert exchange.import_path(s, p2.path).outcomes[0].outcome == "updated"
    sign_off(supervisor, item.id)
    d2 = exchange.export_decisions(s, "王建国", PASSWORD, tmp_path / "d2.infopkg")
    o = officer.use()
    assert exchange.import_path(o, d2.path).outcomes[0].outcome == "signed_off"
    before = snapshot(o)["items"]
    late = exchange.import_path(o, lost.path)
    assert [x.outcome for x in late.outcomes] == ["stale"]
    assert snapshot(o)["items"] == before and o.get_item(item.id).state == "signed_off"
    assert exchange.conflicts(o) == []


def test_the_same_package_twice_changes_nothing_and_says_so(desks, tmp_path):
    officer, supervisor = desks
    swap_cards(officer, supervisor, tmp_path)
    o = officer.use()
    items = [queue(o, title=f"信息{i}：市政数局召开政务公开工作推进会") for i in range(3)]
    req = exchange.export_for_signoff(o, [i.id for i in items], "李晓梅", PASSWORD, tmp_path / "req.infopkg")
    s = supervisor.use()
    first = exchange.import_path(s, req.path)
    assert [x.outcome for x in first.outcomes] == ["added"] * 3
    before, audit_before = snapshot(s), len(s.audit_entries())
    second = exchange.import_path(s, req.path)
    assert second.duplicate and second.outcomes == []
    assert "已于" in second.summary and "未作任何改动" in second.summary
    assert snapshot(s) == before and len(s.audit_entries()) == audit_before
    assert s.count_items() == 3
    # the same file under another name is the same package
    copy = tmp_path / "copy.infopkg"
    copy.write_bytes(req.path.read_bytes())
    assert exchange.import_path(s, copy).duplicate


def test_export_refuses_items_not_queued_with_the_reason(desks, tmp_path):
    officer, _ = desks
    o = officer.use()
    draft = o.create_item(make_item(title="草稿信息"), "李晓梅")
    queued = queue(o)
    with pytest.raises(UserError) as err:
        exchange.export_for_signoff(o, [draft.id, queued.id], "李晓梅", PASSWORD, tmp_path / "x.infopkg")
    assert "草稿信息" in str(err.value) and "草稿" in str(err.value)
    assert not (tmp_path / "x.infopkg").exists()
    with pytest.raises(UserError):  # a supervisor does not send items for sign-off
        exchange.export_for_signoff(o, [queued.id], "王建国", PASSWORD, tmp_path / "x.infopkg")
    with pytest.raises(UserError):  # someone else's item
        exchange.export_for_signoff(o, [queued.id], "陈志强", PASSWORD, tmp_path / "x.infopkg")
    from core.errors import AuthError

    with pytest.raises(AuthError):  # nothing is signed in a name without the password
        exchange.export_for_signoff(o, [queued.id], "李晓梅", "wrong", tmp_path / "x.infopkg")
    assert not (tmp_path / "x.infopkg").exists()


# ------------------------------------------------------------ refusals: keys
def test_a_package_from_an_unknown_key_is_refused(desks, tmp_path):
    officer, supervisor = desks
    o = officer.use()
    item = queue(o)
    req = exchange.export_for_signoff(o, [item.id], "李晓梅", PASSWORD, tmp_path / "req.infopkg")
    s = supervisor.use()
    with pytest.raises(PackageError, match="未知密钥"):
        exchange.import_path(s, req.path, "王建国")
    assert s.count_items() == 0
    assert audit_actions(s)[-1] == "import_refused"
    assert s.audit_entries()[-1].details["source"] == "req.infopkg"


def test_a_package_signed_with_another_persons_key_is_refused(desks, tmp_path):
    officer, supervisor = desks
    swap_cards(officer, supervisor, tmp_path, who=("李晓梅", "陈志强"))
    o = officer.use()
    item = queue(o)
    li = keys.key_of(o, "李晓梅")
    chen = keys.signing_key(o, "陈志强")
    record = fmt.item_record(item, o.review(item.id))
    blobs = {a.sha256: o.read_blob(a.sha256) for a in item.attachments}
    from core import clock

    def forge(sender_fp, signer):
        return fmt.build_package(kind=fmt.KIND_REQUEST, created_at=clock.now(), package_id=fmt.new_package_id(),
                                 sender={"name": "李晓梅", "role": "officer", "fingerprint": sender_fp, "unit": "测试局"},
                                 records=[record], attachments=blobs, sign=signer.sign)

    s = supervisor.use()
    # claims 李晓梅 but names 陈志强's key
    with pytest.raises(PackageError, match="陈志强"):
        exchange.import_bytes(s, forge(chen.fingerprint, chen), "王建国")
    # names 李晓梅's key but was signed with 陈志强's
    with pytest.raises(PackageError, match="签名验证未通过"):
        exchange.import_bytes(s, forge(li.fingerprint, chen), "王建国")
    assert s.count_items() == 0


def test_a_card_that_does_not_match_the_register_is_refused(desks, tmp_path):
    officer, supervisor = desks
    o = officer.use()
    key = keys.signing_key(o, "李晓梅")
    forged = fmt.Card(name="李晓梅", role="supervisor", unit="测试局", public_key=key.public_bytes, created_at="2026-11-20T10:00:00+08:00")
    s = supervisor.use()
    with pytest.raises(PackageError, match="身份卡称李晓梅是分管领导"):
        exchange.import_bytes(s, fmt.card_bytes(forged, key.sign), "王建国")
    stranger = fmt.Card(name="赵六", role="officer", unit="测试局", public_key=key.public_bytes, created_at="2026-11-20T10:00:00+08:00")
    with pytest.raises(PackageError, match="名册"):
        exchange.import_bytes(s, fmt.card_bytes(stranger, key.sign))
    assert keys.known_keys(s) == []
    # a card altered after it was made
    good = fmt.card_bytes(fmt.Card("李晓梅", "officer", "测试局", key.public_bytes, "2026-11-20T10:00:00+08:00"), key.sign)
    doc = json.loads(good)
    doc["unit"] = "别的局"
    with pytest.raises(PackageError, match="身份卡已损坏或被改动"):
        exchange.import_bytes(s, json.dumps(doc).encode())
    # a new key for a known person needs an explicit replace (after a phone call)
    exchange.import_bytes(s, good)
    other = keys.create_private_key("李晓梅-second")
    newer = fmt.card_bytes(fmt.Card("李晓梅", "officer", "测试局", other.public_bytes, "2026-11-21T10:00:00+08:00"), other.sign)
    with pytest.raises(PackageError, match="替换密钥"):
        exchange.import_bytes(s, newer)
    r = exchange.import_bytes(s, newer, replace_key=True)
    assert r.card_status == "replaced" and keys.key_of(s, "李晓梅").fingerprint == other.fingerprint
    assert exchange.import_bytes(s, newer).card_status == "unchanged"


def test_decisions_by_the_author_or_by_an_officer_are_refused(desks, tmp_path):
    officer, supervisor = desks
    swap_cards(officer, supervisor, tmp_path, who=("李晓梅", "陈志强"))
    o = officer.use()
    item = o.create_item(make_item(), "李晓梅")
    item = o.update_item(item.replace(title="王建国改过的标题：市政数局召开推进会"), "王建国")  # the supervisor edited it
    self_review(o, item)
    from storage.services import gate_for

    item = o.apply(item.id, "submit", "李晓梅", gate=gate_for("submit"))
    assert "王建国" in item.contributors
    from core import clock

    record = fmt.item_record(item, o.review(item.id))
    at = clock.now().isoformat()
    chash = content_hash(item)

    def decisions_package(desk: Desk, name: str, role: str):
        db = desk.use()
        key = keys.signing_key(db, name)
        d = {"decision_id": fmt.decision_id(item.id, "sign_off", name, at, chash), "action": "sign_off", "signer": name,
             "at": at, "comment": "", "reason": ""}
        return fmt.build_package(kind=fmt.KIND_DECISIONS, created_at=clock.now(), package_id=fmt.new_package_id(),
                                 sender={"name": name, "role": role, "fingerprint": key.fingerprint, "unit": "测试局"},
                                 records=[record], decisions=[d], attachments={}, sign=key.sign)

    own = decisions_package(supervisor, "王建国", "supervisor")
    o = officer.use()
    with pytest.raises(PackageError, match="双人审核"):
        exchange.import_bytes(o, own, "李晓梅")
    assert o.get_item(item.id).state == "queued" and o.signoffs(item.id) == []
    # 陈志强 is an officer: his key cannot carry a sign-off, whatever role the package claims
    officer_sig = decisions_package(officer, "陈志强", "officer")
    with pytest.raises(PackageError, match="只有分管领导"):
        exchange.import_bytes(o, officer_sig, "李晓梅")
    with pytest.raises(PackageError, match="陈志强"):
        exchange.import_bytes(o, decisions_package(officer, "陈志强", "supervisor"), "李晓梅")
    assert o.get_item(item.id).state == "queued" and o.signoffs(item.id) == []
    # the supervisor's own desk refuses the same sign-off too (four-eyes in core.workflow)
    from core.errors import WorkflowError

    o = officer.use()
    req = exchange.export_for_signoff(o, [item.id], "李晓梅", PASSWORD, tmp_path / "req.infopkg")
    s = supervisor.use()
    exchange.import_path(s, req.path)
    with pytest.raises(WorkflowError):
        sign_off(supervisor, item.id)


# --------------------------------------------------------------- conflicts
def _signed_while_edited(desks, tmp_path):
    """The officer edits an item after sending it; the sign-off of the old version comes back."""
    officer, supervisor = desks
    swap_cards(officer, supervisor, tmp_path)
    o = officer.use()
    item = queue(o)
    req = exchange.export_for_signoff(o, [item.id], "李晓梅", PASSWORD, tmp_path / "req.infopkg")
    edited = o.update_item(o.get_item(item.id).replace(title="改过的标题：市政数局召开政务公开推进会"), "李晓梅")
    assert edited.state == "draft" and edited.version == 2
    s = supervisor.use()
    exchange.import_path(s, req.path)
    sign_off(supervisor, item.id)
    dec = exchange.export_decisions(s, "王建国", PASSWORD, tmp_path / "dec.infopkg")
    return item, edited, dec


def test_a_conflict_is_kept_and_nothing_is_overwritten(desks, tmp_path):
    officer, _ = desks
    item, edited, dec = _signed_while_edited(desks, tmp_path)
    o = officer.use()
    before = snapshot(o)["items"]
    r = exchange.import_path(o, dec.path, "李晓梅")
    assert [x.outcome for x in r.outcomes] == ["conflict"] and r.conflicts == 1
    assert snapshot(o)["items"] == before  # nothing overwritten
    now = o.get_item(item.id)
    assert now.title == edited.title and now.state == "draft" and o.signoffs(item.id) == []
    [c] = exchange.conflicts(o)
    assert c.item_id == item.id and c.kind == "decision"
    assert c.local["item"]["title"] == edited.title and c.local["item"]["version"] == 2
    assert c.incoming["record"]["item"]["title"] == item.title
    assert c.incoming["decision"]["signer"] == "王建国"
    # importing it again: the package is known, still one conflict
    assert exchange.import_path(o, dec.path).duplicate and len(exchange.conflicts(o)) == 1
    kept = exchange.resolve_conflict(o, item.id[:8], "local", "李晓梅")
    assert kept.title == edited.title and kept.state == "draft" and kept.version == 2
    assert exchange.conflicts(o) == [] and exchange.conflicts(o, include_resolved=True)[0].resolution == "local"
    assert "resolve_conflict" in audit_actions(o)
    with pytest.raises(UserError):
        exchange.resolve_conflict(o, item.id, "local", "李晓梅")


def test_taking_the_incoming_decision_restores_what_was_signed(desks, tmp_path):
    officer, _ = desks
    item, edited, dec = _signed_while_edited(desks, tmp_path)
    o = officer.use()
    exchange.import_path(o, dec.path)
    taken = exchange.resolve_conflict(o, item.id, "incoming", "李晓梅")
    assert taken.state == "signed_off" and taken.version == 3
    assert content_hash(taken) == content_hash(item) == taken.signed_hash
    so = o.current_signoff(item.id)
    assert so.signer == "王建国" and so.content_hash == content_hash(item) and so.version == 3
    assert [v["content_hash"] for v in o.versions(item.id)][1] == content_hash(edited)  # the edit stays in history
    o.apply(item.id, "mark_submitted", "李晓梅")
    assert o.verify().ok


# ----------------------------------------------------------- refusals: bytes
def _fresh_request(desks, tmp_path):
    officer, supervisor = desks
    swap_cards(officer, supervisor, tmp_path)
    o = officer.use()
    item = queue(o)
    req = exchange.export_for_signoff(o, [item.id], "李晓梅", PASSWORD, tmp_path / "req.infopkg")
    return item, req.path.read_bytes()


def _positions(data: bytes) -> dict[str, int]:
    """Byte positions worth changing: headers, the manifest, the signature, compressed data."""
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        infos = {i.filename: i for i in zf.infolist()}
    start = lambda n: infos[n].header_offset + 30 + len(n)  # noqa: E731
    att = next(n for n in infos if n.startswith("attachments/"))
    return {
        "first byte": 0, "local header time": 10, "local header crc": 14,
        "manifest json": start("manifest.json") + 40, "manifest end": start("manifest.json") + infos["manifest.json"].file_size - 2,
        "signature": start("manifest.sig") + 5, "item compressed": start("items/0001.json") + infos["items/0001.json"].compress_size // 2,
        "item last compressed byte": start("items/0001.json") + infos["items/0001.json"].compress_size - 1,
        "attachment compressed": start(att) + infos[att].compress_size // 3,
        "central directory": data.rindex(b"PK\x01\x02") + 12, "end record": len(data) - 3, "last byte": len(data) - 1,
    }


def test_changing_any_byte_of_a_package_is_refused_on_import(desks, tmp_path):
    _, supervisor = desks
    item, data = _fresh_request(desks, tmp_path)
    s = supervisor.use()
    for label, pos in _positions(data).items():
        for flip in (0x01, 0x80):
            bad = bytearray(data)
            bad[pos] ^= flip
            with pytest.raises(PackageError):
                exchange.import_bytes(s, bytes(bad), "王建国", source=label)
    for bad in (data + b"\x00", data[:-1], b"\x00" + data, data.replace(b"manifest.sig", b"manifest.sih")):
        with pytest.raises(PackageError):
            exchange.import_bytes(s, bad)
    assert s.count_items() == 0
    assert audit_actions(s).count("import_refused") == 2 * len(_positions(data)) + 4
    assert exchange.import_bytes(s, data).outcomes[0].outcome == "added"  # the untouched package still imports


def test_a_missing_or_wrong_manifest_is_a_clear_error(desks, tmp_path):
    _, supervisor = desks
    s = supervisor.use()

    def zipped(members):
        buf = __import__("io").BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name, data in members:
                zf.writestr(name, data)
        return buf.getvalue()

    with pytest.raises(PackageError, match="manifest.json"):
        exchange.import_bytes(s, zipped([("readme.txt", b"hello")]))
    with pytest.raises(PackageError, match="manifest.sig"):
        exchange.import_bytes(s, zipped([("manifest.json", b"{}")]))
    with pytest.raises(PackageError):
        exchange.import_bytes(s, fmt.build_zip([("manifest.json", b"not json", False), ("manifest.sig", b"x" * 64, False)]))
    with pytest.raises(PackageError, match="既不是"):
        exchange.import_bytes(s, b"just some text")
    empty = tmp_path / "empty.infopkg"
    empty.write_bytes(b"")
    with pytest.raises(PackageError):
        exchange.import_path(s, empty)
    with pytest.raises(UserError, match="没有文件"):
        exchange.import_path(s, tmp_path / "missing.infopkg")


def test_zip_slip_and_zip_bomb_fixtures_are_refused(desks, tmp_path, monkeypatch):
    _, supervisor = desks
    s = supervisor.use()
    # the fixtures are made here rather than shipped: small and reproducible
    def zipped(members, compression=zipfile.ZIP_DEFLATED):
        buf = __import__("io").BytesIO()
        with zipfile.ZipFile(buf, "w", compression) as zf:
            for name, data in members:
                zf.writestr(zipfile.ZipInfo(name), data)
        return buf.getvalue()

    manifest = ("manifest.json", b"{}")
    for evil in ("../evil.txt", "items/../../evil.txt", "/etc/passwd", "C:/Windows/evil.dll", "..\\evil.txt", "a//b"):
        with pytest.raises(PackageError, match="路径穿越"):
            exchange.import_bytes(s, zipped([manifest, (evil, b"x")]))
    monkeypatch.setattr(fmt, "LIMITS", fmt.Limits(max_member_bytes=1 << 20, max_total_bytes=3 << 20, max_members=20))
    with pytest.raises(PackageError, match="压缩炸弹"):  # one member too big (declared)
        exchange.import_bytes(s, zipped([manifest, ("items/0001.json", b"\0" * (2 << 20))]))
    with pytest.raises(PackageError, match="压缩炸弹"):  # all members together too big
        exchange.import_bytes(s, zipped([manifest] + [(f"items/000{i}.json", b"\0" * (900 << 10)) for i in range(1, 5)]))
    with pytest.raises(PackageError, match="超过上限"):  # too many members
        exchange.import_bytes(s, zipped([manifest] + [(f"items/{i:04d}.json", b"{}") for i in range(1, 25)]))
    assert s.count_items() == 0


def test_a_bomb_that_lies_about_its_size_is_stopped_while_streaming(desks, tmp_path, monkeypatch):
    """Declared sizes are small and the package is properly signed: only the streamed count catches it."""
    import zlib

    from core import clock

    officer, supervisor = desks
    swap_cards(officer, supervisor, tmp_path)
    o = officer.use()
    key = keys.signing_key(o, "李晓梅")
    small = b'{"item": {}}'
    bomb = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = bomb.compress(b"\0" * (64 << 20)) + bomb.flush()
    entry = fmt.ZipEntry("items/0001.json", 8, zlib.crc32(small), len(small), raw)
    manifest = {"format": fmt.FORMAT, "format_version": 1, "kind": fmt.KIND_REQUEST, "package_id": fmt.new_package_id(),
                "created_at": clock.now().isoformat(),
                "sender": {"name": "李晓梅", "role": "officer", "fingerprint": key.fingerprint, "unit": "测试局"},
                "members": {entry.name: {"sha256": fmt.sha256_hex(small), "size": len(small),
                                         "stored_sha256": fmt.sha256_hex(raw), "stored_size": len(raw)}},
                "items": [{"item_id": "0000aaaa", "member": entry.name, "content_hash": "0" * 64, "version": 1}]}
    mbytes = fmt.canonical_bytes(manifest)
    data = fmt.layout([fmt.make_entry("manifest.json", mbytes, False),
                       fmt.make_entry("manifest.sig", key.sign(fmt.SIGN_PACKAGE + mbytes), False), entry])
    assert len(data) < 200_000
    s = supervisor.use()
    with pytest.raises(PackageError, match="压缩炸弹"):
        exchange.import_bytes(s, data, "王建国")
    assert s.count_items() == 0


# -------------------------------------------------------------------- the CLI
def test_round_trip_through_the_cli(desks, tmp_path, capsys):
    officer, supervisor = desks
    o = officer.use()
    item = queue(o)
    other = queue(o, title="第二条：市政数局开展政务公开培训")
    draft = o.create_item(make_item(title="还在写的草稿"), "李晓梅")
    cards = tmp_path / "cards"

    code, out, _ = officer.cli(capsys, "card", "--as", "李晓梅", "--out", str(cards / "li.infocard"))
    assert code == 0 and "指纹" in out
    fp_li = keys.key_of(o, "李晓梅").short_fingerprint
    assert fp_li in out
    code, out, _ = supervisor.cli(capsys, "card", "--as", "王建国", "--out", str(cards / "wang.infocard"))
    assert code == 0
    code, out, _ = supervisor.cli(capsys, "import", str(cards / "li.infocard"))
    assert code == 0 and fp_li in out  # printed for the phone call
    code, out, _ = officer.cli(capsys, "import", str(cards / "wang.infocard"), "--as", "李晓梅")
    assert code == 0
    code, out, _ = officer.cli(capsys, "keys", "--json")
    assert {k["name"]: k["source"] for k in json.loads(out)} == {"李晓梅": "local", "王建国": "card"}

    code, _, err = officer.cli(capsys, "export-for-signoff", draft.id, item.id, "--as", "李晓梅", "--out", str(tmp_path / "x.infopkg"))
    assert code == 2 and "还在写的草稿" in err and not (tmp_path / "x.infopkg").exists()
    code, _, err = officer.cli(capsys, "export-for-signoff", item.id, "--as", "李晓梅", "--out", str(tmp_path / "x.infopkg"),
                               password=None)
    assert code == 2 and "INFODESK_PASSWORD" in err
    req = tmp_path / "usb" / "req.infopkg"
    code, out, _ = officer.cli(capsys, "export-for-signoff", item.id[:8], other.id[:8], "--as", "李晓梅", "--out", str(req))
    assert code == 0 and req.exists() and item.title in out

    code, out, _ = supervisor.cli(capsys, "import", str(req), "--as", "王建国", "--json")
    report = json.loads(out)
    assert code == 0 and [i["outcome"] for i in report[0]["items"]] == ["added", "added"]
    code, out, _ = supervisor.cli(capsys, "import", str(req))
    assert code == 0 and "未作任何改动" in out
    code, out, _ = supervisor.cli(capsys, "items", "--state", "queued", "--json")
    assert {i["id"] for i in json.loads(out)} == {item.id, other.id}
    code, out, _ = supervisor.cli(capsys, "sign-off", item.id, "--as", "王建国", "--comment", "同意")
    assert code == 0
    code, out, _ = supervisor.cli(capsys, "return", other.id, "--as", "王建国", "--reason", "请核实数据")
    assert code == 0
    dec = tmp_path / "usb" / "dec.infopkg"
    code, out, _ = supervisor.cli(capsys, "export-decisions", "--as", "王建国", "--out", str(dec))
    assert code == 0 and dec.exists()
    code, _, err = supervisor.cli(capsys, "export-decisions", "--as", "王建国", "--out", str(tmp_path / "none.infopkg"))
    assert code == 2 and "没有需要发回" in err

    code, out, _ = officer.cli(capsys, "import", str(dec), "--as", "李晓梅")
    assert code == 0 and "王建国" in out
    code, out, _ = officer.cli(capsys, "show", item.id, "--json")
    assert json.loads(out)["state"] == "signed_off"
    code, out, _ = officer.cli(capsys, "show", other.id, "--json")
    assert json.loads(out)["state"] == "returned"
    code, out, _ = officer.cli(capsys, "import", str(dec))
    assert code == 0 and "未作任何改动" in out
    code, out, _ = officer.cli(capsys, "conflicts")
    assert code == 0 and "没有待处理的冲突" in out
    code, out, _ = officer.cli(capsys, "verify")
    assert code == 0
    code, out, _ = supervisor.cli(capsys, "verify")
    assert code == 0


def test_conflicts_and_resolve_through_the_cli(desks, tmp_path, capsys):
    officer, _ = desks
    item, edited, dec = _signed_while_edited(desks, tmp_path)
    code, out, _ = officer.cli(capsys, "import", str(dec.path))
    assert code == 1 and "冲突" in out  # exit 1: something needs a choice
    code, out, _ = officer.cli(capsys, "conflicts", "--json")
    [c] = json.loads(out)
    assert c["item_id"] == item.id and c["kind"] == "decision" and c["resolved_at"] is None
    code, out, _ = officer.cli(capsys, "conflicts")
    assert item.id[:8] in out and "resolve" in out
    code, _, err = officer.cli(capsys, "resolve", item.id, "--keep", "both", "--as", "李晓梅")
    assert code == 2
    code, out, _ = officer.cli(capsys, "resolve", item.id[:8], "--keep", "incoming", "--as", "李晓梅")
    assert code == 0 and "已签发" in out
    code, out, _ = officer.cli(capsys, "conflicts", "--all", "--json")
    assert json.loads(out)[0]["resolution"] == "incoming"
    code, _, err = officer.cli(capsys, "resolve", item.id, "--keep", "local", "--as", "李晓梅")
    assert code == 2 and "没有待处理的冲突" in err


def test_every_import_and_export_is_in_the_audit_log(desks, tmp_path):
    officer, supervisor = desks
    swap_cards(officer, supervisor, tmp_path)
    o = officer.use()
    item = queue(o)
    req = exchange.export_for_signoff(o, [item.id], "李晓梅", PASSWORD, tmp_path / "req.infopkg")
    s = supervisor.use()
    exchange.import_path(s, req.path, "王建国")
    sign_off(supervisor, item.id)
    dec = exchange.export_decisions(s, "王建国", PASSWORD, tmp_path / "dec.infopkg")
    o = officer.use()
    exchange.import_path(o, dec.path, "李晓梅")
    o_actions, s_actions = audit_actions(o), audit_actions(s)
    for action in ("key_created", "export_card", "import_card", "export_for_signoff", "import_package", "import_decision",
                   "sign_off"):
        assert action in o_actions, action
    for action in ("key_created", "export_card", "import_card", "import_package", "import_item", "export_decisions"):
        assert action in s_actions, action
    exp = next(e for e in o.audit_entries() if e.action == "export_for_signoff")
    assert exp.details["package_id"] == req.package_id and exp.details["sha256"] == req.sha256
    signed = [e for e in o.audit_entries() if e.action == "sign_off"][-1]
    assert signed.actor == "王建国" and signed.details["via"] == "package" and signed.details["imported_by"] == "李晓梅"
    assert o.exports(item.id)[0]["format"] == "infopkg"
    # the audit entries were written in the import's own transaction: a failure leaves neither
    assert o.verify().ok and s.verify().ok


def test_schema_has_the_exchange_tables(tmp_path):
    db = make_db(tmp_path / "x.sqlite3")
    tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"person_keys", "imported_packages", "conflicts", "received_decisions", "sent_decisions", "exchange_items"} <= tables
    cols = {r[1] for r in db.conn.execute("PRAGMA table_info(conflicts)")}
    assert {"item_id", "local_version", "incoming", "package_id", "detected_at", "resolved_at", "resolution"} <= cols
    db.close()
    with pytest.raises(sqlite3.IntegrityError):
        conn = sqlite3.connect(tmp_path / "x.sqlite3")
        conn.execute("INSERT INTO person_keys (name, public_key, fingerprint, role, added_at, source) VALUES ('a','k','f','officer','t','elsewhere')")


def test_decisions_for_several_officers_reach_only_their_own_desks(desks, tmp_path, monkeypatch):
    """One supervisor, two officers on two desks; ``--to`` packs one officer's decisions, and a
    decision about an item a desk never had is ignored there."""
    officer, supervisor = desks
    chen_desk = Desk(tmp_path, "chen", monkeypatch)
    try:
        swap_cards(officer, supervisor, tmp_path)
        chen_desk.use()
        card = exchange.export_card(chen_desk.db, "陈志强", PASSWORD, tmp_path / "chen.infocard")
        supervisor.use()
        exchange.import_path(supervisor.db, card.path)
        chen_desk.use()
        exchange.import_path(chen_desk.db, tmp_path / "王建国.infocard")

        li_item = queue(officer.use())
        li_req = exchange.export_for_signoff(officer.db, [li_item.id], "李晓梅", PASSWORD, tmp_path / "li.infopkg")
        chen_item = queue(chen_desk.use(), officer="陈志强", title="陈志强的稿件：开展政务公开培训")
        chen_req = exchange.export_for_signoff(chen_desk.db, [chen_item.id], "陈志强", PASSWORD, tmp_path / "chen.infopkg")
        s = supervisor.use()
        for path in (li_req.path, chen_req.path):
            exchange.import_path(s, path)
        sign_off(supervisor, li_item.id)
        s.apply(chen_item.id, "return", "王建国", reason="数据需核实", password=PASSWORD)
        only_li = exchange.export_decisions(s, "王建国", PASSWORD, tmp_path / "to-li.infopkg", to="李晓梅")
        assert only_li.item_ids == (li_item.id,)
        rest = exchange.export_decisions(s, "王建国", PASSWORD, tmp_path / "rest.infopkg")
        assert rest.item_ids == (chen_item.id,)
        everything = exchange.export_decisions(s, "王建国", PASSWORD, tmp_path / "all.infopkg", include_sent=True)
        assert set(everything.item_ids) == {li_item.id, chen_item.id}

        r = exchange.import_path(chen_desk.use(), everything.path)
        assert {x.item_id: x.outcome for x in r.outcomes} == {li_item.id: "unknown", chen_item.id: "returned"}
        assert chen_desk.db.count_items() == 1  # nothing of 李晓梅's was created here
        r = exchange.import_path(officer.use(), only_li.path)
        assert [x.outcome for x in r.outcomes] == ["signed_off"]
        r = exchange.import_path(officer.db, everything.path)  # the same decision again, in another package
        assert {x.item_id: x.outcome for x in r.outcomes} == {li_item.id: "already", chen_item.id: "unknown"}
        assert officer.db.get_item(li_item.id).state == "signed_off" and len(officer.db.signoffs(li_item.id)) == 1
    finally:
        chen_desk.db.close()


def test_resending_an_unchanged_item_after_a_return_queues_it_again(desks, tmp_path, monkeypatch):
    officer, supervisor = desks
    clock = Ticker(monkeypatch)
    swap_cards(officer, supervisor, tmp_path)
    item = queue(officer.use())
    p1 = exchange.export_for_signoff(officer.db, [item.id], "李晓梅", PASSWORD, tmp_path / "p1.infopkg")
    s = supervisor.use()
    exchange.import_path(s, p1.path)
    clock.tick()
    s.apply(item.id, "return", "王建国", reason="请说明信息来源", password=PASSWORD)
    d1 = exchange.export_decisions(s, "王建国", PASSWORD, tmp_path / "d1.infopkg")
    o = officer.use()
    exchange.import_path(o, d1.path)
    clock.tick()
    from storage.services import gate_for

    o.apply(item.id, "submit", "李晓梅", gate=gate_for("submit"))  # 来源 is right as it is: sent again unchanged
    p2 = exchange.export_for_signoff(o, [item.id], "李晓梅", PASSWORD, tmp_path / "p2.infopkg")
    s = supervisor.use()
    r = exchange.import_path(s, p2.path)
    assert [x.outcome for x in r.outcomes] == ["updated"] and s.get_item(item.id).state == "queued"


def test_a_supervisor_does_not_send_items_for_sign_off(desks, tmp_path):
    officer, supervisor = desks
    swap_cards(officer, supervisor, tmp_path)
    s = supervisor.use()
    item = s.create_item(make_item(), "王建国")
    from core import clock

    key = keys.signing_key(s, "王建国")
    forged = fmt.build_package(kind=fmt.KIND_REQUEST, created_at=clock.now(), package_id=fmt.new_package_id(),
                               sender={"name": "王建国", "role": "supervisor", "fingerprint": key.fingerprint, "unit": "测试局"},
                               records=[fmt.item_record(item.replace(state="queued"), None)], attachments={}, sign=key.sign)
    o = officer.use()
    with pytest.raises(PackageError, match="信息员"):
        exchange.import_bytes(o, forged)
    assert o.count_items() == 0


def test_keys_table_in_the_cli(desks, tmp_path, capsys):
    officer, supervisor = desks
    swap_cards(officer, supervisor, tmp_path)
    code, out, _ = officer.cli(capsys, "keys")
    assert code == 0 and "李晓梅" in out and "王建国" in out and "本机" in out and "身份卡" in out
    assert keys.key_of(officer.db, "王建国").short_fingerprint in out


def test_a_new_role_travels_with_a_new_card_of_the_same_key(desks, tmp_path):
    from core.model import Person

    officer, supervisor = desks
    swap_cards(officer, supervisor, tmp_path, who=("李晓梅", "陈志强"))
    before = keys.key_of(supervisor.db, "陈志强")
    for desk in (officer, supervisor):
        desk.db.save_person(Person("陈志强", "supervisor"), actor="test")  # promoted, on both registers
    officer.use()
    card = exchange.export_card(officer.db, "陈志强", PASSWORD, tmp_path / "chen2.infocard")
    assert card.fingerprint == before.fingerprint and keys.key_of(officer.db, "陈志强").role == "supervisor"
    r = exchange.import_path(supervisor.use(), card.path)
    assert r.card_status == "updated"
    assert keys.key_of(supervisor.db, "陈志强").role == "supervisor"
    assert keys.key_of(supervisor.db, "陈志强").fingerprint == before.fingerprint
