"""Layers point one way: core, storage and exporters import without Qt; core not storage; storage not exporters."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def modules(pkg: str) -> list[str]:
    return [f"{pkg}.{m.name}" for m in pkgutil.walk_packages([str(ROOT / pkg)]) if not m.ispkg] + [pkg]


def test_core_storage_exporters_import_without_pyside():
    names = modules("core") + modules("storage") + modules("exporters")
    code = ("import importlib, sys\n"
            f"for n in {names!r}:\n    importlib.import_module(n)\n"
            "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
            "assert not bad, bad\n"
            "core_bad = [m for m in sys.modules if m.startswith(('gui',))]\n"
            "assert not core_bad, core_bad\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def _imports_none_of(pkg: str, forbidden: tuple[str, ...]) -> None:
    """Importing every module of ``pkg`` in a fresh interpreter loads no module of ``forbidden``."""
    code = ("import importlib, sys\n"
            f"for n in {modules(pkg)!r}:\n    importlib.import_module(n)\n"
            f"bad = [m for m in sys.modules if m.split('.')[0] in {forbidden!r}]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_core_does_not_import_storage():
    _imports_none_of("core", ("storage", "sqlite_utils"))


def test_storage_does_not_import_exporters():
    _imports_none_of("storage", ("exporters",))


def test_no_storage_module_imports_exporters_even_inside_a_function():
    import ast

    for path in sorted((ROOT / "storage").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n == "exporters" or n.startswith("exporters.") for n in names), (path.name, names)
