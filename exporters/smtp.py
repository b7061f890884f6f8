"""Optional sending of e-mail packages over SMTP.

Settings (server, port, security, user, sender) live in a small JSON file in the user's
config folder (``platformdirs``: e.g. ``~/.config/InfoDesk/smtp.json``) or are passed in as a
dict. The password is never written to a file: it lives in the system keyring (``keyring``:
Windows Credential Manager, macOS Keychain, Secret Service) under the service name
``InfoDesk SMTP`` and the user name ``user@host:port``.

:func:`send` delivers one message and returns a :class:`Delivery` with the server's answer,
whether it succeeded or not; a message the server refused is a result, not an exception,
so that it can be recorded (``exporters.export_service.send_items`` records both).
:func:`check_connection` connects, logs in and says NOOP without sending (the settings'
"test connection").
Security: "ssl" (implicit TLS, port 465), "starttls" (port 587) or "none" — the last only
without a password or to a loopback address, so a password never crosses a network in clear.
"""
from __future__ import annotations

import ipaddress
import json
import os
import smtplib
import socket
import ssl
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Mapping

from core.errors import UserError
from core.i18n import tr
from core.atomic import write_bytes

APP_NAME = "InfoDesk"
SETTINGS_FILE = "smtp.json"
KEYRING_SERVICE = "InfoDesk SMTP"
SECURITY = ("ssl", "starttls", "none")
DEFAULT_PORTS = {"ssl": 465, "starttls": 587, "none": 25}


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send. No password here: see :func:`get_password`."""

    host: str = ""
    port: int = 0
    security: str = "ssl"
    user: str = ""
    sender: str = ""
    timeout: float = 30.0

    def __post_init__(self) -> None:
        if self.security not in SECURITY:
            raise UserError(tr("Unknown SMTP security {value}: use ssl, starttls or none.", value=self.security))
        if not self.port:
            object.__setattr__(self, "port", DEFAULT_PORTS[self.security])
        if not 0 < int(self.port) < 65536:
            raise UserError(tr("The SMTP port must be between 1 and 65535."))
        object.__setattr__(self, "port", int(self.port))

    @property
    def configured(self) -> bool:
        return bool(self.host.strip())

    @property
    def account(self) -> str:
        """The keyring user name of this account."""
        return f"{self.user}@{self.host}:{self.port}"

    @property
    def address(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    @classmethod
    def from_dict(cls, data: Mapping) -> "SmtpSettings":
        if "password" in data:
            raise UserError(tr("SMTP settings must not contain a password: it is kept in the system keyring."))
        known = {f.name for f in fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in known})
        except (TypeError, ValueError) as err:
            raise UserError(tr("The SMTP settings are not valid: {error}", error=str(err))) from None


@dataclass(frozen=True)
class Delivery:
    """The outcome of one attempt: sent or not, and what the server said."""

    ok: bool
    answer: str
    recipients: tuple[str, ...] = ()
    refused: dict = field(default_factory=dict)


def settings_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILE


def load_settings(path: str | os.PathLike | None = None) -> SmtpSettings:
    """The saved settings (empty ones when there is no file yet)."""
    p = Path(path) if path else settings_path()
    if not p.exists():
        return SmtpSettings()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise UserError(tr("Cannot read the SMTP settings {path}: {error}", path=str(p), error=str(err))) from None
    if not isinstance(data, dict):
        raise UserError(tr("Cannot read the SMTP settings {path}: {error}", path=str(p), error="not an object"))
    return SmtpSettings.from_dict(data)


def save_settings(settings: SmtpSettings, path: str | os.PathLike | None = None) -> Path:
    p = Path(path) if path else settings_path()
    data = json.dumps(asdict(settings), ensure_ascii=False, indent=2).encode("utf-8")
    return write_bytes(p, data)


def _keyring():
    import keyring
    import keyring.errors

    return keyring, keyring.errors


def set_password(settings: SmtpSettings, password: str) -> None:
    """Keep the password in the system keyring (never in a file)."""
    keyring, errors = _keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, settings.account, password)
    except errors.KeyringError as err:
        raise UserError(tr("The system keyring cannot store the SMTP password: {error}", error=str(err) or type(err).__name__)) from None


def get_password(settings: SmtpSettings) -> str | None:
    keyring, errors = _keyring()
    try:
        return keyring.get_password(KEYRING_SERVICE, settings.account)
    except errors.KeyringError as err:
        raise UserError(tr("The system keyring cannot be read: {error}", error=str(err) or type(err).__name__)) from None


def delete_password(settings: SmtpSettings) -> None:
    keyring, errors = _keyring()
    try:
        keyring.delete_password(KEYRING_SERVICE, settings.account)
    except errors.PasswordDeleteError:
        pass
    except errors.KeyringError as err:
        raise UserError(tr("The system keyring cannot be read: {error}", error=str(err) or type(err).__name__)) from None


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _answer(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {text}".strip()


def _login(client: smtplib.SMTP, user: str, password: str) -> tuple[int, bytes]:
    """Log in and return the server's answer; a user name or password outside ASCII goes as UTF-8
    through AUTH PLAIN (RFC 4616), which smtplib's login() cannot do (it encodes as ASCII)."""
    if (user + password).isascii():
        return client.login(user, password)
    client.ehlo_or_helo_if_needed()
    if "plain" not in client.esmtp_features.get("auth", "").lower().split():
        raise smtplib.SMTPException(tr("The server offers no way to log in with a password containing non-ASCII characters."))
    import base64

    token = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
    code, resp = client.docmd("AUTH", "PLAIN " + token)
    if code not in (235, 503):
        raise smtplib.SMTPAuthenticationError(code, resp)
    return code, resp


