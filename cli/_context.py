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
            from storage.database import Database, default_db_path

            self._db = Database.open(self.db_path or default_db_path(), create=create)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @staticmethod
    def print_json(value: Any) -> None:
        json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
