"""Personal data: check digits decide; numbers inside longer runs are not reported."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.review import scan_text
from core.review.pii import id_check_char, luhn_valid, valid_credit_code, valid_id_number


def found(text, rule):
    return [f for f in scan_text(text) if f.rule == rule]


def with_luhn(prefix: str) -> str:
    for d in "0123456789":
        if luhn_valid(prefix + d):
            return prefix + d
    raise AssertionError


# ---------------------------------------------------------------- resident ID

def test_valid_id_is_blocked_and_masked():
    (f,) = found("申请人身份证号：11010519491231002X。", "pii.id_card")
    assert f.severity == "block"
    assert f.text == "11010519491231002X"
    assert f.masked == "11" + "*" * 13 + "02X"


def test_lowercase_check_x_and_fullwidth_digits():
    assert found("身份证11010519491231002x", "pii.id_card")
    text = "身份证１１０１０５１９４９１２３１００２Ｘ"
    (f,) = found(text, "pii.id_card")
    assert text[f.start:f.end] == f.text == "１１０１０５１９４９１２３１００２Ｘ"


def test_wrong_check_digit_not_reported():
    assert not found("身份证号110105194912310021", "pii.id_card")
    assert not valid_id_number("110105194912310021")


def test_bad_date_not_reported():
    first17 = "11010519491331002"  # month 13
    assert not found("号码" + first17 + id_check_char(first17), "pii.id_card")
    future = "110105" + f"{dt.date.today().year + 1}0101" + "002"
    assert not valid_id_number(future + id_check_char(future))


def test_unknown_province_not_reported():
    first17 = "99010519491231002"
    assert not valid_id_number(first17 + id_check_char(first17))


def test_id_inside_longer_digit_run_not_reported():
    assert not found("流水号911010519491231002X7", "pii.id_card")


@settings(max_examples=60, deadline=None)
@given(
    area=st.sampled_from(["110105", "440305", "430102", "210502", "440703"]),
    born=st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2015, 12, 31)),
    seq=st.integers(min_value=0, max_value=999),
    wrong=st.integers(min_value=1, max_value=10),
)
def test_id_property(area, born, seq, wrong):
    first17 = f"{area}{born:%Y%m%d}{seq:03d}"
    good = first17 + id_check_char(first17)
    assert [f.text for f in found(f"证件号{good}。", "pii.id_card")] == [good]
    bad_char = "10X98765432"[("10X98765432".index(id_check_char(first17)) + wrong) % 11]
    assert not found(f"证件号{first17 + bad_char}。", "pii.id_card")


# ---------------------------------------------------------------- mobile

def test_mobile_warned_and_masked():
    (f,) = found("联系人：张三，电话13812341234。", "pii.mobile")
    assert f.severity == "warn"
    assert f.masked == "138****1234"


@pytest.mark.parametrize("text", ["+86 13812341234", "+8613812341234", "138-1234-1234", "138 1234 1234"])
def test_mobile_forms(text):
    assert len(found(text, "pii.mobile")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "编号213812341234",  # longer digit run
        "订单138123412349",
        "联系电话:2816331",  # a landline
        "0755-82345678",
        "12812341234",  # 12x is not a mobile prefix
        "138-1234 1234",  # inconsistent separators
    ],
)
def test_not_mobile(text):
    assert not found(text, "pii.mobile")


# ---------------------------------------------------------------- bank card

def test_bank_card_luhn():
    card = with_luhn("622202123456789012")  # 19 digits
    (f,) = found(f"卡号{card}", "pii.bank_card")
    assert f.severity == "block"
    assert f.masked == card[:4] + "*" * 11 + card[-4:]
    bad = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert not found(f"卡号{bad}", "pii.bank_card")


def test_bank_card_grouped():
    card = with_luhn("621700000000001")  # 16 digits
    grouped = " ".join(card[i:i + 4] for i in range(0, 16, 4))
    (f,) = found(f"账号：{grouped}", "pii.bank_card")
    assert f.text == grouped


def test_bank_card_in_longer_run_not_reported():
    card = with_luhn("622202123456789")
    assert not found(f"1234{card}5678", "pii.bank_card")


def test_valid_id_not_double_reported_as_card():
    fs = scan_text("11010519491231002X 及 440305199001011234")
    assert all(f.rule != "pii.bank_card" for f in fs)
    assert luhn_valid("6222021234567890128")


# ---------------------------------------------------------------- passport, plates, credit code

def test_passport_needs_context_word():
    (f,) = found("护照号码：E12345678", "pii.passport")
    assert f.severity == "block" and f.masked == "E*****678"
    assert found("持护照EA1234567入境", "pii.passport")
    assert not found("型号E12345678", "pii.passport")
    assert not found("E12345678", "pii.passport")


@pytest.mark.parametrize("plate", ["粤B12345", "京A·8C888", "沪AD12345", "粤B12345D", "粤B1234学"])
def test_plates(plate):
    (f,) = found(f"车牌号{plate}，", "pii.plate")
    assert f.text == plate and f.severity == "warn"
    assert f.masked.startswith(plate[:2]) and f.masked.endswith(plate[-2:]) and "*" in f.masked


@pytest.mark.parametrize("text", ["粤BABCDE", "京A1234567", "苏A2023年"])
def test_not_plates(text):
    assert not found(text, "pii.plate")


def test_credit_code_is_info_only():
    assert valid_credit_code("91350100M000100Y43")
    (f,) = found("统一社会信用代码：91350100M000100Y43", "org.credit_code")
    assert f.severity == "info"
    assert not found("统一社会信用代码：91350100M000100Y44", "org.credit_code")


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789１２３４５ＸX机密★内部资料\u200b 　\n（）【】秘護照E粤B-+")), max_size=80))
def test_spans_always_index_the_original_text(text):
    for f in scan_text(text):
        assert text[f.start:f.end] == f.text
