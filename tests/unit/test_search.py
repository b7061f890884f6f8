"""Full-text search gives exactly what a plain scan gives, for 1- to 8-character queries."""
from __future__ import annotations

import random

import pytest

from storage.database import ItemFilter
from storage.search import index_tokens, match_expression
from tests.conftest import make_item

TEXTS = [
    "关于开展保密审查工作的通知", "政务公开标准化建设推进会召开", "信息发布前须经分管领导审核签发",
    "12345热线服务质量提升", "Shenzhen portal 网站 update", "保", "密级", "审查审查审查",
    "做好涉密信息不上网、上网信息不涉密工作", "深府办〔2010〕76号文件精神",
]


@pytest.fixture
def searchable(db):
    rng = random.Random(7)
    for i, t in enumerate(TEXTS):
        db.create_item(make_item(title=f"条目{i}", body=(t, "".join(rng.choice("政务信息公开保密审查网站") for _ in range(30)))), "李晓梅")
    return db


def plain_scan(db, q):
    q = q.lower()
    return sorted(i.id for i in db.items() if q in (i.title + "\n" + "\n".join(i.body)).lower())


@pytest.mark.parametrize("query", ["保", "密", "网", "保密", "审查", "网站", "信息", "保密审", "审查工", "不上网",
                                   "政务公开标准化建设", "关于开展保密审查", "12345", "portal", "〔2010〕", "查审",
                                   "涉密信息不上网", "不存在的词语啊", "审查审查", "条目1"])
def test_search_equals_plain_scan(searchable, query):
    found = sorted(i.id for i in searchable.items(ItemFilter(search=query)))
    assert found == plain_scan(searchable, query)


def test_random_queries_of_every_length(searchable):
    rng = random.Random(11)
    corpus = "".join(TEXTS)
    for length in range(1, 9):
        for _ in range(6):
            start = rng.randrange(0, len(corpus) - length)
            q = corpus[start:start + length]
            assert sorted(i.id for i in searchable.items(ItemFilter(search=q))) == plain_scan(searchable, q), q


def test_tokens_and_match_expression():
    assert index_tokens("保密审查") == "保密 密审 审查 查"
    assert match_expression("保") == '"保"*'
    assert match_expression("保密审") == '"保密" AND "密审"'
    assert match_expression("  ") is None
    assert index_tokens("Portal 12") == "po or rt ta al l 12 2"


def test_search_updates_after_edit(searchable):
    item = searchable.items(ItemFilter(search="保密审查"))[0]
    searchable.update_item(item.replace(title="改名", body=("完全不同的内容",)), "李晓梅")
    assert item.id not in [i.id for i in searchable.items(ItemFilter(search="保密审查"))]
    assert [i.id for i in searchable.items(ItemFilter(search="完全不同"))] == [item.id]
