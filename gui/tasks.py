"""Long work off the GUI thread, with progress and a cancel button.

Core and exporter functions take ``progress(done, total)`` and ``cancelled()`` callbacks and
never import Qt; :func:`run_task` runs such a function on Qt's thread pool and shows a
progress dialog whose Cancel button makes ``cancelled()`` return True::

    def work(progress, cancelled):
        return exporters.word.export(items, dest, progress=progress, cancelled=cancelled)

    run_task(self, self.tr("Exporting"), work, on_done=self.show_result)

The function runs in another thread: it must not touch widgets, and it must not share the
GUI's sqlite connection — open its own with :func:`open_worker_db` (and close it).
Errors: ``on_error(exc)`` when given, else :func:`gui.widgets.show_error` (a UserError shows
its message; any other exception is a bug and is shown with its traceback).
"""
from __future__ import annotations

import threading
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from core.errors import Cancelled as CoreCancelled
from core.errors import UserError

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class Cancelled(UserError, CoreCancelled):
    """Raised by work that stops because the user cancelled it (also a ``core.errors.Cancelled``,
    which exporters raise: ``run_task`` treats both as a cancel, never as an error)."""


class Task(QObject):
    """One piece of background work. Signals arrive in the GUI thread."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    #: emitted after finished/failed, whatever the outcome
    done = Signal()

    def __init__(self, work: Work, parent: QObject | None = None):
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self._finished = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    # called from the worker thread
    def _report(self, done: int, total: int) -> None:
        self.progress.emit(int(done), int(total))

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_finished(self) -> bool:
        return self._finished.is_set()

    def _run(self) -> None:
        try:
            result = self._work(self._report, self.is_cancelled)
        except BaseException as err:  # delivered to the GUI thread, never silenced
            self.error = err
            self._finished.set()
            self.failed.emit(err)
        else:
            self.result = result
            self._finished.set()
            self.finished.emit(result)
        self.done.emit()

    def start(self, pool: QThreadPool | None = None) -> "Task":
        runnable = _Runnable(self)
        (pool or QThreadPool.globalInstance()).start(runnable)
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work has ended (for tests and shutdown)."""
        return self._finished.wait(timeout)


class _Runnable(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task._run()


_running: set[Task] = set()


def run_task(parent: QWidget | None, title: str, work: Work, on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None, label: str = "",
             show_progress: bool = True, min_duration_ms: int = 400) -> Task:
    """Run ``work(progress, cancelled)`` in the background; ``on_done(result)`` in the GUI thread.

    A modal progress dialog appears after ``min_duration_ms`` with a Cancel button. When the
    work raises :class:`Cancelled` (or returns after a cancel) nothing is reported as an error.
    """
    from gui.widgets import show_error

    task = Task(work)
    _running.add(task)
    dialog: QProgressDialog | None = None
    if show_progress:
        dialog = QProgressDialog(label or title, QCoreApplication.translate("Tasks", "Cancel"), 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(min_duration_ms)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(task.cancel)

        def on_progress(done: int, total: int) -> None:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))
            else:
                dialog.setMaximum(0)

        task.progress.connect(on_progress)

    def finished(result: Any) -> None:
        if on_done is not None and not (task.is_cancelled() and result is None):
            on_done(result)

    def failed(err: BaseException) -> None:
        if isinstance(err, CoreCancelled) or (task.is_cancelled() and isinstance(err, UserError)):
            return
        if on_error is not None:
            on_error(err)
        else:
            show_error(parent, err, title)

    def cleanup(*_args) -> None:
        if dialog is not None:
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()
        _running.discard(task)

    # cleanup first, so that the progress dialog is gone before any result dialog opens
    task.finished.connect(cleanup)
    task.failed.connect(cleanup)
    task.finished.connect(finished)
    task.failed.connect(failed)
    return task.start()


def running_tasks() -> list[Task]:
    return list(_running)


def open_worker_db(session):
    """A separate connection to the session's database for use in a worker thread."""
    from storage.database import Database

    if session.db.path is None:
        raise UserError(QCoreApplication.translate("Tasks", "An in-memory database cannot be used from a background task."))
    return Database.open(session.db.path, create=False)

