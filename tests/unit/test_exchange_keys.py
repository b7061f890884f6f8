"""Signing keys (storage/keys.py): made on first use, kept in the keyring or a 0600 file, never
silently replaced."""
from __future__ import annotations

import os
import stat
import sys

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from core.errors import AuthError, UserError
from storage import exchange, keys


class MemoryKeyring(KeyringBackend):
    """A working keyring in memory."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


class BrokenKeyring(MemoryKeyring):
    """A keyring that is installed but locked (e.g. no D-Bus session)."""

    def get_password(self, service, username):
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service, username, password):
        raise keyring.errors.PasswordSetError("locked")


@pytest.fixture
def use_keyring():
    def install(backend):
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.set_keyring(fail.Keyring())


def test_the_tests_run_without_a_keyring():
    assert isinstance(keyring.get_keyring(), fail.Keyring)
    assert not keys.keyring_usable()


def test_null_and_fail_backends_are_not_usable(use_keyring):
    use_keyring(null.Keyring())
    assert not keys.keyring_usable()
    use_keyring(MemoryKeyring())
    assert keys.keyring_usable()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_without_a_keyring_the_key_is_a_0600_file_in_the_data_folder(db, tmp_path):
    key = keys.signing_key(db, "李晓梅")
    path = keys.key_file("李晓梅")
    assert key.location == str(path)
    assert path.is_relative_to(tmp_path / "xdg-data" / "InfoDesk" / "keys")  # XDG_DATA_HOME is honoured
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "李晓梅" not in path.name  # no odd characters in file names
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert not list(path.parent.glob("*.tmp"))
    # made once: the next use finds the same key
    again = keys.signing_key(db, "李晓梅")
    assert again.fingerprint == key.fingerprint
    assert [e.action for e in db.audit_entries()].count("key_created") == 1
    known = keys.key_of(db, "李晓梅")
    assert known.source == "local" and known.fingerprint == key.fingerprint and known.role == "officer"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_key_file_left_readable_by_others_is_tightened(db):
    keys.signing_key(db, "李晓梅")
    path = keys.key_file("李晓梅")
    os.chmod(path, 0o644)
    assert keys.load_private_key("李晓梅") is not None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_with_a_working_keyring_no_file_is_written(db, use_keyring):
    ring = use_keyring(MemoryKeyring())
    key = keys.signing_key(db, "王建国")
    assert key.location == "keyring"
    assert (keys.KEYRING_SERVICE, "王建国") in ring.store
    assert not keys.key_file("王建国").exists()
    assert keys.load_private_key("王建国").fingerprint == key.fingerprint


def test_a_locked_keyring_falls_back_to_the_file(db, use_keyring):
    use_keyring(BrokenKeyring())
    key = keys.signing_key(db, "王建国")
    assert key.location == str(keys.key_file("王建国"))


def test_a_lost_key_is_not_replaced_silently(db):
    key = keys.signing_key(db, "李晓梅")
    keys.key_file("李晓梅").unlink()
    with pytest.raises(UserError, match="找不到该密钥"):
        keys.signing_key(db, "李晓梅")
    new = keys.signing_key(db, "李晓梅", new=True)
    assert new.fingerprint != key.fingerprint
    assert keys.key_of(db, "李晓梅").fingerprint == new.fingerprint
    assert any(e.action == "key_created" and e.details["replaced"] == key.fingerprint for e in db.audit_entries())


def test_a_person_whose_card_came_from_another_desktop_does_not_get_a_second_key_here(db, tmp_path, monkeypatch):
    card = exchange.export_card(db, "王建国", "demo", tmp_path / "wang.infocard")
    from core.model import Person, Unit
    from storage.database import Database

    other = Database.open(tmp_path / "other.sqlite3")
    other.set_unit(Unit("测试局"), actor="test")
    other.save_person(Person("王建国", "supervisor"), password="demo")
    exchange.import_path(other, card.path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "another-machine"))
    with pytest.raises(UserError, match="另一台电脑"):
        keys.signing_key(other, "王建国")
    other.close()


def test_signing_needs_the_persons_password(db, tmp_path):
    with pytest.raises(AuthError):
        exchange.export_card(db, "李晓梅", "wrong", tmp_path / "c.infocard")
    assert keys.known_keys(db) == [] and not (tmp_path / "c.infocard").exists()
    result = exchange.export_card(db, "李晓梅", "demo", tmp_path / "c.infocard")
    assert result.short_fingerprint in result.message
    assert stat.S_IMODE((tmp_path / "c.infocard").stat().st_mode) == 0o600 or sys.platform == "win32"
