"""Shared helpers of the export tests: items taken through the real workflow to sign-off,
pictures made on the fly, and readers of the written files. (No tests here.)"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from core.model import Attachment, ChecklistAnswer, Review
from tests.conftest import make_item

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
OFFICER = "李晓梅"
SUPERVISOR = "王建国"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def jpeg(width: int = 800, height: int = 600, colour=(30, 120, 200), exif: bool = False, orientation: int | None = None,
         quality: int = 90) -> bytes:
    from PIL import Image

    im = Image.new("RGB", (width, height), colour)
    # a marker in one corner so crops and rotations can be seen
    im.paste((250, 20, 20), (0, 0, max(1, width // 10), max(1, height // 10)))
    args = {"format": "JPEG", "quality": quality}
    if exif or orientation:
        ex = Image.Exif()
        if exif:
            ex[0x010F] = "TestCam"          # Make
            ex[0x013B] = "张三"             # Artist
            gps = {1: "N", 2: (22.0, 32.0, 10.0), 3: "E", 4: (114.0, 3.0, 5.0)}
            ex[0x8825] = gps
        if orientation:
            ex[0x0112] = orientation
        args["exif"] = ex.tobytes()
    buf = io.BytesIO()
    im.save(buf, **args)
    return buf.getvalue()


def png(width: int = 400, height: int = 300, alpha: bool = False) -> bytes:
    from PIL import Image

    im = Image.new("RGBA" if alpha else "RGB", (width, height), (10, 200, 10, 128) if alpha else (10, 200, 10))
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def animated_gif(width: int = 160, height: int = 120, frames: int = 3) -> bytes:
    from PIL import Image

    ims = [Image.new("RGB", (width, height), (i * 60 % 256, 255 - i * 60 % 256, 90)).convert("P") for i in range(frames)]
    buf = io.BytesIO()
    ims[0].save(buf, format="GIF", save_all=True, append_images=ims[1:], duration=120, loop=0)
    return buf.getvalue()


def attach(db, name: str, data: bytes, media_type: str, caption: str = "") -> Attachment:
    sha = db.store_blob(data)
    return Attachment(name=name, media_type=media_type, size=len(data), sha256=sha, caption=caption)


def full_review(item_id: str, content_hash: str, by: str = OFFICER, findings=(), overrides=()) -> Review:
    from core import clock
    from core.review.checklist import load_checklist

    checklist = load_checklist()
    now = clock.now()
    answers = tuple(ChecklistAnswer(q.id, "yes", "", by, now, checklist.version) for q in checklist.items)
    return Review(item_id, content_hash, answers, tuple(findings), tuple(overrides), by, now, checklist.version)


def queued_item(db, **kw):
    """An item drafted by 李晓梅, self-reviewed and queued (not signed)."""
    from core.hashing import content_hash

    item = db.create_item(make_item(**kw), OFFICER)
    db.save_review(full_review(item.id, content_hash(item)), OFFICER)
    return db.apply(item.id, "submit", OFFICER)


def signed_item(db, comment: str = "同意发布。", **kw):
    """An item taken through the real workflow: drafted, reviewed, queued, signed off by 王建国."""
    item = queued_item(db, **kw)
    return db.apply(item.id, "sign_off", SUPERVISOR, password="demo", comment=comment)


def docx_xml(path_or_bytes, part: str = "word/document.xml"):
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(part))


def docx_parts(path_or_bytes) -> list[str]:
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else Path(path_or_bytes).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.namelist()


def run_fonts(run_el) -> dict:
    rfonts = run_el.find("w:rPr/w:rFonts", NS)
    return {} if rfonts is None else {k.split("}")[1]: v for k, v in rfonts.attrib.items()}


def run_size(run_el) -> float | None:
    sz = run_el.find("w:rPr/w:sz", NS)
    return int(sz.get(w("val"))) / 2 if sz is not None else None


def paragraph_text(p_el) -> str:
    return "".join(t.text or "" for t in p_el.iter(w("t")))
