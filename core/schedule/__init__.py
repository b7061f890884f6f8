"""Columns, deadlines and working days (栏目、时限与工作日). Pure rules: no Qt, no SQL.

Public API (the storage layer, GUI and CLI call these):

* :func:`compute_due` (rule text, event) → :class:`DueResult` (due, rule, description, warnings)
* :func:`due_status` (due, now) → "overdue" | "due_soon" | "ok" | "none"
* :func:`parse_rule` (text) → :class:`Rule` (kind "unrecognised" for unknown text; never raises)
* :class:`WorkCalendar` — working days from chinesecalendar and holiday files, weekends-only
  fallback with a visible warning
* :func:`column_freshness`, :func:`health_summary` — 栏目更新 and 国办秘函〔2019〕19号 thresholds
* :func:`load_column_table`, :func:`list_builtin_tables` — the seed responsibility tables
"""
from core.schedule.due import (END_OF_DAY, SUBMISSION_CUTOFF, DueResult, compute_due, default_calendar, due_status,
                               format_due, parse_event)
from core.schedule.freshness import (Freshness, HealthLine, column_freshness, freshness_all, health_summary,
                                     interval_for)
from core.schedule.rules import Rule, parse_rule
from core.schedule.tables import (COLUMN_KINDS, PATH_SEPARATOR, column_levels, guess_kind, kind_label,
                                  list_builtin_tables, load_column_table)
from core.schedule.workdays import (HolidayFile, WorkCalendar, install_holiday_file, read_holiday_file,
                                    reset_default_calendar)

__all__ = [
    "COLUMN_KINDS", "END_OF_DAY", "PATH_SEPARATOR", "SUBMISSION_CUTOFF", "DueResult", "Freshness", "HealthLine",
    "HolidayFile", "Rule", "WorkCalendar", "column_freshness", "column_levels", "compute_due", "default_calendar",
    "due_status", "format_due", "parse_event", "freshness_all", "guess_kind", "health_summary", "install_holiday_file",
    "interval_for", "kind_label", "list_builtin_tables", "load_column_table", "parse_rule", "read_holiday_file", "reset_default_calendar",
]
