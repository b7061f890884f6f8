"""Shared fixtures. Qt runs offscreen; every test gets its own small database."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("INFODESK_LANG", "zh_CN")
# Nothing a test does may touch the real user data folder or keyring.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402
from hypothesis import settings as _hypothesis_settings  # noqa: E402

# CI (.ci/run) runs the property tests on a fixed set of examples, so a run is repeatable and
# one unlucky draw cannot turn a landing red; on a developer's machine they explore afresh
# each run (what they find goes into the test as an @example).
_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SEEDS = ROOT.parent / "shared" / "domain" / "seeds"


@pytest.fixture(autouse=True)
def _isolate(tmp_path, monkeypatch):
    monkeypatch.setenv("INFODESK_DB", str(tmp_path / "default.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("INFODESK_PASSWORD", raising=False)
    from core import i18n

    i18n.set_language("zh_CN")
    yield
    i18n.set_language("zh_CN")


@pytest.fixture
def db(tmp_path):
    """An empty database file with a unit, a supervisor and two officers (password 'demo')."""
    from core.model import Column, Person, Unit
    from storage.database import Database

    database = Database.open(tmp_path / "test.sqlite3")
    database.set_unit(Unit("测试局", "inbox@example.gov.cn", "测试局"), actor="test")
    database.save_person(Person("王建国", "supervisor"), password="demo")
    database.save_person(Person("李晓梅", "officer"), password="demo")
    database.save_person(Person("陈志强", "officer"), password="demo")
    database.replace_columns([
        Column("dt", "工作动态", kind="dynamic", update_rule="信息发生后2日内", home_page=True),
        Column("tzgg", "通知公告", kind="notice", update_rule="信息发生后3日内"),
    ])
    yield database
    database.close()


@pytest.fixture
def demo_db(tmp_path):
    """A database filled by the demo generator (48 items)."""
    from core.demo import generate
    from storage.bulk import load_demo
    from storage.database import Database

    database = Database.open(tmp_path / "demo.sqlite3")
    load_demo(database, generate(48))
    yield database
    database.close()


def make_item(**kw):
    """A complete 工作动态 item (all required elements present)."""
    import datetime as dt

    from core.model import Item

    base = dict(id="", title="市政数局召开政务公开工作推进会", content_type="work_news", column_id="dt",
                elements={"author": "李晓梅", "publish_date": "2026-11-20", "source": "市政数局"},
                body=("11月20日，市政数局召开政务公开工作推进会。", "会议要求各单位做好信息发布审核把关。"),
                event_date=dt.date(2026, 11, 20))
    base.update(kw)
    return Item(**base)
