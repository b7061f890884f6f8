"""Scoring rules (考核积分): how a unit earns and loses points, as data in ``resources/scoring/*.toml``.

A rule file is read by :func:`load_rule` and applied by :func:`apply` to the *facts* of a period
(what happened, one :class:`Fact` each: an item published, an item overdue, a return with its
reason, a stale column, an adoption by a higher level, a leader's instruction …). The result
names every line, how many facts it took, the points and why, down to the single item — so a
unit can check the figure the assessing office will circulate.

Two methods:

* ``budget`` — each category starts with its full points and loses points (本溪: 2 points, of
  which 政务信息公开 1, 网上审批 0.5, other content 0.5; "对不能及时、全面、准确进行内容保障的，
  予以扣分" [本政办[2010]16号 二(三)]). A category never goes below 0 nor above its full points.
* ``sum`` — points earned minus points lost, item by item (信息报送考核: points per published
  item, more when a higher level adopts it, bonuses for leaders' instructions, deductions for
  late reports and errors). ``floor`` optionally keeps the total from going below a value.

The file format (every key is checked; a mistake is a :class:`UserError` naming the file)::

    name = "…"                 # shown as the title of the 积分 sheet
    source = "…"               # the notice the rule comes from
    method = "budget" | "sum"
    floor = 0                  # optional, sum only

    [[categories]]             # budget: required (one marked default = true); sum: optional
    code = "approval"
    name = "网上审批"
    points = 0.5               # budget: the full points; sum: optional cap on what it earns
    content_types = ["service_guide"]   # a fact falls in the first category that matches
    column_kinds = ["interactive"]      # … by content type, column kind,
    column_words = ["审批", "许可"]      # … or a word in the column's path, content or category
    default = true             # takes every fact no other category matches

    [[lines]]
    code = "late"
    name = "不及时：逾期未报送"
    fact = "overdue"           # one of FACT_KINDS
    points = -0.05             # each fact; negative = deduction
    by_level = { "市级" = 2, "省级" = 5 }            # adoption/instruction: points by level
    by_column_kind = { dynamic = 1, notice = 0.5 }  # points by the column's kind
    reason_words = ["核实", "不一致"]  # returned: only returns whose reason has one of these
    column_kinds = [...]; content_types = [...]; levels = [...]; categories = [...]  # filters
    cap = 0.3                  # at most this much (absolute) per category

Each fact is taken by the *first* line (in file order) that matches it, so a return whose
reason says "请核实数据" is counted once, under the first line whose words it contains.
"""
from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from core.errors import UserError
from core.i18n import tr
from resources import RESOURCES

RULES_DIR = RESOURCES / "scoring"
METHODS = ("budget", "sum")

#: What a fact can be (code names are a fixed interface of the rule files).
FACT_KINDS = (
    "published",     # an item published in the period (发布日期 in the period; not withdrawn)
    "submitted",     # an item submitted to the portal in the period (not withdrawn)
    "on_time",       # submitted in the period no later than its due time
    "late",          # submitted in the period after its due time
    "overdue",       # due in the period and not submitted by then (late or still not submitted)
    "returned",      # one return by the supervising leader in the period, with its reason
    "incomplete",    # submitted or published in the period with required elements missing or malformed
    "stale_column",  # a column not updated within its interval at the end of the period
    "empty_column",  # a column with nothing submitted or published yet
    "adoption",      # 采用: the item was adopted by a higher level (dated in the period)
    "instruction",   # 批示: a leader's instruction on the item (dated in the period)
)

#: Levels of adoption and instruction, lowest first.
LEVELS = ("区级", "市级", "省级", "国家级")
_LEVEL_WORDS = {
    "区级": ("区级", "区", "县级", "县", "县区级", "区县级", "县(区)级", "district", "county"),
    "市级": ("市级", "市", "地市级", "city", "municipal"),
    "省级": ("省级", "省", "province", "provincial"),
    "国家级": ("国家级", "国家", "中央", "国务院", "部级", "national", "state", "central"),
}
#: Kinds of record an officer keeps on an item after it went out.
RECORD_KINDS = ("adoption", "instruction")
_KIND_WORDS = {"adoption": ("adoption", "采用", "adopt", "adopted"),
               "instruction": ("instruction", "批示", "leader", "instructed")}


