"""Pictures and attachments of an item (图片/附件): add, preview, caption, reorder, remove.

Bytes go to the database's blob store the moment a file is added (``db.store_blob``), so
the item only refers to them by sha256 and an autosaved recovery copy stays small.
Formats the portal will not take are flagged at once [本政办[2010]16号 二(二)4]:
pictures jpg or gif (4:3 advised), video avi, mpeg, flash (swf/flv) or wmv. Other files
go out as downloads (表格下载), as service guides need.
"""
from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QStyle, QVBoxLayout, QWidget)

from core.model import Attachment

PORTAL_PICTURE_EXTS = frozenset({".jpg", ".jpeg", ".gif"})
OTHER_PICTURE_EXTS = frozenset({".png", ".bmp", ".tif", ".tiff", ".webp", ".heic", ".heif", ".svg", ".ico", ".jfif"})
PORTAL_VIDEO_EXTS = frozenset({".avi", ".mpeg", ".mpg", ".swf", ".flv", ".wmv"})
OTHER_VIDEO_EXTS = frozenset({".mp4", ".m4v", ".mov", ".mkv", ".webm", ".3gp", ".rm", ".rmvb", ".ts", ".vob", ".f4v"})
PROGRAM_EXTS = frozenset({".exe", ".com", ".bat", ".cmd", ".scr", ".msi", ".dll", ".js", ".vbs", ".ps1", ".sh",
                          ".jar", ".lnk", ".pif", ".hta", ".reg"})
MEDIA_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".jfif": "image/jpeg", ".gif": "image/gif", ".png": "image/png",
    ".bmp": "image/bmp", ".tif": "image/tiff", ".tiff": "image/tiff", ".webp": "image/webp", ".heic": "image/heic",
    ".avi": "video/x-msvideo", ".mpeg": "video/mpeg", ".mpg": "video/mpeg", ".swf": "application/x-shockwave-flash",
    ".flv": "video/x-flv", ".wmv": "video/x-ms-wmv", ".mp4": "video/mp4", ".mov": "video/quicktime",
    ".doc": "application/msword", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf", ".txt": "text/plain", ".wps": "application/vnd.ms-works", ".et": "application/octet-stream",
    ".zip": "application/zip", ".rar": "application/vnd.rar",
}
# Largest file accepted (bytes): the portal's mailbox will not take more either.
MAX_FILE_BYTES = 100 * 1024 * 1024
# Largest picture accepted (pixels), below Pillow's own decompression-bomb warning (89 MP).
MAX_PICTURE_PIXELS = 80_000_000
# Pictures bigger than this are decoded for their thumbnail off the GUI thread.
SYNC_THUMBNAIL_BYTES = 256 * 1024
THUMB = QSize(120, 90)


def media_type_for(name: str) -> str:
    ext = PurePosixPath(name.lower()).suffix
    return MEDIA_TYPES.get(ext) or mimetypes.guess_type("x" + ext)[0] or "application/octet-stream"


@dataclass(frozen=True)
class Flag:
    """Something to tell the officer about one attachment. ``rejected``: the portal will not take it."""

    severity: str  # "block" (the portal will not take it) | "warn" | "info"
    message: str

    @property
    def rejected(self) -> bool:
        return self.severity == "block"


