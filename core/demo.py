"""A realistic demo unit: its profile, people, columns and items in every state.

Pure generation (no storage): :func:`generate` returns domain objects and the events
that made them; ``storage.bulk`` writes them in one transaction. Deterministic for a seed.
"""
from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import itertools
import random
import uuid
from dataclasses import dataclass, field

from core import clock
from core.hashing import content_hash
from core.model import Attachment, ChecklistAnswer, Column, Item, Person, Review, SignOff, Unit

UNIT = Unit(name="深圳市政务服务数据管理局", mailbox="zwxx@portal.example.gov.cn", short_name="市政数局")
SUPERVISOR = Person("王建国", "supervisor", "0755-88120001", "wangjg@example.gov.cn")
OFFICERS = (
    Person("李晓梅", "officer", "0755-88120002", "lixm@example.gov.cn"),
    Person("陈志强", "officer", "0755-88120003", "chenzq@example.gov.cn"),
)
DEMO_PASSWORD = "demo"

TOPICS = ("政务服务“一网通办”", "数字政府建设", "政务数据共享", "“放管服”改革", "营商环境优化", "政府网站内容保障",
          "政务新媒体管理", "信息公开", "12345热线服务", "电子证照应用", "智慧城市", "网络安全", "安全生产",
          "疫情防控常态化", "民生实事", "基层减负", "政务公开标准化", "“互联网+督查”", "公共数据开放", "适老化改造")
PLACES = ("福田区", "罗湖区", "南山区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区", "盐田区", "大鹏新区")
LEADERS = ("局长张明华", "副局长刘海燕", "副局长赵立新", "党组书记孙建平")
SERVICES = ("政府信息公开申请", "电子证照申领", "政务数据共享申请", "公共数据开放申请", "网站链接变更申请", "政务服务事项调整")
SENTENCES = (
    "会议传达学习了上级有关文件精神，通报了前一阶段{topic}工作进展情况。",
    "会议指出，{topic}是推进政府治理体系和治理能力现代化的重要抓手，各单位要提高政治站位，压实工作责任。",
    "会议要求，要坚持问题导向，聚焦群众和企业关切，进一步优化办事流程，压缩办理时限。",
    "据统计，今年以来全市共受理相关事项{n1}件，按时办结率达到{pct}%，群众满意度持续提升。",
    "下一步，{unit}将继续深化{topic}，加强统筹协调，推动各项任务落地见效。",
    "{place}结合实际，创新推出“{topic}”服务专区，实现高频事项“一次办、就近办”。",
    "各区、各部门要按照“谁主管谁负责、谁发布谁负责”的原则，切实做好信息发布前的审核把关。",
    "检查组通过查阅资料、现场察看、随机抽查等方式，对{n2}个单位进行了督导检查。",
    "活动期间，工作人员向群众发放宣传资料{n1}余份，解答政策咨询{n2}人次。",
    "对检查中发现的问题，已建立问题清单和整改台账，明确整改责任人和整改时限。",
    "各单位要严格落实保密审查制度，做到涉密不上网、上网不涉密。",
    "本公告自发布之日起施行，公示期间如有异议，请以书面形式向{unit}反映。",
)
#: Drafts that show what the review catches (for the demo, not for real use).
SENSITIVE = (
    "联系人：刘某某，手机13812345678。",
    "（内部资料 注意保存）",
    "经办人身份证号码：11010519491231002X。",
)
STATE_MIX = (("draft", 20), ("queued", 14), ("returned", 8), ("signed_off", 12), ("submitted", 14), ("published", 27),
             ("withdrawn", 5))
RETURN_REASONS = ("标题不够简洁，请精炼后重新报送。", "正文中数据与统计部门发布口径不一致，请核实。",
                  "涉及其他单位的内容，请先征得该单位同意。", "缺少图片说明，请补充后报送。", "请删除正文中的个人联系方式。")
TYPE_MIX = (("work_news", 55), ("notice", 15), ("official_document", 12), ("speech", 8), ("service_guide", 6),
            ("unit_profile", 4))
KIND_FOR_TYPE = {"work_news": ("dynamic",), "speech": ("dynamic",), "notice": ("notice",),
                 "official_document": ("notice",), "service_guide": ("static", "notice"), "unit_profile": ("static",)}


@dataclass
class Event:
    at: dt.datetime
    actor: str
    action: str
    item_id: str
    details: dict = field(default_factory=dict)
    from_state: str = ""
    to_state: str = ""
    reason: str = ""


