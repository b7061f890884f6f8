"""Plain text (纯文本) for Notepad: UTF-8 with a byte-order mark and CRLF line ends.

Older Notepad (before Windows 10 1903) reads UTF-8 only with a BOM and shows a file with
bare LF line ends as one long line, so both are written. The text is the publishable
content only: title, elements, body (paragraphs indented with two ideographic spaces, as
a Chinese document is), pictures with captions, 附件 list, issuing body and date.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from core.atomic import Cancelled, never_cancelled, no_progress, write_bytes
from exporters.registry import ExportFormat, ExportSource, WriteOptions, cn_date, combined_stem, element_rows

BOM = b"\xef\xbb\xbf"
INDENT = "\u3000\u3000"
SEPARATOR = "—" * 20
#: Elements placed in the closing lines (落款) rather than under the title.
CLOSING = ("issuer", "publish_date")


def attachment_stem(name: str) -> str:
    """附件说明 names the document, not the file: no extension (GB/T 9704: no punctuation after it)."""
    stem, ext = os.path.splitext(name)
    return stem if ext and len(ext) <= 6 else name


def item_lines(source: ExportSource) -> list[str]:
    item = source.item
    lines = [" ".join(item.title.split()), ""]
    has_issuer = bool(item.elements.get("issuer", "").strip())
    skip = CLOSING if has_issuer else ("issuer",)
    meta = element_rows(source, skip=skip)
    for _code, name, value in meta:
        first, *rest = value.splitlines() or [""]
        lines.append(f"{name}：{first}")
        lines.extend(INDENT + r for r in rest if r.strip())
    if meta:
        lines.append("")
    for para in item.body:
        para = para.strip()
        if para:
            lines.append(INDENT + para)
    pictures = [a for a in item.attachments if a.is_picture]
    others = [a for a in item.attachments if not a.is_picture]
    if pictures:
        lines.append("")
        lines.append("图片：")
        for i, a in enumerate(pictures, 1):
            caption = a.caption.strip()
            lines.append(f"{INDENT}图{i}　{caption}（{a.name}）" if caption else f"{INDENT}图{i}　{a.name}")
    if others:
        lines.append("")
        if len(others) == 1:
            lines.append(f"{INDENT}附件：{attachment_stem(others[0].name)}")
        else:
            for i, a in enumerate(others, 1):
                lead = f"{INDENT}附件：" if i == 1 else INDENT + "\u3000" * 3
                lines.append(f"{lead}{i}.{attachment_stem(a.name)}")
    if has_issuer:
        lines.append("")
        lines.append(item.elements["issuer"].strip())
        date = cn_date(item.elements.get("publish_date", ""))
        if date:
            lines.append(date)
    return lines


def plain_text(sources: Sequence[ExportSource]) -> str:
    """The items as text with LF line ends (one item, or several separated by a rule)."""
    blocks = ["\n".join(item_lines(s)).rstrip("\n") for s in sources]
    return ("\n\n" + SEPARATOR + "\n\n").join(blocks) + "\n"


def notepad_bytes(text: str) -> bytes:
    """``text`` as Notepad wants it: UTF-8 with BOM, CRLF line ends (no stray CR left)."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return BOM + normalised.replace("\n", "\r\n").encode("utf-8")


def txt_bytes(sources: Sequence[ExportSource]) -> bytes:
    return notepad_bytes(plain_text(sources))


def write_txt(sources: Sequence[ExportSource], path: Path, options: WriteOptions | None = None,
              progress=no_progress, cancelled=never_cancelled) -> None:
    if cancelled():
        raise Cancelled()
    data = txt_bytes(sources)
    progress(len(sources), len(sources))
    if cancelled():
        raise Cancelled()
    write_bytes(path, data)


FORMAT = ExportFormat(code="txt", extension=".txt", write=write_txt, stem=lambda s: combined_stem(s))
