"""Is this reply from the holder the notice was sent to, about this case?

A holder's reply (an uploaded PDF or a paper reply typed in by an officer) moves a case
only when it

1. arrives for the case it answers (``POST /cases/{id}/inputs`` must name the case that
   issued the notice the reply quotes);
2. carries the reply code printed on that notice (``cases.reply_codes``), checked against
   the hash kept with the notice;
3. names the case's recordation number; and
4. names the case's rights holder (compared without case, spacing or punctuation).

Anything else is refused with one of the reasons below, recorded in the case history of the
case it tried to move, and (for an upload) quarantined with its uploader told why.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from customs_ipr.cases import reply_codes
from customs_ipr.cases.model import Case
from customs_ipr.documents.models import HolderResponse

WRONG_CASE = "wrong_case"
CODE_MISSING = "reply_code_missing"
CODE_INVALID = "reply_code_invalid"
RECORDATION_MISMATCH = "recordation_mismatch"
HOLDER_MISMATCH = "holder_mismatch"

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _plain(text: str | None) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def problem(
    case: Case, notice: dict[str, Any], reply: HolderResponse, expected_case_id: str | None
) -> tuple[str, str] | None:
    """``(reason, sentence)`` when the reply must be refused, else None."""
    if expected_case_id is not None and expected_case_id != case.case_id:
        return (
            WRONG_CASE,
            f"Notice {reply.notice_no} belongs to another case than {expected_case_id}: "
            "a reply is accepted only for the case that issued the notice.",
        )
    if not reply.reply_code:
        return (
            CODE_MISSING,
            f"The reply does not give the reply code printed on notice {reply.notice_no} "
            "(答复码 / Reply code).",
        )
    if not reply_codes.verify(reply.notice_no, reply.reply_code, notice.get("reply_code_hash")):
        return (
            CODE_INVALID,
            f"The reply code is not the one printed on notice {reply.notice_no}.",
        )
    expected_no = case.recordation.recordation_no if case.recordation else None
    if expected_no and _plain(reply.recordation_no) != _plain(expected_no):
        return (
            RECORDATION_MISMATCH,
            f"The reply does not name the recordation of notice {reply.notice_no}.",
        )
    holder = case.holder.name if case.holder else None
    if holder and _plain(reply.holder_name) != _plain(holder):
        return (
            HOLDER_MISMATCH,
            f"The reply does not name the rights holder notice {reply.notice_no} was sent to.",
        )
    return None
