"""Confidentiality review (保密审查): checklist, scanners and the gate.

Pure Python (no Qt, no SQL). The public API:

    scan_text(text, wordlists=None, target="text") -> list[Finding]
    scan_item(item, stage="draft"|"submit", attachment_data=None, wordlists=None) -> list[Finding]
    scan_many(items, stage, attachment_data=None, wordlists=None, progress=None, cancelled=None) -> {id: findings}
    scan_attachment(name, media_type, data, wordlists=None) -> list[Finding]
    load_wordlists(extra_paths=(), include_default=True) -> WordIndex
    load_checklist(path=None, extra=()) -> Checklist
    answer(checklist, question_id, value, by, at=None, note="") -> ChecklistAnswer
    apply_mask(text, finding) -> str;  mask_item(item, findings) -> Item
    evaluate_gate(item, answers, findings, overrides, checklist=None) -> GateResult
    make_override(finding, justification, by, at=None) -> Override
    review_for_submit(item, answers, overrides=(), checklist=None, ...) -> (findings, GateResult)
    recheck_for_signoff(item, review, checklist=None, ...) -> GateResult
"""
from core.review.attachments import scan_attachment, scan_attachment_text
from core.review.checklist import Checklist, ChecklistItem, answer, load_checklist
from core.review.engine import blocking, element_findings, scan_item, scan_many
from core.review.extract import decode_text, docx_text
from core.review.gate import (
    MIN_JUSTIFICATION,
    GateResult,
    evaluate_gate,
    make_override,
    recheck_for_signoff,
    review_for_submit,
)
from core.review.masking import apply_mask, apply_masks, mask_item
from core.review.textscan import scan_text
from core.review.wordlists import WordIndex, WordList, default_wordlists, load_wordlists, read_wordlist

__all__ = [
    "Checklist", "ChecklistItem", "GateResult", "MIN_JUSTIFICATION", "WordIndex", "WordList",
    "answer", "apply_mask", "apply_masks", "blocking", "decode_text", "default_wordlists", "docx_text",
    "element_findings", "evaluate_gate", "load_checklist", "load_wordlists", "make_override", "mask_item",
    "read_wordlist", "recheck_for_signoff", "review_for_submit", "scan_attachment", "scan_attachment_text",
    "scan_item", "scan_many", "scan_text",
]
