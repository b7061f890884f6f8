"""Signed review packages (报送包 ``.infopkg``) and person cards (身份卡 ``.infocard``): the format.

Pure: no Qt, no SQL, no files. ``storage/exchange.py`` reads and writes the files and the
database; this module turns bytes into checked objects and back.

A package is a zip written by :func:`build_zip` in one canonical layout::

    manifest.json        stored; canonical JSON (sorted keys, UTF-8, no spaces)
    manifest.sig         stored; 64-byte Ed25519 signature over SIGN_PACKAGE + manifest.json
    attachments/<sha256> deflated; an attachment's bytes
    items/0001.json      deflated; canonical JSON: {"item": …, "content_hash": …, "review": …}

The manifest names the sender (name, role, key fingerprint, unit), the package id (uuid),
the time it was made, what it carries (``items`` for a sign-off request, ``decisions`` for
a decision package) and, for every other member, the sha256 and size of its content *and*
of its stored (compressed) bytes. Reading refuses a package unless

* the zip is small enough, has few enough members, safe names only (no ``../``, no
  absolute paths) and declared sizes within the limits (zip slip, zip bomb);
* every byte of the file is exactly what :func:`build_zip` writes for those members — so a
  changed header, timestamp, comment, padding bit or appended byte is caught even where a
  zip reader would not notice;
* the manifest is canonical and its signature verifies with the sender's key;
* every member inflates (streamed, never past its declared size or the limits) to the
  listed size and sha256.

Nothing is ever extracted to disk; members are read into memory by their listed names.

A card is a small JSON text: a person's name, role, unit and Ed25519 public key, signed by
that key (proof that the sender holds it). Trust comes from comparing the fingerprint by
phone, which :func:`short_fingerprint` makes readable.
"""
from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import hashlib
import io
import json
import re
import struct
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from core.errors import UserError
from core.hashing import canonical_json, content_hash
from core.i18n import tr
from core.model import Attachment, ChecklistAnswer, Finding, Item, Override, Review

FORMAT = "infodesk-package"
CARD_FORMAT = "infodesk-card"
FORMAT_VERSION = 1
KIND_REQUEST = "signoff_request"
KIND_DECISIONS = "decisions"
KINDS = (KIND_REQUEST, KIND_DECISIONS)
PACKAGE_SUFFIX = ".infopkg"
CARD_SUFFIX = ".infocard"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
#: Domain separation: a package signature can never pass as a card signature and back.
SIGN_PACKAGE = b"InfoDesk package v1\x00"
SIGN_CARD = b"InfoDesk card v1\x00"
DECISION_ACTIONS = ("sign_off", "return")

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ITEM_MEMBER = re.compile(r"^items/[0-9]{4,6}\.json$")
_ATTACHMENT_MEMBER = re.compile(r"^attachments/[0-9a-f]{64}$")
_DOS_DATE_1980_01_01 = 0x0021
_ZIP_VERSION = 20
_UTF8_FLAG = 0x0800


@dataclass
class Limits:
    """What a package may hold; beyond these it is refused before anything is inflated."""

    max_package_bytes: int = 1 << 30          # the file itself
    max_members: int = 5000
    max_member_bytes: int = 256 << 20         # one member, uncompressed
    max_total_bytes: int = 1 << 30            # all members, uncompressed
    max_manifest_bytes: int = 16 << 20
    max_card_bytes: int = 64 << 10


#: The limits in force (tests may replace them with smaller ones).
LIMITS = Limits()


class PackageError(UserError):
    """A package or card that is refused; the message says why."""


# ----------------------------------------------------------------- basics
def canonical_bytes(value) -> bytes:
    """The one byte form of a JSON value: sorted keys, no spaces, UTF-8."""
    return canonical_json(value).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(public_key: bytes) -> str:
    """sha256 of the raw 32-byte public key, hex."""
    return sha256_hex(public_key)


def short_fingerprint(fp: str) -> str:
    """The first 128 bits of a fingerprint in groups of four, to read out by phone:
    ``3F2A 9C1B 77D0 …`` (8 groups)."""
    head = fp[:32].upper()
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


