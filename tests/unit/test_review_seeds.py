"""The five real municipal notices (shared/domain/seeds) are publishable: no block finding.

They talk about secrecy all the time ("保密审查", "防止涉密信息和内部工作信息上网",
"确保涉密信息不公开") — a scanner that blocks them cries wolf.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from core.model import Item
from core.review import scan_item, scan_text

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "domain" / "seeds"
FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.mark.skipif(not FILES, reason=f"seed documents not found in {SEEDS}")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_seed_documents_raise_no_block(path):
    text = path.read_text(encoding="utf-8")
    findings = scan_text(text)
    assert [f for f in findings if f.severity == "block"] == []
    lines = text.splitlines()
    item = Item(id=path.stem, title=lines[0], content_type="notice",
                elements={"issuer": "市政府办公厅", "publish_date": "2010-07-20"}, body=tuple(lines[1:]))
    assert [f for f in scan_item(item, "submit") if f.severity == "block"] == []
