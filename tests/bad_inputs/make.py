"""Bad input files for tests/unit/test_bad_inputs.py (and the backup tests), plus helpers that
tell whether anything changed.

Small files are generated into ``tests/bad_inputs/files/`` by running this script
(``python tests/bad_inputs/make.py``) and committed; big ones (zip bombs, thousands of pictures)
are made at test time into a temporary folder by the functions below, so the repository stays
small. Every generator is deterministic.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import struct
import sys
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"


# ------------------------------------------------------------------ did anything change?
def db_digest(path: str | os.PathLike) -> str:
    """A digest of every row of every table of the database file (read through its own connection)."""
    conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        h.update(str(conn.execute("PRAGMA user_version").fetchone()[0]).encode())
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            h.update(b"\x1e" + table.encode())
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                h.update(repr(row).encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    finally:
        conn.close()


def file_listing(folder: str | os.PathLike) -> dict[str, tuple[int, str]]:
    """Every file under ``folder`` (but SQLite's -wal/-shm) → (size, sha256)."""
    out = {}
    root = Path(folder)
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.name.endswith(("-wal", "-shm")):
            out[str(p.relative_to(root))] = (p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
    return out


# ------------------------------------------------------------------------- pictures
def png_bytes(width: int = 4, height: int = 4, color=(200, 30, 30)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes(width: int = 64, height: int = 48) -> bytes:
    from PIL import Image

    img = Image.new("RGB", (width, height))
    img.putdata([((x * 4) % 256, (y * 5) % 256, (x * y) % 256) for y in range(height) for x in range(width)])
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def truncated_jpeg() -> bytes:
    data = jpeg_bytes()
    return data[: len(data) // 2]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def huge_dimension_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A small PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    # A few rows of real data: a decoder that trusts the header allocates 7.5 GB before noticing.
    raw = zlib.compress(b"\x00" * (1 + 3 * width) * 4, 9)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", raw) + _png_chunk(b"IEND", b"")


# ---------------------------------------------------------------------------- .docx
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def encrypted_docx() -> bytes:
    """What Word writes for a password-protected .docx: an OLE compound file, not a ZIP.

    Only the header of a real one (with its EncryptionInfo / EncryptedPackage stream names)."""
    header = bytearray(512)
    header[:8] = OLE_MAGIC
    header[24:26] = struct.pack("<H", 0x3E)  # minor version
    header[26:28] = struct.pack("<H", 3)  # major version 3 (512-byte sectors)
    header[28:30] = b"\xfe\xff"  # byte order mark
    header[30:32] = struct.pack("<H", 9)
    body = ("EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le")).ljust(1536, b"\x00")
    return bytes(header) + body


def corrupt_docx() -> bytes:
    """Starts like a ZIP (a .docx) and then is garbage."""
    return b"PK\x03\x04" + bytes((i * 37 + 11) % 256 for i in range(3000))


def _docx_zip(document_xml: str, rels: list[tuple[str, str]] = (), media: dict[str, bytes] | None = None) -> bytes:
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Default Extension="png" ContentType="image/png"/>'
          '<Override PartName="/word/document.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '</Types>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                 'Target="word/document.xml"/></Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
                          f'Target="{target}"/>' for rid, target in rels)
                + '</Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_info("[Content_Types].xml"), ct)
        zf.writestr(_info("_rels/.rels"), root_rels)
        zf.writestr(_info("word/document.xml"), document_xml)
        zf.writestr(_info("word/_rels/document.xml.rels"), doc_rels)
        for name, data in (media or {}).items():
            zf.writestr(_info(name), data, compress_type=zipfile.ZIP_STORED)
    return buf.getvalue()


def _info(name: str) -> zipfile.ZipInfo:
    """A ZIP entry with a fixed time, so generated files are byte-for-byte the same every run."""
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


_W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')


def empty_docx() -> bytes:
    """A well-formed .docx whose document has no text at all."""
    return _docx_zip(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body/></w:document>')


def _picture_xml(n: int, rid: str) -> str:
    return (f'<w:p><w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/><wp:docPr id="{n}" name="图片{n}"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            f'<pic:nvPicPr><pic:cNvPr id="{n}" name="图片{n}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill>'
            '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="9525" cy="9525"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr>'
            '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')


def many_pictures_docx(count: int = 3000) -> bytes:
    """A .docx with ``count`` distinct 1×1 pictures (big: made at test time)."""
    body = ['<w:p><w:r><w:t>市政数局召开政务公开工作推进会</w:t></w:r></w:p>']
    rels, media = [], {}
    for i in range(count):
        rid = f"rId{100 + i}"
        name = f"media/image{i}.png"
        rels.append((rid, name))
        media["word/" + name] = png_bytes(1, 1, (i % 256, (i // 256) % 256, 7))
        body.append(_picture_xml(i + 1, rid))
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>{"".join(body)}</w:body></w:document>'
    return _docx_zip(xml, rels, media)


# ------------------------------------------------------------------------- zip files
def zip_slip(entries=("../../evil.txt", "/tmp/infodesk-evil.txt", "ok/../../evil2.txt"), manifest: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        if manifest is not None:
            zf.writestr(_info("manifest.json"), manifest)
        for name in entries:
            info = _info("placeholder")
            info.filename = name  # ZipInfo() would strip a leading "/" — write the raw name
            zf.writestr(info, b"pwned")
    return buf.getvalue()


def zip_bomb(path: str | os.PathLike, member: str, size: int = 128 * 2**20, extra: dict[str, bytes] | None = None) -> Path:
    """A ZIP with ``member`` unpacking to ``size`` zero bytes (≈1000:1), streamed to disk."""
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
        chunk = b"\x00" * 2**20
        with zf.open(member, "w", force_zip64=True) as fh:
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return path


def lying_zip(member: str, claimed: int, real: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A ZIP whose central directory claims ``member`` is ``claimed`` bytes (real data is ``real``)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
        zf.writestr(member, real)
    data = bytearray(buf.getvalue())
    # Patch the uncompressed size in the central directory entry of ``member``.
    name = member.encode()
    pos = 0
    while True:
        pos = data.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        n = struct.unpack("<H", data[pos + 28:pos + 30])[0]
        if data[pos + 46:pos + 46 + n] == name:
            data[pos + 24:pos + 28] = struct.pack("<I", claimed)
        pos += 4
    return bytes(data)


# --------------------------------------------------------------------------- .xlsx
def xlsx_wrong_headers(path: str | os.PathLike) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["甲", "乙", "丙", "丁"])
    ws.append(["工作动态", "信息发生后2日内", "办公室", "x"])
    wb.save(path)
    return Path(path)


def xlsx_merged_cells(path: str | os.PathLike) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "一级栏目", "二级栏目", "保障内容", "更新频率", "责任单位"])
    ws.append(["1", "政务公开", "工作动态", "本单位工作动态", "信息发生后2日内", "办公室"])
    ws.append(["2", "", "通知公告", "通知公告", "信息发生后3日内", "办公室"])
    ws.merge_cells("B2:B3")
    wb.save(path)
    return Path(path)


def xlsx_bad_dates(path: str | os.PathLike) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "一级栏目", "二级栏目", "保障内容", "更新频率", "责任单位"])
    ws.append(["1", "政务公开", "工作动态", "本单位工作动态", "99999年13月45日前", "办公室"])
    wb.save(path)
    return Path(path)


# --------------------------------------------------------------------- small fixtures
SMALL = {
    "corrupt.docx": corrupt_docx,
    "encrypted.docx": encrypted_docx,
    "empty.docx": empty_docx,
    "zero-bytes.docx": lambda: b"",
    "truncated.jpg": truncated_jpeg,
    "huge-dimensions.png": huge_dimension_png,
    "zip-slip.zip": zip_slip,
    "not-a-zip.infopkg": lambda: b"this is a text file, not a package\n",
}


def small_fixture(name: str) -> Path:
    """A committed small fixture (made by ``main()``)."""
    path = FILES / name
    if not path.exists():  # pragma: no cover - run make.py and commit
        raise FileNotFoundError(f"{path}: run python tests/bad_inputs/make.py")
    return path


def main() -> int:
    FILES.mkdir(exist_ok=True)
    for name, make in SMALL.items():
        (FILES / name).write_bytes(make())
        print(FILES / name)
    (FILES / "README.md").write_text(
        "Small bad input files, made by `python tests/bad_inputs/make.py` (deterministic).\n"
        "Big ones (zip bombs, a .docx with thousands of pictures) are made at test time.\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent))
    sys.exit(main())
