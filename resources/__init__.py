"""Data, not code: content types, checklists, word lists, column tables, scoring rules,
holidays, translations and icons. Users and admins may override them."""
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