@dataclass
class DemoData:
    unit: Unit
    people: tuple[Person, ...]
    password: str
    columns: list[Column]
    items: list[Item] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    signoffs: list[SignOff] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    pictures: dict[str, bytes] = field(default_factory=dict)  # sha256 -> bytes
    #: item id -> (queued at, submitted at, published at)
    times: dict[str, tuple] = field(default_factory=dict)


def demo_columns() -> list[Column]:
    """The columns of the Shenzhen 2011 and Zhuhai tables from the seeds."""
    try:
        from core.schedule import load_column_table
    except ImportError:  # pragma: no cover - only before the schedule package exists
        return [Column("dt", "工作动态", kind="dynamic", update_rule="信息发生后2日内", home_page=True),
                Column("tzgg", "通知公告", kind="notice", update_rule="信息发生后3日内"),
                Column("jgxx", "机构信息", kind="static", update_rule="信息发生后5日内")]
    columns: list[Column] = []
    seen: set[str] = set()
    for table in ("shenzhen_2011", "zhuhai_2007"):
        for col in load_column_table(table):
            if col.id not in seen:
                seen.add(col.id)
                columns.append(col)
    return columns


_PICK_TABLES: dict[tuple, tuple] = {}


def _pick(rng: random.Random, weighted) -> str:
    """``rng.choices(names, weights)[0]`` (the same draw), with the cumulative weights kept."""
    table = _PICK_TABLES.get(weighted)
    if table is None:
        names, weights = zip(*weighted)
        cum = list(itertools.accumulate(weights))
        table = _PICK_TABLES[weighted] = (names, cum, cum[-1] + 0.0, len(cum) - 1)
    names, cum, total, hi = table
    return names[bisect.bisect(cum, rng.random() * total, 0, hi)]


def _title(rng: random.Random, ctype: str, year: int, n: int) -> str:
    topic, place, leader = rng.choice(TOPICS), rng.choice(PLACES), rng.choice(LEADERS)
    if ctype == "work_news":
        return rng.choice((
            f"市政数局召开{topic}工作推进会", f"{leader}赴{place}调研{topic}工作", f"{place}开展{topic}专项督导检查",
            f"我局举办{topic}业务培训班", f"全市{topic}工作现场会在{place}召开", f"{place}{topic}工作取得阶段性成效"))
    if ctype == "notice":
        return rng.choice((f"关于{topic}有关事项的公告", f"{year}年度{topic}考核结果公示", f"关于征集{topic}意见建议的公告",
                           f"关于{place}{topic}试点单位名单的公示"))
    if ctype == "official_document":
        return f"关于印发《深圳市{topic}管理办法》的通知（{n}）"
    if ctype == "speech":
        return f"{leader}在全市{topic}工作会议上的讲话"
    if ctype == "service_guide":
        return f"{rng.choice(SERVICES)}办事指南"
    return f"{UNIT.name}机构职能（{n}）"


def _below(bits, n: int) -> int:
    """``Random._randbelow(n)``: what ``randint`` and ``choice`` draw."""
    k = n.bit_length()
    r = bits(k)
    while r >= n:
        r = bits(k)
    return r


def _body(rng: random.Random, ctype: str, paragraphs: int) -> tuple[str, ...]:
    # ``randint(a, b)`` is ``a + _randbelow(b - a + 1)`` and ``choice(s)`` is ``s[_randbelow(len(s))]``,
    # and ``_randbelow(n)`` draws ``getrandbits(n.bit_length())`` until the number is below n. Doing
    # that here draws the very same numbers (the demo stays the same for a seed) at a fraction of
    # the cost, which matters at 100,000 items (≈ 50 draws each).
    bits = rng.getrandbits
    n_s, n_t, n_p = len(SENTENCES), len(TOPICS), len(PLACES)
    k_s, k_t, k_p = n_s.bit_length(), n_t.bit_length(), n_p.bit_length()
    short = UNIT.short_name
    out = []
    for _ in range(paragraphs):
        parts = []
        for _ in range(2 + _below(bits, 3)):
            r = bits(k_s)
            while r >= n_s:
                r = bits(k_s)
            sentence = SENTENCES[r]
            r = bits(k_t)
            while r >= n_t:
                r = bits(k_t)
            topic = TOPICS[r]
            r = bits(k_p)
            while r >= n_p:
                r = bits(k_p)
            place = PLACES[r]
            n1 = 100 + _below(bits, 8901)
            n2 = 3 + _below(bits, 58)
            parts.append(sentence.format(topic=topic, unit=short, place=place, n1=n1, n2=n2, pct=90 + _below(bits, 10)))
        out.append("".join(parts))
    if ctype == "official_document":
        out.append("附件：深圳市有关工作管理办法")
    return tuple(out)


