"""Personal passwords for sign-off and return (签发口令).

Stored only as a salted hash from the standard library's ``hashlib.scrypt``:
``scrypt$n$r$p$salt_hex$hash_hex``.
"""
from __future__ import annotations

import hashlib
import hmac
import os

from core.errors import UserError
from core.i18n import tr

N, R, P = 2**14, 8, 1
MIN_LENGTH = 4


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P) -> str:
    if len(password) < MIN_LENGTH:
        raise UserError(tr("A password needs at least {n} characters.", n=MIN_LENGTH))
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        calc = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(calc.hex(), digest)