def decision_id(item_id: str, action: str, signer: str, at: str, chash: str) -> str:
    """A stable id of one decision, the same each time it is sent."""
    return sha256_hex(canonical_bytes([item_id, action, signer, at, chash]))[:32]


def sniff(data: bytes) -> str | None:
    """"package", "card" or None, from the first bytes."""
    if data[:4] == b"PK\x03\x04":
        return "package"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "card"
    return None


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_dt(text) -> dt.datetime | None:
    if text in (None, ""):
        return None
    value = dt.datetime.fromisoformat(str(text))
    if value.tzinfo is None:
        raise ValueError("naive time")
    return value


# ----------------------------------------------------------- item records
def _plain(obj) -> dict:
    d = dataclasses.asdict(obj)
    for k, v in d.items():
        if isinstance(v, (dt.datetime, dt.date)):
            d[k] = v.isoformat()
    return d


def item_record(item: Item, review: Review | None, *, queued_at: dt.datetime | None = None) -> dict:
    """What a package carries of one item: its content, authors, state and self-review."""
    return {
        "item": {
            "id": item.id, "title": item.title, "content_type": item.content_type, "column_id": item.column_id,
            "unit": item.unit, "elements": {k: item.elements[k] for k in sorted(item.elements)},
            "body": list(item.body), "event_date": _iso(item.event_date),
            "attachments": [{"name": a.name, "media_type": a.media_type, "size": a.size, "sha256": a.sha256,
                             "caption": a.caption} for a in item.attachments],
            "created_by": item.created_by, "created_at": _iso(item.created_at),
            "updated_by": item.updated_by, "updated_at": _iso(item.updated_at),
            "state": item.state, "version": item.version, "contributors": list(item.contributors),
            "queued_at": _iso(queued_at),
        },
        "content_hash": content_hash(item),
        "review": review_record(review) if review is not None else None,
    }


def review_record(review: Review) -> dict:
    return {
        "item_id": review.item_id, "content_hash": review.content_hash,
        "answers": [_plain(a) for a in review.answers], "findings": [_plain(f) for f in review.findings],
        "overrides": [_plain(o) for o in review.overrides], "reviewed_by": review.reviewed_by,
        "reviewed_at": _iso(review.reviewed_at), "checklist_version": review.checklist_version,
    }


@dataclass(frozen=True)
class ItemRecord:
    item: Item
    review: Review | None
    queued_at: dt.datetime | None
    content_hash: str


