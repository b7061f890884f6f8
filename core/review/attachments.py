"""Scanning attachments (附件/图片): what a file carries besides what the reader sees.

| rule | what | severity |
|---|---|---|
| ``docx.comment`` | a comment (批注) in a Word file | block — review remarks go out with the file |
| ``docx.tracked_change`` | tracked insertions/deletions (修订) | block — deleted text stays in the file |
| ``docx.hidden_text`` | hidden text (w:vanish) | block — invisible on screen, present in the file |
| ``docx.metadata`` | author, last modified by, company, manager | warn — staff names and the unit; clear them |
| ``docx.embedded_object`` | embedded files (OLE objects, charts' workbooks, macros) | warn — their content is not scanned |
| ``picture.gps`` | EXIF/XMP GPS position | block — reveals where it was taken (项目、场所) |
| ``picture.serial`` | camera/lens serial number, owner name, artist | warn |
| ``picture.thumbnail`` | an embedded EXIF thumbnail | warn — may show the uncropped original |
| ``attachment.unreadable`` | corrupt, encrypted, oversized (decompression bomb) | block — cannot be checked |
| ``attachment.empty`` | an empty file | warn |
| ``attachment.unsupported`` | a type with no scanner (video, .pdf, .xls …) | warn — check by hand |

Text in a .docx (and a .txt) is scanned with all text rules; its findings' spans index
the extracted text (see :func:`core.review.extract.docx_text`). Every finding's
``target`` is the attachment's name. Nothing here raises on bad input.
"""
from __future__ import annotations

import io
import re
import struct
import warnings
from pathlib import PurePosixPath

from core.i18n import tr
from core.model import Finding
from core.review.base import sort_and_dedupe
from core.review.extract import (
    W,
    DocxError,
    open_docx,
    paragraphs,
    parse_xml,
    read_member,
    text_parts,
)
from core.review.textscan import scan_text
from core.review.wordlists import WordIndex

PICTURE_EXTS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".webp", ".bmp"})
DOCX_TYPES = frozenset({"application/vnd.openxmlformats-officedocument.wordprocessingml.document"})
#: Largest picture accepted (pixels); Pillow's own bomb check (89 MP warn, 179 MP error) stays on too.
PICTURE_MAX_PIXELS = 80_000_000

CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"

EXCERPT = 80


