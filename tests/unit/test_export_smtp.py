"""SMTP sending against a fake server on 127.0.0.1 (loopback only): settings without the
password, the password in a (memory) keyring, the delivery log — sent, failed with the
server's answer, resent."""
from __future__ import annotations

import base64
import json
import socketserver
import threading
from email import policy
from email.parser import BytesParser

import pytest

from core.errors import UserError
from exporters import smtp
from exporters.export_service import delivery_log, send_items
from tests.unit.test_export_support import OFFICER, queued_item, signed_item


class FakeSMTPHandler(socketserver.StreamRequestHandler):
    timeout = 10

    def reply(self, text: str) -> None:
        self.wfile.write(text.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        server = self.server
        self.reply("220 fake.local ESMTP ready")
        mail_from, rcpts = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode("ascii", "replace").rstrip("\r\n")
            verb = cmd.split(" ", 1)[0].upper()
            if verb == "EHLO":
                caps = ["250-fake.local"]
                if server.auth:
                    caps.append("250-AUTH PLAIN")
                caps.append("250 8BITMIME")
                self.reply("\r\n".join(caps))
            elif verb == "HELO":
                self.reply("250 fake.local")
            elif verb == "AUTH":
                parts = cmd.split(" ")
                decoded = base64.b64decode(parts[2]).split(b"\x00") if len(parts) > 2 else []
                if decoded[1:] == [server.auth[0].encode(), server.auth[1].encode()]:
                    self.reply("235 2.7.0 Authentication successful")
                else:
                    self.reply("535 5.7.8 Authentication credentials invalid")
            elif verb == "MAIL":
                mail_from, rcpts = cmd, []
                self.reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                address = cmd.split(":", 1)[1].strip().strip("<>")
                if address in server.reject:
                    self.reply("550 5.1.1 <%s>: Recipient address rejected: mailbox full" % address)
                else:
                    rcpts.append(address)
                    self.reply("250 2.1.5 Ok")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                chunks = []
                while True:
                    data_line = self.rfile.readline()
                    if data_line in (b".\r\n", b""):
                        break
                    chunks.append(data_line[1:] if data_line.startswith(b"..") else data_line)
                server.messages.append({"from": mail_from, "to": rcpts, "data": b"".join(chunks)})
                self.reply("250 2.0.0 Ok: queued as FAKE%d" % len(server.messages))
            elif verb == "RSET":
                self.reply("250 2.0.0 Ok")
            elif verb == "NOOP":
                self.reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Error: command not recognized")


class FakeSMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), FakeSMTPHandler)  # loopback only
        self.messages: list[dict] = []
        self.reject: set[str] = set()
        self.auth: tuple[str, str] | None = None


@pytest.fixture
def server():
    srv = FakeSMTPServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(5)


@pytest.fixture
def memory_keyring():
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    class MemoryKeyring(KeyringBackend):
        priority = 1

        def __init__(self):
            super().__init__()
            self.store: dict = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            if (service, username) not in self.store:
                raise PasswordDeleteError("not found")
            del self.store[(service, username)]

    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


def local(server, **kw) -> smtp.SmtpSettings:
    host, port = server.server_address
    assert host == "127.0.0.1"
    return smtp.SmtpSettings(host=host, port=port, security="none", timeout=5, **kw)


# ------------------------------------------------------------------ settings
def test_settings_file_never_holds_the_password(memory_keyring, tmp_path):
    s = smtp.SmtpSettings(host="smtp.example.gov.cn", security="starttls", user="lixm", sender="lixm@example.gov.cn")
    assert s.port == 587
    path = smtp.save_settings(s)
    assert str(path).startswith(str(tmp_path))  # the user config folder (isolated by the tests)
    smtp.set_password(s, "s3cret-口令")
    assert "s3cret" not in path.read_text(encoding="utf-8") and "password" not in json.loads(path.read_text())
    assert smtp.load_settings() == s
    assert smtp.get_password(s) == "s3cret-口令"
    assert memory_keyring.store == {("InfoDesk SMTP", "lixm@smtp.example.gov.cn:587"): "s3cret-口令"}
    smtp.delete_password(s)
    assert smtp.get_password(s) is None


def test_settings_refuse_a_password_and_bad_values(tmp_path):
    with pytest.raises(UserError):
        smtp.SmtpSettings.from_dict({"host": "x", "password": "no"})
    with pytest.raises(UserError):
        smtp.SmtpSettings(host="x", security="plain")
    with pytest.raises(UserError):
        smtp.SmtpSettings(host="x", port=70000)
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError):
        smtp.load_settings(tmp_path / "bad.json")
    assert smtp.load_settings(tmp_path / "missing.json") == smtp.SmtpSettings()


def test_keyring_unavailable_is_a_clear_error():
    # the test session's keyring is keyring.backends.fail (see conftest)
    with pytest.raises(UserError):
        smtp.set_password(smtp.SmtpSettings(host="x", user="u"), "p")


def test_no_password_over_an_unencrypted_connection_to_another_machine():
    s = smtp.SmtpSettings(host="192.0.2.10", port=25, security="none", user="lixm")
    with pytest.raises(UserError) as err:
        smtp.send(b"x", "a@example.gov.cn", ["b@example.gov.cn"], s, password="p")
    assert "192.0.2.10" in str(err.value)
    assert smtp.is_loopback("127.0.0.1") and smtp.is_loopback("::1") and smtp.is_loopback("localhost")
    assert not smtp.is_loopback("10.0.0.1")


