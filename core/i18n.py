"""Messages in the interface language, without Qt.

Core, storage, exporters and the CLI write their user-facing messages in English
source text and pass them through :func:`tr`. The Chinese (default) text comes from
``resources/i18n/zh_CN/*.toml`` — every file there is one table mapping the English
source to the Chinese, so each module can own its catalogue. The GUI uses Qt's own
translation system for its strings and calls :func:`set_language` so both agree.

    tr("Item {id} not found", id=item_id)
"""
from __future__ import annotations

import functools
import os
import tomllib
from pathlib import Path

from resources import RESOURCES

DEFAULT_LANGUAGE = "zh_CN"
SUPPORTED = ("zh_CN", "en")
_language = os.environ.get("INFODESK_LANG", DEFAULT_LANGUAGE)


def normalise_language(lang: str | None) -> str:
    """Map a locale name (``zh_CN.UTF-8``, ``en_US``, ``zh``) to a supported language."""
    if not lang:
        return DEFAULT_LANGUAGE
    low = lang.lower().replace("-", "_")
    if low.startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def set_language(lang: str | None) -> None:
    global _language
    _language = normalise_language(lang)


def language() -> str:
    return normalise_language(_language)


@functools.lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, merged from its folder."""
    folder = RESOURCES / "i18n" / lang
    merged: dict[str, str] = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            with path.open("rb") as fh:
                merged.update(tomllib.load(fh))
    return merged


def tr(source: str, /, **params: object) -> str:
    """Translate ``source`` to the interface language and fill in ``{params}``."""
    text = source if language() == "en" else catalogue(language()).get(source, source)
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return source.format(**params)
    return text
