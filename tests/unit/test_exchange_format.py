"""The package format (core/exchange.py), pure: canonical zip layout, every byte covered by the
signature or the layout check, streamed limits, safe names, cards."""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
import zlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core import exchange as fmt
from core.exchange import PackageError
from core.hashing import content_hash
from core.model import Attachment, ChecklistAnswer, Finding, Override, Review
from tests.conftest import make_item

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 20, 10, 30, tzinfo=TZ)


def raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@pytest.fixture(scope="module")
def key():
    return Ed25519PrivateKey.generate()


def sample(key, *, pictures=(b"\x89PNG picture bytes " * 50,)):
    atts = tuple(Attachment(f"图{i}.png", "image/png", len(p), fmt.sha256_hex(p), "说明") for i, p in enumerate(pictures))
    item = make_item(id="6f3e1a65-ab8e-41af-bdc0-5ba95d87ae69", attachments=atts, created_by="李晓梅", created_at=NOW,
                     updated_by="李晓梅", updated_at=NOW, state="queued", version=2, contributors=("李晓梅",))
    review = Review(item.id, content_hash(item), (ChecklistAnswer("q1", "yes", "无涉密", "李晓梅", NOW, "v1"),),
                    (Finding("pii.phone", "block", 3, 14, "13800138000", "手机号码", masked="138****8000"),),
                    (Override("pii.phone", "13800138000", "公开的办事电话，已核实可公开", "李晓梅", NOW),), "李晓梅", NOW, "v1")
    record = fmt.item_record(item, review, queued_at=NOW)
    data = fmt.build_package(kind=fmt.KIND_REQUEST, created_at=NOW, package_id=fmt.new_package_id(),
                             sender={"name": "李晓梅", "role": "officer", "fingerprint": fmt.fingerprint(raw_public(key)),
                                     "unit": "测试局"},
                             records=[record], attachments={a.sha256: p for a, p in zip(atts, pictures)}, sign=key.sign)
    return item, review, data


def read_all(data: bytes, public: bytes):
    pkg = fmt.open_package(data)
    pkg.verify(public)
    records = pkg.items()
    for name in pkg.manifest["members"]:
        pkg.member(name)
    return pkg, records


def test_a_package_reads_back_exactly(key):
    item, review, data = sample(key)
    pkg, [rec] = read_all(data, raw_public(key))
    assert rec.item == item and rec.review == review and rec.queued_at == NOW
    assert pkg.kind == fmt.KIND_REQUEST and pkg.sender["name"] == "李晓梅"
    assert pkg.attachment(item.attachments[0].sha256).startswith(b"\x89PNG")
    names = [i.filename for i in zipfile.ZipFile(io.BytesIO(data)).infolist()]
    assert names[:2] == ["manifest.json", "manifest.sig"] and names[2].startswith("attachments/")
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))
    assert set(manifest["members"]) == set(names[2:])  # the manifest lists every other member with its sha256
    for name, meta in manifest["members"].items():
        assert meta["sha256"] == fmt.sha256_hex(zipfile.ZipFile(io.BytesIO(data)).read(name))


def test_the_layout_is_canonical_and_standard(key):
    _, _, data = sample(key)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None  # any zip tool can open it
        infos = zf.infolist()
    entries = [fmt.ZipEntry(i.filename, i.compress_type, i.CRC, i.file_size,
                            data[i.header_offset + 30 + len(i.filename):][:i.compress_size]) for i in infos]
    assert fmt.layout(entries) == data
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) and not i.extra and not i.comment for i in infos)


def test_changing_any_single_byte_is_refused(key):
    """Every byte position, three ways each: headers, manifest, signature, compressed data, the end record."""
    _, _, data = sample(key)
    public = raw_public(key)
    read_all(data, public)
    accepted = []
    for pos in range(len(data)):
        for flip in (0x01, 0x80, 0xFF):
            bad = bytearray(data)
            bad[pos] ^= flip
            try:
                read_all(bytes(bad), public)
            except PackageError:
                continue
            accepted.append((pos, flip))
    assert accepted == []