def normalise_level(text: str) -> str:
    """区级 / 市级 / 省级 / 国家级 from the level or a common word for it (县级, city, 中央 …)."""
    value = unicodedata.normalize("NFKC", (text or "")).strip().lower().replace(" ", "")
    for level, words in _LEVEL_WORDS.items():
        if value in words:
            return level
    raise UserError(tr("Unknown level {level}: use one of {levels}.", level=text, levels="、".join(LEVELS)))


def normalise_record_kind(text: str) -> str:
    """``adoption`` (采用) or ``instruction`` (批示)."""
    value = unicodedata.normalize("NFKC", (text or "")).strip().lower()
    for kind, words in _KIND_WORDS.items():
        if value in words:
            return kind
    raise UserError(tr("Unknown record kind {kind}: use adoption (采用) or instruction (批示).", kind=text))


def record_kind_label(kind: str) -> str:
    return {"adoption": tr("adoption"), "instruction": tr("leader's instruction")}.get(kind, kind)


@dataclass(frozen=True)
class Fact:
    """One thing that happened in the period, as the rules see it."""

    kind: str
    subject: str  # the item's title or the column's path
    item_id: str = ""
    column_id: str = ""
    column_kind: str = ""
    column_text: str = ""  # the column's path, content and 政务公开类别 (for column_words)
    content_type: str = ""
    level: str = ""  # adoption / instruction
    reason: str = ""  # returned: the reason given
    detail: str = ""  # what happened, shown in the explanation ("逾期 1天2小时", "市政府办公厅 采用")


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    points: Decimal | None = None
    content_types: tuple[str, ...] = ()
    column_kinds: tuple[str, ...] = ()
    column_words: tuple[str, ...] = ()
    default: bool = False

    def matches(self, fact: Fact) -> bool:
        if fact.content_type and fact.content_type in self.content_types:
            return True
        if fact.column_kind and fact.column_kind in self.column_kinds:
            return True
        return bool(fact.column_text) and any(w in fact.column_text for w in self.column_words)


@dataclass(frozen=True)
class Line:
    code: str
    name: str
    fact: str
    points: Decimal | None = None
    by_level: Mapping[str, Decimal] = field(default_factory=dict)
    by_column_kind: Mapping[str, Decimal] = field(default_factory=dict)
    reason_words: tuple[str, ...] = ()
    column_kinds: tuple[str, ...] = ()
    content_types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    cap: Decimal | None = None
    note: str = ""

    def matches(self, fact: Fact, category: str) -> bool:
        if fact.kind != self.fact:
            return False
        if self.reason_words and not any(w in fact.reason for w in self.reason_words):
            return False
        if self.column_kinds and fact.column_kind not in self.column_kinds:
            return False
        if self.content_types and fact.content_type not in self.content_types:
            return False
        if self.levels and fact.level not in self.levels:
            return False
        if self.categories and category not in self.categories:
            return False
        return True

    def points_for(self, fact: Fact) -> Decimal:
        if fact.level and fact.level in self.by_level:
            return self.by_level[fact.level]
        if fact.column_kind and fact.column_kind in self.by_column_kind:
            return self.by_column_kind[fact.column_kind]
        return self.points if self.points is not None else Decimal(0)


@dataclass(frozen=True)
class ScoringRule:
    code: str  # the file's stem: benxi, per_item …
    name: str
    method: str
    source: str = ""
    description: str = ""
    categories: tuple[Category, ...] = ()
    lines: tuple[Line, ...] = ()
    floor: Decimal | None = None
    path: str = ""

    @property
    def full_points(self) -> float | None:
        """The most a unit can score (budget: the sum of the categories' points)."""
        if self.method == "budget":
            return _num(sum((c.points or Decimal(0) for c in self.categories), Decimal(0)))
        return None

    def category_of(self, fact: Fact) -> str:
        for c in self.categories:
            if not c.default and c.matches(fact):
                return c.code
        for c in self.categories:
            if c.default:
                return c.code
        return ""


@dataclass(frozen=True)
class ScoredFact:
    fact: Fact
    points: float
    category: str


@dataclass(frozen=True)
class ScoreLine:
    """One line of a rule applied: the facts it took in one category and the points."""

    code: str
    name: str
    category: str
    category_name: str
    count: int
    points: float  # after the cap; negative for a deduction
    uncapped: float
    explanation: str
    facts: tuple[ScoredFact, ...] = ()


@dataclass(frozen=True)
class CategoryScore:
    code: str
    name: str
    full: float | None
    earned: float
    lost: float  # positive number of points lost
    score: float
    explanation: str


