"""Ed25519 signing keys: one key pair per person, made on first use.

The private key never leaves the machine. It lives in the system keyring where one works
(Windows Credential Manager, macOS Keychain, Secret Service), otherwise in a file readable
by the owner only (0600, in a 0700 folder) under the user data folder
(``platformdirs.user_data_dir("InfoDesk")/keys``; ``XDG_DATA_HOME`` on Linux).

The public half is recorded in the database's ``person_keys`` table (``source = 'local'``),
next to the keys of other desktops imported from person cards (``source = 'card'``).

Why the private key is *not* encrypted with the person's password:

* the password is a per-database setting that :meth:`Database.set_password` may change at
  any time; a key wrapped with the old password would then be lost, and with it the
  identity every peer checked by phone;
* passwords need only 4 characters (``core.passwords.MIN_LENGTH``): anyone holding a
  stolen key file could try them all offline in minutes, so the wrapping would promise
  more than it gives;
* the system keyring already encrypts at rest with the login, and a 0600 file is as safe
  as the rest of the user's files (whoever can read it can also replace the program).

Instead every *use* of the key asks for the person's password (``db.authenticate``) in
``storage/exchange.py``: nothing is signed in someone's name without them being there.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from core import clock
from core.errors import UserError
from core.exchange import fingerprint, short_fingerprint
from core.i18n import tr

APP_DIR_NAME = "InfoDesk"
KEYRING_SERVICE = "InfoDesk signing key"


@dataclass(frozen=True)
class SigningKey:
    """A person's private signing key on this machine."""

    name: str
    private_key: Ed25519PrivateKey
    location: str  # "keyring" or the key file's path

    @property
    def public_bytes(self) -> bytes:
        return self.private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_bytes)

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)


@dataclass(frozen=True)
class KnownKey:
    """A public key this database trusts for a person."""

    name: str
    role: str
    unit: str
    public_key: bytes
    fingerprint: str
    added_at: str
    source: str  # "local" (made on this machine) or "card" (imported)

    @property
    def short_fingerprint(self) -> str:
        return short_fingerprint(self.fingerprint)


# ------------------------------------------------------------ key storage
def keyring_usable() -> bool:
    """Whether the system keyring is a real one (not the fail or null backend)."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - any broken keyring installation means "no keyring"
        return False
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return False
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return False
    return True


def key_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)) / "keys"


def key_file(name: str) -> Path:
    """The fallback file of ``name``'s key (the name hashed: no odd characters in paths)."""
    return key_dir() / f"ed25519-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:32]}.pem"


def _raw_private(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def _from_keyring(name: str) -> Ed25519PrivateKey | None:
    if not keyring_usable():
        return None
    try:
        import keyring

        secret = keyring.get_password(KEYRING_SERVICE, name)
    except Exception:  # noqa: BLE001 - a locked or broken keyring: try the file, never crash
        return None
    if not secret:
        return None
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(secret, validate=True))
    except ValueError:
        return None


def _to_keyring(name: str, key: Ed25519PrivateKey) -> bool:
    if not keyring_usable():
        return False
    secret = base64.b64encode(_raw_private(key)).decode("ascii")
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, name, secret)
        return keyring.get_password(KEYRING_SERVICE, name) == secret
    except Exception:  # noqa: BLE001 - fall back to the file
        return False


