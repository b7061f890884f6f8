"""A process that opens an editor offscreen, types, waits for the autosave and then waits
to be killed (tests/unit/test_recovery.py kills it with SIGKILL).

    python tests/recovery_worker.py DB_PATH USER [ITEM_ID]

Prints "READY <slot path>" once the recovery slot holds the typed text.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TITLE = "区政务服务中心延时服务"
BODY = ("工作日中午和周六上午照常办理业务。", "咨询电话 0755-88881234。")


def main() -> int:
    db_path, user = sys.argv[1], sys.argv[2]
    item_id = sys.argv[3] if len(sys.argv) > 3 else None
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from gui.editor import ItemEditor
    from gui.session import Session
    from storage.database import Database
    from storage import recovery

    db = Database.open(db_path)
    session = Session(db, db.person(user))
    editor = ItemEditor(session, item_id)
    editor.show()
    for widget, text in ((editor.title_edit, TITLE), (editor.body, "\n".join(BODY))):
        widget.setFocus()
        if widget is editor.title_edit:
            widget.selectAll()
            widget.del_()
        else:
            widget.selectAll()
            widget.textCursor().removeSelectedText()
        ev = QInputMethodEvent()
        ev.setCommitString(text)
        QApplication.sendEvent(widget, ev)
    path = recovery.slot_path(db, editor.slot_id)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        app.processEvents()
        if path.exists() and BODY[-1] in path.read_text(encoding="utf-8"):
            print("READY", path, flush=True)
            break
        time.sleep(0.05)
    else:
        print("TIMEOUT", flush=True)
        return 1
    while True:  # typing goes on until the process is killed
        app.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
