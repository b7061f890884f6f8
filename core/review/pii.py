"""Personal data (个人隐私) recognisers for Chinese documents, each with a masked form.

| rule | what | severity | why |
|---|---|---|---|
| ``pii.id_card`` | 18-digit resident ID, valid area, birth date and GB 11643 check digit | block | an ID number identifies a person for life; never published in full |
| ``pii.bank_card`` | 15–19 digits (or groups of 4), Luhn valid, issuer prefix 3/4/5/6/9 | block | money |
| ``pii.passport`` | E/G + 8, E + letter + 7, DE/SE/PE + 7 — only within a few characters after 护照 | block | identifies a person; no check digit, so a context word is required |
| ``pii.mobile`` | 1[3-9] + 9 digits, optional +86, not inside a longer run of digits | warn | a personal mobile is private, but a work contact published with consent (联系人：…) is normal; the officer decides, the checklist's privacy question records it. Landlines (0755-…, 2816331) are not reported |
| ``pii.plate`` | licence plates (GA 36-2018), new-energy included | warn | identifies a vehicle's keeper; notices often mask them |
| ``org.credit_code`` | unified social credit code (GB 32100), valid check character | info | an organisation's code is public |

A number that fails its check digit is not reported as that kind. Matching runs on
folded text (full-width digits count); spans index the original text.
"""
from __future__ import annotations

import datetime as dt
import re

from core.i18n import tr
from core.model import Finding
from core.review.base import finding
from core.review.fold import Folded

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# Province-level area codes (first two digits), incl. 71 台湾, 81 香港, 82 澳门, 83 (港澳台居民居住证).
ID_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

PROVINCE_CHARS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