def test_appended_prepended_or_truncated_bytes_are_refused(key):
    _, _, data = sample(key)
    for bad in (data + b"\x00", b"PK\x03\x04" + data, data[:-1], data[:len(data) // 2], data + data):
        with pytest.raises(PackageError):
            read_all(bad, raw_public(key))


def test_padding_bits_of_the_deflate_stream_are_covered(key):
    """Flipping bits that inflate ignores still changes the stored bytes, which the manifest signs."""
    _, _, data = sample(key)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("items/0001.json")
    last = info.header_offset + 30 + len(info.filename) + info.compress_size - 1
    for bit in range(8):
        bad = bytearray(data)
        bad[last] ^= 1 << bit
        with pytest.raises(PackageError):
            read_all(bytes(bad), raw_public(key))


def test_another_key_does_not_verify(key):
    _, _, data = sample(key)
    pkg = fmt.open_package(data)
    with pytest.raises(PackageError, match="签名验证未通过"):
        pkg.verify(raw_public(Ed25519PrivateKey.generate()))
    with pytest.raises(RuntimeError):
        pkg.member("items/0001.json")  # members are read only from a verified package


def test_a_signature_over_other_bytes_is_refused(key):
    """A signature made for a card cannot be reused for a package (domain separation)."""
    _, _, data = sample(key)
    pkg = fmt.open_package(data)
    forged = fmt.layout([fmt.make_entry("manifest.json", pkg.manifest_bytes, False),
                         fmt.make_entry("manifest.sig", key.sign(fmt.SIGN_CARD + pkg.manifest_bytes), False)]
                        + [pkg.entries[n] for n in sorted(pkg.manifest["members"])])
    with pytest.raises(PackageError):
        read_all(forged, raw_public(key))


def test_a_resigned_manifest_with_a_changed_item_is_caught_by_the_hash(key):
    """Even the sender's own key cannot make a package whose item lies about its content hash."""
    item, review, _ = sample(key)
    record = fmt.item_record(item, review)
    record["item"]["title"] = "被篡改的标题"
    data = fmt.build_package(kind=fmt.KIND_REQUEST, created_at=NOW, package_id=fmt.new_package_id(),
                             sender={"name": "李晓梅", "role": "officer", "fingerprint": fmt.fingerprint(raw_public(key)),
                                     "unit": ""}, records=[record], attachments={}, sign=key.sign)
    pkg = fmt.open_package(data)
    pkg.verify(raw_public(key))
    with pytest.raises(PackageError, match="哈希"):
        pkg.items()


def test_names_that_escape_are_unsafe():
    for name in ("../x", "a/../../x", "/abs", "\\abs", "C:/x", "c:x", "a\\..\\b", "a//b", "./x", "", "x\x00y", "a/./b"):
        assert fmt.unsafe_name(name), name
    for name in ("manifest.json", "items/0001.json", "attachments/" + "a" * 64):
        assert not fmt.unsafe_name(name) and fmt.allowed_name(name)
    assert not fmt.allowed_name("items/1.json") and not fmt.allowed_name("attachments/xyz")


def _zip(members, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name), data)
    return buf.getvalue()


def test_zip_slip_members_are_refused_before_anything_is_read():
    for evil in ("../../.bashrc", "/etc/cron.d/x", "items/../../x.json"):
        with pytest.raises(PackageError, match="路径穿越"):
            fmt.open_package(_zip([("manifest.json", b"{}"), ("manifest.sig", b"s"), (evil, b"boom")]))


def test_declared_sizes_over_the_limits_are_refused(monkeypatch):
    monkeypatch.setattr(fmt, "LIMITS", fmt.Limits(max_member_bytes=1000, max_total_bytes=2500, max_members=5,
                                                  max_package_bytes=50_000))
    ok = [("manifest.json", b"{}"), ("manifest.sig", b"s")]
    with pytest.raises(PackageError, match="压缩炸弹"):
        fmt.open_package(_zip(ok + [("items/0001.json", b"\0" * 1001)]))
    with pytest.raises(PackageError, match="压缩炸弹"):
        fmt.open_package(_zip(ok + [(f"items/000{i}.json", b"\0" * 900) for i in range(1, 4)]))
    with pytest.raises(PackageError, match="超过上限"):
        fmt.open_package(_zip(ok + [(f"items/000{i}.json", b"{}") for i in range(1, 5)]))
    with pytest.raises(PackageError, match="文件超过"):
        fmt.open_package(b"PK\x03\x04" + b"\0" * 50_001)


def test_streamed_inflation_stops_at_the_declared_size():
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = co.compress(b"\0" * (32 << 20)) + co.flush()
    lying = fmt.ZipEntry("items/0001.json", 8, 0, 10, raw)
    with pytest.raises(PackageError, match="压缩炸弹"):
        fmt.inflate(lying, 10)
    honest = fmt.make_entry("items/0001.json", b"hello world" * 100, True)
    assert fmt.inflate(honest, honest.size) == b"hello world" * 100
    with pytest.raises(PackageError, match="压缩炸弹"):
        fmt.inflate(honest, honest.size - 1)
    with pytest.raises(PackageError):
        fmt.inflate(fmt.ZipEntry("x", 8, honest.crc, honest.size, honest.raw + b"trailing"), honest.size)
    with pytest.raises(PackageError):
        fmt.inflate(fmt.ZipEntry("x", 8, honest.crc, honest.size, honest.raw[:-3]), honest.size)


def test_a_zip_that_is_not_ours_is_refused_with_a_reason():
    with pytest.raises(PackageError, match="manifest.json"):
        fmt.open_package(_zip([("word/document.xml", b"<w/>")]))
    with pytest.raises(PackageError, match="结构"):  # a manifest written by another zip tool
        fmt.open_package(_zip([("manifest.json", b"{}"), ("manifest.sig", b"s" * 64)]))
    with pytest.raises(PackageError, match="不是 zip"):
        fmt.open_package(b"%PDF-1.4")
    with pytest.raises(PackageError, match="manifest.json 无效"):
        fmt.open_package(fmt.build_zip([("manifest.json", b"[1, 2]", False), ("manifest.sig", b"s" * 64, False)]))
    with pytest.raises(PackageError, match="manifest.json 无效"):  # valid JSON, not canonical
        fmt.open_package(fmt.build_zip([("manifest.json", b'{"a": 1}', False), ("manifest.sig", b"s" * 64, False)]))
    with pytest.raises(PackageError, match="清单格式不同"):
        fmt.open_package(fmt.build_zip([("manifest.json", b'{"format":"other"}', False), ("manifest.sig", b"s" * 64, False)]))


def test_a_newer_format_asks_for_an_update(key):
    manifest = {"format": fmt.FORMAT, "format_version": 9}
    data = fmt.build_zip([("manifest.json", fmt.canonical_bytes(manifest), False), ("manifest.sig", b"s" * 64, False)])
    with pytest.raises(PackageError, match="升级"):
        fmt.open_package(data)


def test_cards_round_trip_and_refuse_changes(key):
    card = fmt.Card("王建国", "supervisor", "测试局", raw_public(key), NOW.isoformat())
    data = fmt.card_bytes(card, key.sign)
    assert fmt.sniff(data) == "card"
    back = fmt.parse_card(data)
    assert back == card and back.short_fingerprint in data.decode()
    assert len(back.short_fingerprint.split()) == 8 and all(len(g) == 4 for g in back.short_fingerprint.split())
    for field, value in (("name", "李晓梅"), ("role", "officer"), ("unit", "x"), ("created_at", "2020-01-01T00:00:00+08:00"),
                         ("fingerprint", "0000 0000")):
        doc = json.loads(data)
        doc[field] = value
        with pytest.raises(PackageError):
            fmt.parse_card(json.dumps(doc).encode())
    other = Ed25519PrivateKey.generate()
    doc = json.loads(data)
    doc["public_key"] = __import__("base64").b64encode(raw_public(other)).decode()
    with pytest.raises(PackageError):
        fmt.parse_card(json.dumps(doc).encode())
    for junk in (b"{", b"[]", b'{"format": "x"}', b"\xff\xfe"):
        with pytest.raises(PackageError):
            fmt.parse_card(junk)


def test_fingerprints_are_readable():
    fp = fmt.fingerprint(b"\x01" * 32)
    assert len(fp) == 64
    short = fmt.short_fingerprint(fp)
    assert short == " ".join(fp[i:i + 4].upper() for i in range(0, 32, 4))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_reader(blob):
    for data in (blob, b"PK\x03\x04" + blob):
        try:
            fmt.open_package(data)
        except PackageError:
            pass
        try:
            fmt.parse_card(data)
        except PackageError:
            pass


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_random_damage_to_a_real_package_is_refused(key, data):
    _, _, package = sample(key)
    bad = bytearray(package)
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(bad) - 1))
        bad[pos] = data.draw(st.integers(0, 255).filter(lambda b, p=pos: b != bad[p]))
    assume(bytes(bad) != package)
    with pytest.raises(PackageError):
        read_all(bytes(bad), raw_public(key))
