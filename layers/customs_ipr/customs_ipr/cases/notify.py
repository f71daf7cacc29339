"""The one place the case workflow issues a notice (render, archive, e-mail, record).

``customs_ipr.notices`` owns rendering and delivery; this adapter finds its ``issue``
(exported from the package, or from ``notices.delivery`` while the package is being
built) and draws the notice number from the shared yearly counter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from customs_ipr.notices.kinds import NoticeKind
from customs_ipr.notices.models import IssuedNotice, NoticeContext, Recipient


def _issuer() -> Callable[..., IssuedNotice]:
    import customs_ipr.notices as notices

    issue = getattr(notices, "issue", None)
    if callable(issue):
        return issue
    from customs_ipr.notices.delivery import issue as delivery_issue

    return delivery_issue


def new_number(kind: NoticeKind, issued_on: date) -> str:
    from customs_ipr.notices.numbering import DynamoNoticeCounter, new_notice_no

    return new_notice_no(kind, issued_on, DynamoNoticeCounter())


def issue_notice(context: NoticeContext, recipients: list[Recipient]) -> IssuedNotice:
    return _issuer()(context, recipients=recipients)


def build(data: dict[str, Any]) -> NoticeContext:
    from customs_ipr.notices.models import build_context

    return build_context(data)