# Each pattern starts with a character class (so the regex engine can skip ahead fast) and
# checks the character before it with a lookbehind placed after the first character.
_ID = re.compile(r"\d(?<![0-9A-Za-z]\d)\d{16}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"1[3-9]\d([ -]?)(\d{4})\1(\d{4})(?![0-9A-Za-z])")
_MOBILE_PREFIX = re.compile(r"(?:\+|00)86[ -]?$")
_CARD = re.compile(r"\d(?<![0-9A-Za-z]\d)(?:\d{14,18}|\d{3}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?)(?![0-9A-Za-z])")
_PASSPORT = re.compile(
    r"[EGDSP](?<![0-9A-Z][EGDSP])(?:(?<=E)[A-HJ-NP-Z]\d{7}|(?<=E)\d{8}|(?<=G)\d{8}|(?<=[DSP])E\d{7})(?![0-9A-Z])", re.I
)
_PASSPORT_CONTEXT = re.compile(r"护照")
_PLATE = re.compile(
    rf"[{PROVINCE_CHARS}](?<![0-9A-Za-z].)([A-HJ-NP-Za-hj-np-z])[·.\- ]?"
    r"([DFdf][A-HJ-NP-Za-hj-np-z0-9]\d{4}|\d{5}[DFdf]|[A-HJ-NP-Za-hj-np-z0-9]{4}[A-HJ-NP-Za-hj-np-z0-9挂学警港澳领试超使])"
    r"(?![0-9A-Za-z])"
)
_USCC = re.compile(r"[0-9A-HJ-NP-RTUWXYa-hj-np-rtuwxy](?<![0-9A-Za-z].)[0-9A-HJ-NP-RTUWXYa-hj-np-rtuwxy]{17}(?![0-9A-Za-z])")
_USCC_CONTEXT = re.compile(r"(?:统一社会信用代码|信用代码|社会信用代码)[^\n]{0,6}$")


def id_check_char(first17: str) -> str:
    """GB 11643 check character for the first 17 digits."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def valid_id_number(value: str, today: dt.date | None = None) -> bool:
    """18-character resident ID: known province, real birth date, right check character."""
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit() or value[:2] not in ID_PROVINCES:
        return False
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > (today or dt.date.today()):
        return False
    return id_check_char(value[:17]) == value[17]


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def valid_credit_code(value: str) -> bool:
    """GB 32100 unified social credit code with the right check character."""
    value = value.upper()
    if len(value) != 18 or any(ch not in USCC_ALPHABET for ch in value):
        return False
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(value[:17], USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31] == value[17]


def mask_keep(value: str, head: int, tail: int) -> str:
    """Keep ``head`` and ``tail`` characters, star the rest."""
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail:]


def scan_pii(folded: Folded, target: str = "text") -> list[Finding]:
    """Personal data in ``folded`` (and organisation codes, at info)."""
    text = folded.text
    out: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _ID.finditer(text):
        value = m.group()
        if valid_id_number(value):
            taken.append(m.span())
            out.append(finding(
                "pii.id_card", "block", folded, *m.span(),
                tr("Resident ID number: personal data must not be published. Mask it (keep the first 2 and last 3 characters) or remove it."),
                target, masked=mask_keep(value.upper(), 2, 3),
            ))
    for m in _USCC.finditer(text):
        value = m.group()
        s, e = m.span()
        if not free(s, e) or not valid_credit_code(value):
            continue
        in_context = bool(_USCC_CONTEXT.search(text, max(0, s - 16), s))
        if value.isdigit() and not in_context:
            continue  # all digits and no context word: maybe a card number, left to that rule
        taken.append((s, e))
        out.append(finding(
            "org.credit_code", "info", folded, s, e,
            tr("Unified social credit code of an organisation: public information, no action needed."),
            target,
        ))
    for m in _CARD.finditer(text):
        raw = m.group()
        s, e = m.span()
        digits = re.sub(r"[ -]", "", raw)
        if not free(s, e) or not (15 <= len(digits) <= 19) or digits[0] not in "345689":
            continue
        if not luhn_valid(digits):
            continue
        taken.append((s, e))
        out.append(finding(
            "pii.bank_card", "block", folded, s, e,
            tr("Bank card number: must not be published. Mask it (keep the first 4 and last 4 digits) or remove it."),
            target, masked=mask_keep(digits, 4, 4),
        ))
    for m in _MOBILE.finditer(text):
        s, e = m.span()
        prefix = ""
        pm = _MOBILE_PREFIX.search(text, max(0, s - 6), s)
        if pm:
            prefix, s = pm.group(), pm.start()
        if s > 0 and (text[s - 1].isascii() and (text[s - 1].isalnum() or text[s - 1] == "+")):
            continue  # inside a longer run of digits or letters
        if not free(s, e):
            continue
        head, tail = m.group()[:3], m.group(3)
        taken.append((s, e))
        out.append(finding(
            "pii.mobile", "warn", folded, s, e,
            tr("Mobile phone number: a personal number is private. Publish it only with the holder's consent (e.g. a work contact); otherwise mask it as 138****1234 or give the unit's landline."),
            target, masked=f"{prefix}{head}****{tail}",
        ))
    for m in _PASSPORT.finditer(text):
        s, e = m.span()
        if not free(s, e) or not _PASSPORT_CONTEXT.search(text, max(0, s - 12), s):
            continue
        taken.append((s, e))
        out.append(finding(
            "pii.passport", "block", folded, s, e,
            tr("Passport number: personal data must not be published. Mask it or remove it."),
            target, masked=mask_keep(m.group().upper(), 1, 3),
        ))
    for m in _PLATE.finditer(text):
        s, e = m.span()
        serial = m.group(2)
        if not free(s, e) or sum(ch.isdigit() for ch in serial) < 3:
            continue
        plate = folded.original[slice(*folded.span(s, e))]
        taken.append((s, e))
        out.append(finding(
            "pii.plate", "warn", folded, s, e,
            tr("Licence plate number: it identifies a vehicle's keeper. Mask the middle characters unless publishing it is required."),
            target, masked=mask_keep(plate, 2, 2),
        ))
    return out