@dataclass(frozen=True)
class ScoreResult:
    rule: ScoringRule
    total: float
    full: float | None
    categories: tuple[CategoryScore, ...]
    lines: tuple[ScoreLine, ...]
    explanation: str
    unmatched: int = 0  # facts no line took (they earn and cost nothing)


# --------------------------------------------------------------------------- numbers
def _num(value: Decimal) -> float:
    return float(round(value, 4))


def fmt_points(value: float | Decimal | None, signed: bool = False) -> str:
    """2 → "2", 0.5 → "0.5", -0.05 → "-0.05" (signed: "+0.5")."""
    if value is None:
        return "—"
    d = Decimal(str(round(float(value), 4))).normalize()
    text = format(d, "f")
    if text in ("-0", "0"):
        text = "0"
    if signed and not text.startswith("-") and text != "0":
        text = "+" + text
    return text


# --------------------------------------------------------------------------- loading
def available_rules() -> list[str]:
    """The rule files shipped in ``resources/scoring`` (stems)."""
    return sorted(p.stem for p in RULES_DIR.glob("*.toml"))


def _rule_path(name_or_path: str) -> Path:
    text = str(name_or_path).strip()
    if not text:
        raise UserError(tr("No scoring rule named."))
    if text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(text).expanduser()
    elif re.fullmatch(r"[A-Za-z0-9_\-]+", text):
        path = RULES_DIR / f"{text}.toml"
    else:
        raise UserError(tr("Unknown scoring rule {name}: use one of {names} or a .toml file.",
                           name=text, names=", ".join(available_rules())))
    if not path.is_file():
        raise UserError(tr("Unknown scoring rule {name}: use one of {names} or a .toml file.",
                           name=text, names=", ".join(available_rules())))
    return path


def load_rule(name_or_path: str) -> ScoringRule:
    """A shipped rule by name (``benxi``, ``per_item``) or a rule file by path."""
    path = _rule_path(name_or_path)
    return _load_path(str(path.resolve()), path.stat().st_mtime_ns)


def load_rules(names: Iterable[str]) -> list[ScoringRule]:
    return [load_rule(n) for n in names if str(n).strip()]


@functools.lru_cache(maxsize=32)
def _load_path(path: str, _mtime: int) -> ScoringRule:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise UserError(tr("Scoring rule {path} is not valid TOML: {error}", path=path, error=str(err)))
    except OSError as err:
        raise UserError(tr("Cannot read the scoring rule {path}: {error}", path=path, error=err.strerror or str(err)))
    return parse_rule_data(data, code=Path(path).stem, path=path)


def _bad(path: str, what: str) -> UserError:
    return UserError(tr("Scoring rule {path}: {problem}", path=path, problem=what))


