"""The main window: queues on the left, the item list in the middle, opened items in tabs.

* The first tab (工作台) holds the queues with live counts, the filter bar (search that
  narrows as you type, column, type, date range, "mine only") and the item list.
* Opening an item gives an officer the editor (``gui.editor.ItemEditor``) in a tab of its
  own; a supervisor opening a queued item gets the sign-off view. History, columns and
  reports open in tabs too.
* Files dropped on the window go to ``gui.exchange_actions.handle_dropped_files``.
* Every write anywhere calls ``session.notify(...)``; the window reloads the list and the
  counts on ``session.items_changed``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QDate, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox,
                               QFileDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QMainWindow, QMenu,
                               QMessageBox, QSplitter, QTableView, QTabWidget, QToolButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from core import clock
from core.content_types import registry
from core.errors import UserError
from core.model import OPEN_STATES
from core.workflow import allowed_actions, state_label
from gui.i18n import current_language, settings
from gui.item_model import COLUMNS, IdRole, ItemTableModel
from gui.queues import QueueList, QueueModel
from gui.widgets import Banner, icon, show_error

NO_DATE = QDate(2000, 1, 1)
SEARCH_DELAY_MS = 200


def optional_module(name: str):
    """A module other engineers provide (editor, exports, reports, exchange), or None."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name and (err.name == name or name.startswith(err.name + ".")):
            return None
        raise


