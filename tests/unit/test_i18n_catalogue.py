"""Every message passed to core.i18n.tr() has a Chinese translation."""
from __future__ import annotations

import ast
from pathlib import Path

from core.i18n import catalogue, tr, set_language

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "storage", "exporters", "cli", "gui")


def tr_literals():
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"
                        and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                    yield path.relative_to(ROOT), node.lineno, node.args[0].value


def test_every_message_has_a_chinese_translation():
    zh = catalogue("zh_CN")
    missing = [f"{p}:{line}: {text!r}" for p, line, text in tr_literals() if text not in zh]
    assert not missing, "untranslated messages:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders():
    import string

    zh = catalogue("zh_CN")
    fmt = string.Formatter()
    bad = []
    for source, target in zh.items():
        src = {f for _, f, _, _ in fmt.parse(source) if f}
        tgt = {f for _, f, _, _ in fmt.parse(target) if f}
        if src != tgt:
            bad.append(f"{source!r} -> {target!r}")
    assert not bad, "\n".join(bad)


def test_language_switch():
    set_language("en")
    assert tr("Draft") == "Draft"
    set_language("zh_CN")
    assert tr("Draft") == "草稿"
    set_language("en_US.UTF-8")
    assert tr("Missing required element: {name}", name="x") == "Missing required element: x"
