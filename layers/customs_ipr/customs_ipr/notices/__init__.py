"""Written notices: typed context → Jinja templates (HTML, text) and a PDF → S3 archive + SES.

Public API::

    from customs_ipr.notices import (
        NoticeKind, NoticeContext, build_context, render, issue, Recipient,
        new_notice_no, DynamoNoticeCounter, kinds_table, templates_dir,
    )

Heavy libraries (jinja2, reportlab) are imported only when a notice is rendered.
"""

from customs_ipr.notices.context import facts_from_declaration
from customs_ipr.notices.delivery import archive_keys, build_message, issue, raw_message
from customs_ipr.notices.document import render
from customs_ipr.notices.kinds import (
    KINDS,
    AddresseeRole,
    KindInfo,
    NoticeKind,
    ReleaseReason,
    kind_info,
    kinds_table,
)
from customs_ipr.notices.models import (
    Addressee,
    Facts,
    GoodsLine,
    IssuedNotice,
    NoticeContext,
    Office,
    Party,
    Recipient,
    RecipientDelivery,
    RecordationRef,
    RenderedNotice,
    UploadFacts,
    build_context,
)
from customs_ipr.notices.numbering import DynamoNoticeCounter, new_notice_no
from customs_ipr.notices.rendering import render_html, render_text, templates_dir

__all__ = [
    "KINDS",
    "Addressee",
    "AddresseeRole",
    "DynamoNoticeCounter",
    "Facts",
    "GoodsLine",
    "IssuedNotice",
    "KindInfo",
    "NoticeContext",
    "NoticeKind",
    "Office",
    "Party",
    "Recipient",
    "RecipientDelivery",
    "RecordationRef",
    "ReleaseReason",
    "RenderedNotice",
    "UploadFacts",
    "archive_keys",
    "build_context",
    "build_message",
    "facts_from_declaration",
    "issue",
    "kind_info",
    "kinds_table",
    "new_notice_no",
    "raw_message",
    "render",
    "render_html",
    "render_text",
    "templates_dir",
]
