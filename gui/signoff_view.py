"""签发 — the supervisor's view of a queued item.

Shows the item read-only (every element, the body, the attachments), its self-review
(checklist answers, scan findings, overrides with their justifications) and, when the item
was returned before, what changed since the returned version. 签发 (with an optional
comment) and 退回 (with a required reason) are confirmed with the supervisor's own password;
nobody signs off an item they created or edited (the button says why).

:func:`bulk_sign_off` signs off several queued items at once: one password prompt, every
item still checked on its own, one result line per item.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QGroupBox, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSplitter, QTabWidget, QTextBrowser, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from core import clock
from core.content_types import registry
from core.errors import UserError
from core.hashing import content_hash
from core.workflow import refusal, state_label
from gui.password_dialog import ask_password
from gui.widgets import content_lines, diff_paragraphs_html, esc, icon, show_error, status_icon
from storage.services import gate_for


def _fmt_time(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = clock.parse_datetime(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        return value.astimezone(clock.TZ).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _element_label(code: str) -> str:
    return registry().element(code).label


def _checklist():
    try:
        from core.review.gate import default_checklist
    except ImportError:  # pragma: no cover - review not installed
        return None
    try:
        return default_checklist()
    except UserError:
        return None


class SignOffView(QWidget):
    """One item for the supervisor: read it, then sign it off or return it."""

    #: (item id, "sign_off" | "return") after a successful move
    done = Signal(str, str)
    open_history = Signal(str)

    def __init__(self, session, item_id: str, parent: QWidget | None = None,
                 password_provider: Callable[[], str | None] | None = None):
        super().__init__(parent)
        self.setObjectName("signOffView")
        self.session = session
        self._item_id = item_id
        #: Returns the supervisor's password (None to cancel); default: the password dialog.
        self.password_provider = password_provider
        self.last_error = ""

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        self.header = QLabel(self)
        self.header.setObjectName("header")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        lay.addWidget(self.header)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.pages = QTabWidget(split)
        self.pages.setObjectName("signOffPages")
        self.content = self._browser("content")
        self.review_view = self._browser("review")
        self.diff_view = self._browser("diff")
        self.pages.addTab(self.content, icon("open"), self.tr("Content"))
        self.pages.addTab(self.review_view, icon("signoff"), self.tr("Self-review"))
        self.pages.addTab(self.diff_view, icon("history"), self.tr("Changes since returned"))

        side = QWidget(split)
        sl = QVBoxLayout(side)
        sl.setContentsMargins(6, 0, 0, 0)
        self.facts = QLabel(side)
        self.facts.setObjectName("facts")
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.facts.setAlignment(Qt.AlignmentFlag.AlignTop)
        sl.addWidget(self.facts)

        self.sign_box = QGroupBox(self.tr("Sign off"), side)
        sf = QVBoxLayout(self.sign_box)
        self.comment_edit = QLineEdit(self.sign_box)
        self.comment_edit.setObjectName("comment")
        self.comment_edit.setPlaceholderText(self.tr("Comment (optional)"))
        self.sign_button = QPushButton(icon("signoff"), self.tr("Sign off"), self.sign_box)
        self.sign_button.setObjectName("signButton")
        self.sign_button.setDefault(True)
        self.sign_button.setMinimumHeight(34)
        sf.addWidget(self.comment_edit)
        sf.addWidget(self.sign_button)
        sl.addWidget(self.sign_box)

        self.return_box = QGroupBox(self.tr("Return to the author"), side)
        rf = QVBoxLayout(self.return_box)
        self.reason_edit = QPlainTextEdit(self.return_box)
        self.reason_edit.setObjectName("reason")
        self.reason_edit.setPlaceholderText(self.tr("Reason (required): what must change"))
        self.reason_edit.setMaximumHeight(90)
        self.return_button = QPushButton(icon("return"), self.tr("Return"), self.return_box)
        self.return_button.setObjectName("returnButton")
        rf.addWidget(self.reason_edit)
        rf.addWidget(self.return_button)
        sl.addWidget(self.return_box)

        self.refusal_label = QLabel(side)
        self.refusal_label.setObjectName("refusal")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet("QLabel { color: #b71c1c; background: #ffebee; border: 1px solid #ef9a9a;"
                                         " border-radius: 4px; padding: 6px; }")
        self.refusal_label.hide()
        sl.addWidget(self.refusal_label)
        self.history_button = QPushButton(icon("history"), self.tr("History…"), side)
        self.history_button.clicked.connect(lambda: self.open_history.emit(self._item_id))
        sl.addWidget(self.history_button)
        sl.addStretch(1)
        split.addWidget(self.pages)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setSizes([760, 300])
        lay.addWidget(split, 1)

        self.sign_button.clicked.connect(self.sign_off)
        self.return_button.clicked.connect(self.return_item)
        self.reason_edit.textChanged.connect(self._update_buttons)
        self.reload()

    def _browser(self, name: str) -> QTextBrowser:
        b = QTextBrowser(self)
        b.setObjectName(name)
        b.setOpenLinks(False)
        return b

    # ------------------------------------------------------------- content
    def item_id(self) -> str:
        return self._item_id

    def reload(self) -> None:
        db = self.session.db
        self.item = db.get_item(self._item_id)
        self.review = db.review(self._item_id)
        item = self.item
        col = db.column(item.column_id) if item.column_id else None
        try:
            type_label = registry().get(item.content_type).label
        except UserError:
            type_label = item.content_type
        tr_17 = self.tr("(untitled)")
        tr_16 = self.tr("(no column)")
        tr_15 = self.tr("version {n}")
        self.header.setText(
            f'<span style="font-size:15pt;font-weight:600">{esc(item.title) or esc(tr_17)}</span><br>'
            f'<span style="color:#555">{esc(type_label)} · {esc(col.path if col else tr_16)} · '
            f'{esc(state_label(item.state))} · {esc(tr_15.format(n=item.version))}</span>')
        self.content.setHtml(self._content_html())
        review_html, n_review = self._review_html()
        self.review_view.setHtml(review_html)
        self.pages.setTabText(1, self.tr("Self-review ({n})").format(n=n_review) if n_review else self.tr("Self-review"))
        diff_html, has_diff = self._diff_html()
        self.diff_view.setHtml(diff_html)
        self.pages.setTabEnabled(2, has_diff)
        self.facts.setText(self._facts_html())
        self._update_buttons()

    def _content_html(self) -> str:
        item = self.item
        rows = []
        try:
            ct = registry().get(item.content_type)
            codes = [c for c in ct.elements if c not in ("title", "body")]
        except UserError:
            codes = []
        codes += [c for c in item.elements if c not in codes]
        for code in codes:
            edef = registry().element(code)
            if edef.kind in ("pictures", "attachments", "body") or code in ("title", "body"):
                continue
            value = item.elements.get(code, "")
            tr_14 = self.tr("(missing)")
            shown = esc(value) if value else f'<span style="color:#c62828">{esc(tr_14)}</span>'
            rows.append(f'<tr><td style="color:#555;padding-right:12px">{esc(edef.label)}</td><td>{shown}</td></tr>')
        if item.event_date:
            tr_13 = self.tr("Event date")
            rows.append(f'<tr><td style="color:#555;padding-right:12px">{esc(tr_13)}</td>'
                        f'<td>{esc(item.event_date.isoformat())}</td></tr>')
        out = [f'<h2 style="text-align:center">{esc(item.title)}</h2>',
               '<table cellspacing="2">' + "".join(rows) + "</table>", "<hr>"]
        for p in item.body:
            out.append(f'<p style="text-indent:2em;line-height:150%">{esc(p)}</p>')
        if not any(p.strip() for p in item.body):
            tr_12 = self.tr("(no text)")
            out.append(f'<p style="color:#c62828">{esc(tr_12)}</p>')
        if item.attachments:
            tr_11 = self.tr("Attachments and pictures ({n})")
            out.append(f'<h3>{esc(tr_11.format(n=len(item.attachments)))}</h3><ul>')
            for a in item.attachments:
                cap = f" — {esc(a.caption)}" if a.caption else ""
                kind = self.tr("picture") if a.is_picture else self.tr("file")
                out.append(f"<li>{esc(a.name)} <span style='color:#777'>({esc(kind)}, {_size(a.size)})</span>{cap}</li>")
            out.append("</ul>")
        return "\n".join(out)

    def _review_html(self) -> tuple[str, int]:
        review = self.review
        if review is None:
            tr_10 = self.tr("No self-review is recorded for this item.")
            return (f'<p style="color:#c62828"><b>{esc(tr_10)}</b></p>', 0)
        out = []
        current = review.content_hash == content_hash(self.item)
        who = self.tr("Self-reviewed by {name} at {time}.").format(name=review.reviewed_by,
                                                                    time=_fmt_time(review.reviewed_at))
        out.append(f"<p>{esc(who)}</p>")
        if not current:
            tr_9 = self.tr("The content changed after this self-review.")
            out.append(f'<p style="color:#c62828"><b>{esc(tr_9)}</b></p>')
        checklist = _checklist()
        answer_text = {"yes": self.tr("yes"), "no": self.tr("no"), "na": self.tr("not applicable")}
        tr_8 = self.tr("Checklist")
        out.append(f'<h3>{esc(tr_8)}</h3>')
        if review.answers:
            out.append('<table cellspacing="3">')
            for a in review.answers:
                q = checklist.get(a.question_id) if checklist else None
                ok = q.accepts(a.answer) if q else a.answer == "yes"
                mark = "✔" if ok else "✘"
                colour = "#2e7d32" if ok else "#c62828"
                note = f"<br><span style='color:#555'>{esc(a.note)}</span>" if a.note else ""
                out.append(f'<tr><td style="color:{colour}">{mark}</td><td>{esc(q.label if q else a.question_id)}{note}</td>'
                           f'<td style="color:{colour};padding-left:10px">{esc(answer_text.get(a.answer, a.answer))}</td></tr>')
            out.append("</table>")
        else:
            tr_7 = self.tr("No checklist answers recorded.")
            out.append(f'<p style="color:#777">{esc(tr_7)}</p>')
        tr_6 = self.tr("Scan findings ({n})")
        out.append(f'<h3>{esc(tr_6.format(n=len(review.findings)))}</h3>')
        severity = {"block": self.tr("blocks"), "warn": self.tr("warning"), "info": self.tr("note")}
        sev_colour = {"block": "#c62828", "warn": "#e65100", "info": "#1565c0"}
        overrides = {(o.rule, o.text, o.target): o for o in review.overrides}
        if review.findings:
            out.append('<table cellspacing="3">')
            for f in review.findings:
                where = "" if f.target == "text" else f" <span style='color:#777'>[{esc(f.target)}]</span>"
                o = overrides.get((f.rule, f.text, f.target))
                just = ""
                if o is not None:
                    tr_5 = self.tr("Overridden by {name}: {why}")
                    just = (f'<br><span style="color:#6a1b9a">{esc(tr_5.format(name=o.by, why=o.justification))}</span>')
                out.append(f'<tr><td style="color:{sev_colour.get(f.severity, "#000")};white-space:nowrap">'
                           f'{esc(severity.get(f.severity, f.severity))}</td>'
                           f'<td><b>{esc(f.text)}</b> — {esc(f.message)}{where}{just}</td></tr>')
            out.append("</table>")
        else:
            tr_4 = self.tr("The scan found nothing.")
            out.append(f'<p style="color:#2e7d32">{esc(tr_4)}</p>')
        extra = [o for o in review.overrides if (o.rule, o.text, o.target) not in {(f.rule, f.text, f.target) for f in review.findings}]
        if extra:
            tr_3 = self.tr("Overrides")
            out.append(f'<h3>{esc(tr_3)}</h3><ul>')
            for o in extra:
                out.append(f"<li><b>{esc(o.text)}</b> ({esc(o.rule)}) — {esc(o.by)}: {esc(o.justification)}</li>")
            out.append("</ul>")
        n = len(review.findings) + sum(1 for a in review.answers if not (checklist.get(a.question_id).accepts(a.answer)
                                                                             if checklist and checklist.get(a.question_id)
                                                                             else a.answer == "yes"))
        return "\n".join(out), n

    def _diff_html(self) -> tuple[str, bool]:
        db = self.session.db
        last = db.last_return(self._item_id)
        if not last or not last.get("version"):
            tr_2 = self.tr("This item was not returned before.")
            return f'<p style="color:#777">{esc(tr_2)}</p>', False
        versions = {v["version"]: v for v in db.versions(self._item_id)}
        old = versions.get(last["version"])
        new = versions.get(max(versions)) if versions else None
        if old is None or new is None:
            return "", False
        head = self.tr("Returned by {name} at {time}: {reason}").format(
            name=last["actor"], time=_fmt_time(last["at"]), reason=last["reason"])
        sub = self.tr("Changes from version {old} (returned) to version {new} (now):").format(
            old=old["version"], new=new["version"])
        a, b = content_lines(old["content"], _element_label), content_lines(new["content"], _element_label)
        tr_1 = self.tr("Nothing was changed since it was returned.")
        body = diff_paragraphs_html(a, b) if a != b else f'<p style="color:#c62828">{esc(tr_1)}</p>'
        return (f"<p style='background:#fff3e0;padding:4px'>{esc(head)}</p><p><b>{esc(sub)}</b></p>{body}", True)

    def _facts_html(self) -> str:
        item = self.item
        db = self.session.db
        queued_at = ""
        for t in reversed(db.transitions(item.id)):
            if t["action"] == "submit":
                queued_at = t["at"]
                break
        rows = [(self.tr("Author"), item.created_by), (self.tr("Edited by"), "、".join(item.contributors)),
                (self.tr("Submitted for sign-off"), _fmt_time(queued_at))]
        if queued_at:
            waited = clock.now() - clock.parse_datetime(queued_at)
            hours = int(waited.total_seconds() // 3600)
            rows.append((self.tr("Waiting"), self.tr("{d} days {h} hours").format(d=hours // 24, h=hours % 24)))
        if item.due_at:
            rows.append((self.tr("Due"), _fmt_time(item.due_at)))
        return "<table>" + "".join(f"<tr><td style='color:#555;padding-right:8px'>{esc(k)}</td><td>{esc(v)}</td></tr>"
                                   for k, v in rows) + "</table>"

    # ---------------------------------------------------------------- moves
    def sign_off_refusal(self) -> str | None:
        return refusal(self.item, "sign_off", self.session.user)

    def _update_buttons(self) -> None:
        user = self.session.user
        is_queued = self.item.state == "queued"
        self.sign_box.setVisible(is_queued)
        self.return_box.setVisible(is_queued)
        why_sign = refusal(self.item, "sign_off", user)
        why_return = refusal(self.item, "return", user, reason="x")
        self.sign_button.setEnabled(why_sign is None)
        self.sign_button.setToolTip(why_sign or self.tr("Sign off this version (your password confirms it)"))
        self.return_button.setEnabled(why_return is None and bool(self.reason_edit.toPlainText().strip()))
        self.return_button.setToolTip(why_return or (self.tr("Give a reason first") if not self.reason_edit.toPlainText().strip()
                                                     else self.tr("Return it to the author with this reason")))
        self.reason_edit.setEnabled(why_return is None)
        self.comment_edit.setEnabled(why_sign is None)
        why = why_sign if is_queued else None
        if is_queued and why is None:
            why = self.precheck()
        self.refusal_label.setText(why or "")
        self.refusal_label.setVisible(bool(why))

    def precheck(self) -> str | None:
        """What the sign-off gate (the re-scan of the self-reviewed content) would refuse now,
        so the supervisor knows before typing the password; None when it would pass."""
        gate = gate_for("sign_off")
        if gate is None:
            return None
        try:
            gate(self.session.db, self.item, self.session.user)
        except UserError as err:
            return str(err)
        return None

    def focus_return(self) -> None:
        self.reason_edit.setFocus()

    def _password(self, purpose: str) -> str | None:
        if self.password_provider is not None:
            return self.password_provider()
        return ask_password(self, self.session.db, self.session.user.name, purpose)

    def sign_off(self) -> bool:
        why = self.sign_off_refusal()
        if why:
            self.last_error = why
            show_error(self, UserError(why), self.tr("Sign off"))
            return False
        password = self._password(self.tr("Sign off “{title}”: enter your password.").format(title=self.item.title))
        if password is None:
            return False
        return self._apply("sign_off", password, comment=self.comment_edit.text().strip())

    def return_item(self) -> bool:
        reason = self.reason_edit.toPlainText().strip()
        why = refusal(self.item, "return", self.session.user, reason=reason)
        if why:
            self.last_error = why
            show_error(self, UserError(why), self.tr("Return"))
            return False
        password = self._password(self.tr("Return “{title}” to its author: enter your password.").format(title=self.item.title))
        if password is None:
            return False
        return self._apply("return", password, reason=reason)

    def _apply(self, action: str, password: str, **kw) -> bool:
        db = self.session.db
        try:
            db.apply(self._item_id, action, self.session.user.name, password=password, gate=gate_for(action), **kw)
        except UserError as err:
            self.last_error = str(err)
            show_error(self, err, self.tr("Sign off") if action == "sign_off" else self.tr("Return"))
            self.reload()
            return False
        self.last_error = ""
        self.reload()
        self.session.notify(self._item_id)
        self.done.emit(self._item_id, action)
        return True


# --------------------------------------------------------------------- bulk
class BulkResultDialog(QDialog):
    """One line per item: signed off, or why not."""

    def __init__(self, results: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("bulkResultDialog")
        self.results = results
        ok = sum(1 for r in results if r["ok"])
        self.setWindowTitle(self.tr("Sign-off results"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("{ok} of {n} items signed off.").format(ok=ok, n=len(results)), self))
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("results")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([self.tr("Result"), self.tr("Title"), self.tr("Detail")])
        for r in results:
            it = QTreeWidgetItem([self.tr("Signed off") if r["ok"] else self.tr("Not signed off"), r["title"], r["message"]])
            it.setIcon(0, status_icon("passed" if r["ok"] else "failed"))
            it.setToolTip(2, r["message"])
            self.tree.addTopLevelItem(it)
        self.tree.header().resizeSection(0, 110)
        self.tree.header().resizeSection(1, 300)
        lay.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(760, 320)


def _sign_each(db, ids: list[str], signer: str, password: str, comment: str, progress, cancelled) -> list[dict]:
    from core.i18n import tr

    results = []
    person = db.person(signer)
    for i, item_id in enumerate(ids):
        if cancelled():
            break
        try:
            item = db.get_item(item_id)
        except UserError as err:
            results.append({"id": item_id, "title": item_id, "ok": False, "message": str(err)})
            continue
        why = refusal(item, "sign_off", person)
        if why:
            results.append({"id": item_id, "title": item.title, "ok": False, "message": why})
        else:
            try:
                db.apply(item_id, "sign_off", signer, password=password, comment=comment, gate=gate_for("sign_off"))
            except UserError as err:
                results.append({"id": item_id, "title": item.title, "ok": False, "message": str(err)})
            else:
                results.append({"id": item_id, "title": item.title, "ok": True, "message": tr("Signed off")})
        progress(i + 1, len(ids))
    return results


def bulk_sign_off(session, ids: list[str], parent: QWidget | None = None, password: str | None = None,
                  comment: str = "", on_done: Callable[[list[dict]], None] | None = None, background: bool = True):
    """Sign off ``ids``: one password prompt (unless ``password`` is given), each item checked
    on its own, then a dialog with one line per item. Runs in the background (own database
    connection) when the database is a file; returns the Task, or the results when run inline."""
    from PySide6.QtCore import QCoreApplication

    db = session.db
    user = session.user
    eligible = []
    for item_id in ids:
        try:
            item = db.get_item(item_id)
        except UserError:
            continue
        if refusal(item, "sign_off", user) is None:
            eligible.append(item)
    if password is None:
        if not eligible:
            results = _sign_each(db, ids, user.name, "", comment, lambda *_: None, lambda: False)
            _show_results(session, results, parent, on_done)
            return results
        password = ask_password(parent, db, user.name, QCoreApplication.translate(
            "SignOffView", "Sign off {n} items: enter your password.").format(n=len(ids)))
        if password is None:
            return None

    if not background or db.path is None:
        results = _sign_each(db, ids, user.name, password, comment, lambda *_: None, lambda: False)
        _show_results(session, results, parent, on_done)
        return results

    from gui.tasks import open_worker_db, run_task

    def work(progress, cancelled):
        with open_worker_db(session) as wdb:
            return _sign_each(wdb, ids, user.name, password, comment, progress, cancelled)

    return run_task(parent, QCoreApplication.translate("SignOffView", "Signing off"), work,
                    on_done=lambda results: _show_results(session, results, parent, on_done))


def _show_results(session, results: list[dict], parent, on_done) -> None:
    session.notify(*[r["id"] for r in results])
    if on_done is not None:
        on_done(results)
    dlg = BulkResultDialog(results, parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    if parent is not None:
        parent._bulk_result_dialog = dlg
