"""screenshot: save a PNG of each main view of the desktop window, rendered offscreen."""
from __future__ import annotations

import os
from pathlib import Path

from core.errors import UserError
from core.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("screenshot", help=tr("save a picture of each main window view (offscreen)"))
    p.add_argument("--out", metavar="DIR", required=True, help=tr("folder for the PNG files"))
    p.add_argument("--width", type=int, default=1400, help=tr("window width in pixels (default 1400)"))
    p.add_argument("--height", type=int, default=860, help=tr("window height in pixels (default 860)"))
    p.set_defaults(handler=cmd_screenshot)


def _settle(app, ms: int = 150) -> None:
    from PySide6.QtTest import QTest

    for _ in range(3):
        app.processEvents()
    QTest.qWait(ms)


def cmd_screenshot(args, ctx) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.app import make_app
    from gui.i18n import install_translators, resolve_language

    app = make_app()
    install_translators(resolve_language(args.lang), app)
    db = ctx.db()
    people = db.people()
    if not people:
        raise UserError(tr("The database has nobody in it; run “demo” first or start the window once."))
    out = Path(args.out).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    supervisor = next((p for p in people if p.role == "supervisor"), people[0])
    officer = next((p for p in people if p.role == "officer"), people[0])
    saved: list[Path] = []

    from gui.main_window import MainWindow, optional_module
    from gui.session import Session

    def window_for(person):
        w = MainWindow(Session(db, person))
        w.resize(args.width, args.height)
        w.show()
        _settle(app)
        return w

    def shot(widget, name: str) -> None:
        _settle(app)
        path = out / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise UserError(tr("Cannot write {path}.", path=str(path)))
        saved.append(path)

    # the supervisor's workbench, then the sign-off view (an item returned before, if any)
    sw = window_for(supervisor)
    shot(sw, "01_workbench_supervisor")
    queued = db.items(_flt(states=("queued",), exclude_contributor=supervisor.name), limit=200)
    if queued:
        returned_before = [i for i in queued if db.last_return(i.id)]
        target = (returned_before or queued)[0]
        view = sw.open_signoff(target.id)
        shot(sw, "03_signoff")
        view.pages.setCurrentIndex(1)
        shot(sw, "04_signoff_review")
        if view.pages.isTabEnabled(2):
            view.pages.setCurrentIndex(2)
            shot(sw, "05_signoff_changes")
        sw.close_tab(sw.tabs.currentIndex())
    any_item = db.items(_flt(), limit=50)
    if any_item:
        versioned = sorted(any_item, key=lambda i: -i.version)[0]
        hv = sw.open_history(versioned.id)
        if hv is not None:
            shot(sw, "06_history")
    sw.open_columns()
    shot(sw, "07_columns")
    if optional_module("gui.reports_view") is not None:
        if sw.open_reports() is not None:
            shot(sw, "09_reports")
    from gui.settings_dialog import SettingsDialog

    dlg = SettingsDialog(sw.session, sw)
    dlg.show()
    shot(dlg, "08_settings_unit")
    dlg.tabs.setCurrentIndex(1)
    shot(dlg, "08_settings_people")
    dlg.tabs.setCurrentIndex(2)
    shot(dlg, "08_settings_columns")
    for attr, name in (("holidays_page", "08_settings_holidays"), ("smtp_page", "08_settings_smtp")):
        page = getattr(dlg, attr, None)
        if page is not None:
            dlg.show_page(page)
            shot(dlg, name)
    dlg.hide()
    dlg.deleteLater()
    sw.hide()

    # the officer: the workbench with the due banner, then the editor with its review panel
    ow = window_for(officer)
    shot(ow, "02_workbench_officer")
    if optional_module("gui.editor") is not None:
        drafts = db.items(_flt(states=("draft", "returned"), created_by=officer.name), limit=100)
        if drafts:
            ow.open_item(drafts[0].id)
            editor = ow.tabs.currentWidget()
            rescan = getattr(editor, "rescan", None)
            if callable(rescan):
                rescan()
            shot(ow, "10_editor")
    ow.hide()
    for p in saved:
        print(p)
    return 0


def _flt(**kw):
    from storage.database import ItemFilter

    return ItemFilter(**kw)
