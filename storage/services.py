"""Checks that a workflow move must pass beyond the transition table, applied the same
way from the GUI and the CLI:

* submit — the content type's required elements, and the self-review gate: every required
  checklist question answered acceptably, for this very content (hash), and no block
  finding of a fresh scan left open without a written override;
* sign-off — the content is still the self-reviewed one and a fresh scan still passes.
"""
from __future__ import annotations

from core.errors import WorkflowError
from core.hashing import content_hash
from core.i18n import tr
from storage.paths import user_wordlist_files


def unit_wordlists():
    """The default word lists plus the unit's own (re-read when the files change)."""
    from core.review import default_wordlists, load_wordlists

    files = user_wordlist_files()
    if not files:
        return default_wordlists()
    key = tuple((str(p), p.stat().st_mtime_ns) for p in files)
    cached = getattr(unit_wordlists, "_cache", None)
    if cached and cached[0] == key:
        return cached[1]
    index = load_wordlists(files)
    unit_wordlists._cache = (key, index)  # type: ignore[attr-defined]
    return index


def attachment_reader(db):
    """``attachment_data(name, sha256) -> bytes | None`` over the database's blob store."""
    from core.errors import UserError

    def read(name: str, sha256: str):
        try:
            return db.read_blob(sha256)
        except UserError:
            return None

    return read


def _refuse(headline: str, reasons: list[str]) -> None:
    shown = reasons[:8]
    more = len(reasons) - len(shown)
    text = "；".join(shown) + (tr(" (and {n} more)", n=more) if more > 0 else "")
    raise WorkflowError(f"{headline}{text}")


def submit_gate(db, item, person) -> None:
    """Refuse to queue an item that fails its self-review."""
    from core.review import review_for_submit

    review = db.review(item.id)
    if review is None:
        raise WorkflowError(tr("Cannot submit: do the self-review first (answer the confidentiality checklist)."))
    if review.content_hash != content_hash(item):
        raise WorkflowError(tr("Cannot submit: the item changed after its self-review; review it again."))
    _findings, result = review_for_submit(item, review.answers, review.overrides,
                                          attachment_data=attachment_reader(db), wordlists=unit_wordlists())
    if not result.passed:
        _refuse(tr("Cannot submit: "), result.reasons)


def signoff_gate(db, item, person) -> None:
    """Re-run the review before a sign-off."""
    from core.review import recheck_for_signoff

    review = db.review(item.id)
    if review is None:
        raise WorkflowError(tr("Cannot sign off: the item has no self-review."))
    result = recheck_for_signoff(item, review, attachment_data=attachment_reader(db), wordlists=unit_wordlists())
    if not result.passed:
        _refuse(tr("Cannot sign off: "), result.reasons)


def gate_for(action: str):
    return {"submit": submit_gate, "sign_off": signoff_gate}.get(action)
