"""The e-mail package (.eml) for the portal's mailbox (Benxi 本政办[2010]16号: "after review,
by e-mail to the portal's mailbox; text as plain text or Word; pictures jpg or gif at 4:3").

One message per item, or one for several. To: the unit's receiving mailbox (``Unit.mailbox``);
Subject ``【单位】栏目：标题（YYYY-MM-DD）``; a plain-text body with the item's elements and
the sign-off line; attachments per item: the Word copy (报送稿), a plain-text copy (UTF-8 with
BOM, CRLF — what Notepad opens), the pictures (JPEG/GIF, EXIF removed) and the other
attachments (video only in the formats the portal takes). Chinese attachment names are
encoded after RFC 2231 (``filename*=utf-8''…``). ``X-Unsent: 1`` makes Outlook open the file
as a draft ready to send. Header values never contain line breaks: a title with CR/LF in it
cannot add headers (header injection).
"""
from __future__ import annotations

import base64
import datetime as dt
import re
import uuid
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Sequence

from core import clock
from core.errors import UserError
from core.hashing import content_hash
from core.i18n import tr
from core.atomic import Cancelled, never_cancelled, no_progress, write_bytes
from exporters.docx_submission import docx_bytes
from core.filenames import safe_filename
from exporters.pictures import check_video, is_video, picture_name
from exporters.registry import (ExportFormat, ExportSource, WriteOptions, cn_datetime, combined_stem,
                                element_rows, prefetch_pictures, processed_picture)
from exporters.text import txt_bytes

DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
#: Every character that could end a header line or hide one: CR, LF, the other Unicode line
#: and paragraph separators, and all other control characters.
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$")


def header_text(value: str) -> str:
    """``value`` on one line: line breaks and control characters become a space."""
    return re.sub(r"\s{2,}", " ", _BREAKS.sub(" ", value or "")).strip()


def mailbox_address(value: str, what: str) -> str:
    """A bare e-mail address, or a UserError naming ``what`` it was meant to be."""
    raw = header_text(value)
    _name, addr = parseaddr(raw)
    if not addr or not _ADDRESS.match(addr) or not (raw == addr or raw.endswith(f"<{addr}>")):
        raise UserError(tr("{what} “{value}” is not an e-mail address.", what=what, value=raw[:80]))
    return addr


def item_date(source: ExportSource, today: dt.date) -> dt.date:
    """The date in the subject: the planned publication date, else the event date, else today."""
    value = source.item.elements.get("publish_date", "").strip()
    try:
        if value:
            return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    return source.item.event_date or today


def subject_for(sources: Sequence[ExportSource], today: dt.date) -> str:
    """【单位】栏目：标题（YYYY-MM-DD） — or, for several, 【单位】报送信息N条：first title等（date）."""
    first = sources[0]
    unit = header_text(first.unit_label)
    if len(sources) == 1:
        return header_text(f"【{unit}】{header_text(first.column_name)}：{header_text(first.item.title)}"
                           f"（{item_date(first, today).isoformat()}）")
    return header_text(f"【{unit}】报送信息{len(sources)}条：{header_text(first.item.title)}等（{today.isoformat()}）")


class EncodedSubject(str):
    """The Subject header as the message holds it: the text itself (``str``), written as RFC 2047
    encoded words that hold every character, spaces included.

    The standard library's folder splits a long non-ASCII subject into encoded words with a
    plain space *between* two of them where the title had one, and RFC 2047 tells readers to
    drop whitespace between encoded words: "ࠀ \x80 0" came back as "ࠀ\x80 0". Here the
    words are cut only between characters and only at their ends, so nothing is lost."""

    name = "Subject"
    #: UTF-8 bytes per encoded word: 52 base64 characters, a word of 64, a first line of 73.
    CHUNK = 39

    def fold(self, *, policy) -> str:
        text = str(self)
        if text.isascii() and text.isprintable() and len(text) <= 68 and "=?" not in text:
            return f"Subject: {text}{policy.linesep}"
        words, chunk = [], b""
        for ch in text:
            b = ch.encode("utf-8")
            if chunk and len(chunk) + len(b) > self.CHUNK:
                words.append(chunk)
                chunk = b""
            chunk += b
        if chunk:
            words.append(chunk)
        encoded = [f"=?utf-8?b?{base64.b64encode(w).decode('ascii')}?=" for w in words]
        return "Subject: " + f"{policy.linesep} ".join(encoded) + policy.linesep


