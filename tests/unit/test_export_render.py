"""Render checks (slow): LibreOffice opens the Word files and lays them out as GB/T 9704 says.

Needs ``soffice`` (apt-get install libreoffice-writer-nogui) and, for the layout checks,
poppler-utils (pdfinfo, pdftotext, pdffonts). The official fonts are replaced by Noto CJK
through ``resources/fontconfig/fonts.conf``. Skipped, with the reason, where not installed.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from exporters.export_service import ExportOptions, export_items
from resources import RESOURCES
from tests.unit.test_export_support import OFFICER, attach, jpeg, queued_item, signed_item

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None,
                       reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"),
]
POPPLER = pytest.mark.skipif(not all(shutil.which(t) for t in ("pdfinfo", "pdftotext", "pdffonts")),
                             reason="poppler-utils (pdfinfo, pdftotext, pdffonts) is not installed")
LINE_PITCH_PT = 28.95
BODY = tuple(
    "各单位要严格落实保密审查制度，做到涉密不上网、上网不涉密。会议要求，要坚持问题导向，聚焦群众和企业关切，"
    "进一步优化办事流程，压缩办理时限。" for _ in range(12)
)


def to_pdf(tmp_path: Path, *docs: Path) -> list[Path]:
    env = dict(os.environ, FONTCONFIG_FILE=str(RESOURCES / "fontconfig" / "fonts.conf"), HOME=str(tmp_path / "home"))
    profile = (tmp_path / "lo-profile").as_uri()
    out = tmp_path / "pdf"
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, docs)], env=env, check=True, timeout=240,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pdfs = [out / (d.stem + ".pdf") for d in docs]
    for p in pdfs:
        assert p.exists() and p.stat().st_size > 1000, f"LibreOffice did not convert {p.name}"
    return pdfs


def pdf_info(pdf: Path) -> dict:
    text = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in text.splitlines() if ":" in line)}


def page_lines(pdf: Path, page: int) -> list[tuple[float, str]]:
    """(top in pt, text) of every line of ``page``."""
    xhtml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    out = []
    for m in re.finditer(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)"[^>]*>(.*?)</line>', xhtml, re.S):
        words = re.findall(r">([^<]+)</word>", m.group(2))
        out.append((float(m.group(1)), "".join(words)))
    return out


def rows(lines: list[tuple[float, str]]) -> list[float]:
    """The bottoms of the text rows (pieces of one row merged)."""
    out: list[float] = []
    for y in sorted(y for y, _t in lines):
        if not out or y - out[-1] > 3:
            out.append(y)
    return out


@pytest.fixture
def exported(db, tmp_path):
    pic = attach(db, "现场.jpg", jpeg(1600, 1200), "image/jpeg", "推进会现场")
    item = signed_item(db, title="市政数局召开政务公开工作推进会", body=("一、总体要求", *BODY, "（一）加强组织领导", *BODY[:6]),
                       attachments=(pic,))
    queued = queued_item(db, title="待签发信息的审批单")
    out = tmp_path / "out"
    docs = export_items(db, [item.id], ExportOptions(formats=("docx", "form"), out_dir=out, actor=OFFICER)).paths
    docs += export_items(db, [queued.id], ExportOptions(formats=("form",), out_dir=out, actor=OFFICER)).paths
    return docs


def test_libreoffice_opens_every_word_file(exported, tmp_path):
    pdfs = to_pdf(tmp_path, *exported)
    assert len(pdfs) == 3


@POPPLER
def test_submission_copy_lays_out_as_the_standard_says(exported, tmp_path):
    submission, form, queued_form = to_pdf(tmp_path, *exported)
    info = pdf_info(submission)
    width, height = (float(v) for v in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4
    pages = int(info["Pages"])
    assert pages >= 2
    # fonts: the aliases took effect (Noto CJK), no empty boxes
    fonts = subprocess.run(["pdffonts", str(submission)], capture_output=True, text=True, check=True).stdout
    assert "NotoSerifCJK" in fonts.replace(" ", "") or "NotoSerif" in fonts
    # page 1: the title in the first line below the top margin (37 mm ≈ 105 pt)
    lines = page_lines(submission, 1)
    assert lines[0][1] == "市政数局召开政务公开工作推进会"
    assert 105 < lines[0][0] < 105 + LINE_PITCH_PT + 5
    # every row below the title on the grid: gaps are whole multiples of 28.95 pt (a blank line makes two)
    text_rows = rows([(y, t) for y, t in lines[1:] if not t.startswith("—")])
    gaps = [b - a for a, b in zip(text_rows, text_rows[1:])]
    assert gaps and all(abs(g / LINE_PITCH_PT - round(g / LINE_PITCH_PT)) < 0.03 for g in gaps), gaps
    assert sum(1 for g in gaps if abs(g - LINE_PITCH_PT) < 0.6) >= 12
    # 22 lines a page: title, blank, then 20 more down to the last row above 35 mm from the bottom
    assert round((max(text_rows) - lines[0][0]) / LINE_PITCH_PT) + 1 == 22
    assert max(text_rows) < 841.9 - 35 / 25.4 * 72 + 2
    # page numbers: "— 1 —" right on page 1, "— 2 —" left on page 2
    first_footer = next(t for y, t in page_lines(submission, 1) if "—" in t and "1" in t)
    assert first_footer.replace(" ", "") == "—1—"
    xhtml = subprocess.run(["pdftotext", "-f", "1", "-l", "2", "-bbox-layout", str(submission), "-"],
                           capture_output=True, text=True, check=True).stdout
    footers = re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>\s*<word[^>]*>—</word>', xhtml)
    assert len(footers) == 2
    (x1, _y1, x1max), (x2, _y2, _x2max) = [tuple(map(float, f)) for f in footers]
    assert x1 > 595.3 / 2 and x2 < 595.3 / 2  # odd right, even left
    assert abs(595.3 - x1max - (26 / 25.4 * 72 + 14)) < 8  # one character (14 pt) inside the right margin


@POPPLER
def test_review_form_fits_on_one_page(exported, tmp_path):
    _submission, form, queued_form = to_pdf(tmp_path, *exported)
    assert int(pdf_info(form)["Pages"]) == 1
    assert int(pdf_info(queued_form)["Pages"]) == 1
    text = subprocess.run(["pdftotext", str(queued_form), "-"], capture_output=True, text=True, check=True).stdout
    assert "未签发" in text and "信息发布保密审查审批单" in text
