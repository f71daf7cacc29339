"""Read a notice's reply code the way its addressee does: from the e-mail it came in.

The code is stored only hashed, so a local run (the demo, tests) that plays the holder
reads it from the notice e-mail: a ``.eml`` file in the mailbox folder (``MAILBOX_DIR``)
or, in the same process as moto, from the messages moto's SES accepted.
"""

from __future__ import annotations

import email
from collections.abc import Iterable
from email import policy
from pathlib import Path


def _text_of(raw: bytes | str) -> str:
    message = email.message_from_bytes(
        raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogateescape"),
        policy=policy.default,
    )
    parts = []
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            parts.append(str(part.get_content()))
    subject = str(message.get("Subject", ""))
    return subject + "\n" + "\n".join(parts)


def code_in_messages(messages: Iterable[bytes | str], notice_no: str) -> str | None:
    """The reply code printed in the e-mail of notice ``notice_no`` among ``messages``."""
    from customs_ipr.documents.reply_code import find_reply_code

    for raw in messages:
        text = _text_of(raw)
        if notice_no in text:
            code = find_reply_code(text.splitlines())
            if code:
                return code
    return None


def code_from_mailbox(folder: str | Path, notice_no: str) -> str | None:
    files = sorted(Path(folder).glob(f"{notice_no}-*.eml"))
    return code_in_messages((f.read_bytes() for f in files), notice_no)


def code_from_moto(notice_no: str) -> str | None:
    """From moto's in-process SES backend (every account and region)."""
    from moto.ses.models import ses_backends

    raws = [
        message.raw_data
        for account in ses_backends.values()
        for backend in account.values()
        for message in backend.sent_messages
        if hasattr(message, "raw_data")
    ]
    return code_in_messages(raws, notice_no)


def holder_proof(notice_no: str) -> dict[str, str | None]:
    """What the real holder can give with its reply: the reply code from the notice e-mail,
    the recordation and its own name as the case record has them (local stacks only)."""
    from customs_ipr.cases.store import CaseStore
    from customs_ipr.errors import NotFound

    store = CaseStore()
    try:
        case = store.require(store.case_of_notice(notice_no)[0])
    except NotFound:
        return {}
    return {
        "reply_code": code_from_moto(notice_no),
        "recordation_no": case.recordation.recordation_no if case.recordation else None,
        "holder_name": case.holder.name if case.holder else None,
    }