def _from_file(name: str) -> Ed25519PrivateKey | None:
    path = key_file(name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise UserError(tr("Cannot read the signing key file {path}: {error}", path=str(path), error=err.strerror or str(err)))
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            if path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise UserError(tr("The signing key file {path} is damaged.", path=str(path)))
    if not isinstance(key, Ed25519PrivateKey):
        raise UserError(tr("The signing key file {path} is damaged.", path=str(path)))
    return key


def _to_file(name: str, key: Ed25519PrivateKey, replace: bool) -> Path:
    folder = key_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)
    path = key_file(name)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    tmp = path.with_name(path.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if a key appeared meanwhile: never overwrite one
            finally:
                os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def load_private_key(name: str) -> SigningKey | None:
    """``name``'s key on this machine: from the keyring, else from the key file."""
    key = _from_keyring(name)
    if key is not None:
        return SigningKey(name, key, "keyring")
    key = _from_file(name)
    if key is not None:
        return SigningKey(name, key, str(key_file(name)))
    return None


def create_private_key(name: str, replace: bool = False) -> SigningKey:
    """Make and store a new key pair for ``name`` (keyring first, else a 0600 file)."""
    key = Ed25519PrivateKey.generate()
    if _to_keyring(name, key):
        if replace:
            with contextlib.suppress(FileNotFoundError):
                key_file(name).unlink()
        return SigningKey(name, key, "keyring")
    try:
        path = _to_file(name, key, replace)
    except FileExistsError:
        found = _from_file(name)
        if found is None:  # pragma: no cover - removed again between the two calls
            raise
        return SigningKey(name, found, str(key_file(name)))
    except OSError as err:
        raise UserError(tr("Cannot store the signing key in {path}: {error}", path=str(key_dir()), error=err.strerror or str(err)))
    return SigningKey(name, key, str(path))


# ------------------------------------------------------------ public keys
def _known(row) -> KnownKey:
    return KnownKey(name=row[0], role=row[1], unit=row[2], public_key=base64.b64decode(row[3]), fingerprint=row[4],
                    added_at=row[5], source=row[6])


_KEY_COLUMNS = "name, role, unit, public_key, fingerprint, added_at, source"


def known_keys(db) -> list[KnownKey]:
    return [_known(r) for r in db.conn.execute(f"SELECT {_KEY_COLUMNS} FROM person_keys ORDER BY source DESC, name")]


def key_of(db, name: str) -> KnownKey | None:
    row = db.conn.execute(f"SELECT {_KEY_COLUMNS} FROM person_keys WHERE name = ?", (name,)).fetchone()
    return _known(row) if row else None


def key_by_fingerprint(db, fp: str) -> KnownKey | None:
    row = db.conn.execute(f"SELECT {_KEY_COLUMNS} FROM person_keys WHERE fingerprint = ?", (fp,)).fetchone()
    return _known(row) if row else None


def save_known_key(conn, *, name: str, role: str, unit: str, public_key: bytes, source: str) -> None:
    """Insert or replace ``name``'s public key (call inside a transaction, with an audit entry)."""
    conn.execute("DELETE FROM person_keys WHERE name = ? OR fingerprint = ?", (name, fingerprint(public_key)))
    conn.execute(f"INSERT INTO person_keys ({_KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                 (name, role, unit, base64.b64encode(public_key).decode("ascii"), fingerprint(public_key),
                  clock.now().isoformat(), source))


def signing_key(db, name: str, *, new: bool = False) -> SigningKey:
    """``name``'s key on this machine, made on first use and recorded in ``person_keys``.

    Refuses to make a second key silently: when the database already records a key made
    here that cannot be found (keyring locked, file removed), the user must say ``new``.
    """
    person = db.person(name)
    existing = key_of(db, person.name)
    key = None if new else load_private_key(person.name)
    if key is None:
        if existing is not None and not new:
            if existing.source == "local":
                raise UserError(tr("The signing key of {name} (fingerprint {fp}) is recorded here but cannot be found on this "
                                   "machine; the system keyring may be locked. Unlock it, or make a new key (card --new-key) "
                                   "and send the new card to everyone.", name=person.name, fp=existing.short_fingerprint))
            raise UserError(tr("{name} signs on another desktop (key {fp} from a card). To sign here instead, make a new key "
                               "(card --new-key) and send the new card to everyone.", name=person.name,
                               fp=existing.short_fingerprint))
        key = create_private_key(person.name, replace=new)
        created = True
    else:
        created = False
    if (existing is not None and existing.fingerprint == key.fingerprint and existing.source == "local"
            and existing.role == person.role):
        return key
    if existing is not None and existing.fingerprint != key.fingerprint and not new:
        raise UserError(tr("{name} signs on another desktop (key {fp} from a card). To sign here instead, make a new key "
                           "(card --new-key) and send the new card to everyone.", name=person.name,
                           fp=existing.short_fingerprint))
    with db.transaction() as conn:
        save_known_key(conn, name=person.name, role=person.role, unit=db.unit().name, public_key=key.public_bytes,
                       source="local")
        db.audit(person.name, "key_created" if created else "key_registered", name=person.name,
                 fingerprint=key.fingerprint, store="keyring" if key.location == "keyring" else "file",
                 replaced=existing.fingerprint if existing is not None and existing.fingerprint != key.fingerprint else "")
    return key
