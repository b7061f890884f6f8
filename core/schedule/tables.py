"""Responsibility tables (内容保障任务一览表 / 责任分解表) as data.

The built-in ones live in ``resources/columns/*.toml``::

    name = "…"
    source = "深府办〔2010〕76号 附件1"
    [[columns]]
    id = "sz2011-10"
    levels = ["分类指引", "政务动态"]   # 一级 … 三级栏目; the last is the column's name
    content = "市领导重要活动，重要新闻"   # 保障内容
    upkeep_mode = "信息报送"             # 保障方式
    update_rule = "信息发生后2日内"       # 更新频率
    supplier = "市政府办公厅"             # 责任单位
    disclosure_category = ""             # 政务公开类别
    kind = "dynamic"                     # dynamic | notice | static | interactive
    home_page = false

A column's ``parent`` is the path of its ancestors joined by :data:`PATH_SEPARATOR` ("一级 › 二级"
for a 三级栏目; just the 一级栏目's name for a 二级栏目), so ``Column.path`` is the full path and a
three-level table survives export and import.
"""
from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from core.errors import UserError
from core.i18n import tr
from core.model import Column
from resources import RESOURCES

BUILTIN_TABLE_DIR = RESOURCES / "columns"
PATH_SEPARATOR = " › "
COLUMN_KINDS = ("dynamic", "notice", "static", "interactive")
MAX_LEVELS = 3

#: Words accepted for a kind in a spreadsheet (besides the code names).
KIND_WORDS = {
    "dynamic": ("动态", "动态类", "新闻", "要闻", "工作动态"),
    "notice": ("通知公告", "公告", "通知", "政策文件", "政策", "文件", "通知公告/政策文件"),
    "static": ("静态", "静态信息", "基础信息", "概况"),
    "interactive": ("互动", "互动交流", "互动类"),
}


def kind_label(kind: str) -> str:
    """A kind's name in the interface language."""
    if kind == "dynamic":
        return tr("news (dynamic)")
    if kind == "notice":
        return tr("notices and policy")
    if kind == "static":
        return tr("static information")
    if kind == "interactive":
        return tr("interactive")
    return kind


def parse_kind(text: str) -> str | None:
    """A kind from a code name or a Chinese word; None when not recognised."""
    value = re.sub(r"\s+", "", text or "").lower()
    if value in COLUMN_KINDS:
        return value
    for kind, words in KIND_WORDS.items():
        if value in words:
            return kind
    return None


_GUESS = (
    ("interactive", ("互动", "咨询", "信箱", "留言", "投诉", "访谈", "调查", "征集", "问答")),
    ("dynamic", ("动态", "要闻", "新闻", "活动", "会议", "关注")),
    ("notice", ("公告", "公示", "通知", "文件", "法规", "政策", "公报", "任免", "规章")),
)


def guess_kind(name: str, category: str = "") -> str:
    """A kind for a column whose table does not say: by its name, then its 政务公开类别."""
    for text in (name, category):
        for kind, words in _GUESS:
            if any(word in text for word in words):
                return kind
    return "static"


def split_path(parent: str) -> list[str]:
    """The ancestors named in a column's ``parent``, 一级栏目 first."""
    return [p.strip() for p in (parent or "").split(PATH_SEPARATOR.strip()) if p.strip()]


def column_levels(column: Column) -> list[str]:
    """The names from 一级栏目 down to the column itself."""
    return split_path(column.parent) + [column.name]


def column_from_levels(id: str, levels: list[str], **fields) -> Column:
    names = [str(n).strip() for n in levels]
    return Column(id=id, name=names[-1], level=len(names), parent=PATH_SEPARATOR.join(names[:-1]), **fields)


def list_builtin_tables() -> list[str]:
    """Names of the built-in tables (``shenzhen_2011``, ``zhuhai_2007``)."""
    return sorted(p.stem for p in BUILTIN_TABLE_DIR.glob("*.toml"))


def table_title(name_or_path: str | os.PathLike) -> str:
    """The ``name`` of a table file ("" when it has none)."""
    return str(_read_toml(_resolve(name_or_path)).get("name", ""))


def _resolve(name_or_path: str | os.PathLike) -> Path:
    text = str(name_or_path)
    if text in list_builtin_tables():
        return BUILTIN_TABLE_DIR / f"{text}.toml"
    path = Path(text)
    if path.is_file():
        return path
    raise UserError(tr("No column table {name}. Built-in tables: {names}.",
                       name=text, names=", ".join(list_builtin_tables())))


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as err:
        raise UserError(tr("Cannot read {path}: {reason}", path=path, reason=err.strerror or err))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise UserError(tr("{path} is not valid TOML: {reason}", path=path, reason=err))


def load_column_table(name_or_path: str | os.PathLike) -> list[Column]:
    """A built-in table by name (see :func:`list_builtin_tables`) or a ``.toml`` table file.

    (A unit's own ``.xlsx`` table is read by :func:`exporters.columns_xlsx.import_columns_xlsx`.)
    """
    path = _resolve(name_or_path)
    data = _read_toml(path)
    rows = data.get("columns")
    if not isinstance(rows, list) or not rows:
        raise UserError(tr("{path} has no [[columns]] rows.", path=path))
    columns: list[Column] = []
    seen: set[str] = set()
    for index, row in enumerate(rows, 1):
        levels = row.get("levels") if isinstance(row, dict) else None
        if not isinstance(levels, list) or not 1 <= len(levels) <= MAX_LEVELS or not all(
                isinstance(x, str) and x.strip() for x in levels):
            raise UserError(tr("{path}, column {index}: 'levels' must list 1 to 3 column names.",
                               path=path, index=index))
        col_id = str(row.get("id") or f"{path.stem}-{index:03d}")
        if col_id in seen:
            raise UserError(tr("{path}: the column id {id} is used twice.", path=path, id=col_id))
        seen.add(col_id)
        kind = row.get("kind") or guess_kind(levels[-1], str(row.get("disclosure_category", "")))
        if kind not in COLUMN_KINDS:
            raise UserError(tr("{path}, column {index}: unknown kind {kind} (dynamic, notice, static or interactive).",
                               path=path, index=index, kind=kind))
        columns.append(column_from_levels(
            col_id, levels,
            content=str(row.get("content", "")),
            upkeep_mode=str(row.get("upkeep_mode", "")),
            update_rule=str(row.get("update_rule", "")),
            supplier=str(row.get("supplier", "")),
            disclosure_category=str(row.get("disclosure_category", "")),
            kind=kind,
            home_page=bool(row.get("home_page", False)),
        ))
    return columns