def _dec(value, path: str, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _bad(path, tr("{where} must be a number, not {value!r}.", where=where, value=value))
    d = Decimal(str(value))
    if not d.is_finite() or abs(d) > 10000:
        raise _bad(path, tr("{where} is out of range: {value}.", where=where, value=value))
    return d


def _strings(value, path: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _bad(path, tr("{where} must be a list of texts.", where=where))
    return tuple(value)


def _check_keys(table: dict, allowed: set[str], path: str, where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise _bad(path, tr("{where}: unknown key {key}.", where=where, key=", ".join(unknown)))


def parse_rule_data(data: dict, code: str = "rule", path: str = "") -> ScoringRule:
    """A rule from parsed TOML; every key is checked."""
    path = path or code
    _check_keys(data, {"name", "source", "description", "method", "floor", "categories", "lines", "version"},
                path, tr("top level"))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _bad(path, tr("a rule needs a name."))
    method = data.get("method", "sum")
    if method not in METHODS:
        raise _bad(path, tr("method must be budget or sum, not {value!r}.", value=method))
    categories: list[Category] = []
    seen: set[str] = set()
    for i, c in enumerate(data.get("categories", []) or [], 1):
        where = tr("category {n}", n=i)
        if not isinstance(c, dict):
            raise _bad(path, tr("{where} must be a table.", where=where))
        _check_keys(c, {"code", "name", "points", "content_types", "column_kinds", "column_words", "default"}, path, where)
        ccode = c.get("code")
        if not isinstance(ccode, str) or not ccode or ccode in seen:
            raise _bad(path, tr("{where} needs a code of its own.", where=where))
        seen.add(ccode)
        points = _dec(c["points"], path, where) if "points" in c else None
        if method == "budget" and (points is None or points < 0):
            raise _bad(path, tr("{where}: a budget category needs its full points (0 or more).", where=where))
        categories.append(Category(
            code=ccode, name=str(c.get("name") or ccode), points=points,
            content_types=_strings(c.get("content_types"), path, where),
            column_kinds=_strings(c.get("column_kinds"), path, where),
            column_words=_strings(c.get("column_words"), path, where),
            default=bool(c.get("default", False))))
    defaults = [c for c in categories if c.default]
    if len(defaults) > 1:
        raise _bad(path, tr("only one category may be the default."))
    if method == "budget" and not defaults:
        raise _bad(path, tr("a budget rule needs one category marked default = true."))
    lines: list[Line] = []
    codes: set[str] = set()
    for i, ln in enumerate(data.get("lines", []) or [], 1):
        where = tr("line {n}", n=i)
        if not isinstance(ln, dict):
            raise _bad(path, tr("{where} must be a table.", where=where))
        _check_keys(ln, {"code", "name", "fact", "points", "by_level", "by_column_kind", "reason_words", "column_kinds",
                         "content_types", "levels", "categories", "cap", "note"}, path, where)
        lcode = ln.get("code") or f"line{i}"
        if lcode in codes:
            raise _bad(path, tr("{where}: the code {code} is used twice.", where=where, code=lcode))
        codes.add(lcode)
        fact = ln.get("fact")
        if fact not in FACT_KINDS:
            raise _bad(path, tr("{where}: fact must be one of {kinds}, not {value!r}.", where=where,
                                kinds=", ".join(FACT_KINDS), value=fact))
        by_level: dict[str, Decimal] = {}
        for k, v in (ln.get("by_level") or {}).items():
            by_level[normalise_level(k)] = _dec(v, path, f"{where} by_level.{k}")
        by_kind = {str(k): _dec(v, path, f"{where} by_column_kind.{k}") for k, v in (ln.get("by_column_kind") or {}).items()}
        points = _dec(ln["points"], path, f"{where} points") if "points" in ln else None
        if points is None and not by_level and not by_kind:
            raise _bad(path, tr("{where} needs points, by_level or by_column_kind.", where=where))
        cap = _dec(ln["cap"], path, f"{where} cap") if "cap" in ln else None
        if cap is not None and cap < 0:
            raise _bad(path, tr("{where}: cap must not be negative.", where=where))
        cats = _strings(ln.get("categories"), path, where)
        for cc in cats:
            if cc not in seen:
                raise _bad(path, tr("{where}: no category {code}.", where=where, code=cc))
        lines.append(Line(
            code=lcode, name=str(ln.get("name") or lcode), fact=fact, points=points, by_level=by_level,
            by_column_kind=by_kind, reason_words=_strings(ln.get("reason_words"), path, where),
            column_kinds=_strings(ln.get("column_kinds"), path, where),
            content_types=_strings(ln.get("content_types"), path, where),
            levels=tuple(normalise_level(v) for v in _strings(ln.get("levels"), path, where)),
            categories=cats, cap=cap, note=str(ln.get("note", ""))))
    if not lines:
        raise _bad(path, tr("a rule needs at least one line."))
    floor = _dec(data["floor"], path, "floor") if "floor" in data else None
    return ScoringRule(code=code, name=name.strip(), method=method, source=str(data.get("source", "")),
                       description=str(data.get("description", "")).strip(), categories=tuple(categories),
                       lines=tuple(lines), floor=floor, path=path)


# --------------------------------------------------------------------------- applying
def apply(rule: ScoringRule, facts: Sequence[Fact]) -> ScoreResult:
    """Score ``facts`` under ``rule``: every line, category and total, with explanations."""
    cat_names = {c.code: c.name for c in rule.categories}
    groups: dict[tuple[int, str], list[tuple[Fact, Decimal]]] = {}
    unmatched = 0
    seen: dict[tuple[str, str, str], str] = {}  # a category depends only on these three
    for fact in facts:
        key = (fact.content_type, fact.column_kind, fact.column_text)
        category = seen.get(key)
        if category is None:
            category = seen[key] = rule.category_of(fact)
        for index, line in enumerate(rule.lines):
            if line.matches(fact, category):
                groups.setdefault((index, category), []).append((fact, line.points_for(fact)))
                break
        else:
            unmatched += 1

    lines: list[ScoreLine] = []
    line_totals: dict[str, Decimal] = {}
    earned: dict[str, Decimal] = {}
    lost: dict[str, Decimal] = {}
    order = {c.code: i for i, c in enumerate(rule.categories)}
    for (index, category) in sorted(groups, key=lambda k: (order.get(k[1], len(order)), k[0])):
        line = rule.lines[index]
        taken = groups[(index, category)]
        raw = sum((p for _, p in taken), Decimal(0))
        total = raw
        if line.cap is not None and abs(raw) > line.cap:
            total = line.cap if raw > 0 else -line.cap
        line_totals[line.code] = line_totals.get(line.code, Decimal(0)) + total
        if total >= 0:
            earned[category] = earned.get(category, Decimal(0)) + total
        else:
            lost[category] = lost.get(category, Decimal(0)) - total
        lines.append(ScoreLine(
            code=line.code, name=line.name, category=category, category_name=cat_names.get(category, ""),
            count=len(taken), points=_num(total), uncapped=_num(raw),
            explanation=_line_explanation(line, taken, raw, total),
            facts=tuple(ScoredFact(f, _num(p), category) for f, p in taken)))

    categories: list[CategoryScore] = []
    if rule.method == "budget":
        total_score = Decimal(0)
        for c in rule.categories:
            full = c.points or Decimal(0)
            e, lo = earned.get(c.code, Decimal(0)), lost.get(c.code, Decimal(0))
            score = min(full, max(Decimal(0), full + e - lo))
            total_score += score
            if lo == 0 and e == 0:
                why = tr("{full} points, nothing deducted", full=fmt_points(full))
            else:
                why = tr("{full} − {lost} = {score}", full=fmt_points(full + e), lost=fmt_points(lo), score=fmt_points(score))
                if full + e - lo < 0:
                    why += tr(" (not below 0)")
            categories.append(CategoryScore(c.code, c.name, _num(full), _num(e), _num(lo), _num(score), why))
        full_total = sum((c.points or Decimal(0) for c in rule.categories), Decimal(0))
        explanation = tr("{score} of {full} points", score=fmt_points(total_score), full=fmt_points(full_total))
        return ScoreResult(rule, _num(total_score), _num(full_total), tuple(categories), tuple(lines), explanation, unmatched)

    total_score = Decimal(0)
    used = set(earned) | set(lost)
    for c in rule.categories:
        e, lo = earned.get(c.code, Decimal(0)), lost.get(c.code, Decimal(0))
        capped_e = min(e, c.points) if c.points is not None else e
        score = capped_e - lo
        why = tr("earned {earned}, lost {lost}", earned=fmt_points(capped_e), lost=fmt_points(lo))
        if capped_e != e:
            why += tr(" (earned points capped at {cap})", cap=fmt_points(c.points))
        categories.append(CategoryScore(c.code, c.name, _num(c.points) if c.points is not None else None,
                                        _num(capped_e), _num(lo), _num(score), why))
        total_score += score
    for code in used - {c.code for c in rule.categories}:  # no categories: one pool
        total_score += earned.get(code, Decimal(0)) - lost.get(code, Decimal(0))
    all_earned = sum(earned.values(), Decimal(0))
    all_lost = sum(lost.values(), Decimal(0))
    explanation = tr("earned {earned}, lost {lost}: {score} points", earned=fmt_points(all_earned),
                     lost=fmt_points(all_lost), score=fmt_points(total_score))
    if rule.floor is not None and total_score < rule.floor:
        total_score = rule.floor
        explanation += tr(" (not below {floor})", floor=fmt_points(rule.floor))
    return ScoreResult(rule, _num(total_score), None, tuple(categories), tuple(lines), explanation, unmatched)


def _line_explanation(line: Line, taken: list[tuple[Fact, Decimal]], raw: Decimal, total: Decimal) -> str:
    values = {p for _, p in taken}
    if len(values) == 1:
        each = next(iter(values))
        text = tr("{count} × {each} = {total}", count=len(taken), each=fmt_points(each, signed=True),
                  total=fmt_points(raw, signed=True))
    else:
        parts = []
        by_value: dict[Decimal, int] = {}
        for _, p in taken:
            by_value[p] = by_value.get(p, 0) + 1
        for p, n in sorted(by_value.items(), key=lambda kv: -abs(kv[0])):
            parts.append(tr("{count} × {each}", count=n, each=fmt_points(p, signed=True)))
        text = " + ".join(parts) + " = " + fmt_points(raw, signed=True)
    if total != raw:
        text += tr("; at most {cap} per category: {total}", cap=fmt_points(line.cap), total=fmt_points(total, signed=True))
    return text