def _usable(settings: SmtpSettings, password: str | None) -> str | None:
    """The password to log in with (from the keyring unless given); UserError for settings that
    must not be used: no server, or a password over an unencrypted connection to another machine."""
    if not settings.configured:
        raise UserError(tr("No SMTP server is set up: enter the server in the sending settings first."))
    if settings.security == "none" and settings.user and not is_loopback(settings.host):
        raise UserError(tr("Refusing to send the SMTP password unencrypted to {host}: choose ssl or starttls.",
                           host=settings.host))
    if settings.user and password is None:
        password = get_password(settings)
        if password is None:
            raise UserError(tr("No SMTP password for {account} in the system keyring: enter it in the sending settings.",
                               account=settings.account))
    return password


def _failure(err: Exception) -> Delivery:
    """A failed attempt, with the server's answer or what went wrong on the way."""
    if isinstance(err, smtplib.SMTPResponseException):
        return Delivery(False, _answer(err.smtp_code, err.smtp_error))
    if isinstance(err, smtplib.SMTPNotSupportedError):
        return Delivery(False, tr("The server does not support {what}.", what=str(err) or "STARTTLS"))
    return Delivery(False, f"{type(err).__name__}: {err}")


def _close(client: smtplib.SMTP | None) -> None:
    if client is not None:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()


def send(message_bytes: bytes, sender: str, recipients: list[str], settings: SmtpSettings,
         password: str | None = None) -> Delivery:
    """Send one message; the result carries the server's answer, sent or not.

    Raises UserError only for settings that must not be used (no server; a password over an
    unencrypted connection to another machine).
    """
    if settings.configured and not recipients:
        raise UserError(tr("The message has no recipient."))
    password = _usable(settings, password)
    context = ssl.create_default_context()
    client: smtplib.SMTP | None = None
    try:
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        client.ehlo_or_helo_if_needed()
        if settings.security == "starttls":
            client.starttls(context=context)
            client.ehlo()
        if settings.user:
            _login(client, settings.user, password or "")
        # MAIL, RCPT, DATA one by one (not sendmail()) to keep the server's final answer
        # ("250 2.0.0 Ok: queued as …"), which is what the delivery log records.
        code, resp = client.mail(sender)
        if code != 250:
            client.rset()
            raise smtplib.SMTPSenderRefused(code, resp, sender)
        refused = {}
        for r in recipients:
            c, rr = client.rcpt(r)
            if c not in (250, 251):
                refused[r] = (c, rr)
        if len(refused) == len(recipients):
            client.rset()
            raise smtplib.SMTPRecipientsRefused(refused)
        code, resp = client.data(message_bytes)
        if code != 250:
            client.rset()
            raise smtplib.SMTPDataError(code, resp)
        accepted = tuple(r for r in recipients if r not in refused)
        answer = _answer(code, resp)
        if refused:
            answer += "; " + "; ".join(f"{r}: {_answer(*v)}" for r, v in refused.items())
        return Delivery(ok=True, answer=answer, recipients=accepted,
                        refused={r: _answer(*v) for r, v in refused.items()})
    except smtplib.SMTPRecipientsRefused as err:
        return Delivery(False, "; ".join(f"{r}: {_answer(*v)}" for r, v in err.recipients.items()),
                        refused={r: _answer(*v) for r, v in err.recipients.items()})
    except (smtplib.SMTPException, ssl.SSLError, socket.timeout, OSError) as err:
        return _failure(err)
    finally:
        _close(client)


def check_connection(settings: SmtpSettings, password: str | None = None) -> Delivery:
    """Connect, secure the connection, log in and say NOOP — the settings' "test connection".

    Nothing is sent. The result carries the server's last answer (or why it failed), like
    :func:`send`; settings that must not be used raise :class:`UserError` as there.
    """
    password = _usable(settings, password)
    context = ssl.create_default_context()
    client: smtplib.SMTP | None = None
    try:
        if settings.security == "ssl":
            client = smtplib.SMTP_SSL(timeout=settings.timeout, context=context)
        else:
            client = smtplib.SMTP(timeout=settings.timeout)
        code, resp = client.connect(settings.host, settings.port)  # the greeting ("220 … ESMTP")
        if code != 220:
            raise smtplib.SMTPConnectError(code, resp)
        answer = _answer(code, resp)
        client.ehlo_or_helo_if_needed()
        if settings.security == "starttls":
            code, resp = client.starttls(context=context)
            client.ehlo()
            answer = _answer(code, resp)
        if settings.user:
            code, resp = _login(client, settings.user, password or "")
            answer = _answer(code, resp)
        code, resp = client.noop()
        if code != 250:
            raise smtplib.SMTPResponseException(code, resp)
        return Delivery(ok=True, answer=answer)
    except (smtplib.SMTPException, ssl.SSLError, socket.timeout, OSError) as err:
        return _failure(err)
    finally:
        _close(client)