def _elements(rng: random.Random, ctype: str, event: dt.date, author: str, n: int) -> dict[str, str]:
    pub = (event + dt.timedelta(days=rng.randint(0, 2))).isoformat()
    if ctype == "work_news":
        return {"author": author, "publish_date": pub, "source": UNIT.name}
    if ctype == "notice":
        return {"issuer": UNIT.name, "publish_date": pub}
    if ctype == "official_document":
        return {"doc_number": f"深政数〔{event.year}〕{n % 300 + 1}号", "issuer": UNIT.name, "publish_date": pub,
                "subject_words": "政务服务 数据 管理 通知"}
    if ctype == "speech":
        return {"author": rng.choice(LEADERS), "publish_date": pub}
    if ctype == "service_guide":
        return {"guide": "一、办理依据\n二、申请材料\n三、办理流程\n四、办理时限：5个工作日"}
    return {"org_name": UNIT.name, "address": "深圳市福田区福中三路市民中心", "public_phone": "0755-88120000",
            "supervision_phone": "0755-88120099", "email": "zwxx@example.gov.cn", "website": "http://www.sz.gov.cn",
            "duties": "负责全市政务服务和数据管理工作。"}


def demo_picture() -> tuple[bytes, Attachment]:
    """A small 4:3 JPEG for demo work news."""
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (640, 480), (32, 96, 160))
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 300, 600, 440), fill=(230, 230, 230))
    draw.ellipse((420, 60, 560, 200), fill=(250, 200, 60))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    data = buf.getvalue()
    from core.hashing import sha256_bytes

    return data, Attachment("现场图片.jpg", "image/jpeg", len(data), sha256_bytes(data), "工作现场")


def _answers(checklist, who: str, at: dt.datetime) -> tuple[ChecklistAnswer, ...]:
    if checklist is None:
        return ()
    out = []
    for q in checklist.items:
        ok = getattr(q, "acceptable", None) or ("yes",)
        answer = ok[0] if isinstance(ok, (tuple, list)) else ok
        out.append(ChecklistAnswer(q.id, answer, "", who, at, checklist.version))
    return tuple(out)


def _load_checklist():
    try:
        from core.review import load_checklist
    except ImportError:  # pragma: no cover
        return None
    return load_checklist()


