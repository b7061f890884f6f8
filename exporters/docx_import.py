"""A Word file (.docx) as a new draft: its title, paragraphs and pictures.

    title, paragraphs, pictures = docx_to_draft(path)   # pictures: [(name, bytes, media_type)]
    draft = docx_draft(path)                            # the same, plus .warnings

The title is the first paragraph styled Title or Heading (标题), else the first
non-empty paragraph; the body is every other non-empty paragraph, tables row by row, in
document order. Pictures are the document's image parts, in the order the text uses
them. Anything that is not a readable .docx — an old .doc or an encrypted file (both OLE
containers), a damaged or empty file, a zip bomb — is refused with a clear message; a
file with thousands of pictures keeps the first :data:`MAX_PICTURES` and says so.

No Qt here.
"""
from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from core.errors import UserError
from core.i18n import tr

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
MAX_PICTURES = 200
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Largest uncompressed size of word/document.xml and of all pictures together.
MAX_XML_BYTES = 64 * 1024 * 1024
MAX_PICTURE_BYTES = 300 * 1024 * 1024
MAX_RATIO = 500  # uncompressed / compressed: beyond this a member is a zip bomb
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
_TITLE_STYLES = ("title", "heading", "标题", "subtitle")
_RT_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_V_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
_EDGE_SPACE = " \t\u3000\u00a0\u2002\u2003\u200b\ufeff"


@dataclass(frozen=True)
class DocxDraft:
    title: str
    paragraphs: list[str]
    pictures: list[tuple[str, bytes, str]]
    warnings: list[str] = field(default_factory=list)

    def __iter__(self):  # title, paragraphs, pictures = draft
        return iter((self.title, self.paragraphs, self.pictures))


