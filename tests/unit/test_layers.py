"""Layers point one way: core, storage and exporters import without Qt; core not storage."""
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


def test_core_does_not_import_storage():
    names = modules("core")
    code = ("import importlib, sys\n"
            f"for n in {names!r}:\n    importlib.import_module(n)\n"
            "bad = [m for m in sys.modules if m == 'storage' or m.startswith('storage.') or m.startswith('sqlite_utils')]\n"
            "assert not bad, bad\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