def picture_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a picture, read from its header only.

    Raises ValueError with a short reason for unreadable pictures and for pictures too
    large to open safely (decompression bombs).
    """
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                width, height = im.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValueError("bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError, EOFError, IndexError, KeyError):
        raise ValueError("unreadable") from None
    if width <= 0 or height <= 0:
        raise ValueError("unreadable")
    if width * height > MAX_PICTURE_PIXELS:
        raise ValueError("bomb")
    return width, height


def thumbnail_image(data: bytes, size: QSize = THUMB) -> QImage:
    """A small QImage of a picture (safe to call off the GUI thread); null when unreadable."""
    from PIL import Image

    try:
        picture_size(data)
        with Image.open(io.BytesIO(data)) as im:
            im.draft("RGB", (size.width() * 2, size.height() * 2))
            im.seek(0)
            im = im.convert("RGBA")
            im.thumbnail((size.width(), size.height()))
            raw = im.tobytes("raw", "RGBA")
            return QImage(raw, im.width, im.height, im.width * 4, QImage.Format.Format_RGBA8888).copy()
    except Exception:  # noqa: BLE001 - any decoder failure just means "no thumbnail"
        return QImage()


class _ThumbSignals(QObject):
    done = Signal(str, QImage)


class _ThumbTask(QRunnable):
    def __init__(self, sha: str, read, signals: _ThumbSignals):
        super().__init__()
        self.sha = sha
        self.read = read
        self.signals = signals

    def run(self) -> None:
        try:
            data = self.read(self.sha)
        except Exception:  # noqa: BLE001 - a missing blob shows the generic icon
            data = b""
        self.signals.done.emit(self.sha, thumbnail_image(data) if data else QImage())


class _AttachmentList(QListWidget):
    """Reorders by dragging inside; takes files dropped from outside."""

    files_dropped = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAcceptDrops(True)
        self.setIconSize(THUMB)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)

    def _external(self, event) -> bool:
        return event.mimeData().hasUrls() and event.source() is not self

    def dragEnterEvent(self, event) -> None:
        if self._external(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if self._external(event):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        if self._external(event):
            paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            event.acceptProposedAction()
            if paths:
                self.files_dropped.emit(paths)
        else:
            super().dropEvent(event)


class AttachmentsPanel(QWidget):
    """The pictures and attachments of the item being edited."""

    changed = Signal()
    # A message for the officer (an added file was refused, …).
    message = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._read_only = False
        self._thumbs: dict[str, QPixmap] = {}
        self._pending: dict[str, _ThumbSignals] = {}
        self._sizes: dict[str, tuple[int, int]] = {}
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self.choose_files = self._choose_files_dialog  # replaced in tests

        self.list = _AttachmentList(self)
        self.list.files_dropped.connect(self.add_files)
        # a drag inside the list may move rows, or insert and remove them: either is a change
        model = self.list.model()
        model.rowsMoved.connect(self._on_rows_moved)
        model.rowsInserted.connect(self._on_rows_moved)
        model.rowsRemoved.connect(self._on_rows_moved)
        self._quiet = False
        self.list.currentRowChanged.connect(self._on_current_changed)

        self.add_button = QPushButton(self.tr("Add…"), self)
        self.add_button.setToolTip(self.tr("Add pictures or files (you can also drop files here)"))
        self.add_button.clicked.connect(self._on_add)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button = QPushButton(self.tr("Up"), self)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(self.tr("Down"), self)
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.convert_button = QPushButton(self.tr("Convert to JPEG"), self)
        self.convert_button.setToolTip(self.tr("Save the picture as JPEG, without its EXIF data"))
        self.convert_button.clicked.connect(self.convert_selected)

        self.caption_edit = QLineEdit(self)
        self.caption_edit.setPlaceholderText(self.tr("Caption (图片说明) of the selected picture or file"))
        self.caption_edit.textEdited.connect(self._on_caption_edited)
        self.flag_label = QLabel(self)
        self.flag_label.setWordWrap(True)
        self.flag_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setStyleSheet("color: #b00000")
        self.status_label.hide()

        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button, self.convert_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        title = QLabel(self.tr("Pictures and attachments"), self)
        hint = QLabel(self.tr("Pictures: jpg or gif, 4:3. Video: avi, mpeg, swf/flv or wmv. Other files go out as downloads."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.caption_edit)
        layout.addWidget(self.flag_label)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self._update_buttons()

    # ------------------------------------------------------------------- state
    def attachments(self) -> tuple[Attachment, ...]:
        return tuple(self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count()))

    def set_attachments(self, attachments) -> None:
        self.list.blockSignals(True)
        self.list.model().blockSignals(True)
        try:
            self.list.clear()
            for att in attachments:
                self.list.addItem(self._make_row(att))
        finally:
            self.list.model().blockSignals(False)
            self.list.blockSignals(False)
        self.list.reset()
        self._on_current_changed(self.list.currentRow())

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.caption_edit.setReadOnly(read_only)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop if read_only
                                  else QAbstractItemView.DragDropMode.InternalMove)
        self.list.setAcceptDrops(not read_only)
        self._update_buttons()

    def flags(self, att: Attachment) -> list[Flag]:
        """What the officer must know about ``att``: formats the portal refuses, 4:3 advice."""
        ext = PurePosixPath(att.name.lower()).suffix
        out: list[Flag] = []
        if ext in PORTAL_PICTURE_EXTS:
            size = self._sizes.get(att.sha256)
            if size:
                w, h = size
                ratio = w / h
                if abs(ratio - 4 / 3) > 0.04:
                    out.append(Flag("info", self.tr("{name} is {w}×{h}, not 4:3; the portal asks for 4:3 pictures.")
                                    .format(name=att.name, w=w, h=h)))
        elif ext in OTHER_PICTURE_EXTS or (att.is_picture and ext not in PORTAL_PICTURE_EXTS):
            out.append(Flag("block", self.tr("The portal takes pictures only as jpg or gif: convert {name}.").format(name=att.name)))
        elif ext in PORTAL_VIDEO_EXTS:
            pass
        elif ext in OTHER_VIDEO_EXTS or att.media_type.startswith("video/"):
            out.append(Flag("block", self.tr("The portal takes video only as avi, mpeg, swf/flv or wmv: convert {name}.")
                            .format(name=att.name)))
        elif ext in PROGRAM_EXTS:
            out.append(Flag("block", self.tr("{name} is a program or script; the portal does not take such files.")
                            .format(name=att.name)))
        if att.size == 0:
            out.append(Flag("warn", self.tr("{name} is empty.").format(name=att.name)))
        return out

    def rejected(self) -> list[tuple[Attachment, Flag]]:
        return [(a, f) for a in self.attachments() for f in self.flags(a) if f.rejected]

    # -------------------------------------------------------------------- adding
    def _choose_files_dialog(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add pictures or files"), "",
            self.tr("Pictures and files (*.jpg *.jpeg *.gif *.png *.avi *.mpeg *.mpg *.swf *.flv *.wmv *.doc *.docx *.xls *.xlsx *.pdf *.wps *.et *.txt *.zip);;All files (*)"))
        return paths

    def _on_add(self) -> None:
        paths = self.choose_files()
        if paths:
            self.add_files(paths)

    @Slot(list)
    def add_files(self, paths) -> list[str]:
        """Add files from disk; returns the messages of files refused (also shown in the panel)."""
        if self._read_only:
            return []
        errors: list[str] = []
        for raw in paths:
            path = Path(raw)
            try:
                size = path.stat().st_size
                if not path.is_file():
                    raise IsADirectoryError(str(path))
                if size > MAX_FILE_BYTES:
                    errors.append(self.tr("{name} is larger than {limit} MB; the portal will not take it.")
                                  .format(name=path.name, limit=MAX_FILE_BYTES // (1024 * 1024)))
                    continue
                data = path.read_bytes()
            except OSError as err:
                errors.append(self.tr("Cannot read {name}: {error}").format(name=path.name, error=err.strerror or str(err)))
                continue
            error = self.add_data(path.name, data, _emit=False)
            if error:
                errors.append(error)
        self._show_errors(errors)
        self.changed.emit()
        return errors

    def add_data(self, name: str, data: bytes, media_type: str = "", caption: str = "", *, _emit: bool = True) -> str:
        """Store ``data`` and add it; returns an error message ("" when added)."""
        if self._read_only:
            return ""
        media_type = media_type or media_type_for(name)
        if len(data) > MAX_FILE_BYTES:
            error = self.tr("{name} is larger than {limit} MB; the portal will not take it.").format(
                name=name, limit=MAX_FILE_BYTES // (1024 * 1024))
            if _emit:
                self._show_errors([error])
            return error
        if media_type.startswith("image/"):
            try:
                self._sizes[_sha(data)] = picture_size(data)
            except ValueError as err:
                if str(err) == "bomb":
                    error = self.tr("{name} is too large a picture to open safely (over {limit} million pixels, or a "
                                    "decompression bomb); make it smaller first.").format(
                        name=name, limit=MAX_PICTURE_PIXELS // 1_000_000)
                else:
                    error = self.tr("{name} is not a readable picture (damaged, or not the format its name says).").format(name=name)
                if _emit:
                    self._show_errors([error])
                return error
        sha = self.session.db.store_blob(data)
        att = Attachment(name=name, media_type=media_type, size=len(data), sha256=sha, caption=caption)
        if att.is_picture and len(data) <= SYNC_THUMBNAIL_BYTES:
            image = thumbnail_image(data)
            if not image.isNull():
                self._thumbs[sha] = QPixmap.fromImage(image)
        self._quiet = True
        try:
            self.list.addItem(self._make_row(att))
        finally:
            self._quiet = False
        self.list.setCurrentRow(self.list.count() - 1)
        if _emit:
            self._show_errors([])
            self.changed.emit()
        return ""

    def _show_errors(self, errors) -> None:
        if errors:
            self.status_label.setText("\n".join(errors))
            self.status_label.show()
            for e in errors:
                self.message.emit(e)
        else:
            self.status_label.clear()
            self.status_label.hide()

    # ------------------------------------------------------------------- editing
    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if self._read_only or row < 0:
            return
        self._quiet = True
        try:
            self.list.takeItem(row)
        finally:
            self._quiet = False
        self.changed.emit()
        self._on_current_changed(self.list.currentRow())

    def move_selected(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if self._read_only or row < 0 or not 0 <= target < self.list.count():
            return
        self.list.model().blockSignals(True)
        try:
            item = self.list.takeItem(row)
            self.list.insertItem(target, item)
        finally:
            self.list.model().blockSignals(False)
        self.list.reset()
        self.list.setCurrentRow(target)
        self.changed.emit()

    def set_caption(self, row: int, caption: str) -> None:
        item = self.list.item(row)
        if item is None or self._read_only:
            return
        att: Attachment = item.data(Qt.ItemDataRole.UserRole)
        if att.caption == caption:
            return
        new = Attachment(att.name, att.media_type, att.size, att.sha256, caption)
        item.setData(Qt.ItemDataRole.UserRole, new)
        self._decorate(item, new)
        if self.list.currentRow() == row and self.caption_edit.text() != caption:
            self.caption_edit.setText(caption)
        self.changed.emit()

    def convert_selected(self) -> None:
        """Replace the selected picture by a JPEG copy without EXIF (keeps place and caption)."""
        row = self.list.currentRow()
        item = self.list.item(row)
        if item is None or self._read_only:
            return
        att: Attachment = item.data(Qt.ItemDataRole.UserRole)
        from PIL import Image

        try:
            data = self.session.db.read_blob(att.sha256)
            picture_size(data)
            with Image.open(io.BytesIO(data)) as im:
                im.seek(0)
                rgb = im.convert("RGB")
                out = io.BytesIO()
                rgb.save(out, "JPEG", quality=90)
        except Exception as err:  # noqa: BLE001 - any failure is reported, nothing changes
            self._show_errors([self.tr("Cannot convert {name}: {error}").format(name=att.name, error=str(err) or type(err).__name__)])
            return
        jpeg = out.getvalue()
        sha = self.session.db.store_blob(jpeg)
        self._sizes[sha] = (rgb.width, rgb.height)
        name = str(PurePosixPath(att.name).with_suffix(".jpg"))
        new = Attachment(name, "image/jpeg", len(jpeg), sha, att.caption)
        item.setData(Qt.ItemDataRole.UserRole, new)
        self._decorate(item, new)
        self._show_errors([])
        self._update_buttons()
        self.changed.emit()

    # ----------------------------------------------------------------- internals
    def _make_row(self, att: Attachment) -> QListWidgetItem:
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, att)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDragEnabled)
        if att.is_picture and att.sha256 not in self._sizes:
            try:
                path = self.session.db.blob_path(att.sha256)
                if path is None or path.stat().st_size <= SYNC_THUMBNAIL_BYTES:
                    self._sizes[att.sha256] = picture_size(self.session.db.read_blob(att.sha256))
            except Exception:  # noqa: BLE001 - size unknown: no 4:3 advice
                pass
        self._decorate(item, att)
        return item

    def _decorate(self, item: QListWidgetItem, att: Attachment) -> None:
        kb = max(1, round(att.size / 1024)) if att.size else 0
        text = f"{att.name}  ({kb} KB)"
        if att.caption:
            text += f"\n{att.caption}"
        flags = self.flags(att)
        if flags:
            text += "\n" + "\n".join(("✖ " if f.rejected else "⚠ " if f.severity == "warn" else "ℹ ") + f.message for f in flags)
        item.setText(text)
        item.setToolTip("\n".join(f.message for f in flags) or att.name)
        if any(f.rejected for f in flags):
            item.setForeground(QColor("#b00000"))
        else:
            item.setData(Qt.ItemDataRole.ForegroundRole, None)
        item.setIcon(self._icon_for(att))

    def _icon_for(self, att: Attachment) -> QIcon:
        if att.sha256 in self._thumbs:
            return QIcon(self._thumbs[att.sha256])
        if att.is_picture:
            self._request_thumbnail(att.sha256)
            return self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        return self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def _request_thumbnail(self, sha: str) -> None:
        if sha in self._pending:
            return
        signals = _ThumbSignals()
        signals.done.connect(self._on_thumbnail)
        self._pending[sha] = signals
        self._pool.start(_ThumbTask(sha, self.session.db.read_blob, signals))

    @Slot(str, QImage)
    def _on_thumbnail(self, sha: str, image: QImage) -> None:
        self._pending.pop(sha, None)
        if image.isNull():
            return
        self._thumbs[sha] = QPixmap.fromImage(image)
        for i in range(self.list.count()):
            item = self.list.item(i)
            att = item.data(Qt.ItemDataRole.UserRole)
            if att.sha256 == sha:
                item.setIcon(QIcon(self._thumbs[sha]))

    def wait_for_thumbnails(self, msecs: int = 5000) -> bool:
        """Block until pending thumbnails are decoded (tests, shutdown)."""
        return self._pool.waitForDone(msecs)

    def _on_rows_moved(self, *args) -> None:
        if not self._quiet:
            self.changed.emit()

    def _on_current_changed(self, row: int) -> None:
        item = self.list.item(row) if row >= 0 else None
        att = item.data(Qt.ItemDataRole.UserRole) if item else None
        self.caption_edit.blockSignals(True)
        self.caption_edit.setText(att.caption if att else "")
        self.caption_edit.blockSignals(False)
        self.caption_edit.setEnabled(att is not None)
        flags = self.flags(att) if att else []
        self.flag_label.setText("\n".join(f.message for f in flags))
        self.flag_label.setStyleSheet("color: #b00000" if any(f.rejected for f in flags) else "color: #805000")
        self._update_buttons()

    def _on_caption_edited(self, text: str) -> None:
        self.set_caption(self.list.currentRow(), text)

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        has = row >= 0
        editable = not self._read_only
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and has)
        self.up_button.setEnabled(editable and has and row > 0)
        self.down_button.setEnabled(editable and has and row < self.list.count() - 1)
        att = self.list.item(row).data(Qt.ItemDataRole.UserRole) if has else None
        convertible = bool(att and att.is_picture and PurePosixPath(att.name.lower()).suffix in OTHER_PICTURE_EXTS)
        self.convert_button.setEnabled(editable and convertible)
        self.convert_button.setVisible(convertible)


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