def signoff_line(source: ExportSource) -> str:
    so = source.signoff
    if not source.signed or so is None:
        return "签发：未签发"
    return f"签发：{so.signer}于{cn_datetime(so.signed_at)}签发（内容校验码 {content_hash(source.item)}）"


class _Names:
    """Attachment names unique within one message, safe on Windows, on one line."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, name: str) -> str:
        name = safe_filename(header_text(name), max_bytes=150)
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        candidate, n = name, 2
        while candidate.lower() in self.used:
            candidate = f"{stem} ({n})" + (f".{ext}" if ext else "")
            n += 1
        self.used.add(candidate.lower())
        return candidate


def _attach(msg: EmailMessage, data: bytes, maintype: str, subtype: str, filename: str, **params: str) -> None:
    # Only Content-Disposition's filename (RFC 2183/2231). A ``name`` parameter on Content-Type
    # as well would make the standard library fold the long Word media type into an encoded
    # word (application/=?utf-8?q?vnd=2E...?=), which no mail program reads.
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename, params=params or None)


def _steps(source: ExportSource) -> int:
    return 2 + sum(1 for a in source.item.attachments if a.is_picture)


def build_message(sources: Sequence[ExportSource], options: WriteOptions | None = None,
                  progress=no_progress, cancelled=never_cancelled) -> EmailMessage:
    """The message for ``sources`` (one item or several) — nothing is written."""
    return _build(sources, options, progress, cancelled, placeholders=False)[0]


def _build(sources: Sequence[ExportSource], options: WriteOptions | None, progress, cancelled,
           placeholders: bool) -> tuple[EmailMessage, dict[bytes, bytes]]:
    """The message; with ``placeholders`` each attachment's content is a token, and the tokens
    map to the contents (see :func:`eml_bytes`)."""
    options = options or WriteOptions()
    if not sources:
        raise UserError(tr("Nothing to export: no items were chosen."))
    now = options.now or clock.now()
    first = sources[0]
    if not first.unit.mailbox.strip():
        raise UserError(tr("The unit has no receiving mailbox (报送邮箱) yet: set the portal's mailbox in the unit's settings first."))
    to = mailbox_address(first.unit.mailbox, tr("The receiving mailbox (报送邮箱) of the unit"))
    for s in sources:
        for a in s.item.attachments:
            if not a.is_picture and is_video(a.name, a.media_type):
                check_video(a.name, a.media_type)

    msg = EmailMessage(policy=policy.default)
    msg["Subject"] = EncodedSubject(subject_for(sources, now.date()))
    if options.sender.strip():
        msg["From"] = mailbox_address(options.sender, tr("The sender address"))
    msg["To"] = to
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=to.rpartition("@")[2] or "infodesk.invalid")
    msg["X-Unsent"] = "1"
    msg["X-Mailer"] = "InfoDesk"

    prefetch_pictures(sources, options.pictures, cancelled)
    total = sum(_steps(s) for s in sources)
    done = 0
    names = _Names()
    body: list[str] = []
    unit_name = first.unit.name or first.item.unit
    if len(sources) > 1:
        body += [f"{unit_name}报送信息{len(sources)}条：", ""]
    else:
        body += [f"{unit_name}报送信息：", ""]
    parts: list[tuple[bytes, str, str, str, dict]] = []
    for n, source in enumerate(sources, 1):
        item = source.item
        if cancelled():
            raise Cancelled()
        lead = f"{n}. " if len(sources) > 1 else ""
        body.append(f"{lead}标题：{header_text(item.title)}")
        body.append(f"栏目：{source.column.path if source.column else source.column_name}")
        body.append(f"信息类型：{source.type_label}")
        for _code, name, value in element_rows(source):
            body.append(f"{name}：{' '.join(value.split())}")
        files: list[str] = []
        word = names(f"{item.title}.docx")
        parts.append((docx_bytes([source], options, cancelled=cancelled), *DOCX_TYPE, word, {}))
        files.append(f"报送稿 {word}")
        done += 1
        progress(done, total)
        text_name = names(f"{item.title}.txt")
        parts.append((txt_bytes([source]), "text", "plain", text_name, {"charset": "utf-8"}))
        files.append(f"纯文本 {text_name}")
        done += 1
        progress(done, total)
        for att in item.attachments:
            if cancelled():
                raise Cancelled()
            if att.is_picture:
                pic = processed_picture(source, att, options.pictures)
                pname = names(picture_name(att.name, pic))
                maintype, subtype = pic.media_type.split("/")
                parts.append((pic.data, maintype, subtype, pname, {}))
                files.append(f"图片 {pname}" + (f"（{att.caption.strip()}）" if att.caption.strip() else ""))
                done += 1
                progress(done, total)
            else:
                data = source.attachment_bytes(att)
                aname = names(att.name)
                maintype, _, subtype = (att.media_type or "application/octet-stream").partition("/")
                if maintype == "text" or maintype == "multipart" or not subtype:
                    maintype, subtype = "application", "octet-stream"
                parts.append((data, maintype, subtype, aname, {}))
                files.append(f"附件 {aname}")
        body.append("所附文件：" + "；".join(files))
        body.append(signoff_line(source))
        body.append("")
    body.append("此邮件由政务信息报送助手生成，请核对附件后发送。")
    msg.set_content("\n".join(body) + "\n", cte="base64")
    payloads: dict[bytes, bytes] = {}
    for data, maintype, subtype, filename, params in parts:
        if placeholders:
            token = f"@@INFODESK-{uuid.uuid4().hex}@@"
            _attach(msg, b"", maintype, subtype, filename, **params)
            msg.get_payload()[-1].set_payload(token)
            payloads[token.encode("ascii")] = data
        else:
            _attach(msg, data, maintype, subtype, filename, **params)
    return msg, payloads


def eml_bytes(sources: Sequence[ExportSource], options: WriteOptions | None = None,
              progress=no_progress, cancelled=never_cancelled, draft: bool = True) -> bytes:
    """The message as an .eml file: CRLF line ends, as sent over SMTP. ``draft``: with
    ``X-Unsent: 1`` (a mail program opens it ready to send); False for sending it directly.

    The same bytes as ``build_message(...).as_bytes(policy=policy.SMTP)``, about ten times
    faster for photos: the standard library writes base64 line by line in Python, so the
    attachments are generated as tokens and their base64 (binascii, 76 characters a line)
    put in afterwards."""
    msg, payloads = _build(sources, options, progress, cancelled, placeholders=True)
    if not draft:
        del msg["X-Unsent"]
    data = msg.as_bytes(policy=policy.SMTP)
    if cancelled():
        raise Cancelled()
    pieces = []
    pos = 0
    for token, content in payloads.items():
        at = data.index(token, pos)
        pieces.append(data[pos:at])
        pieces.append(base64.encodebytes(content).replace(b"\n", b"\r\n").rstrip(b"\r\n"))
        pos = at + len(token)
    pieces.append(data[pos:])
    return b"".join(pieces)


def write_eml(sources: Sequence[ExportSource], path: Path, options: WriteOptions | None = None,
              progress=no_progress, cancelled=never_cancelled) -> None:
    data = eml_bytes(sources, options, progress, cancelled)
    if cancelled():
        raise Cancelled()
    write_bytes(path, data)


FORMAT = ExportFormat(code="eml", extension=".eml", write=write_eml, stem=lambda s: combined_stem(s))