# ------------------------------------------------------------------ sending
def test_send_records_the_servers_answer(db, server):
    item = signed_item(db)
    [result] = send_items(db, [item.id], OFFICER, local(server, sender="lixm@example.gov.cn"))
    assert result.ok and result.answer == "250 2.0.0 Ok: queued as FAKE1"
    [received] = server.messages
    assert received["to"] == ["inbox@example.gov.cn"]
    msg = BytesParser(policy=policy.default).parsebytes(received["data"])
    assert msg["From"] == "lixm@example.gov.cn" and msg["X-Unsent"] is None
    assert item.title in msg["Subject"]
    assert {p.get_filename() for p in msg.iter_attachments()} == {f"{item.title}.docx", f"{item.title}.txt"}
    [record] = db.exports(item.id)
    assert record["format"] == "smtp" and record["actor"] == OFFICER and "127.0.0.1" in record["path"]
    [entry] = delivery_log(db, item.id)
    assert entry["status"] == "sent" and entry["answer"] == "250 2.0.0 Ok: queued as FAKE1"
    assert db.verify().ok


def test_refused_then_resent(db, server):
    item = signed_item(db)
    server.reject.add("inbox@example.gov.cn")
    [failed] = send_items(db, [item.id], OFFICER, local(server, sender="lixm@example.gov.cn"))
    assert not failed.ok and "550 5.1.1" in failed.answer and "mailbox full" in failed.answer
    assert db.exports(item.id) == [] and server.messages == []
    server.reject.clear()
    [sent] = send_items(db, [item.id], OFFICER, local(server, sender="lixm@example.gov.cn"))
    assert sent.ok
    log = delivery_log(db, item.id)
    assert [e["status"] for e in log] == ["failed", "sent"]
    assert "550" in log[0]["answer"] and log[1]["answer"].startswith("250")


def test_login_with_the_keyring_password(db, server, memory_keyring):
    server.auth = ("lixm", "口令pass")
    settings = local(server, user="lixm", sender="lixm@example.gov.cn")
    item = signed_item(db)
    with pytest.raises(UserError):  # nothing in the keyring yet
        send_items(db, [item.id], OFFICER, settings)
    smtp.set_password(settings, "wrong")
    [bad] = send_items(db, [item.id], OFFICER, settings)
    assert not bad.ok and bad.answer.startswith("535")
    smtp.set_password(settings, "口令pass")
    [good] = send_items(db, [item.id], OFFICER, settings)
    assert good.ok


def test_combined_message_and_unsigned_items_never_sent(db, server):
    a, b = signed_item(db, title="甲"), signed_item(db, title="乙")
    [result] = send_items(db, [a.id, b.id], OFFICER, local(server, sender="x@example.gov.cn"), combined=True)
    assert result.ok and result.item_ids == (a.id, b.id) and len(server.messages) == 1
    assert len(db.exports(a.id)) == len(db.exports(b.id)) == 1
    q = queued_item(db)
    with pytest.raises(UserError):
        send_items(db, [q.id], OFFICER, local(server, sender="x@example.gov.cn"))
    assert len(server.messages) == 1


def test_no_server_is_a_recorded_failure(db):
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens here now
    item = signed_item(db)
    [result] = send_items(db, [item.id], OFFICER,
                          smtp.SmtpSettings(host="127.0.0.1", port=port, security="none", sender="x@example.gov.cn", timeout=3))
    assert not result.ok and "Connection" in result.answer
    assert delivery_log(db, item.id)[0]["status"] == "failed"


def test_starttls_not_offered_is_a_failure_not_a_crash(db, server):
    host, port = server.server_address
    item = signed_item(db)
    settings = smtp.SmtpSettings(host=host, port=port, security="starttls", sender="x@example.gov.cn", timeout=5)
    [result] = send_items(db, [item.id], OFFICER, settings)
    assert not result.ok and "STARTTLS" in result.answer.upper()


def test_cli_send_and_deliveries(db, server, capsys):
    from cli import run

    item = signed_item(db)
    host, port = server.server_address
    assert run(["--db", str(db.path), "send", "--setup", "--host", host, "--port", str(port), "--security", "none",
                "--sender", "lixm@example.gov.cn"]) == 0
    assert run(["--db", str(db.path), "send", item.id, "--as", OFFICER]) == 0
    out = capsys.readouterr().out
    assert "250 2.0.0 Ok: queued as FAKE1" in out
    assert run(["--db", str(db.path), "deliveries", item.id]) == 0
    assert "FAKE1" in capsys.readouterr().out


# ------------------------------------------------------------------ test connection
def test_check_connection_sends_nothing_and_reports_the_answer(server, memory_keyring):
    ok = smtp.check_connection(local(server))
    assert ok.ok and ok.answer.startswith("220 fake.local")
    server.auth = ("lixm", "口令pass")
    settings = local(server, user="lixm")
    with pytest.raises(UserError):  # no password given and none in the keyring
        smtp.check_connection(settings)
    bad = smtp.check_connection(settings, "wrong")
    assert not bad.ok and bad.answer.startswith("535 5.7.8")
    smtp.set_password(settings, "口令pass")
    good = smtp.check_connection(settings)
    assert good.ok and good.answer.startswith("235")
    assert server.messages == []


def test_check_connection_refuses_what_send_refuses(server):
    with pytest.raises(UserError):
        smtp.check_connection(smtp.SmtpSettings())
    with pytest.raises(UserError):
        smtp.check_connection(smtp.SmtpSettings(host="192.0.2.10", security="none", user="u"), "p")
    host, port = server.server_address
    no_tls = smtp.check_connection(smtp.SmtpSettings(host=host, port=port, security="starttls", timeout=5))
    assert not no_tls.ok and "STARTTLS" in no_tls.answer.upper()
