"""What every window and dialog gets: the open database, the current user, and a signal
hub so that views refresh when items change anywhere in the program."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from core.model import Person


class Session(QObject):
    """The open database and the person using the program.

    Emit ``items_changed`` with the ids that changed (an empty list means "reload all")
    after any write; views connect to it instead of to each other.
    """

    items_changed = Signal(list)
    user_changed = Signal(object)
    settings_changed = Signal()

    def __init__(self, db, user: Person, parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.user = user

    def set_user(self, person: Person) -> None:
        self.user = person
        self.user_changed.emit(person)

    def notify(self, *item_ids: str) -> None:
        self.items_changed.emit(list(item_ids))
