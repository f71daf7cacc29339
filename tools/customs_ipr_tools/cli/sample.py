"""``customs-ipr sample reply CASE_ID``: the holder's reply PDF that answers a case's notice.

For trying the reply flow on a stack: the PDF quotes the notice the case waits on (its
number, the declaration, the recordation, the holder) in the layout the reply parser reads
(``customs_ipr_tools.local.sample_documents.reply_pdf``), dated the case's legal today, so it is
on time. ``--decision detain`` applies for detention with the guarantee the case needs
(Art. 23: ``--guarantee cash`` or ``bank_letter`` for the amount; ``general`` quotes the
recordation's general guarantee, Art. 24); ``--decision no_detention`` explains instead.
Upload the file with ``customs-ipr upload FILE --wait``.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path
from typing import Any

from customs_ipr.errors import Conflict, InvalidInput

GUARANTEES = ("cash", "bank_letter", "general")


def register(subparsers: Any) -> None:
    sample = subparsers.add_parser(
        "sample", help="write sample documents that answer a case", allow_abbrev=False
    )
    commands = sample.add_subparsers(dest="sample_command", required=True)
    reply = commands.add_parser(
        "reply",
        help="a holder's reply PDF answering the case's current notice",
        description=__doc__.splitlines()[0],
        allow_abbrev=False,
    )
    reply.add_argument("case_id", metavar="CASE_ID")
    reply.add_argument(
        "--decision",
        choices=["detain", "no_detention"],
        default="detain",
        help="apply for detention (default) or explain that no detention is asked",
    )
    reply.add_argument(
        "--guarantee",
        choices=GUARANTEES,
        default="cash",
        help="with --decision detain: form of the guarantee (default cash)",
    )
    reply.add_argument(
        "--amount", help="guarantee amount in RMB (default: the amount the case needs)"
    )
    reply.add_argument(
        "--reply-code",
        metavar="CODE",
        help="the reply code printed on the notice (default: read from the notice e-mail "
        "in the local stack's mailbox)",
    )
    reply.add_argument(
        "--out", type=Path, metavar="FILE", help="default: reply_<notice number>.pdf here"
    )
    reply.set_defaults(handler=_reply)


def build_reply(case: Any, legal_today: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The reply's fields for ``case`` (a ``Case`` waiting for the holder's reply)."""
    from customs_ipr import money

    wait = case.wait
    if wait is None or not wait.notice_no or "holder_reply" not in wait.accepts:
        waiting = f"waits for {wait.kind}" if wait else f"is {case.status} and waits for nothing"
        raise Conflict(
            f"Case {case.case_id} {waiting}: only a case waiting for the holder's reply to a "
            f"notice can be answered with a reply PDF."
        )
    data: dict[str, Any] = {
        "notice_no": wait.notice_no,
        "decision": args.decision,
        "recordation_no": case.recordation.recordation_no if case.recordation else None,
        "holder_name": case.holder.name if case.holder else None,
        "reply_date": legal_today,
    }
    if args.decision == "no_detention":
        data["reasons"] = (
            "经核查，上述货物系我方授权生产，不要求海关扣留。"
            "We have checked the goods: they were made under our licence; we do not ask "
            "customs to detain them."
        )
        return data
    if args.guarantee == "general":
        general = case.recordation.general_guarantee if case.recordation else None
        if general is None:
            raise InvalidInput(
                f"The recordation of case {case.case_id} has no general guarantee: "
                f"use --guarantee cash or bank_letter."
            )
        data["guarantee"] = {"form": "general", "reference": f"GG-{general.approved_on.year}"}
    else:
        if args.amount is not None:
            amount = money.parse_amount(args.amount, what="--amount")
        else:
            from customs_ipr.cases.rules.guarantee import required_for

            amount = required_for(case)
        guarantee: dict[str, Any] = {"form": args.guarantee, "amount": Decimal(amount)}
        if args.guarantee == "bank_letter":
            guarantee["reference"] = f"BL-{wait.notice_no}"
        data["guarantee"] = guarantee
    data["reasons"] = (
        "上述货物涉嫌侵犯我方备案商标专用权，请求海关予以扣留。"
        "The goods are suspected of infringing our recorded right; we ask customs to detain them."
    )
    return data


def _code_from_mailbox(notice_no: str) -> str | None:
    """The holder reads the code in its notice e-mail; a local stack keeps them as .eml."""
    from customs_ipr.config import get_settings
    from customs_ipr_tools.local.reply_inbox import code_from_mailbox

    folder = get_settings().mailbox_dir
    return code_from_mailbox(folder, notice_no) if folder else None


def _reply(args: argparse.Namespace) -> dict[str, Any]:
    from customs_ipr.cases.store import CaseStore
    from customs_ipr.cases.submission import legal_date_now
    from customs_ipr.documents.models import HolderResponse
    from customs_ipr_tools.local.sample_documents import reply_pdf

    case = CaseStore().require(args.case_id)
    data = build_reply(case, legal_date_now(args.case_id), args)
    data["reply_code"] = args.reply_code or _code_from_mailbox(str(data["notice_no"]))
    if not data["reply_code"]:
        raise InvalidInput(
            f"Give the reply code printed on notice {data['notice_no']} (--reply-code): it is "
            "not in this stack's mailbox (MAILBOX_DIR)."
        )
    reply = HolderResponse.model_validate(data)
    out: Path = args.out or Path(f"reply_{reply.notice_no}.pdf")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(reply_pdf(reply, declaration_no=case.declaration_ref or ""))
    return {
        "reply": str(out),
        "case_id": case.case_id,
        "notice_no": reply.notice_no,
        "decision": reply.decision,
        "guarantee": reply.guarantee,
        "reply_date": reply.reply_date,
        "next": f"customs-ipr upload {out} --wait",
    }
