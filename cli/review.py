"""checklist, review: the self-review (自查) from the command line, by the same gate as the GUI."""
from __future__ import annotations

from core.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("checklist", help=tr("show the confidentiality checklist in force"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(handler=cmd_checklist)

    p = sub.add_parser("review", help=tr("self-review an item: answer the checklist, scan it, see what blocks"))
    p.add_argument("item", metavar="ITEM", help=tr("item id or a unique prefix of it"))
    p.add_argument("--as", dest="actor", required=True, metavar="NAME", help=tr("who takes this step"))
    p.add_argument("--answer", action="append", default=[], metavar="QUESTION=yes|no|na",
                   help=tr("answer one checklist question (repeatable)"))
    p.add_argument("--confirm-all", action="store_true",
                   help=tr("answer every question not answered otherwise with its acceptable answer (you confirm each one)"))
    p.add_argument("--override", action="append", default=[], metavar="RULE:TEXT=JUSTIFICATION",
                   help=tr("let one block finding through with a written justification (repeatable)"))
    p.add_argument("--json", action="store_true", help=tr("print JSON"))
    p.set_defaults(handler=cmd_review)


def cmd_checklist(args, ctx) -> int:
    from core.review import load_checklist

    cl = load_checklist()
    if args.json:
        ctx.print_json({"version": cl.version, "items": [
            {"id": q.id, "question": q.label, "required": q.required, "acceptable": list(q.acceptable),
             "explanation": q.explanation} for q in cl.items]})
        return 0
    print(tr("Checklist version {v}", v=cl.version))
    for q in cl.items:
        mark = "*" if q.required else " "
        print(f"{mark} {q.id}: {q.label}  [{'/'.join(q.acceptable)}]")
    return 0


def _parse_answer(text: str) -> tuple[str, str]:
    from core.errors import UserError

    qid, sep, value = text.partition("=")
    value = value.strip().lower()
    if not sep or value not in ("yes", "no", "na"):
        raise UserError(tr("Write an answer as QUESTION=yes, QUESTION=no or QUESTION=na: {text}", text=text))
    return qid.strip(), value


def cmd_review(args, ctx) -> int:
    from core import clock
    from core.errors import UserError
    from core.hashing import content_hash
    from core.model import Review
    from core.review import answer, load_checklist, make_override, review_for_submit
    from storage.services import attachment_reader, unit_wordlists

    db = ctx.db()
    person = db.person(args.actor)
    item = db.get_item(args.item)
    checklist = load_checklist()
    now = clock.now()
    previous = db.review(item.id)
    answers = {}
    if previous and previous.content_hash == content_hash(item):
        answers = {a.question_id: a for a in previous.answers}
    for text in args.answer:
        qid, value = _parse_answer(text)
        answers[qid] = answer(checklist, qid, value, by=person.name, at=now)
    if args.confirm_all:
        for q in checklist.items:
            if q.id not in answers:
                answers[q.id] = answer(checklist, q.id, q.acceptable[0], by=person.name, at=now)
    wordlists = unit_wordlists()
    findings, result = review_for_submit(item, list(answers.values()), (), attachment_data=attachment_reader(db), wordlists=wordlists)
    overrides = list(previous.overrides) if previous and previous.content_hash == content_hash(item) else []
    for text in args.override:
        head, sep, justification = text.partition("=")
        rule, sep2, matched = head.partition(":")
        match = [f for f in findings if f.severity == "block" and f.rule == rule.strip() and f.text == matched.strip()]
        if not sep or not sep2 or not match:
            raise UserError(tr("No open block finding {spec} to override.", spec=head))
        overrides.append(make_override(match[0], justification, by=person.name, at=now))
    findings, result = review_for_submit(item, list(answers.values()), overrides, attachment_data=attachment_reader(db), wordlists=wordlists)
    review = Review(item.id, content_hash(item), tuple(answers.values()), tuple(findings), tuple(overrides),
                    person.name, now, checklist.version)
    db.save_review(review, person.name)
    if args.json:
        ctx.print_json({
            "item": item.id, "passed": result.passed, "reasons": result.reasons, "unanswered": result.unanswered,
            "findings": [{"rule": f.rule, "severity": f.severity, "start": f.start, "end": f.end, "text": f.text,
                          "message": f.message, "target": f.target} for f in findings],
        })
    else:
        for f in findings:
            print(f"[{f.severity}] {f.rule} “{f.text}” — {f.message}")
        if result.passed:
            print(tr("Self-review passed: the item may be submitted for sign-off."))
        else:
            print(tr("Still blocking:"))
            for r in result.reasons:
                print(f"  - {r}")
    return 0 if result.passed else 1
