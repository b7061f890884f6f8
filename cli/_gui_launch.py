"""Start the desktop window, or say clearly why it cannot start."""
from __future__ import annotations

import os
import sys

from core.i18n import tr


def display_available() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and platform.split(":")[0] in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "windows", "cocoa"):
        return True
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def launch_gui(args, ctx) -> int:
    if not display_available():
        print(tr("No display found: the desktop window cannot open here. "
                 "Use the commands (python main.py --help) or run with QT_QPA_PLATFORM=offscreen."),
              file=sys.stderr)
        return 2
    from gui.app import run_app

    return run_app(db_path=ctx.db_path, lang=args.lang)
