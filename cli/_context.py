"""What every command gets: the database (opened on first use) and output helpers."""
from __future__ import annotations

import json
import sys
from typing import Any


class Context:
    def __init__(self, db_path: str | None = None):
        self.db_path = db_path
        self._db = None

    def db(self, create: bool = True):
        """The Database named by --db, INFODESK_DB or the default location."""
        if self._db is None:
            from core.i18n import tr
            from storage.database import Database, default_db_path

            path = self.db_path or default_db_path()
            if Database.needs_upgrade(path):  # seconds on a large database: say why nothing shows yet
                print(tr("Updating the database for this version of InfoDesk (done once; a large database may take a minute)..."),
                      file=sys.stderr, flush=True)
            self._db = Database.open(path, create=create)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @staticmethod
    def print_json(value: Any) -> None:
        json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
