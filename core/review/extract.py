"""Getting text out of files: plain text in unknown encodings and .docx packages.

Both are defensive: the files come from anywhere. XML is parsed without entities,
DTDs or network access; zip members are size-checked before they are read.
"""
from __future__ import annotations

import io
import zipfile

from lxml import etree

from core.errors import UserError
from core.i18n import tr

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Largest zip member read (uncompressed), and largest compression ratio accepted.
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def decode_text(data: bytes) -> str:
    """Decode a plain-text file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(tr("The text is neither UTF-8 nor GB18030; save it as UTF-8 and try again."))


class DocxError(Exception):
    """The file is not a readable .docx (corrupt, encrypted, a .doc, or too big)."""


def open_docx(data: bytes) -> zipfile.ZipFile:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DocxError("ole")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DocxError("zip") from None
    if "word/document.xml" not in zf.namelist():
        raise DocxError("zip")
    return zf


def read_member(zf: zipfile.ZipFile, name: str) -> bytes | None:
    """A member's bytes, or None when absent; DocxError when oversized or broken."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_MEMBER_BYTES or (info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024):
        raise DocxError("size")
    try:
        with zf.open(info) as fh:
            data = fh.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        raise DocxError("zip") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise DocxError("size")
    return data


def parse_xml(data: bytes):
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        raise DocxError("xml") from None


def text_parts(zf: zipfile.ZipFile) -> list[str]:
    """Member names holding text, in reading order: headers, body, notes, footers."""
    names = zf.namelist()
    headers = sorted(n for n in names if n.startswith("word/header") and n.endswith(".xml"))
    footers = sorted(n for n in names if n.startswith("word/footer") and n.endswith(".xml"))
    notes = [n for n in ("word/footnotes.xml", "word/endnotes.xml") if n in names]
    return headers + ["word/document.xml"] + notes + footers


def paragraphs(root) -> list[str]:
    """Paragraph texts of one part (deleted text left out; inserted and hidden text kept)."""
    out: list[str] = []
    current: list[str] | None = None
    for el in root.iter():
        tag = el.tag
        if tag == W + "p":
            if current is not None:
                out.append("".join(current))
            current = []
        elif current is None:
            continue
        elif tag == W + "t":
            current.append(el.text or "")
        elif tag == W + "tab":
            current.append("\t")
        elif tag in (W + "br", W + "cr"):
            current.append("\n")
    if current is not None:
        out.append("".join(current))
    return out


def docx_text(data: bytes) -> str:
    """The text of a .docx, one paragraph per line (UserError if unreadable)."""
    try:
        zf = open_docx(data)
        lines: list[str] = []
        for part in text_parts(zf):
            raw = read_member(zf, part)
            if raw is not None:
                lines.extend(paragraphs(parse_xml(raw)))
        return "\n".join(lines)
    except DocxError:
        raise UserError(tr("The Word file cannot be read: it is damaged, encrypted or not a .docx file.")) from None