def _str(value, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(what)
    return value


def _review_from(d: Mapping) -> Review:
    def answer(a):
        a = dict(a)
        a["answered_at"] = _parse_dt(a.get("answered_at"))
        return ChecklistAnswer(**a)

    def override(o):
        o = dict(o)
        o["at"] = _parse_dt(o.get("at"))
        return Override(**o)

    return Review(
        item_id=_str(d["item_id"], "review.item_id"), content_hash=_str(d["content_hash"], "review.content_hash"),
        answers=tuple(answer(a) for a in d["answers"]), findings=tuple(Finding(**f) for f in d["findings"]),
        overrides=tuple(override(o) for o in d["overrides"]), reviewed_by=_str(d["reviewed_by"], "reviewed_by"),
        reviewed_at=_parse_dt(d.get("reviewed_at")), checklist_version=_str(d["checklist_version"], "checklist_version"))


def parse_item_record(data: bytes) -> ItemRecord:
    """An item record back from its canonical bytes; PackageError when it is malformed."""
    try:
        rec = json.loads(data.decode("utf-8"))
        d = rec["item"]
        atts = tuple(Attachment(name=_str(a["name"], "name"), media_type=_str(a["media_type"], "media_type"),
                                size=int(a["size"]), sha256=_str(a["sha256"], "sha256"), caption=_str(a["caption"], "caption"))
                     for a in d["attachments"])
        if any(not _HEX64.match(a.sha256) for a in atts):
            raise ValueError("attachment key")
        elements = d["elements"]
        if not isinstance(elements, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in elements.items()):
            raise ValueError("elements")
        body = d["body"]
        if not isinstance(body, list) or not all(isinstance(p, str) for p in body):
            raise ValueError("body")
        contributors = d["contributors"]
        if not isinstance(contributors, list) or not all(isinstance(p, str) for p in contributors):
            raise ValueError("contributors")
        version = d["version"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ValueError("version")
        item = Item(
            id=_str(d["id"], "id"), title=_str(d["title"], "title"), content_type=_str(d["content_type"], "type"),
            column_id=_str(d["column_id"], "column"), unit=_str(d["unit"], "unit"), elements=elements, body=tuple(body),
            event_date=dt.date.fromisoformat(d["event_date"]) if d["event_date"] else None, attachments=atts,
            created_by=_str(d["created_by"], "created_by"), created_at=_parse_dt(d["created_at"]),
            updated_by=_str(d["updated_by"], "updated_by"), updated_at=_parse_dt(d["updated_at"]),
            state=_str(d["state"], "state"), version=version, contributors=tuple(contributors))
        review = _review_from(rec["review"]) if rec.get("review") is not None else None
        queued_at = _parse_dt(d.get("queued_at"))
        chash = _str(rec["content_hash"], "content_hash")
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise PackageError(tr("An item in the package is malformed ({detail}).", detail=str(err)[:120])) from None
    if not item.id or content_hash(item) != chash:
        raise PackageError(tr("The package was altered: the content of item {id} does not match its hash.", id=item.id[:8]))
    if review is not None and review.item_id != item.id:
        raise PackageError(tr("The package was altered: a self-review belongs to another item."))
    return ItemRecord(item, review, queued_at, chash)


# ------------------------------------------------------------ zip layout
@dataclass(frozen=True)
class ZipEntry:
    name: str
    method: int        # 0 stored, 8 deflated
    crc: int
    size: int          # uncompressed
    raw: bytes         # the bytes as stored


def make_entry(name: str, data: bytes, compress: bool) -> ZipEntry:
    if compress:
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        raw = co.compress(data) + co.flush()
        return ZipEntry(name, 8, zlib.crc32(data), len(data), raw)
    return ZipEntry(name, 0, zlib.crc32(data), len(data), bytes(data))


def layout(entries: Sequence[ZipEntry]) -> bytes:
    """The canonical zip bytes for these entries: fixed times, flags and versions, no extra
    fields, no comments, no data descriptors, no zip64."""
    if len(entries) >= 0xFFFF:
        raise PackageError(tr("Too many files for one package ({n}).", n=len(entries)))
    out = bytearray()
    central = bytearray()
    for e in entries:
        name = e.name.encode("utf-8")
        if max(len(e.raw), e.size, len(out)) >= 0xFFFFFFFF:
            raise PackageError(tr("The package would be larger than 4 GB."))
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, _ZIP_VERSION, _UTF8_FLAG, e.method, 0, _DOS_DATE_1980_01_01,
                           e.crc, len(e.raw), e.size, len(name), 0)
        out += name
        out += e.raw
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, _ZIP_VERSION, _ZIP_VERSION, _UTF8_FLAG, e.method, 0,
                               _DOS_DATE_1980_01_01, e.crc, len(e.raw), e.size, len(name), 0, 0, 0, 0, 0, offset)
        central += name
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    return bytes(out)


def build_zip(members: Iterable[tuple[str, bytes, bool]]) -> bytes:
    """A canonical zip of (name, data, compress) members, in the order given."""
    return layout([make_entry(n, d, c) for n, d, c in members])