def _excerpt(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _f(rule: str, severity: str, text: str, message: str, target: str) -> Finding:
    return Finding(rule=rule, severity=severity, start=0, end=0, text=text, message=message, target=target)


def kind_of(name: str, media_type: str = "") -> str:
    """"docx" | "picture" | "text" | "other", by extension first, then media type."""
    ext = PurePosixPath(name.lower()).suffix
    media_type = (media_type or "").lower()
    if ext == ".docx" or media_type in DOCX_TYPES:
        return "docx"
    if ext in PICTURE_EXTS or media_type.startswith("image/"):
        return "picture"
    if ext == ".txt" or media_type == "text/plain":
        return "text"
    return "other"


def unreadable(name: str, reason: str) -> Finding:
    return _f(
        "attachment.unreadable", "block", name,
        tr("The attachment {name} cannot be checked ({reason}). Replace it with a readable, unencrypted file, or check it by hand and record why it may go out.", name=name, reason=reason),
        name,
    )


def scan_attachment(name: str, media_type: str, data: bytes, wordlists: WordIndex | None = None) -> list[Finding]:
    """Findings for one attachment's bytes; ``target`` of each is ``name``."""
    return scan_attachment_text(name, media_type, data, wordlists)[1]


def scan_attachment_text(
    name: str, media_type: str, data: bytes, wordlists: WordIndex | None = None
) -> tuple[str, list[Finding]]:
    """Like :func:`scan_attachment`, also returning the extracted text the spans index."""
    if not data:
        return "", [_f("attachment.empty", "warn", name, tr("The attachment {name} is empty.", name=name), name)]
    kind = kind_of(name, media_type)
    if kind == "docx":
        return _scan_docx(name, data, wordlists)
    if kind == "picture":
        return "", sort_and_dedupe(scan_picture(name, data))
    if kind == "text":
        from core.errors import UserError
        from core.review.extract import decode_text

        try:
            text = decode_text(data)
        except UserError:
            return "", [unreadable(name, tr("unknown text encoding"))]
        return text, scan_text(text, wordlists, target=name)
    return "", [_f(
        "attachment.unsupported", "warn", name,
        tr("The attachment {name} is of a type that cannot be scanned automatically; check its content by hand.", name=name),
        name,
    )]


# --------------------------------------------------------------------------- Word


def _scan_docx(name: str, data: bytes, wordlists: WordIndex | None) -> tuple[str, list[Finding]]:
    try:
        zf = open_docx(data)
    except DocxError as err:
        reason = tr("encrypted, or an old .doc file") if str(err) == "ole" else tr("not a valid .docx file")
        return "", [unreadable(name, reason)]
    findings: list[Finding] = []
    try:
        lines: list[str] = []
        for part in text_parts(zf):
            raw = read_member(zf, part)
            if raw is None:
                continue
            root = parse_xml(raw)
            lines.extend(paragraphs(root))
            findings.extend(_docx_revisions(root, name))
        findings.extend(_docx_comments(zf, name))
        findings.extend(_docx_metadata(zf, name))
        findings.extend(_docx_embedded(zf, name, wordlists))
    except DocxError as err:
        reason = tr("too large when unpacked") if str(err) == "size" else tr("damaged content")
        return "", [unreadable(name, reason)]
    text = "\n".join(lines)
    findings.extend(scan_text(text, wordlists, target=name))
    return text, sort_and_dedupe(findings)


def _run_text(el) -> str:
    return "".join((t.text or "") for t in el.iter(W + "t", W + "delText"))


def _vanished(rpr) -> bool:
    v = rpr.find(W + "vanish")
    if v is None:
        return False
    return v.get(W + "val", "true").lower() not in ("0", "false", "off")


def _docx_revisions(root, name: str) -> list[Finding]:
    out: list[Finding] = []
    inserted = [_run_text(el) for el in root.iter(W + "ins", W + "moveTo")]
    deleted = [_run_text(el) for el in root.iter(W + "del", W + "moveFrom")]
    # w:del inside w:rPr marks a deleted paragraph mark; count only the ones carrying text or runs
    if inserted or deleted:
        sample = _excerpt(" / ".join(t for t in deleted + inserted if t.strip())) or "—"
        out.append(_f(
            "docx.tracked_change", "block", sample,
            tr("{name} contains tracked changes ({inserted} insertions, {deleted} deletions); deleted text stays in the file. Accept or reject all changes and save again.",
               name=name, inserted=len(inserted), deleted=len(deleted)),
            name,
        ))
    hidden: list[str] = []
    for run in root.iter(W + "r"):
        rpr = run.find(W + "rPr")
        if rpr is not None and _vanished(rpr):
            hidden.append(_run_text(run))
    hidden = [h for h in hidden if h.strip()]
    if hidden:
        out.append(_f(
            "docx.hidden_text", "block", _excerpt(" ".join(hidden)),
            tr("{name} contains hidden text, invisible on screen but present in the file. Show hidden text in Word, delete it and save again.", name=name),
            name,
        ))
    return out


def _docx_comments(zf, name: str) -> list[Finding]:
    raw = read_member(zf, "word/comments.xml")
    if raw is None:
        return []
    out = []
    for comment in parse_xml(raw).iter(W + "comment"):
        author = comment.get(W + "author", "")
        text = _run_text(comment)
        out.append(_f(
            "docx.comment", "block", _excerpt(text) or "—",
            tr("{name} contains a comment by “{author}”. Delete all comments before submitting.", name=name, author=author or "?"),
            name,
        ))
    return out


def _docx_metadata(zf, name: str) -> list[Finding]:
    fields: list[tuple[str, str]] = []
    raw = read_member(zf, "docProps/core.xml")
    if raw is not None:
        root = parse_xml(raw)
        for tag, label in ((DC + "creator", tr("author")), (CP + "lastModifiedBy", tr("last modified by"))):
            el = root.find(tag)
            if el is not None and (el.text or "").strip():
                fields.append((label, el.text.strip()))
    raw = read_member(zf, "docProps/app.xml")
    if raw is not None:
        root = parse_xml(raw)
        for tag, label in ((EP + "Company", tr("company")), (EP + "Manager", tr("manager"))):
            el = root.find(tag)
            if el is not None and (el.text or "").strip():
                fields.append((label, el.text.strip()))
    return [
        _f("docx.metadata", "warn", value,
           tr("{name} records the {field} “{value}” in its properties. Clear personal information from the document properties (File › Info › Check for Issues) before submitting.", name=name, field=label, value=value),
           name)
        for label, value in fields
    ]


def _docx_embedded(zf, name: str, wordlists: WordIndex | None) -> list[Finding]:
    out: list[Finding] = []
    for member in zf.namelist():
        low = member.lower()
        if low.startswith("word/embeddings/") or low.endswith("vbaproject.bin"):
            out.append(_f(
                "docx.embedded_object", "warn", member,
                tr("{name} has an embedded file {member}; its content is not scanned. Check it, or paste its content as text or a picture.", name=name, member=member),
                name,
            ))
        elif low.startswith("word/media/") and PurePosixPath(low).suffix in PICTURE_EXTS:
            data = read_member(zf, member)
            if data:
                out.extend(scan_picture(name, data, where=f"{name}:{PurePosixPath(member).name}"))
    return out


# --------------------------------------------------------------------------- pictures


def _ratio(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        try:
            num, den = value
            return float(num) / float(den)
        except Exception:  # noqa: BLE001 - any malformed rational counts as zero
            return 0.0


def _dms(values, ref) -> float | None:
    try:
        d, m, s = (_ratio(v) for v in values)
    except (TypeError, ValueError):
        return None
    deg = d + m / 60 + s / 3600
    if str(ref).upper().startswith(("S", "W")):
        deg = -deg
    return deg


def scan_picture(name: str, data: bytes, where: str | None = None) -> list[Finding]:
    """EXIF/XMP findings of one picture; ``target`` is ``name``, messages name ``where``."""
    from PIL import ExifTags, Image, UnidentifiedImageError

    where = where or name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
                if width * height > PICTURE_MAX_PIXELS:
                    return [unreadable(name, tr("the picture is too large ({width}×{height} pixels)", width=width, height=height))]
                exif = im.getexif()
                gps = dict(exif.get_ifd(ExifTags.IFD.GPSInfo))
                exif_ifd = dict(exif.get_ifd(ExifTags.IFD.Exif))
                ifd1 = dict(exif.get_ifd(ExifTags.IFD.IFD1))
                ifd0 = dict(exif)
                xmp = im.info.get("xmp") or im.info.get("XML:com.adobe.xmp") or b""
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return [unreadable(name, tr("the picture is too large (possible decompression bomb)"))]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, EOFError, struct.error):
        return [unreadable(name, tr("not a readable picture"))]
    out: list[Finding] = []
    lat = _dms(gps.get(2), gps.get(1, "N")) if gps.get(2) else None
    lon = _dms(gps.get(4), gps.get(3, "E")) if gps.get(4) else None
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    if lat is not None or lon is not None or b"GPSLatitude" in xmp:
        position = f"{lat:.6f}, {lon:.6f}" if lat is not None and lon is not None else "XMP"
        out.append(_f(
            "picture.gps", "block", position,
            tr("The picture {where} records where it was taken (GPS {position}). Remove the location data (save a copy without EXIF) before submitting.", where=where, position=position),
            name,
        ))
    serials = [
        (label, exif_ifd.get(tag) or ifd0.get(tag))
        for tag, label in ((0xA431, "BodySerialNumber"), (0xA435, "LensSerialNumber"), (0xC62F, "CameraSerialNumber"),
                           (0xA430, "CameraOwnerName"), (0x013B, "Artist"))
    ]
    for label, value in serials:
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if value is not None and str(value).strip(" \x00"):
            value = str(value).strip(" \x00")
            out.append(_f(
                "picture.serial", "warn", f"{label}: {value}",
                tr("The picture {where} records {field} “{value}”. Remove the EXIF data before submitting.",
                   where=where, field=label, value=value),
                name,
            ))
    if 0x0201 in ifd1 or 0x0111 in ifd1:
        out.append(_f(
            "picture.thumbnail", "warn", "EXIF thumbnail",
            tr("The picture {where} carries an embedded thumbnail, which may still show parts cut from the picture. Remove the EXIF data before submitting.", where=where),
            name,
        ))
    return out

