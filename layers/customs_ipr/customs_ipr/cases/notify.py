"""The one place the case workflow issues a notice (number, render, archive, e-mail).

``customs_ipr.notices`` owns rendering and delivery; :class:`NoticeService` draws the notice
number from the shared yearly counter and hands the notice's data to ``notices.issue``.
The tasks receive it in their context (``customs_ipr.cases.tasks.context``), so their
tests can put a fake in its place.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from customs_ipr.notices.delivery import issue
from customs_ipr.notices.kinds import NoticeKind
from customs_ipr.notices.models import IssuedNotice, Recipient, build_context
from customs_ipr.notices.numbering import DynamoNoticeCounter, new_notice_no


class NoticeService:
    """Production notices: the cases table's counter, S3 archive and SES."""

    def number(self, kind: NoticeKind, issued_on: date) -> str:
        return new_notice_no(kind, issued_on, DynamoNoticeCounter())

    def issue(self, data: dict[str, Any], recipients: list[Recipient]) -> IssuedNotice:
        return issue(build_context(data), recipients=recipients)