def unsafe_name(name: str) -> bool:
    """A member name that could escape a folder if anyone ever extracted it (zip slip)."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part in ("..", ".", "") for part in name.split("/"))


def allowed_name(name: str) -> bool:
    return name in (MANIFEST, SIGNATURE) or bool(_ITEM_MEMBER.match(name) or _ATTACHMENT_MEMBER.match(name))


def _member_sort_key(name: str) -> tuple[int, str]:
    return ({MANIFEST: 0, SIGNATURE: 1}.get(name, 2), name)


def inflate(entry: ZipEntry, limit: int) -> bytes:
    """The member's bytes, streamed: never more than ``limit`` bytes come out, whatever the
    header claims (a zip bomb lies about its sizes)."""
    if entry.method == 0:
        data = entry.raw
        if len(data) > limit:
            raise PackageError(tr("The package is refused: {name} unpacks to more than {limit} bytes (zip bomb?).",
                                  name=entry.name, limit=limit))
    elif entry.method == 8:
        d = zlib.decompressobj(-15)
        out = bytearray()
        raw = entry.raw
        pos = 0
        try:
            while not d.eof:
                if d.unconsumed_tail:
                    chunk = d.unconsumed_tail
                elif pos < len(raw):
                    chunk = raw[pos:pos + 65536]
                    pos += len(chunk)
                else:
                    break
                out += d.decompress(chunk, limit + 1 - len(out))
                if len(out) > limit:
                    raise PackageError(tr("The package is refused: {name} unpacks to more than {limit} bytes (zip bomb?).",
                                          name=entry.name, limit=limit))
        except zlib.error:
            raise PackageError(tr("The package was altered or damaged: {name} cannot be unpacked.", name=entry.name)) from None
        if not d.eof or d.unused_data or d.unconsumed_tail or pos < len(raw):
            raise PackageError(tr("The package was altered or damaged: {name} cannot be unpacked.", name=entry.name))
        data = bytes(out)
    else:
        raise PackageError(tr("The package uses an unknown compression for {name}.", name=entry.name))
    if len(data) != entry.size or zlib.crc32(data) != entry.crc:
        raise PackageError(tr("The package was altered or damaged: {name} cannot be unpacked.", name=entry.name))
    return data


# --------------------------------------------------------------- reading
@dataclass
class Package:
    """A package whose layout and manifest are checked; the signature is checked by
    :meth:`verify`, members by :meth:`member` (which needs a verified package)."""

    manifest: dict
    manifest_bytes: bytes
    signature: bytes
    entries: dict[str, ZipEntry]
    sha256: str
    size: int
    verified: bool = False
    _inflated: int = 0
    _cache: dict = field(default_factory=dict)

    @property
    def package_id(self) -> str:
        return self.manifest["package_id"]

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def sender(self) -> dict:
        return self.manifest["sender"]

    @property
    def created_at(self) -> str:
        return self.manifest["created_at"]

    def verify(self, public_key: bytes) -> None:
        """Check the detached signature with the sender's public key."""
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(self.signature, SIGN_PACKAGE + self.manifest_bytes)
        except (InvalidSignature, ValueError):
            raise PackageError(tr("The package was altered or was not signed by {name}: the signature does not verify.",
                                  name=self.sender.get("name", "?"))) from None
        self.verified = True

    def member(self, name: str) -> bytes:
        """A member's bytes, checked against the signed manifest."""
        if not self.verified:
            raise RuntimeError("verify the signature before reading members")
        if name in self._cache:
            return self._cache[name]
        meta = self.manifest["members"].get(name)
        entry = self.entries.get(name)
        if meta is None or entry is None:
            raise PackageError(tr("The package was altered: {name} is missing.", name=name))
        if sha256_hex(entry.raw) != meta["stored_sha256"] or len(entry.raw) != meta["stored_size"]:
            raise PackageError(tr("The package was altered: {name} differs from what was signed.", name=name))
        limit = min(meta["size"], LIMITS.max_member_bytes, LIMITS.max_total_bytes - self._inflated)
        data = inflate(entry, max(limit, 0))
        self._inflated += len(data)
        if len(data) != meta["size"] or sha256_hex(data) != meta["sha256"]:
            raise PackageError(tr("The package was altered: {name} differs from what was signed.", name=name))
        self._cache[name] = data
        return data

    def items(self) -> list[ItemRecord]:
        """The item records the manifest lists (request: ``items``; decisions: each decision's)."""
        refs = self.manifest["items"] if self.kind == KIND_REQUEST else self.manifest["decisions"]
        out = []
        for ref in refs:
            rec = parse_item_record(self.member(ref["member"]))
            if rec.item.id != ref["item_id"] or rec.content_hash != ref["content_hash"]:
                raise PackageError(tr("The package was altered: item {id} does not match the manifest.", id=ref["item_id"][:8]))
            for a in rec.item.attachments:
                name = f"attachments/{a.sha256}"
                meta = self.manifest["members"].get(name)
                if meta is None or meta["size"] != a.size:
                    raise PackageError(tr("The package is incomplete: attachment {name} of item {id} is missing.",
                                          name=a.name, id=rec.item.id[:8]))
            out.append(rec)
        return out

    def attachment(self, sha256: str) -> bytes:
        data = self.member(f"attachments/{sha256}")
        if sha256_hex(data) != sha256:
            raise PackageError(tr("The package was altered: attachment {key} does not match its name.", key=sha256[:12]))
        return data


