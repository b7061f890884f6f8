"""Settings › 邮件发送 and sending from the GUI, against a fake SMTP server on 127.0.0.1:
settings saved without the password, the password only in the keyring (and a clear message
when there is none), "test connection" off the GUI thread, "send by e-mail" for signed-off
items with each item's result and delivery log, a refusing server, and a resend."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from exporters import smtp
from exporters.export_service import delivery_log
from tests.gui.conftest import queue_item
from tests.unit.test_export_smtp import FakeSMTPServer, memory_keyring, server  # noqa: F401 - fixtures

OFFICER = "李晓梅"
MAILBOX = "inbox@example.gov.cn"  # the test unit's receiving mailbox


def sign(db, **kw):
    item = queue_item(db, **kw)
    return db.apply(item.id, "sign_off", "王建国", password="demo", comment="同意")


@pytest.fixture
def settings_dialog(db, qtbot, session_for):
    from gui.settings_dialog import SettingsDialog

    def make(name=OFFICER):
        dlg = SettingsDialog(session_for(db, name))
        qtbot.addWidget(dlg)
        dlg.show_page(dlg.smtp_page)
        dlg.show()
        return dlg

    return make


def fill(page, server, user="", password="", sender="lixm@example.gov.cn"):
    host, port = server.server_address
    page.host.setText(host)
    page.security.setCurrentIndex(page.security.findData("none"))
    page.port.setValue(port)
    page.user.setText(user)
    page.sender.setText(sender)
    page.timeout.setValue(5)
    page.password.setText(password)


def wait_task(qtbot, task):
    qtbot.waitUntil(task.is_finished, timeout=20000)
    qtbot.wait(50)  # the finished signal is delivered to the GUI thread


# ------------------------------------------------------------------ the settings tab
def test_tab_in_chinese_and_empty_by_default(settings_dialog):
    dlg = settings_dialog()
    page = dlg.smtp_page
    assert dlg.tabs.tabText(dlg.tabs.currentIndex()) == "邮件发送"
    assert page.host.text() == "" and page.security.currentData() == "ssl"
    assert page.save_button.text() == "保存设置" and page.test_button.text() == "测试连接"
    assert page.security.itemText(0) == "SSL/TLS（端口 465）"


def test_settings_saved_without_the_password_and_no_keyring_is_said_plainly(settings_dialog, server, messages,
                                                                             tmp_path):
    page = settings_dialog().smtp_page
    fill(page, server, user="lixm", password="口令-secret-123")
    with_signal = []
    page.changed.connect(lambda: with_signal.append(True))
    assert page.save()
    host, port = server.server_address
    assert smtp.load_settings() == smtp.SmtpSettings(host=host, port=port, security="none", user="lixm",
                                                     sender="lixm@example.gov.cn", timeout=5)
    # the test keyring is keyring.backends.fail: the password is stored nowhere, and the user is told
    assert messages and messages[-1][0] == "warning" and "口令未保存" in messages[-1][2] and "密钥环" in messages[-1][2]
    assert "口令未保存" in page.status.text()
    assert page.password.text() == ""
    assert "密钥环不可用" in page.password_state.text()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"secret-123" not in path.read_bytes(), path
    assert "password" not in json.loads(smtp.settings_path().read_text(encoding="utf-8"))
    assert with_signal == [True]


def test_the_password_goes_to_the_keyring_only(settings_dialog, server, memory_keyring, messages, tmp_path):
    page = settings_dialog().smtp_page
    fill(page, server, user="lixm", password="口令pass")
    assert page.save()
    assert messages == []
    host, port = server.server_address
    assert memory_keyring.store == {("InfoDesk SMTP", f"lixm@{host}:{port}"): "口令pass"}
    assert "已保存" in page.password_state.text()
    assert b"pass" not in smtp.settings_path().read_bytes()
    # a new dialog shows the saved settings (never the password)
    page2 = settings_dialog().smtp_page
    assert page2.host.text() == host and page2.port.value() == port and page2.user.text() == "lixm"
    assert page2.password.text() == "" and "已保存" in page2.password_state.text()
    assert page2.forget_password()
    assert memory_keyring.store == {}
    assert "尚无" in page2.password_state.text()


@pytest.mark.parametrize("host, sender, words", [
    ("", "", "请填写 SMTP 服务器"),
    ("smtp example", "", "不是有效的服务器名称"),
    ("smtp.example.gov.cn", "不是地址", "不是有效的电子邮件地址"),
])
def test_bad_settings_get_a_chinese_message_and_nothing_is_saved(settings_dialog, messages, host, sender, words):
    page = settings_dialog().smtp_page
    page.host.setText(host)
    page.sender.setText(sender)
    assert not page.save()
    assert messages and words in messages[-1][2]
    assert not smtp.settings_path().exists()


def test_a_password_over_an_unencrypted_connection_is_refused(settings_dialog, messages):
    page = settings_dialog().smtp_page
    page.host.setText("smtp.example.gov.cn")
    page.security.setCurrentIndex(page.security.findData("none"))
    page.user.setText("lixm")
    assert not page.save()
    assert "明文" in messages[-1][2] and not smtp.settings_path().exists()


def test_test_connection_runs_in_the_background_and_shows_the_answer(settings_dialog, server, qtbot):
    page = settings_dialog().smtp_page
    fill(page, server)
    task = page.test_connection()
    assert task is not None
    wait_task(qtbot, task)
    assert "连接正常" in page.status.text() and "220 fake.local" in page.status.text()
    assert page.test_button.isEnabled()
    assert server.messages == []  # nothing was sent


def test_test_connection_shows_the_servers_refusal(settings_dialog, server, qtbot):
    server.auth = ("lixm", "right")
    page = settings_dialog().smtp_page
    fill(page, server, user="lixm", password="wrong")
    wait_task(qtbot, page.test_connection())
    assert "连接失败" in page.status.text() and "535 5.7.8" in page.status.text()
    page.password.setText("right")
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    wait_task(qtbot, page.test_task)
    assert "连接正常" in page.status.text() and "235" in page.status.text()


def test_test_connection_without_a_keyring_password_says_so(settings_dialog, server, qtbot):
    page = settings_dialog().smtp_page
    fill(page, server, user="lixm")
    wait_task(qtbot, page.test_connection())
    assert "未进行连接" in page.status.text() and "密钥环" in page.status.text()


def test_check_connection_to_nothing_is_a_failure_not_a_crash():
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    result = smtp.check_connection(smtp.SmtpSettings(host="127.0.0.1", port=port, security="none", timeout=3))
    assert not result.ok and "Connection" in result.answer


# ------------------------------------------------------------------ sending from the window
def configure(settings_dialog, server):
    page = settings_dialog().smtp_page
    fill(page, server)
    assert page.save()


@pytest.fixture
def no_exec(monkeypatch):
    """SendDialog.exec shows the dialog and returns at once, so the test drives the real widgets."""
    from gui.send_dialog import SendDialog

    def show(self):
        self.show()
        return 0

    monkeypatch.setattr(SendDialog, "exec", show)


def window_with(db, window_for, item):
    w = window_for(db, OFFICER)
    w.workbench.select_queue("signed_off")
    w.workbench.reselect([item.id])
    assert w.selected_ids() == [item.id]
    return w


def test_send_when_not_configured_offers_the_settings_tab(db, window_for, messages, monkeypatch, no_exec):
    from gui.settings_dialog import SettingsDialog

    item = sign(db)
    w = window_with(db, window_for, item)
    assert w.action("send").isEnabled() and w.action("send").text() == "通过邮件发送(&M)…"
    opened = []

    def exec_(dlg):
        opened.append(dlg.tabs.tabText(dlg.tabs.currentIndex()))
        return 0

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    assert w.send_selected() is None  # still not configured after the settings closed
    assert messages and messages[-1][0] == "question" and "尚未设置邮件发送" in messages[-1][2]
    assert opened == ["邮件发送"]


def test_send_then_see_sent_in_the_delivery_log(db, window_for, settings_dialog, server, qtbot, no_exec):
    item = sign(db)
    configure(settings_dialog, server)
    w = window_with(db, window_for, item)
    dlg = w.send_selected()
    assert dlg is not None and dlg.isVisible() and dlg.windowTitle() == "通过邮件发送"
    row = dlg.row(item.id)
    assert row.text(1) == "待发送" and MAILBOX in dlg.route.text()
    assert dlg.log_tree.topLevelItem(0).text(2) == "尚未发送"
    qtbot.mouseClick(dlg.send_button, Qt.MouseButton.LeftButton)
    wait_task(qtbot, dlg.task)
    assert row.text(1) == "已发送" and row.text(2) == "250 2.0.0 Ok: queued as FAKE1"
    assert "已发送 1 条" in dlg.status.text()
    assert dlg.progress.value() == dlg.progress.maximum() == 1
    assert len(server.messages) == 1 and server.messages[0]["to"] == [MAILBOX]
    # the delivery log of the selected item, in the dialog and in the database
    log = dlg.log_tree.topLevelItem(0)
    assert dlg.log_tree.topLevelItemCount() == 1
    assert (log.text(1), log.text(2), log.text(3)) == (OFFICER, "已发送", MAILBOX) and "FAKE1" in log.text(4)
    assert [e["status"] for e in delivery_log(db, item.id)] == ["sent"]
    assert db.exports(item.id)[0]["format"] == "smtp"
    dlg.close()


def test_refused_then_fixed_and_resent(db, window_for, settings_dialog, server, qtbot, no_exec):
    item = sign(db)
    configure(settings_dialog, server)
    server.reject.add(MAILBOX)
    w = window_with(db, window_for, item)
    dlg = w.send_selected()
    dlg.start()
    wait_task(qtbot, dlg.task)
    row = dlg.row(item.id)
    assert row.text(1) == "发送失败" and "550 5.1.1" in row.text(2) and "mailbox full" in row.text(2)
    assert "失败 1 条" in dlg.status.text()
    assert server.messages == []
    assert dlg.log_tree.topLevelItem(0).text(2) == "发送失败" and "550" in dlg.log_tree.topLevelItem(0).text(4)
    # the cause is fixed; the failed item is sent again from its row
    server.reject.clear()
    dlg.items_tree.setCurrentItem(row)
    row.setSelected(True)
    assert dlg.resend_button.isEnabled() and dlg.resend_button.text() == "重新发送所选信息"
    qtbot.mouseClick(dlg.resend_button, Qt.MouseButton.LeftButton)
    wait_task(qtbot, dlg.task)
    assert row.text(1) == "已发送" and row.text(2).startswith("250")
    assert len(server.messages) == 1
    assert [e["status"] for e in delivery_log(db, item.id)] == ["failed", "sent"]
    assert dlg.log_tree.topLevelItemCount() == 2
    assert dlg.log_tree.topLevelItem(0).text(2) == "已发送"  # newest first
    assert dlg.log_tree.topLevelItem(1).text(2) == "发送失败"
    assert db.verify().ok
    dlg.close()


def test_unsigned_items_are_listed_but_never_sent(db, window_for, settings_dialog, server, qtbot, session_for,
                                                  no_exec):
    from gui.send_dialog import send_by_email

    good = sign(db, title="已签发的信息")
    queued = queue_item(db, title="待签发的信息")
    configure(settings_dialog, server)
    dlg = send_by_email(session_for(db, OFFICER), [good.id, queued.id])
    assert dlg.row(queued.id).text(1) == "不能发送"
    assert "只发送已签发的信息" in dlg.status.text()
    dlg.start()
    wait_task(qtbot, dlg.task)
    assert dlg.row(good.id).text(1) == "已发送" and dlg.row(queued.id).text(1) == "不能发送"
    assert len(server.messages) == 1 and delivery_log(db, queued.id) == []
    dlg.close()


def test_a_missing_keyring_password_is_a_message_not_a_traceback(db, settings_dialog, server, qtbot, session_for,
                                                                 monkeypatch, no_exec):
    from gui import send_dialog

    item = sign(db)
    host, port = server.server_address
    smtp.save_settings(smtp.SmtpSettings(host=host, port=port, security="none", user="lixm",
                                         sender="lixm@example.gov.cn", timeout=5))
    shown = []
    monkeypatch.setattr(send_dialog, "show_error", lambda parent, err, title="": shown.append((type(err), str(err))))
    dlg = send_dialog.send_by_email(session_for(db, OFFICER), [item.id])
    dlg.start()
    wait_task(qtbot, dlg.task)
    assert shown and "密钥环" in shown[0][1] and shown[0][0].__name__ == "UserError"
    assert "未发送" in dlg.status.text() and dlg.row(item.id).text(1) == "待发送"
    assert server.messages == []
    dlg.close()


def test_export_dialog_offers_sending(db, settings_dialog, server, qtbot, session_for, monkeypatch):
    from gui import send_dialog
    from gui.export_dialog import ExportDialog

    item = sign(db)
    dlg = ExportDialog(session_for(db, OFFICER), [item.id])
    qtbot.addWidget(dlg)
    assert dlg.send_button.text() == "通过邮件发送…" and dlg.send_button.isEnabled()
    called = []
    monkeypatch.setattr(send_dialog, "send_by_email", lambda session, ids, parent=None: called.append(list(ids)))
    qtbot.mouseClick(dlg.send_button, Qt.MouseButton.LeftButton)
    assert called == [[item.id]]
    queued = queue_item(db)
    dlg2 = ExportDialog(session_for(db, OFFICER), [queued.id])
    qtbot.addWidget(dlg2)
    assert not dlg2.send_button.isEnabled()


def test_sent_items_can_be_recorded_as_submitted_from_the_dialog(db, window_for, settings_dialog, server, qtbot, no_exec):
    item = sign(db)
    configure(settings_dialog, server)
    w = window_with(db, window_for, item)
    dlg = w.send_selected()
    assert dlg.mark_button.isHidden()  # nothing sent yet
    qtbot.mouseClick(dlg.send_button, Qt.MouseButton.LeftButton)
    wait_task(qtbot, dlg.task)
    assert not dlg.mark_button.isHidden() and dlg.mark_button.text() == "将已发送的信息登记为已报送"
    with qtbot.waitSignal(w.session.items_changed, timeout=2000):
        qtbot.mouseClick(dlg.mark_button, Qt.MouseButton.LeftButton)
    assert db.get_item(item.id).state == "submitted"
    assert dlg.mark_button.isHidden() and "已登记为已报送" in dlg.status.text()
    dlg.close()


def test_a_changed_account_takes_its_password_along_or_drops_the_old_one(settings_dialog, server, memory_keyring,
                                                                           messages):
    host, port = server.server_address
    page = settings_dialog().smtp_page
    fill(page, server, user="lixm", password="旧口令")
    assert page.save()
    page.user.setText("lixm2")  # the same password, a new user name: it moves along
    assert page.save()
    assert memory_keyring.store == {("InfoDesk SMTP", f"lixm2@{host}:{port}"): "旧口令"}
    assert "已转到新账户" in page.status.text()
    page.user.setText("lixm3")  # a new user name and a new password: the old entry goes
    page.password.setText("新口令")
    assert page.save()
    assert memory_keyring.store == {("InfoDesk SMTP", f"lixm3@{host}:{port}"): "新口令"}
    assert "已从密钥环中删除" in page.status.text()