class Workbench(QWidget):
    """The first tab: queues, filters, the list."""

    open_requested = Signal(str)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        db = session.db
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 0)
        self.banner = Banner(self)
        outer.addWidget(self.banner)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("workbenchSplitter")
        self.queue_model = QueueModel(db, session.user, self)
        self.queue_list = QueueList(self.queue_model, self.splitter)
        right = QWidget(self.splitter)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)

        # the filter bar
        bar = QHBoxLayout()
        self.search = QLineEdit(right)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search titles and text (Ctrl+F)"))
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(120)
        self.column_filter = QComboBox(right)
        self.column_filter.setObjectName("columnFilter")
        self.column_filter.setMinimumContentsLength(6)
        self.column_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.type_filter = QComboBox(right)
        self.type_filter.setObjectName("typeFilter")
        self.type_filter.setMinimumContentsLength(4)
        self.type_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.date_from = self._date_edit("dateFrom")
        self.date_to = self._date_edit("dateTo")
        self.mine_only = QCheckBox(self.tr("Mine only"), right)
        self.mine_only.setObjectName("mineOnly")
        self.mine_only.setToolTip(self.tr("Only items you created"))
        bar.addWidget(self.search, 3)
        bar.addWidget(self.column_filter, 2)
        bar.addWidget(self.type_filter, 1)
        bar.addWidget(QLabel(self.tr("Event date:"), right))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel("–", right))
        bar.addWidget(self.date_to)
        bar.addWidget(self.mine_only)
        rl.addLayout(bar)

        # the list
        self.model = ItemTableModel(db, self)
        self.table = QTableView(right)
        self.table.setObjectName("itemTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setIconSize(QSize(14, 14))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vh = self.table.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 10)
        hh = self.table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setSectionsMovable(True)
        hh.setStretchLastSection(False)
        widths = {"title": 360, "column": 140, "type": 90, "author": 70, "event_date": 92, "due_at": 140, "state": 80}
        for i, key in enumerate(COLUMNS):
            hh.resizeSection(i, widths[key])
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hh.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
        hh.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        rl.addWidget(self.table, 1)
        self.count_label = QLabel(right)
        self.count_label.setObjectName("countLabel")
        rl.addWidget(self.count_label)

        self.splitter.addWidget(self.queue_list)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 900])
        outer.addWidget(self.splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        for combo in (self.column_filter, self.type_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for de in (self.date_from, self.date_to):
            de.dateChanged.connect(lambda _d: self.apply_filter())
        self.mine_only.toggled.connect(lambda _on: self.apply_filter())
        self.queue_list.selectionModel().currentChanged.connect(lambda _c, _p: self.apply_filter())
        self.table.activated.connect(self._activated)
        self.model.modelReset.connect(self._update_count)
        self.model.layoutChanged.connect(self._update_count)

        self.fill_filters()
        self.select_queue(self.default_queue())

    def _date_edit(self, name: str) -> QDateEdit:
        de = QDateEdit(self)
        de.setObjectName(name)
        de.setCalendarPopup(True)
        de.setDisplayFormat("yyyy-MM-dd")
        de.setMinimumDate(NO_DATE)
        de.setSpecialValueText(self.tr("any"))
        de.setDate(NO_DATE)
        return de

    def fill_filters(self) -> None:
        """The column and type choices (after a change of the responsibility table)."""
        db = self.session.db
        for combo in (self.column_filter, self.type_filter):
            combo.blockSignals(True)
        cur_col = self.column_filter.currentData()
        cur_type = self.type_filter.currentData()
        self.column_filter.clear()
        self.column_filter.addItem(self.tr("All columns"), "")
        for c in db.columns():
            self.column_filter.addItem(c.path, c.id)
        self.type_filter.clear()
        self.type_filter.addItem(self.tr("All types"), "")
        for code, ct in registry().types.items():
            self.type_filter.addItem(ct.label, code)
        for combo, cur in ((self.column_filter, cur_col), (self.type_filter, cur_type)):
            i = combo.findData(cur) if cur else 0
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)

    def default_queue(self) -> str:
        user = self.session.user
        if user.role == "supervisor":
            return "to_sign"
        return "draft"

    def select_queue(self, key: str) -> None:
        row = self.queue_model.row_of(key)
        if row >= 0:
            index = self.queue_model.index(row, 0)
            if self.queue_list.currentIndex() == index:
                self.apply_filter()
            else:  # currentChanged applies the filter (once)
                self.queue_list.setCurrentIndex(index)

    def current_queue(self):
        idx = self.queue_list.currentIndex()
        return self.queue_model.queue(idx.row()) if idx.isValid() else self.queue_model.queue(0)

    def current_filter(self):
        q = self.current_queue()
        base = self.model.item_filter()
        d_from = self.date_from.date()
        d_to = self.date_to.date()
        return dataclasses.replace(
            q.item_filter(),
            column_id=self.column_filter.currentData() or "",
            content_type=self.type_filter.currentData() or "",
            date_from=None if d_from == NO_DATE else d_from.toPython(),
            date_to=None if d_to == NO_DATE else d_to.toPython(),
            search=self.search.text().strip(),
            created_by=self.session.user.name if self.mine_only.isChecked() else "",
            sort=base.sort, descending=base.descending)

    def apply_filter(self) -> None:
        self._search_timer.stop()
        keep = self.selected_ids()
        self.model.set_filter(self.current_filter())
        self.reselect(keep)

    def reload(self) -> None:
        keep = self.selected_ids()
        current = self.current_id()
        self.queue_model.refresh_counts()
        self.model.reload()
        self.reselect(keep, current)

    def reselect(self, ids: list[str], current: str | None = None) -> None:
        if not ids:
            return
        sel = self.table.selectionModel()
        for item_id in ids[:50]:
            row = self.model.row_of(item_id)
            if row >= 0:
                flags = sel.SelectionFlag.Select | sel.SelectionFlag.Rows
                sel.select(self.model.index(row, 0), flags)
                if item_id == (current or ids[0]):
                    sel.setCurrentIndex(self.model.index(row, 0), sel.SelectionFlag.NoUpdate)

    def selected_ids(self) -> list[str]:
        sel = self.table.selectionModel()
        if sel is None:
            return []
        rows = sorted(i.row() for i in sel.selectedRows())
        return [i for i in (self.model.item_id(r) for r in rows) if i]

    def current_id(self) -> str | None:
        idx = self.table.currentIndex()
        if idx.isValid() and self.table.selectionModel().isRowSelected(idx.row(), QModelIndex()):
            return self.model.item_id(idx.row())
        ids = self.selected_ids()
        return ids[0] if ids else None

    def _activated(self, index: QModelIndex) -> None:
        item_id = index.data(IdRole)
        if item_id:
            self.open_requested.emit(item_id)

    def _update_count(self) -> None:
        q = self.current_queue()
        n = self.model.rowCount()
        text = self.tr("{queue}: {n} items").format(queue=self.queue_model.label(q.key) if q else "", n=n)
        if self.search.text().strip():
            text += "  ·  " + self.tr("search “{text}”").format(text=self.search.text().strip())
        self.count_label.setText(text)


class DueDialog(QDialog):
    """What is overdue or due today (listed at start)."""

    def __init__(self, session, summaries: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dueDialog")
        self.setWindowTitle(self.tr("Due today and overdue"))
        lay = QVBoxLayout(self)
        self.tree = QTreeWidget(self)
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([self.tr("Due"), self.tr("Title"), self.tr("Column rule"), self.tr("State"),
                                   self.tr("Author")])
        from gui.item_model import due_status_of
        from gui.widgets import colour, status_icon

        now = clock.now()
        db = session.db
        for s in summaries:
            status = due_status_of(s, now)
            col = db.column(s["column_id"]) if s["column_id"] else None
            due = clock.parse_datetime(s["due_at"]).astimezone(clock.TZ).strftime("%Y-%m-%d %H:%M")
            it = QTreeWidgetItem([due, s["title"], col.update_rule if col else "", state_label(s["state"]),
                                  s["created_by"]])
            it.setIcon(0, status_icon(status))
            it.setForeground(0, colour(status))
            it.setData(0, Qt.ItemDataRole.UserRole, s["id"])
            it.setToolTip(2, f"{col.path}: {col.update_rule}" if col else "")
            self.tree.addTopLevelItem(it)
        self.tree.header().resizeSection(0, 130)
        self.tree.header().resizeSection(1, 340)
        self.tree.header().resizeSection(2, 140)
        self.tree.itemActivated.connect(self._open)
        lay.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(820, 380)
        self.chosen: str | None = None

    def _open(self, it: QTreeWidgetItem) -> None:
        self.chosen = it.data(0, Qt.ItemDataRole.UserRole)
        self.accept()


class MainWindow(QMainWindow):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session = session
        #: a backup file the program restores once this window has closed (``restore_backup``)
        self.pending_restore: str | None = None
        #: open a new window for the same user once this one has closed (a new language)
        self.pending_reopen = False
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.workbench = Workbench(session, self.tabs)
        self.tabs.addTab(self.workbench, icon("queue_all"), self.tr("Workbench"))
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.LeftSide, None)
        self.setCentralWidget(self.tabs)
        self._tab_keys: dict[QWidget, tuple] = {}
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.workbench.open_requested.connect(self.open_item)
        self.tabs.currentChanged.connect(lambda _i: self.update_actions())
        self.workbench.table.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.workbench.table.customContextMenuRequested.connect(self._list_menu)
        self.workbench.banner.action_clicked.connect(self._banner_action)
        session.items_changed.connect(self._items_changed)
        session.user_changed.connect(self._user_changed)
        session.settings_changed.connect(self._settings_changed)
        self.update_title()
        self.update_actions()
        self.watcher = None
        self.start_watch_folder()
        self.restore_state()
        self.resize_if_new()
        QTimer.singleShot(0, self, self.show_due_banner)
        # once the window is up: a large database counts searches on both cores
        QTimer.singleShot(0, self, session.db.start_search_helper)

    # -------------------------------------------------------------- actions
    def _action(self, key: str, text: str, icon_name: str = "", shortcut=None, slot=None, tip: str = "") -> QAction:
        act = QAction(icon(icon_name) if icon_name else icon("__none__"), text, self)
        act.setObjectName(f"action_{key}")
        # toolbar text without the menu accelerator: "新建信息(&N)" → "新建信息", "&Export…" → "Export"
        act.setIconText(re.sub(r"\(&\w\)", "", text).replace("&", "").rstrip("…").strip())
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        if slot is not None:
            act.triggered.connect(lambda _checked=False: slot())
        self.actions_by_key[key] = act
        return act

    def _build_actions(self) -> None:
        self.actions_by_key: dict[str, QAction] = {}
        A = self._action
        A("new", self.tr("&New item"), "new", QKeySequence.StandardKey.New, self.new_item,
          self.tr("Write a new item"))
        A("save", self.tr("&Save"), "save", QKeySequence.StandardKey.Save, self.save_current,
          self.tr("Save the item being edited"))
        A("export", self.tr("&Export…"), "export", "Ctrl+E", self.export_selected,
          self.tr("Export the selected items (Word, e-mail, package)"))
        A("send", self.tr("Send by e-&mail…"), "export", None, self.send_selected,
          self.tr("Send the selected signed-off items to the portal's mailbox over SMTP, with a delivery log"))
        A("import", self.tr("&Import package…"), "import", "Ctrl+I", self.import_package,
          self.tr("Import an exchange package (.infopkg)"))
        A("import_word", self.tr("New item from a &Word file…"), "import", "Ctrl+Shift+N", self.import_word,
          self.tr("Start a draft from a .docx file"))
        A("backup", self.tr("&Back up the database…"), "save", None, self.backup_now,
          self.tr("Write a backup of the database and its attachments"))
        A("restore", self.tr("&Restore from a backup…"), "history", None, lambda: self.restore_backup(),
          self.tr("Replace the database by a backup (the current one is kept as a backup first)"))
        A("close_tab", self.tr("&Close tab"), "close", QKeySequence.StandardKey.Close,
          lambda: self.close_tab(self.tabs.currentIndex()))
        A("switch_user", self.tr("S&witch user…"), "user", "Ctrl+Shift+U", self.switch_user,
          self.tr("Work as another person of the unit"))
        A("quit", self.tr("&Quit"), "quit", QKeySequence.StandardKey.Quit, self.close)
        A("find", self.tr("&Find"), "search", QKeySequence.StandardKey.Find, self.focus_search,
          self.tr("Search titles and text"))
        A("refresh", self.tr("&Refresh"), "refresh", QKeySequence.StandardKey.Refresh, self.refresh,
          self.tr("Read the list and counts again"))
        A("workbench", self.tr("&Workbench"), "queue_all", "Ctrl+1", lambda: self.tabs.setCurrentIndex(0))
        A("columns", self.tr("&Columns and deadlines"), "columns", "Ctrl+2", self.open_columns,
          self.tr("How fresh each column is, and the unit's health"))
        A("reports", self.tr("&Reports"), "reports", "Ctrl+3", self.open_reports,
          self.tr("Weekly and monthly reports"))
        A("due", self.tr("&Due today and overdue…"), "due_soon", "Ctrl+D", self.show_due_dialog)
        A("open", self.tr("&Open"), "open", "Return", self.open_selected, self.tr("Open the selected item"))
        A("history", self.tr("&History"), "history", "Ctrl+H", self.open_history,
          self.tr("Who did what, when; versions and their differences"))
        A("sign_off", self.tr("&Sign off selected…"), "signoff", "Ctrl+Shift+S", self.sign_off_selected,
          self.tr("Sign off the selected items (your password confirms it)"))
        A("return", self.tr("Re&turn…"), "return", "Ctrl+Shift+R", self.return_selected,
          self.tr("Return the item to its author with a reason"))
        A("recall", self.tr("Re&call from the queue"), "return", None, lambda: self.simple_action("recall"))
        A("mark_submitted", self.tr("Mark as su&bmitted"), "submitted", None,
          lambda: self.simple_action("mark_submitted"), self.tr("Record that the item was sent to the portal"))
        A("mark_published", self.tr("Mark as &published…"), "published", None, self.mark_published,
          self.tr("Record the date and address where the item was published"))
        A("withdraw", self.tr("&Withdraw…"), "withdraw", None, self.withdraw_selected)
        A("adoption", self.tr("Record &adoption or instruction…"), "published", None, self.record_adoption,
          self.tr("Record that a higher level adopted the item (采用) or a leader gave an instruction (批示)"))
        A("reopen", self.tr("Re&open"), "queue_draft", None, lambda: self.simple_action("reopen"))
        A("settings", self.tr("&Settings…"), "settings", QKeySequence.StandardKey.Preferences, self.open_settings)
        A("change_password", self.tr("Change my &password…"), "password", None, self.change_password)
        A("about", self.tr("&About InfoDesk"), "app", None, self.about)
        self.actions_by_key["open"].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.workbench.table.addAction(self.actions_by_key["open"])
        if not self.actions_by_key["settings"].shortcut():
            self.actions_by_key["settings"].setShortcut(QKeySequence("Ctrl+,"))
        if not self.actions_by_key["refresh"].shortcut().toString():
            self.actions_by_key["refresh"].setShortcut(QKeySequence("F5"))

    def action(self, key: str) -> QAction:
        return self.actions_by_key[key]

    def _build_menus(self) -> None:
        a = self.actions_by_key
        mb = self.menuBar()
        m = mb.addMenu(self.tr("&File"))
        self.new_menu = QMenu(self.tr("New item of type"), self)
        for code, ct in registry().types.items():
            act = self.new_menu.addAction(ct.label)
            act.triggered.connect(lambda _c=False, code=code: self.new_item(code))
        for key in ("new",):
            m.addAction(a[key])
        m.addMenu(self.new_menu)
        for key in ("import_word", "save", None, "export", "send", "import", None, "backup", "restore", None, "close_tab", "switch_user",
                    None, "quit"):
            m.addSeparator() if key is None else m.addAction(a[key])
        m = mb.addMenu(self.tr("&Edit"))
        m.addAction(a["find"])
        m = mb.addMenu(self.tr("&View"))
        for key in ("workbench", "columns", "reports", None, "due", None, "refresh"):
            m.addSeparator() if key is None else m.addAction(a[key])
        self.item_menu = mb.addMenu(self.tr("&Item"))
        for key in ("open", "history", None, "sign_off", "return", None, "recall", "mark_submitted",
                    "mark_published", "adoption", "withdraw", "reopen"):
            self.item_menu.addSeparator() if key is None else self.item_menu.addAction(a[key])
        m = mb.addMenu(self.tr("&Tools"))
        for key in ("settings", "change_password"):
            m.addAction(a[key])
        self.tools_menu = m
        m = mb.addMenu(self.tr("&Help"))
        m.addAction(a["about"])
        self._add_exchange_actions()

        tb = self.addToolBar(self.tr("Main toolbar"))
        tb.setObjectName("mainToolbar")
        tb.setIconSize(QSize(20, 20))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        new_button = QToolButton(tb)
        new_button.setDefaultAction(a["new"])
        new_button.setMenu(self.new_menu)
        new_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.addWidget(new_button)
        for key in ("save", None, "open", "history", "sign_off", "return", None, "export", None, "columns", "reports",
                    None, "refresh"):
            tb.addSeparator() if key is None else tb.addAction(a[key])
        self.toolbar = tb

    def _add_exchange_actions(self) -> None:
        """The exchange menu (signed review packages, ``gui.exchange_actions``), when installed."""
        mod = optional_module("gui.exchange_actions")
        if mod is None:
            return
        self.exchange = mod
        m = QMenu(self.tr("E&xchange"), self)
        self.menuBar().insertMenu(self.tools_menu.menuAction(), m)
        A = self._action
        A("exchange_export", self.tr("Export items for sign-off…"), "export", None,
          lambda: mod.export_for_signoff(self.session, self.selected_ids(), self),
          self.tr("Pack the selected queued items for a supervisor who works on another computer"))
        A("exchange_decisions", self.tr("Send back sign-off results…"), "signoff", None,
          lambda: mod.export_decisions(self.session, self),
          self.tr("Pack your sign-offs and returns for the officers"))
        A("exchange_card", self.tr("Export my identity card…"), "user", None,
          lambda: mod.export_card(self.session, self))
        A("exchange_conflicts", self.tr("Resolve conflicts…"), "history", None,
          lambda: mod.resolve_conflicts(self.session, self))
        for key in ("import", None, "exchange_export", "exchange_decisions", "exchange_card", None,
                    "exchange_conflicts"):
            m.addSeparator() if key is None else m.addAction(self.actions_by_key[key])
        self.exchange_menu = m

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.db_label = QLabel(self)
        self.db_label.setObjectName("dbLabel")
        self.user_button = QToolButton(self)
        self.user_button.setObjectName("userButton")
        self.user_button.setAutoRaise(True)
        self.user_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.user_button.setIcon(icon("user"))
        self.user_button.clicked.connect(self.switch_user)
        badge = getattr(optional_module("gui.exchange_actions"), "ConflictBadge", None)
        self.conflict_badge = badge(self.session, self) if badge else None
        if self.conflict_badge is not None:
            sb.addPermanentWidget(self.conflict_badge)
        sb.addPermanentWidget(self.db_label)
        sb.addPermanentWidget(self.user_button)
        self.update_status()

    def update_status(self) -> None:
        db = self.session.db
        path = str(db.path) if db.path else self.tr("(in memory)")
        self.db_label.setText(self.tr("Database: {path}").format(path=path))
        self.db_label.setToolTip(path)
        from core.workflow import role_label

        user = self.session.user
        self.user_button.setText(f"{user.name} · {role_label(user.role)}")
        self.user_button.setToolTip(self.tr("Current user; click to switch"))

    def update_title(self) -> None:
        unit = self.session.db.unit().name
        title = self.tr("InfoDesk — Government Information Submission Assistant")
        self.setWindowTitle(f"{title} — {unit}" if unit else title)

    # ------------------------------------------------------------ the state
    def restore_state(self) -> None:
        s = settings()
        geo = s.value("main/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
            self._restored = True
        state = s.value("main/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        header = s.value("main/list_header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            # column widths, order and the sort (which re-runs the query in SQL)
            self.workbench.table.horizontalHeader().restoreState(header)
        split = s.value("main/splitter")
        if isinstance(split, QByteArray) and not split.isEmpty():
            # applied once the window has its size (a splitter scales restored sizes to its own)
            self._pending_splitter = split

    def showEvent(self, event) -> None:
        super().showEvent(event)
        split = getattr(self, "_pending_splitter", None)
        if split is not None:
            self._pending_splitter = None
            self.workbench.splitter.restoreState(split)

    def resize_if_new(self) -> None:
        if not getattr(self, "_restored", False):
            self.resize(1280, 800)

    def save_state(self) -> None:
        s = settings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/state", self.saveState())
        s.setValue("main/splitter", self.workbench.splitter.saveState())
        s.setValue("main/list_header", self.workbench.table.horizontalHeader().saveState())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        for i in range(self.tabs.count() - 1, 0, -1):
            if not self.confirm_close(self.tabs.widget(i)):
                event.ignore()
                return
        self.save_state()
        event.accept()

    # ----------------------------------------------------------- selection
    def selected_ids(self) -> list[str]:
        w = self.tabs.currentWidget()
        if w is not self.workbench:
            item_id = self.tab_item_id(w)
            return [item_id] if item_id else []
        return self.workbench.selected_ids()

    def tab_item_id(self, w: QWidget | None) -> str | None:
        if w is None:
            return None
        key = self._tab_keys.get(w)
        if key and key[0] in ("item", "history") and key[1]:
            return key[1]
        item_id = getattr(w, "item_id", None)
        if callable(item_id):
            item_id = item_id()
        return item_id if isinstance(item_id, str) and item_id else None

    def update_actions(self) -> None:
        a = self.actions_by_key
        ids = self.selected_ids()
        user = self.session.user
        w = self.tabs.currentWidget()
        # Save stays enabled: an editor leaves Ctrl+S to the window's action when the window has
        # one (two actions on one key would be ambiguous and neither would fire)
        a["save"].setEnabled(True)
        a["close_tab"].setEnabled(self.tabs.currentIndex() > 0)
        a["open"].setEnabled(bool(ids))
        a["history"].setEnabled(len(ids) == 1)
        a["adoption"].setEnabled(len(ids) == 1)
        a["export"].setEnabled(bool(ids))
        a["send"].setEnabled(bool(ids))
        allowed: set[str] = set()
        if len(ids) == 1:
            try:
                item = self.session.db.get_item(ids[0])
            except UserError:
                item = None
            if item is not None:
                allowed = set(allowed_actions(item, user))
        is_supervisor = user.role == "supervisor"
        a["sign_off"].setVisible(is_supervisor)
        a["return"].setVisible(is_supervisor)
        a["sign_off"].setEnabled(is_supervisor and bool(ids) and (len(ids) > 1 or "sign_off" in allowed))
        a["return"].setEnabled(is_supervisor and "return" in allowed)
        for key in ("recall", "mark_submitted", "mark_published", "withdraw", "reopen"):
            a[key].setEnabled(key in allowed)
        if "exchange_export" in a:
            a["exchange_export"].setEnabled(bool(ids))

    # ---------------------------------------------------------------- tabs
    def find_tab(self, key: tuple) -> int:
        for i in range(self.tabs.count()):
            if self._tab_keys.get(self.tabs.widget(i)) == key:
                return i
        return -1

    def add_tab(self, key: tuple, widget: QWidget, title: str, icon_name: str) -> QWidget:
        self._tab_keys[widget] = key
        i = self.tabs.addTab(widget, icon(icon_name), self._short(title))
        self.tabs.setTabToolTip(i, title)
        self.tabs.setCurrentIndex(i)
        return widget

    @staticmethod
    def _short(title: str, n: int = 16) -> str:
        return title if len(title) <= n else title[: n - 1] + "…"

    def confirm_close(self, w: QWidget) -> bool:
        maybe_close = getattr(w, "maybe_close", None)
        if callable(maybe_close):
            if getattr(w, "has_unsaved_changes", lambda: False)():
                self.tabs.setCurrentWidget(w)
            return bool(maybe_close())
        check = getattr(w, "has_unsaved_changes", None)
        if check is None or not check():
            return True
        self.tabs.setCurrentWidget(w)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved changes"),
                          self.tr("“{title}” has unsaved changes. Save them?").format(
                              title=self.tabs.tabText(self.tabs.indexOf(w))), parent=self)
        save = box.addButton(self.tr("Save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is save:
            return bool(w.save())
        return box.clickedButton() is discard

    def close_tab(self, index: int) -> bool:
        if index <= 0:
            return False
        w = self.tabs.widget(index)
        if not self.confirm_close(w):
            return False
        self.tabs.removeTab(index)
        self._tab_keys.pop(w, None)
        w.deleteLater()
        self.update_actions()
        return True

    def close_item_tabs(self) -> bool:
        for i in range(self.tabs.count() - 1, 0, -1):
            if not self.close_tab(i):
                return False
        return True

    # --------------------------------------------------------------- items
    def open_selected(self) -> None:
        for item_id in self.selected_ids()[:10]:
            self.open_item(item_id)

    def open_item(self, item_id: str) -> QWidget | None:
        """The editor for an officer (or an editable item); the sign-off view for a supervisor
        on a queued item; a read-only view when the editor is not installed."""
        db = self.session.db
        try:
            item = db.get_item(item_id)
        except UserError as err:
            show_error(self, err)
            return None
        user = self.session.user
        if user.role == "supervisor" and item.state == "queued":
            return self.open_signoff(item.id)
        i = self.find_tab(("item", item.id))
        if i >= 0:
            self.tabs.setCurrentIndex(i)
            return self.tabs.widget(i)
        editor_mod = optional_module("gui.editor")
        if editor_mod is None:
            return self.open_signoff(item.id)
        editor = editor_mod.ItemEditor(self.session, item.id, item.content_type, parent=self.tabs)
        self._connect_editor(editor)
        return self.add_tab(("item", item.id), editor, item.title or self.tr("(untitled)"), "queue_draft")

    def open_signoff(self, item_id: str) -> QWidget:
        key = ("signoff", item_id)
        i = self.find_tab(key)
        if i >= 0:
            self.tabs.setCurrentIndex(i)
            return self.tabs.widget(i)
        from gui.signoff_view import SignOffView

        view = SignOffView(self.session, item_id, parent=self.tabs)
        view.done.connect(self._signoff_done)
        view.open_history.connect(self.open_history)
        title = self.session.db.get_item(item_id).title
        return self.add_tab(key, view, title, "signoff" if self.session.db.get_item(item_id).state == "queued" else "open")

    def _signoff_done(self, item_id: str, action: str) -> None:
        i = self.find_tab(("signoff", item_id))
        if i >= 0:
            self.close_tab(i)
        self.tabs.setCurrentIndex(0)
        self.statusBar().showMessage(
            (self.tr("Signed off.") if action == "sign_off" else self.tr("Returned to the author.")), 5000)

    def _connect_editor(self, editor: QWidget) -> None:
        saved = getattr(editor, "saved", None)
        if saved is not None:
            saved.connect(lambda item_id, ed=editor: self._editor_saved(ed, item_id))
        submitted = getattr(editor, "submitted", None)
        if submitted is not None:
            submitted.connect(lambda item_id, ed=editor: self._editor_saved(ed, item_id))
        title_changed = getattr(editor, "title_changed", None)
        if title_changed is not None:
            title_changed.connect(lambda title, ed=editor: self._retitle(ed, title))

    def _retitle(self, editor: QWidget, title: str) -> None:
        i = self.tabs.indexOf(editor)
        if i >= 0:
            self.tabs.setTabText(i, self._short(title or self.tr("(untitled)")))
            self.tabs.setTabToolTip(i, title)

    def _editor_saved(self, editor: QWidget, item_id: str) -> None:
        self._tab_keys[editor] = ("item", item_id)
        i = self.tabs.indexOf(editor)
        if i >= 0:
            try:
                title = self.session.db.get_item(item_id).title
            except UserError:
                title = ""
            self.tabs.setTabText(i, self._short(title or self.tr("(untitled)")))
            self.tabs.setTabToolTip(i, title)
        self.session.notify(item_id)

    def new_item(self, content_type: str = "work_news") -> QWidget | None:
        editor_mod = optional_module("gui.editor")
        if editor_mod is None:
            QMessageBox.information(self, self.tr("New item"), self.tr("The editor is not installed in this build."))
            return None
        editor = editor_mod.ItemEditor(self.session, None, content_type, parent=self.tabs)
        self._connect_editor(editor)
        return self.add_tab(("new", id(editor)), editor, self.tr("New item"), "new")

    def save_current(self) -> None:
        w = self.tabs.currentWidget()
        if w is not self.workbench and hasattr(w, "save"):
            w.save()

    def record_adoption(self, item_id: str | None = None):
        """The adoption/instruction dialog of the reports module, for the selected item."""
        item_id = item_id or (self.selected_ids() or [None])[0]
        if not item_id:
            return None
        from gui.reports_view import open_adoption_dialog

        self._adoption_dialog = open_adoption_dialog(self.session, item_id, self)
        return self._adoption_dialog

    def open_history(self, item_id: str | None = None) -> QWidget | None:
        item_id = item_id or (self.selected_ids() or [None])[0]
        if not item_id:
            return None
        key = ("history", item_id)
        i = self.find_tab(key)
        if i >= 0:
            self.tabs.setCurrentIndex(i)
            return self.tabs.widget(i)
        from gui.history_view import HistoryView

        view = HistoryView(self.session, item_id, parent=self.tabs)
        title = self.tr("History: {title}").format(title=self.session.db.get_item(item_id).title)
        return self.add_tab(key, view, title, "history")

    def open_columns(self) -> QWidget:
        i = self.find_tab(("columns",))
        if i >= 0:
            self.tabs.setCurrentIndex(i)
            return self.tabs.widget(i)
        from gui.columns_view import ColumnsView

        view = ColumnsView(self.session, parent=self.tabs)
        return self.add_tab(("columns",), view, self.tr("Columns and deadlines"), "columns")

    def open_reports(self) -> QWidget | None:
        i = self.find_tab(("reports",))
        if i >= 0:
            self.tabs.setCurrentIndex(i)
            return self.tabs.widget(i)
        mod = optional_module("gui.reports_view")
        if mod is None:
            QMessageBox.information(self, self.tr("Reports"), self.tr("Reports are not installed in this build."))
            return None
        view = mod.ReportsView(self.session)
        return self.add_tab(("reports",), view, self.tr("Reports"), "reports")

    def export_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        w = self.tabs.currentWidget()
        if w is not self.workbench and getattr(w, "has_unsaved_changes", lambda: False)():
            if not self.confirm_close_for_export(w):
                return
        mod = optional_module("gui.export_dialog")
        if mod is None:
            QMessageBox.information(self, self.tr("Export"), self.tr("Exports are not installed in this build."))
            return
        dlg = mod.ExportDialog(self.session, ids, self)
        dlg.exec()

    def send_selected(self):
        """Send the selected items by e-mail (``gui.send_dialog``); offers the settings when not set up."""
        ids = self.selected_ids()
        if not ids:
            return None
        w = self.tabs.currentWidget()
        if w is not self.workbench and getattr(w, "has_unsaved_changes", lambda: False)():
            if not self.confirm_close_for_export(w):
                return None
        from gui.send_dialog import send_by_email

        return send_by_email(self.session, ids, self)

    def confirm_close_for_export(self, w: QWidget) -> bool:
        answer = QMessageBox.question(self, self.tr("Export"),
                                      self.tr("The item has unsaved changes. Save before exporting?"))
        return answer == QMessageBox.StandardButton.Yes and bool(w.save())

    def import_package(self) -> None:
        mod = optional_module("gui.exchange_actions")
        hook = getattr(mod, "import_files", None) if mod else None
        if hook is None:
            QMessageBox.information(self, self.tr("Import"), self.tr("Exchange packages are not installed in this build."))
            return
        hook(self.session, None, self)

    def import_word(self, path: str | None = None) -> QWidget | None:
        """A new draft from a Word file (the editor reads it)."""
        editor_mod = optional_module("gui.editor")
        if editor_mod is None or not hasattr(editor_mod.ItemEditor, "import_docx"):
            QMessageBox.information(self, self.tr("Import"), self.tr("The editor is not installed in this build."))
            return None
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _f = QFileDialog.getOpenFileName(self, self.tr("Import a Word file"), "",
                                                   self.tr("Word documents (*.docx)"))
            if not path:
                return None
        editor = editor_mod.ItemEditor.import_docx(self.session, path, parent=self.tabs)
        if editor is None:
            return None
        self._connect_editor(editor)
        return self.add_tab(("new", id(editor)), editor, Path(path).stem, "new")

    def offer_recoveries(self) -> int:
        """Offer to restore what unsaved editors left behind (after a crash); returns how many opened."""
        try:
            from storage.recovery import pending_recoveries
        except ImportError:  # pragma: no cover
            return 0
        editor_mod = optional_module("gui.editor")
        slots = pending_recoveries(self.session.db) if editor_mod is not None else []
        slots = [s for s in slots if not s.user or s.user == self.session.user.name]
        if not slots:
            return 0
        tr_1 = self.tr("(untitled)")
        titles = "\n".join(f"· {s.title or tr_1}" for s in slots[:10])
        answer = QMessageBox.question(
            self, self.tr("Restore unsaved work"),
            self.tr("InfoDesk was not closed properly. Unsaved text of {n} items was kept:\n{titles}\n\n"
                    "Open it to check and save?").format(n=len(slots), titles=titles))
        if answer != QMessageBox.StandardButton.Yes:
            return 0
        for slot in slots:
            editor = editor_mod.ItemEditor.from_recovery(self.session, slot, parent=self.tabs)
            self._connect_editor(editor)
            key = ("item", slot.item_id) if slot.item_id and editor.item_id == slot.item_id else ("new", id(editor))
            self.add_tab(key, editor, slot.title or self.tr("(untitled)"), "queue_draft")
        return len(slots)

    # ------------------------------------------------------------- backups
    def backup_now(self, on_done=None):
        """A backup made on request, in the background (own connection); returns the Task."""
        try:
            from storage import backup
        except ImportError:  # pragma: no cover
            return None
        if self.session.db.path is None:
            return None
        from gui.tasks import open_worker_db, run_task

        session = self.session
        target = backup.manual_backup_path(session.db.path)

        def work(progress, cancelled):
            with open_worker_db(session) as wdb:
                return backup.create_backup(wdb, target, progress)

        def done(info) -> None:
            QMessageBox.information(self, self.tr("Backup"), self.tr("The backup was written to {path}.").format(
                path=str(info.path)))
            if on_done is not None:
                on_done(info)

        return run_task(self, self.tr("Backing up"), work, on_done=done)

    def restore_backup(self, path: str | None = None) -> bool:
        """File › Restore from a backup: choose the file, confirm, and close the window; the program
        then restores it with every window closed (``gui.app.restore_and_reopen``) and asks the
        user to sign in again. Refused while an item has unsaved changes."""
        db_path = self.session.db.path
        if db_path is None:
            return False
        title = self.tr("Restore from a backup")
        for i in range(self.tabs.count()):
            w = self.tabs.widget(i)
            if w is not self.workbench and getattr(w, "has_unsaved_changes", lambda: False)():
                self.tabs.setCurrentIndex(i)
                QMessageBox.warning(self, title, self.tr("Save or close the items being edited first."))
                return False
        if path is None:
            try:
                from storage import backup

                start = str(backup.backup_dir_for(db_path))
            except ImportError:  # pragma: no cover
                start = str(Path(db_path).parent)
            path, _ = QFileDialog.getOpenFileName(
                self, title, start, self.tr("InfoDesk backups (*.infodesk-backup);;InfoDesk databases (*.sqlite3 *.db);;"
                                            "All files (*)"))
            if not path:
                return False
        answer = QMessageBox.question(
            self, title, self.tr("Replace the database {db} by the backup {file}?\n\nThe whole backup is checked "
                                 "first; the database as it is now is kept as a backup. The window closes and you "
                                 "sign in again afterwards.").format(db=str(db_path), file=str(path)))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.pending_restore = str(path)
        if not self.close():  # the last window closing ends the program's event loop
            self.pending_restore = None
            return False
        return True

    def auto_backup(self, on_done=None):
        """Today's automatic backup (once a day, the last ones kept), quietly in the background."""
        try:
            from storage import backup
        except ImportError:  # pragma: no cover
            return None
        path = self.session.db.path
        if path is None:
            return None
        from gui.tasks import run_task

        def done(made) -> None:
            if made:
                self.statusBar().showMessage(self.tr("Today's backup: {path}").format(path=str(made)), 10000)
            if on_done is not None:
                on_done(made)

        def failed(err) -> None:
            self.workbench.banner.show_message(self.tr("The automatic backup failed: {error}").format(error=str(err)),
                                               "overdue")

        return run_task(self, self.tr("Backing up"), lambda progress, cancelled: backup.auto_backup(str(path),
                        progress=progress), on_done=done, on_error=failed, show_progress=False)

    # ----------------------------------------------------------- workflow
    def sign_off_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        from gui.signoff_view import bulk_sign_off

        if len(ids) == 1 and self.tabs.currentWidget() is self.workbench:
            self.open_signoff(ids[0])
            return
        bulk_sign_off(self.session, ids, self)

    def return_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            view = self.open_signoff(ids[0])
            focus = getattr(view, "focus_return", None)
            if focus:
                focus()

    def _apply(self, item_id: str, action: str, **kw) -> bool:
        try:
            self.session.db.apply(item_id, action, self.session.user.name, **kw)
        except UserError as err:
            show_error(self, err)
            return False
        self.session.notify(item_id)
        return True

    def simple_action(self, action: str) -> None:
        for item_id in self.selected_ids():
            self._apply(item_id, action)

    def mark_published(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        url, ok = QInputDialog.getText(self, self.tr("Mark as published"),
                                       self.tr("Address (URL) where it was published:"))
        if not ok:
            return
        self._apply(ids[0], "mark_published", url=url.strip(), on=clock.today())

    def withdraw_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Withdraw"),
                                          self.tr("Why is it withdrawn? (kept in the record)"))
        if not ok:
            return
        for item_id in ids:
            self._apply(item_id, "withdraw", reason=reason.strip())

    def _list_menu(self, pos) -> None:
        menu = QMenu(self)
        a = self.actions_by_key
        for key in ("open", "history", None, "sign_off", "return", None, "export", "send", None, "recall", "mark_submitted",
                    "mark_published", "adoption", "withdraw", "reopen"):
            if key is None:
                menu.addSeparator()
            elif a[key].isVisible():
                menu.addAction(a[key])
        menu.popup(self.workbench.table.viewport().mapToGlobal(pos))
        self._popup = menu

    # ------------------------------------------------------------- others
    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.workbench.search.setFocus()
        self.workbench.search.selectAll()

    def refresh(self) -> None:
        self.session.db._column_cache = None
        self.workbench.fill_filters()
        self.workbench.reload()
        for i in range(1, self.tabs.count()):
            reload = getattr(self.tabs.widget(i), "reload", None)
            if callable(reload) and not getattr(self.tabs.widget(i), "has_unsaved_changes", lambda: False)():
                reload()
        self.show_due_banner()
        self.update_actions()

    def _items_changed(self, ids: list) -> None:
        self.workbench.model.forget(ids)
        self.workbench.reload()
        self.show_due_banner()
        self.update_actions()

    def start_watch_folder(self) -> None:
        """Watch the exchange folder set in Settings (``gui.watch_folder``), if any."""
        from gui.settings_dialog import WATCH_FOLDER_KEY

        folder = settings().value(WATCH_FOLDER_KEY, "", type=str).strip()
        current = str(self.watcher.folder) if self.watcher is not None else ""
        if folder == current:
            return
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher.deleteLater()
            self.watcher = None
        mod = optional_module("gui.watch_folder") if folder else None
        if mod is None:
            return
        self.watcher = mod.WatchFolder(self.session, folder, parent=self)
        self.watcher.imported.connect(self._watch_imported)
        self.watcher.failed.connect(self._watch_failed)
        self.watcher.start()

    def _watch_imported(self, path: str, result) -> None:
        self.statusBar().showMessage(self.tr("Imported {file}: {summary}").format(
            file=Path(path).name, summary=getattr(result, "summary", "")), 15000)

    def _watch_failed(self, path: str, message: str) -> None:
        self.workbench.banner.show_message(message, "overdue")
        self._banner_target = "due"

    def _settings_changed(self) -> None:
        self.start_watch_folder()
        self.session.db._column_cache = None
        self.workbench.fill_filters()
        self.workbench.reload()
        self.update_title()
        self.update_status()

    def switch_user(self) -> None:
        from gui.login_dialog import LoginDialog

        if not self.close_item_tabs():
            return
        dlg = LoginDialog(self.session.db, self, preselect=self.session.user.name)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.session.set_user(dlg.person())

    def _user_changed(self, person) -> None:
        self.workbench.queue_model.set_person(person)
        self.workbench.select_queue(self.workbench.default_queue())
        self.update_status()
        self.update_actions()
        self.show_due_banner()

    def open_settings(self) -> None:
        from gui.settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.session, self)
        before = current_language()
        dlg.exec()
        if current_language() != before:
            self.offer_reopen()

    def offer_reopen(self) -> bool:
        """The language changed: offer to reopen the window in it now (same user, no sign-in)."""
        answer = QMessageBox.question(self, self.tr("Language"), self.tr(
            "Reopen the window now to show the new language? Unsaved edits are asked about first."))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.pending_reopen = True
        if not self.close():  # the last window closing ends the event loop; the program opens a new one
            self.pending_reopen = False
            return False
        return True

    def change_password(self) -> None:
        from gui.password_dialog import change_password

        change_password(self, self.session.db, self.session.user.name)

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About InfoDesk"), self.tr(
            "<b>InfoDesk — Government Information Submission Assistant</b><br>"
            "Drafting, confidentiality review, sign-off and export of items for the unit's columns "
            "on the government portal."))

    # ---------------------------------------------------------------- due
    def due_summaries(self) -> list[dict]:
        """Open items due by the end of today (overdue ones included), soonest first."""
        db = self.session.db
        end = dt.datetime.combine(clock.today(), dt.time(23, 59, 59), tzinfo=clock.TZ)
        seqs = db.due_item_seqs(end, OPEN_STATES)[:500]
        got = db.item_summaries(seqs)
        return [got[s] for s in seqs if s in got]

    def show_due_banner(self) -> None:
        user = self.session.user
        banner = self.workbench.banner
        if user.role == "supervisor":
            n = self.workbench.queue_model.counts().get("to_sign", 0)
            if n:
                banner.show_message(self.tr("<b>{n}</b> items await your sign-off.").format(n=n), "due_soon",
                                    self.tr("Show them"))
                self._banner_target = "to_sign"
            else:
                banner.hide()
            return
        items = self.due_summaries()
        now = clock.now()
        overdue = [s for s in items if s["due_at"] and clock.parse_datetime(s["due_at"]) < now]
        today = len(items) - len(overdue)
        if not items:
            banner.hide()
            return
        parts = []
        if overdue:
            parts.append(self.tr("<b>{n}</b> overdue").format(n=len(overdue)))
        if today:
            parts.append(self.tr("<b>{n}</b> due today").format(n=today))
        text = self.tr("Deadlines: {list}.").format(list=self.tr(", ").join(parts))
        if overdue:
            first = overdue[0]
            text += " " + self.tr("Most urgent: “{title}”.").format(title=first["title"])
        banner.show_message(text, "overdue" if overdue else "due_soon", self.tr("Show the list"))
        self._banner_target = "due"

    def _banner_action(self) -> None:
        if getattr(self, "_banner_target", "") == "to_sign":
            self.tabs.setCurrentIndex(0)
            self.workbench.select_queue("to_sign")
        else:
            self.show_due_dialog()

    def show_due_dialog(self) -> None:
        dlg = DueDialog(self.session, self.due_summaries(), self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.chosen:
            self.open_item(dlg.chosen)

    # ---------------------------------------------------------- drag-and-drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.handle_dropped_files(paths)

    def handle_dropped_files(self, paths: list[Path]) -> None:
        mod = optional_module("gui.exchange_actions")
        hook = getattr(mod, "handle_dropped_files", None) if mod else None
        if hook is None:
            if any(p.suffix.lower() == ".docx" for p in paths):
                for p in paths:
                    if p.suffix.lower() == ".docx":
                        self.import_word(str(p))
                return
            QMessageBox.information(self, self.tr("Import"),
                                    self.tr("Exchange packages are not installed in this build; cannot import {files}.")
                                    .format(files="、".join(p.name for p in paths)))
            return
        if hook(self.session, [str(p) for p in paths], self):
            return
        words = [p for p in paths if p.suffix.lower() == ".docx"]
        for p in words:
            self.import_word(str(p))
        if not words:
            QMessageBox.information(self, self.tr("Import"), self.tr("InfoDesk cannot import {files}.").format(
                files="、".join(p.name for p in paths)))
