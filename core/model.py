"""Domain objects shared by every layer.

All are frozen dataclasses: storage maps rows to them and back in one place
(`storage/mapping.py`); the GUI and exporters only read them. Collections are
tuples so that objects stay immutable; `elements` is a read-only mapping.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

#: Workflow states (code names are a fixed interface).
STATES = ("draft", "queued", "returned", "signed_off", "submitted", "published", "withdrawn")
#: States in which a deadline still matters: the item has not gone out yet.
OPEN_STATES = ("draft", "queued", "returned", "signed_off")

#: Roles of the people of a unit.
ROLES = ("officer", "supervisor")

#: Severities of a scan finding, strongest first.
SEVERITIES = ("block", "warn", "info")


def _frozen_mapping(value: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True)
class Attachment:
    """附件/图片: a file attached to an item, stored content-addressed by sha256."""

    name: str
    media_type: str
    size: int
    sha256: str
    caption: str = ""

    @property
    def is_picture(self) -> bool:
        return self.media_type.startswith("image/")


@dataclass(frozen=True)
class Item:
    """信息: one piece of content for a column of the portal.

    ``elements`` holds the content type's elements other than title and body,
    keyed by element code (``author`` 作者, ``issuer`` 发布机构, ``doc_number``
    文号, ``subject_words`` 主题词, ``source`` 来源, ``publish_date`` 发布日期, …;
    see ``resources/content_types.toml``).
    """

    id: str
    title: str
    content_type: str
    column_id: str = ""
    unit: str = ""
    elements: Mapping[str, str] = field(default_factory=dict)
    body: tuple[str, ...] = ()
    event_date: dt.date | None = None
    attachments: tuple[Attachment, ...] = ()
    created_by: str = ""
    created_at: dt.datetime | None = None
    updated_by: str = ""
    updated_at: dt.datetime | None = None
    state: str = "draft"
    version: int = 1
    #: Everyone who created or edited this item (four-eyes: none of them may sign it off).
    contributors: tuple[str, ...] = ()
    #: Content hash recorded by the sign-off in force ("" when none).
    signed_hash: str = ""
    due_at: dt.datetime | None = None
    published_url: str = ""
    published_at: dt.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "elements", _frozen_mapping(self.elements))
        object.__setattr__(self, "body", tuple(self.body))
        object.__setattr__(self, "attachments", tuple(self.attachments))
        object.__setattr__(self, "contributors", tuple(self.contributors))

    def element(self, code: str) -> str:
        """The value of an element by code; ``title`` and ``body`` included."""
        if code == "title":
            return self.title
        if code == "body":
            return "\n".join(self.body)
        return self.elements.get(code, "")

    @property
    def text(self) -> str:
        """Title and body as one text (what scanners and search read)."""
        return "\n".join((self.title, *self.body))

    def replace(self, **changes) -> "Item":
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Person:
    """A person of the unit, as on the registration form (信息员/分管领导登记表)."""

    name: str
    role: str  # "officer" (网站信息员) or "supervisor" (分管领导)
    phone: str = ""
    email: str = ""
    active: bool = True


@dataclass(frozen=True)
class Unit:
    """单位: the unit that keeps up its columns on the portal."""

    name: str
    mailbox: str = ""  # the receiving office's mailbox (报送邮箱)
    short_name: str = ""


@dataclass(frozen=True)
class Column:
    """栏目: a section of the portal that a unit keeps up, as a row of the
    responsibility table (内容保障任务一览表 / 责任分解表)."""

    id: str
    name: str
    level: int = 1  # 1 一级, 2 二级, 3 三级
    #: the ancestors' names joined by " › " ("信息服务 › 市长之窗" for a 三级 column; "" for a 一级 one)
    parent: str = ""
    content: str = ""  # 保障内容
    upkeep_mode: str = ""  # 保障方式: 信息报送, 栏目共建, 主页链接, 栏目链接, 及时发布
    update_rule: str = ""  # 更新频率, as written in the table: 信息发生后2日内, …
    supplier: str = ""  # 责任单位 / 供稿单位
    disclosure_category: str = ""  # 政务公开类别
    kind: str = "dynamic"  # dynamic | notice | static | interactive
    home_page: bool = False  # shown on the portal's home page

    @property
    def path(self) -> str:
        return f"{self.parent} › {self.name}" if self.parent else self.name


@dataclass(frozen=True)
class SignOff:
    """签发: a supervisor's sign-off of one version of an item."""

    item_id: str
    signer: str
    signed_at: dt.datetime
    content_hash: str
    version: int
    comment: str = ""
    voided_at: dt.datetime | None = None
    void_reason: str = ""


@dataclass(frozen=True)
class Finding:
    """One result of an automatic scan.

    ``start``/``end`` index the scanned text (``end`` exclusive); ``target`` names
    what was scanned: "text" for the item's title and body, or an attachment's name.
    """

    rule: str
    severity: str  # block | warn | info
    start: int
    end: int
    text: str
    message: str
    target: str = "text"
    masked: str = ""  # a masked replacement for ``text`` where one is offered
    field: str = ""  # element code the finding is about ("" for the text)


@dataclass(frozen=True)
class ChecklistAnswer:
    """An answer to one question of the confidentiality checklist (保密审查)."""

    question_id: str
    answer: str  # "yes" | "no" | "na"
    note: str = ""
    answered_by: str = ""
    answered_at: dt.datetime | None = None
    checklist_version: str = ""


@dataclass(frozen=True)
class Override:
    """A written justification for letting a block finding through."""

    rule: str
    text: str
    justification: str
    by: str
    at: dt.datetime
    target: str = "text"


@dataclass(frozen=True)
class Review:
    """自查: the self-review of one version of an item."""

    item_id: str
    content_hash: str
    answers: tuple[ChecklistAnswer, ...] = ()
    findings: tuple[Finding, ...] = ()
    overrides: tuple[Override, ...] = ()
    reviewed_by: str = ""
    reviewed_at: dt.datetime | None = None
    checklist_version: str = ""
