"""The GUI's language: Qt translators for our own strings and for Qt's dialogs.

Every GUI string is English source text passed through Qt's translation system
(``self.tr`` / ``QCoreApplication.translate``). The Chinese comes from every
``resources/i18n/*_zh_CN.qm`` (each part of the program may add its own ``.ts``/``.qm``
with that naming) plus Qt's own ``qtbase_zh_CN.qm``. ``core.i18n`` is switched at the same
time, so messages from core and storage agree with the window.

Language: ``--lang``, else ``INFODESK_LANG``, else the saved setting, else the system
locale (Chinese unless it is explicitly English), default ``zh_CN``.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from core import i18n as core_i18n
from resources import RESOURCES

LANGUAGE_KEY = "ui/language"
TRANSLATIONS_DIR = RESOURCES / "i18n"
LANGUAGES = ("zh_CN", "en")

_installed: list[QTranslator] = []


def settings() -> QSettings:
    """The program's QSettings (organisation and application names are set by the app)."""
    return QSettings("InfoDesk", "InfoDesk")


def system_language() -> str | None:
    name = QLocale.system().name()
    if not name or name in ("C", "POSIX"):
        return None
    return core_i18n.normalise_language(name)


def resolve_language(cli_lang: str | None = None) -> str:
    """The language to start in (see the module docstring for the order)."""
    if cli_lang:
        return core_i18n.normalise_language(cli_lang)
    env = os.environ.get("INFODESK_LANG")
    if env:
        return core_i18n.normalise_language(env)
    saved = settings().value(LANGUAGE_KEY, "", type=str)
    if saved:
        return core_i18n.normalise_language(saved)
    return system_language() or core_i18n.DEFAULT_LANGUAGE


def qm_files(lang: str) -> list:
    """Our compiled catalogues for ``lang``: every ``resources/i18n/*_<lang>.qm``."""
    if not TRANSLATIONS_DIR.is_dir():
        return []
    return sorted(TRANSLATIONS_DIR.glob(f"*_{lang}.qm"))


def install_translators(lang: str, app: QCoreApplication | None = None) -> str:
    """Install the translators for ``lang`` (removing earlier ones) and switch core's
    messages too. Returns the language in effect."""
    app = app or QCoreApplication.instance()
    lang = core_i18n.normalise_language(lang)
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if lang != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for base in ("qtbase",):
            t = QTranslator(app)
            if t.load(f"{base}_{lang}", qt_dir):
                app.installTranslator(t)
                _installed.append(t)
        for path in qm_files(lang):
            t = QTranslator(app)
            if t.load(str(path)):
                app.installTranslator(t)
                _installed.append(t)
    core_i18n.set_language(lang)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if lang == "zh_CN"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return lang


def save_language(lang: str) -> None:
    settings().setValue(LANGUAGE_KEY, core_i18n.normalise_language(lang))


def current_language() -> str:
    return core_i18n.language()