_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError,
               struct.error, IndexError, KeyError, OverflowError)


def open_package(data: bytes) -> Package:
    """Check a package's safety, layout and manifest (not yet its signature)."""
    limits = LIMITS
    if len(data) > limits.max_package_bytes:
        raise PackageError(tr("The package is refused: the file is larger than {limit} bytes.", limit=limits.max_package_bytes))
    if sniff(data) != "package":
        raise PackageError(tr("Not an InfoDesk package (not a zip file)."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except _ZIP_ERRORS as err:
        raise PackageError(tr("The package is damaged or altered: it cannot be read as a zip file ({detail}).",
                              detail=str(err)[:120])) from None
    if len(infos) > limits.max_members:
        raise PackageError(tr("The package is refused: it holds {n} files, more than the limit of {limit}.",
                              n=len(infos), limit=limits.max_members))
    names: list[str] = []
    total = 0
    for info in infos:
        name = info.orig_filename
        if unsafe_name(name):
            raise PackageError(tr("The package is refused: the file name {name} points outside the package (zip slip).",
                                  name=repr(name)[:120]))
        if info.file_size > limits.max_member_bytes:
            raise PackageError(tr("The package is refused: {name} unpacks to more than {limit} bytes (zip bomb?).",
                                  name=name, limit=limits.max_member_bytes))
        total += info.file_size
        if total > limits.max_total_bytes:
            raise PackageError(tr("The package is refused: its files unpack to more than {limit} bytes in all (zip bomb?).",
                                  limit=limits.max_total_bytes))
        if name in names:
            raise PackageError(tr("The package is refused: the file name {name} occurs twice.", name=name))
        names.append(name)
    if MANIFEST not in names:
        raise PackageError(tr("Not an InfoDesk package: it has no manifest.json."))
    if SIGNATURE not in names:
        raise PackageError(tr("The package is not signed (manifest.sig is missing)."))
    for name in names:
        if not allowed_name(name):
            raise PackageError(tr("The package was altered: it holds an unexpected file {name}.", name=name[:120]))
    if names != sorted(names, key=_member_sort_key):
        raise PackageError(tr("The package was altered: its structure differs from what InfoDesk writes."))
    entries: dict[str, ZipEntry] = {}
    for info in infos:
        start = info.header_offset + 30 + len(info.orig_filename.encode("utf-8"))
        raw = data[start:start + info.compress_size]
        entries[info.orig_filename] = ZipEntry(info.orig_filename, info.compress_type, info.CRC, info.file_size, raw)
    try:
        same = layout(list(entries.values())) == data
    except PackageError:
        same = False
    if not same:
        raise PackageError(tr("The package was altered: its structure differs from what InfoDesk writes."))
    if entries[MANIFEST].method != 0 or entries[SIGNATURE].method != 0:
        raise PackageError(tr("The package was altered: its structure differs from what InfoDesk writes."))
    manifest_bytes = inflate(entries[MANIFEST], limits.max_manifest_bytes)
    signature = inflate(entries[SIGNATURE], 64)
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PackageError(tr("The package was altered: manifest.json is not valid.")) from None
    if not isinstance(manifest, dict) or canonical_bytes(manifest) != manifest_bytes:
        raise PackageError(tr("The package was altered: manifest.json is not valid."))
    validate_manifest(manifest, set(names) - {MANIFEST, SIGNATURE})
    if len(signature) != 64:
        raise PackageError(tr("The package was altered or was not signed by {name}: the signature does not verify.",
                              name=manifest["sender"]["name"]))
    return Package(manifest, manifest_bytes, signature, entries, sha256_hex(data), len(data))


def _need(cond: bool, what: str) -> None:
    if not cond:
        raise PackageError(tr("The package's manifest is invalid: {what}.", what=what))


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def validate_manifest(m: dict, member_names: set[str]) -> None:
    """The manifest's shape; the member list must be exactly the zip's other files."""
    if m.get("format") != FORMAT:
        raise PackageError(tr("Not an InfoDesk package: the manifest is of another format."))
    version = m.get("format_version")
    if not _is_int(version):
        raise PackageError(tr("The package's manifest is invalid: {what}.", what="format_version"))
    if version > FORMAT_VERSION:
        raise PackageError(tr("The package was made by a newer InfoDesk (format {found}); update InfoDesk to read it.",
                              found=version))
    _need(version == FORMAT_VERSION, "format_version")
    _need(m.get("kind") in KINDS, "kind")
    try:
        _need(str(uuid.UUID(str(m.get("package_id")))) == m.get("package_id"), "package_id")
    except ValueError:
        _need(False, "package_id")
    try:
        _parse_dt(m.get("created_at"))
    except (TypeError, ValueError):
        _need(False, "created_at")
    _need(isinstance(m.get("created_at"), str) and bool(m["created_at"]), "created_at")
    s = m.get("sender")
    _need(isinstance(s, dict) and all(isinstance(s.get(k), str) for k in ("name", "role", "fingerprint", "unit")), "sender")
    _need(bool(_HEX64.match(s["fingerprint"])) and bool(s["name"]), "sender")
    members = m.get("members")
    _need(isinstance(members, dict), "members")
    for name, meta in members.items():
        _need(allowed_name(name) and name not in (MANIFEST, SIGNATURE), "members")
        _need(isinstance(meta, dict) and set(meta) == {"sha256", "size", "stored_sha256", "stored_size"}, "members")
        _need(all(isinstance(meta[k], str) and _HEX64.match(meta[k]) for k in ("sha256", "stored_sha256")), "members")
        _need(_is_int(meta["size"]) and _is_int(meta["stored_size"]), "members")
        if name.startswith("attachments/"):
            _need(name == f"attachments/{meta['sha256']}", "members")
    if set(members) != member_names:
        raise PackageError(tr("The package was altered: its files differ from those its manifest lists."))
    key = "items" if m["kind"] == KIND_REQUEST else "decisions"
    other = "decisions" if key == "items" else "items"
    _need(other not in m, other)
    refs = m.get(key)
    _need(isinstance(refs, list) and len(refs) > 0, key)
    seen_members = set()
    for ref in refs:
        _need(isinstance(ref, dict), key)
        _need(all(isinstance(ref.get(k), str) for k in ("item_id", "member", "content_hash")), key)
        _need(ref["member"] in members and _ITEM_MEMBER.match(ref["member"]) is not None, key)
        _need(ref["member"] not in seen_members, key)
        seen_members.add(ref["member"])
        _need(_is_int(ref.get("version")), key)
        if key == "decisions":
            _need(ref.get("action") in DECISION_ACTIONS, "decisions.action")
            _need(all(isinstance(ref.get(k), str) for k in ("decision_id", "signer", "at", "comment", "reason")), key)
            try:
                _need(_parse_dt(ref["at"]) is not None, "decisions.at")
            except ValueError:
                _need(False, "decisions.at")
            _need(ref["decision_id"] == decision_id(ref["item_id"], ref["action"], ref["signer"], ref["at"],
                                                     ref["content_hash"]), "decisions.decision_id")
            if ref["action"] == "return":
                _need(bool(ref["reason"].strip()), "decisions.reason")
    ids = [r["item_id"] for r in refs]
    _need(len(set(ids)) == len(ids), key)
    listed_items = {n for n in members if n.startswith("items/")}
    _need(listed_items == seen_members, "members")


# --------------------------------------------------------------- writing
def new_package_id() -> str:
    return str(uuid.uuid4())


def build_package(*, kind: str, sender: Mapping[str, str], created_at: dt.datetime, package_id: str,
                  records: Sequence[dict], decisions: Sequence[dict] | None = None,
                  attachments: Mapping[str, bytes], sign) -> bytes:
    """The bytes of a package.

    ``records`` are :func:`item_record` dicts in order; for a decision package
    ``decisions[i]`` is the decision about ``records[i]`` (without ``member``). ``sign``
    takes bytes and returns the 64-byte Ed25519 signature.
    """
    members: list[tuple[str, bytes, bool]] = []
    refs = []
    for i, rec in enumerate(records, start=1):
        name = f"items/{i:04d}.json"
        members.append((name, canonical_bytes(rec), True))
        ref = {"item_id": rec["item"]["id"], "member": name, "content_hash": rec["content_hash"],
               "version": rec["item"]["version"]}
        if kind == KIND_REQUEST:
            ref["title"] = rec["item"]["title"]
        else:
            ref.update(decisions[i - 1])
        refs.append(ref)
    for sha in sorted(attachments):
        members.append((f"attachments/{sha}", attachments[sha], True))
    entries = [make_entry(n, d, c) for n, d, c in members]
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "kind": kind, "package_id": package_id,
        "created_at": created_at.isoformat(), "sender": dict(sender),
        "members": {e.name: {"sha256": sha256_hex(d), "size": len(d), "stored_sha256": sha256_hex(e.raw),
                             "stored_size": len(e.raw)} for e, (_, d, _) in zip(entries, members)},
        ("items" if kind == KIND_REQUEST else "decisions"): refs,
    }
    manifest_bytes = canonical_bytes(manifest)
    signature = sign(SIGN_PACKAGE + manifest_bytes)
    head = [make_entry(MANIFEST, manifest_bytes, False), make_entry(SIGNATURE, signature, False)]
    entries.sort(key=lambda e: _member_sort_key(e.name))
    return layout(head + entries)


# ------------------------------------------------------------------ cards
@dataclass(frozen=True)
class Card:
    """身份卡: a person's public signing key, as exchanged once between desktops."""

    name: str
    role: str
    unit: str
    public_key: bytes
    created_at: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def short_fingerprint(self) -> str:
        return short_fingerprint(self.fingerprint)

    def payload(self) -> dict:
        return {"format": CARD_FORMAT, "format_version": FORMAT_VERSION, "name": self.name, "role": self.role,
                "unit": self.unit, "public_key": base64.b64encode(self.public_key).decode("ascii"),
                "created_at": self.created_at, "fingerprint": self.short_fingerprint}


def card_bytes(card: Card, sign) -> bytes:
    """The card file: readable JSON, self-signed over its canonical payload."""
    payload = card.payload()
    signature = sign(SIGN_CARD + canonical_bytes(payload))
    doc = dict(payload, signature=base64.b64encode(signature).decode("ascii"))
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def parse_card(data: bytes) -> Card:
    """A card back from its file; refuses a damaged or forged one."""
    if len(data) > LIMITS.max_card_bytes:
        raise PackageError(tr("Not an InfoDesk person card (the file is too large)."))
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise PackageError(tr("Not an InfoDesk person card (not valid JSON).")) from None
    if not isinstance(doc, dict) or doc.get("format") != CARD_FORMAT:
        raise PackageError(tr("Not an InfoDesk person card."))
    if doc.get("format_version") != FORMAT_VERSION:
        raise PackageError(tr("The card was made by another InfoDesk version (format {found}).", found=doc.get("format_version")))
    try:
        public_key = base64.b64decode(doc["public_key"], validate=True)
        signature = base64.b64decode(doc["signature"], validate=True)
        card = Card(name=_str(doc["name"], "name"), role=_str(doc["role"], "role"),
                    unit=_str(doc.get("unit", ""), "unit"), public_key=public_key,
                    created_at=_str(doc["created_at"], "created_at"))
    except (KeyError, ValueError, TypeError, binascii.Error):
        raise PackageError(tr("The card is damaged or altered.")) from None
    if len(public_key) != 32 or not card.name.strip() or card.role not in ("officer", "supervisor"):
        raise PackageError(tr("The card is damaged or altered."))
    expected = card.payload()
    if {k: v for k, v in doc.items() if k != "signature"} != expected:
        raise PackageError(tr("The card is damaged or altered."))
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, SIGN_CARD + canonical_bytes(expected))
    except (InvalidSignature, ValueError):
        raise PackageError(tr("The card is damaged or altered: its signature does not verify.")) from None
    return card
