"""File names that are safe on Windows, macOS and Linux."""
from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", *(f"COM{i}" for i in "123456789¹²³"),
             *(f"LPT{i}" for i in "123456789¹²³")}
MAX_BYTES = 180  # leaves room for a folder path inside Windows' 260-character limit


def safe_filename(name: str, default: str = "untitled", max_bytes: int = MAX_BYTES) -> str:
    """A file name with forbidden characters replaced, no reserved device name, no trailing
    dots or spaces, and at most ``max_bytes`` bytes of UTF-8 (the extension is kept)."""
    name = unicodedata.normalize("NFC", name or "")
    name = _FORBIDDEN.sub("_", name).strip().strip(".")
    name = re.sub(r"\s+", " ", name)
    if not name:
        name = default
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 8 or not stem:
        stem, ext = name, ""
    if stem.split(".")[0].rstrip(" ").upper() in _RESERVED:  # Windows ignores spaces before the dot: "nul .docx"
        stem = "_" + stem
    suffix = f".{ext}" if ext else ""
    budget = max_bytes - len(suffix.encode("utf-8"))
    encoded = stem.encode("utf-8")
    if len(encoded) > budget:
        stem = encoded[:budget].decode("utf-8", errors="ignore").rstrip(" .")
    return (stem or default) + suffix


def unique_path(folder, name: str):
    """``folder/name``, or ``name (2)``, ``name (3)``… when that exists."""
    from pathlib import Path

    folder = Path(folder)
    candidate = folder / name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    n = 2
    while candidate.exists():
        candidate = folder / (f"{stem} ({n})" + (f".{ext}" if ext else ""))
        n += 1
    return candidate