@contextlib.contextmanager
def paused_gc():
    """No cyclic garbage collection while many long-lived objects are made (they hold no
    cycles; the collector would walk them again and again: a fifth of the time at 100,000 items)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def generate(n_items: int = 48, *, seed: int = 20261122, now: dt.datetime | None = None,
             with_pictures: bool = True) -> DemoData:
    with paused_gc():
        return _generate(n_items, seed=seed, now=now, with_pictures=with_pictures)


def _generate(n_items: int, *, seed: int, now: dt.datetime | None, with_pictures: bool) -> DemoData:
    rng = random.Random(seed)
    now = now or clock.now()
    columns = demo_columns()
    by_kind: dict[str, list[Column]] = {}
    for c in columns:
        by_kind.setdefault(c.kind, []).append(c)
    data = DemoData(UNIT, (SUPERVISOR, *OFFICERS), DEMO_PASSWORD, columns)
    checklist = _load_checklist()
    pic_bytes, pic = demo_picture() if with_pictures else (b"", None)
    if pic is not None:
        data.pictures[pic.sha256] = pic_bytes
    sup = SUPERVISOR.name
    for n in range(n_items):
        ctype = _pick(rng, TYPE_MIX)
        kinds = KIND_FOR_TYPE[ctype]
        pool = [c for k in kinds for c in by_kind.get(k, [])] or columns
        column = rng.choice(pool)
        officer = rng.choice(OFFICERS).name
        # Most items are recent: the weekly report and due lists need a realistic spread.
        days_ago = min(int(rng.expovariate(1 / 18)), 60)
        event = (now - dt.timedelta(days=days_ago)).date()
        created = dt.datetime.combine(event, dt.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=clock.TZ)
        created = min(created, now - dt.timedelta(minutes=30))
        state = _pick(rng, STATE_MIX)
        if days_ago <= 1 and state in ("submitted", "published"):
            state = "queued"
        body = _body(rng, ctype, rng.randint(2, 5))
        if state == "draft" and rng.random() < 0.3:
            body = body + (rng.choice(SENSITIVE),)
        atts = (pic,) if (pic is not None and ctype == "work_news" and rng.random() < 0.5) else ()
        item = Item(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), title=_title(rng, ctype, event.year, n + 1),
            content_type=ctype, column_id=column.id, unit=UNIT.name, elements=_elements(rng, ctype, event, officer, n),
            body=body, event_date=event, attachments=atts, created_by=officer, created_at=created, updated_by=officer,
            updated_at=created, state="draft", version=1, contributors=(officer,))
        events = [Event(created, officer, "create", item.id, {"title": item.title})]
        t = created

        def step(minutes_lo, minutes_hi):
            nonlocal t
            t = min(t + dt.timedelta(minutes=rng.randint(minutes_lo, minutes_hi)), now - dt.timedelta(minutes=1))
            return t

        h = content_hash(item)
        queued_at = submitted_at = published_at = None
        signed_hash = ""
        review = None
        path = {"draft": [], "queued": ["submit"], "returned": ["submit", "return"],
                "signed_off": ["submit", "sign_off"], "submitted": ["submit", "sign_off", "mark_submitted"],
                "published": ["submit", "sign_off", "mark_submitted", "mark_published"],
                "withdrawn": rng.choice((["withdraw"], ["submit", "sign_off", "mark_submitted", "mark_published", "withdraw"]))}[state]
        current = "draft"
        for action in path:
            if action == "submit":
                at = step(20, 240)
                review = Review(item.id, h, _answers(checklist, officer, at), (), (), officer, at,
                                checklist.version if checklist else "")
                events.append(Event(at, officer, "review", item.id, {"content_hash": h}))
                queued_at = at
                events.append(Event(at, officer, "submit", item.id, {"from_state": current, "to_state": "queued"}, current, "queued"))
                current = "queued"
            elif action == "return":
                at = step(30, 600)
                reason = rng.choice(RETURN_REASONS)
                events.append(Event(at, sup, "return", item.id, {"from_state": "queued", "to_state": "returned", "reason": reason},
                                    "queued", "returned", reason))
                current = "returned"
            elif action == "sign_off":
                at = step(30, 900)
                signed_hash = h
                data.signoffs.append(SignOff(item.id, sup, at, h, 1, "同意发布"))
                events.append(Event(at, sup, "sign_off", item.id, {"from_state": "queued", "to_state": "signed_off",
                                                                    "content_hash": h, "comment": "同意发布"}, "queued", "signed_off", "同意发布"))
                current = "signed_off"
            elif action == "mark_submitted":
                at = step(10, 300)
                submitted_at = at
                events.append(Event(at, officer, "mark_submitted", item.id, {"from_state": current, "to_state": "submitted"},
                                    current, "submitted"))
                current = "submitted"
            elif action == "mark_published":
                at = step(60, 1440)
                published_at = at
                events.append(Event(at, officer, "mark_published", item.id, {"from_state": current, "to_state": "published"},
                                    current, "published"))
                current = "published"
            elif action == "withdraw":
                at = step(10, 600)
                events.append(Event(at, officer, "withdraw", item.id, {"from_state": current, "to_state": "withdrawn"},
                                    current, "withdrawn", "内容已过时"))
                current = "withdrawn"
        if current == "withdrawn":
            signed_hash = ""
            if data.signoffs and data.signoffs[-1].item_id == item.id:
                last = data.signoffs.pop()
                data.signoffs.append(SignOff(last.item_id, last.signer, last.signed_at, last.content_hash, 1, last.comment,
                                             voided_at=t, void_reason="withdraw"))
        item = item.replace(state=current, signed_hash=signed_hash,
                            published_url=(f"http://www.sz.gov.cn/szzsj/gkmlpt/content/{n + 100000}.html" if published_at else ""),
                            published_at=published_at.date() if published_at else None)
        data.times[item.id] = (queued_at, submitted_at, published_at)
        data.items.append(item)
        data.events.extend(events)
        if review is not None:
            data.reviews.append(review)
    data.events.sort(key=lambda e: e.at)
    return data