def docx_to_draft(path: str | os.PathLike) -> tuple[str, list[str], list[tuple[str, bytes, str]]]:
    """(title, paragraphs, pictures) of a .docx; UserError for anything unreadable."""
    draft = docx_draft(path)
    return draft.title, draft.paragraphs, draft.pictures


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise UserError(tr("{name} is a folder, not a Word file.", name=path.name))
        if size > MAX_FILE_BYTES:
            raise UserError(tr("{name} is too large to import ({size} MB).", name=path.name, size=size // (1024 * 1024)))
        return path.read_bytes()
    except OSError as err:
        raise UserError(tr("Cannot read {name}: {error}", name=path.name, error=err.strerror or str(err))) from None


def _check_container(name: str, data: bytes) -> zipfile.ZipFile:
    if not data:
        raise UserError(tr("{name} is empty.", name=name))
    if data.startswith(OLE_SIGNATURE):
        raise UserError(tr("{name} is encrypted (password-protected) or an old Word .doc file. Remove the password, "
                           "or save it in Word as .docx, then import it again.", name=name))
    if not data.startswith(ZIP_SIGNATURES):
        raise UserError(tr("{name} is not a Word .docx file.", name=name))
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UserError(tr("{name} is damaged: it cannot be opened as a Word file.", name=name)) from None
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise UserError(tr("{name} is not a Word .docx file.", name=name))
    info = zf.getinfo("word/document.xml")
    if info.file_size > MAX_XML_BYTES or _bomb(info):
        raise UserError(tr("{name} is damaged or malicious: its text part is too large to read safely.", name=name))
    # python-docx reads every part into memory when it opens the file: refuse bombs first
    infos = zf.infolist()
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES or any(_bomb(i) for i in infos):
        raise UserError(tr("{name} is damaged or malicious: it unpacks to far more data than it holds.", name=name))
    return zf


def _bomb(info: zipfile.ZipInfo) -> bool:
    return info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size)


def _clean(text: str) -> str:
    text = text.replace("\r", " ").replace("\n", " ").replace("\x0b", " ")
    text = "".join(ch for ch in text if ch == "\t" or ord(ch) >= 32)
    return text.strip(_EDGE_SPACE)


def _style_name(paragraph) -> str:
    try:
        style = paragraph.style
        return (style.name or "") if style is not None else ""
    except (KeyError, ValueError, AttributeError):
        return ""


def _is_title_style(name: str) -> bool:
    low = name.lower().replace(" ", "")
    return low.startswith(_TITLE_STYLES) or low.startswith("标题")


def docx_draft(path: str | os.PathLike, cancelled: Callable[[], bool] | None = None) -> DocxDraft:
    """Read a .docx as a draft (see the module docstring); UserError for anything unreadable."""
    p = Path(path)
    data = _read(p)
    zf = _check_container(p.name, data)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        blocks: list[tuple[str, str]] = []  # (style name, text)
        body = document.element.body
        for child in body.iterchildren():
            if cancelled and cancelled():
                raise UserError(tr("Import cancelled."))
            tag = child.tag
            if tag == _W + "p":
                para = Paragraph(child, document)
                blocks.append((_style_name(para), para.text))
            elif tag == _W + "tbl":
                for row in Table(child, document).rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        text = _clean(" ".join(cp.text for cp in cell.paragraphs))
                        if text and (not cells or cells[-1] != text):  # merged cells repeat
                            cells.append(text)
                    if cells:
                        blocks.append(("", "\u3000".join(cells)))
        pictures, warnings = _pictures(document, zf, p.name)
    except UserError:
        raise
    except Exception as err:  # noqa: BLE001 - python-docx/lxml raise many kinds on damaged files
        raise UserError(tr("{name} is damaged: it cannot be read as a Word file ({error}).",
                           name=p.name, error=type(err).__name__)) from None
    cleaned = [(style, _clean(text)) for style, text in blocks]
    cleaned = [(style, text) for style, text in cleaned if text]
    if not cleaned:
        if pictures:
            return DocxDraft("", [], pictures, warnings + [tr("{name} has no text, only pictures.", name=p.name)])
        raise UserError(tr("{name} contains no text to import.", name=p.name))
    title_index = next((i for i, (style, _t) in enumerate(cleaned) if _is_title_style(style)), 0)
    title = cleaned[title_index][1]
    paragraphs = [text for i, (_s, text) in enumerate(cleaned) if i != title_index]
    if len(title) > 200:
        warnings.append(tr("The first paragraph is too long for a title; check the title."))
    return DocxDraft(title, paragraphs, pictures, warnings)


def _pictures(document, zf: zipfile.ZipFile, name: str) -> tuple[list[tuple[str, bytes, str]], list[str]]:
    """Image parts in the order the text uses them, then any others; capped."""
    warnings: list[str] = []
    part = document.part
    rels = {rid: rel for rid, rel in part.rels.items() if rel.reltype == _RT_IMAGE and not rel.is_external}
    order: list[str] = []
    seen: set[str] = set()
    for el in document.element.body.iter(_A_BLIP, _V_IMAGEDATA):
        rid = el.get(_R_EMBED) or el.get(_R_ID)
        if rid in rels and rid not in seen:
            seen.add(rid)
            order.append(rid)
    order += [rid for rid in rels if rid not in seen]
    out: list[tuple[str, bytes, str]] = []
    total = 0
    used_parts: set[str] = set()
    used_names: set[str] = set()
    for rid in order:
        target = rels[rid].target_part
        partname = str(target.partname)
        if partname in used_parts:
            continue
        if len(out) >= MAX_PICTURES:
            warnings.append(tr("{name} holds more than {max} pictures; only the first {max} were imported.",
                               name=name, max=MAX_PICTURES))
            break
        used_parts.add(partname)
        member = partname.lstrip("/")
        try:
            size = zf.getinfo(member).file_size
        except KeyError:
            size = len(target.blob)
        if total + size > MAX_PICTURE_BYTES:
            warnings.append(tr("The pictures of {name} are too large together; the rest were not imported.", name=name))
            break
        blob = target.blob
        total += len(blob)
        picture_name = PurePosixPath(partname).name
        stem, suffix = PurePosixPath(picture_name).stem, PurePosixPath(picture_name).suffix
        n = 1
        while picture_name in used_names:
            n += 1
            picture_name = f"{stem}-{n}{suffix}"
        used_names.add(picture_name)
        out.append((picture_name, blob, target.content_type or "application/octet-stream"))
    return out, warnings
