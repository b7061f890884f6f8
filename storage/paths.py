"""The user's folders (platformdirs): data, settings, and the files a unit adds —
its own word lists and holiday files. Tests point XDG_DATA_HOME elsewhere."""
from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "InfoDesk"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def user_config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def wordlists_dir() -> Path:
    """Word lists the unit adds (``*.txt``, one term a line; see resources/wordlists)."""
    return user_data_dir() / "wordlists"


def holidays_dir() -> Path:
    """Holiday files the unit imports (``YYYY.toml``; see resources/holidays/README.md)."""
    return user_data_dir() / "holidays"


def user_wordlist_files() -> list[Path]:
    folder = wordlists_dir()
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []
