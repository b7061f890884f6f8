"""A watch folder (交换文件夹): a shared folder where packages and cards are dropped and picked up.

``QFileSystemWatcher`` reports changes on local disks; a polling timer covers network shares
and USB sticks, where notifications often never come. A file is taken only when it has
kept its size and time since the previous look (so a copy still in progress is left
alone), is not hidden or temporary, and ends in ``.infopkg`` or ``.infocard``.

After the import the file goes to ``processed/``; a refused file goes to ``rejected/`` with
a ``.txt`` beside it that gives the reason. Errors are reported through :attr:`failed`;
nothing here raises into the event loop.

    watcher = WatchFolder(session, folder, parent=self)
    watcher.imported.connect(lambda path, result: self.statusBar().showMessage(result.summary))
    watcher.failed.connect(lambda path, message: self.show_error(message))
    watcher.start()
"""
from __future__ import annotations

import os
import traceback
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from core import exchange as fmt
from core.errors import UserError

PROCESSED = "processed"
REJECTED = "rejected"


class WatchFolder(QObject):
    """Pick up packages and cards from ``folder`` and import them into ``session.db``."""

    #: (path of the file as found, ImportResult)
    imported = Signal(str, object)
    #: (path, message in the interface language)
    failed = Signal(str, str)

    def __init__(self, session, folder, parent: QObject | None = None, *, interval_ms: int = 3000):
        super().__init__(parent)
        self.session = session
        self.folder = Path(folder)
        self._seen: dict[str, tuple[int, int]] = {}
        self._stuck: dict[str, tuple[int, int]] = {}  # files that could not be moved away: not retried unchanged
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._changed)
        self._poll = QTimer(self)
        self._poll.setInterval(max(250, int(interval_ms)))
        self._poll.timeout.connect(self.scan)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(700)
        self._soon.timeout.connect(self.scan)
        self._busy = False

    # ------------------------------------------------------------------ control
    def start(self) -> bool:
        """Start watching; False (and :attr:`failed`) when the folder cannot be used."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            self.failed.emit(str(self.folder), self.tr("The watch folder {path} cannot be used: {error}").format(
                path=str(self.folder), error=err.strerror or str(err)))
            return False
        if str(self.folder) not in self._watcher.directories():
            self._watcher.addPath(str(self.folder))
        self._poll.start()
        self._soon.start()
        return True

    def stop(self) -> None:
        self._poll.stop()
        self._soon.stop()
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())

    @property
    def active(self) -> bool:
        return self._poll.isActive()

    def _changed(self, _path: str) -> None:
        self._soon.start()

    # --------------------------------------------------------------------- work
    def candidates(self) -> list[Path]:
        try:
            entries = sorted(self.folder.iterdir(), key=lambda p: p.name)
        except OSError:
            return []
        out = []
        for p in entries:
            name = p.name
            if name.startswith((".", "~")) or p.suffix.lower() not in (fmt.PACKAGE_SUFFIX, fmt.CARD_SUFFIX):
                continue
            try:
                if p.is_file():
                    out.append(p)
            except OSError:
                continue
        return out

    def scan(self, settle: bool = True) -> int:
        """Import what is ready; returns how many files were taken. With ``settle`` a file
        must look the same as at the previous scan (a copy may still be running)."""
        if self._busy:
            return 0
        self._busy = True
        taken = 0
        try:
            present = set()
            for path in self.candidates():
                key = str(path)
                present.add(key)
                try:
                    st = path.stat()
                except OSError:
                    continue
                stamp = (st.st_size, st.st_mtime_ns)
                if self._stuck.get(key) == stamp:
                    continue
                previous = self._seen.get(key)
                self._seen[key] = stamp
                if settle and previous != stamp:
                    continue
                if not self._process(path):
                    self._stuck[key] = stamp
                self._seen.pop(key, None)
                taken += 1
            for table in (self._seen, self._stuck):
                for key in list(table):
                    if key not in present:
                        del table[key]
        finally:
            self._busy = False
        return taken

    def _process(self, path: Path) -> bool:
        """Import one file and move it away; False when it could not be moved."""
        from gui.exchange_actions import import_in_background

        try:  # on a worker thread: the window keeps painting while a big package is verified
            result = import_in_background(self.session, path, note=False)
        except UserError as err:
            moved = self._move(path, REJECTED, reason=str(err))
            self.failed.emit(str(path), self.tr("{file} was refused: {reason}").format(file=path.name, reason=str(err))
                             + ("" if moved else "\n" + self.tr("It could not be moved out of the watch folder.")))
            return moved
        except Exception as err:  # noqa: BLE001 - a background watcher must never take the program down
            traceback.print_exc()
            moved = self._move(path, REJECTED, reason=repr(err))
            self.failed.emit(str(path), self.tr("{file} could not be imported: {error}").format(file=path.name, error=repr(err)))
            return moved
        moved = self._move(path, PROCESSED)
        if not moved:
            self.failed.emit(str(path), self.tr("{file} was imported but could not be moved to {folder}; it will be "
                                                "recognised as already imported.").format(file=path.name, folder=PROCESSED))
        if result.changed_ids:
            self.session.notify(*result.changed_ids)
        self.imported.emit(str(path), result)
        return moved

    def _move(self, path: Path, sub: str, reason: str = "") -> bool:
        from core.filenames import unique_path

        try:
            target_dir = self.folder / sub
            target_dir.mkdir(exist_ok=True)
            target = unique_path(target_dir, path.name)
            os.replace(path, target)
            if reason:
                Path(str(target) + ".txt").write_text(reason + "\n", encoding="utf-8")
            return True
        except OSError:
            return False
