"""Issue a notice: archive its PDF and HTML in S3, then e-mail it through SES v2.

Order matters: the archive is written first, so nothing is ever sent that is not kept.
Each recipient gets its own message (its own SES message id and delivery status); a
recipient without an address is recorded as ``no_address`` and the notice is flagged
for service by other means (post, counter) instead of failing the case. An SES refusal
for one recipient is recorded as ``failed`` with its error code and flags the same;
the other recipients are still served.

Date of service: a notice e-mailed successfully counts as served on its issue date
(the day SES accepted it). Deadlines run from the day after (Implementing Measures
Art. 41). A notice served by other means gets its service date recorded by the case
workflow when the post or counter confirms delivery.
"""

from __future__ import annotations

from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from aws_lambda_powertools import Logger
from botocore.exceptions import ClientError

from customs_ipr import aws
from customs_ipr.config import Settings, get_settings
from customs_ipr.notices.document import render
from customs_ipr.notices.models import (
    IssuedNotice,
    NoticeContext,
    Recipient,
    RecipientDelivery,
    RenderedNotice,
)

logger = Logger(child=True)

_WIRE = SMTP.clone(max_line_length=998)
"""Serialising policy: headers may run to RFC 5322's 998 characters, so the SHA-256 header
stays on one line; bodies keep the 76-character base64 lines they were encoded with."""


def archive_keys(context: NoticeContext) -> tuple[str, str]:
    """``notices/<case_id>/<notice_no>.pdf`` and ``.html`` under the configured prefix."""
    prefix = get_settings().notice_archive_prefix
    base = f"{prefix}{context.case_id}/{context.notice_no}"
    return f"{base}.pdf", f"{base}.html"


def build_message(
    rendered: RenderedNotice, *, sender: str, recipient: Recipient, sent_on: date
) -> EmailMessage:
    """A MIME message: text and HTML alternatives, the PDF attached as ``<notice_no>.pdf``.

    Serialise it with ``as_bytes(policy=_WIRE)`` (``raw_message`` does) for 7-bit output.
    """
    message = EmailMessage(policy=SMTP)
    message["Subject"] = rendered.subject
    message["From"] = sender
    message["To"] = formataddr((recipient.name, recipient.email or ""))
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["X-Customs-Notice-No"] = rendered.notice_no
    message["X-Customs-Notice-SHA256"] = rendered.sha256
    message["X-Customs-Sent-On"] = sent_on.isoformat()
    message.set_content(rendered.text, charset="utf-8", cte="base64")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8", cte="base64")
    message.add_attachment(
        rendered.pdf, maintype="application", subtype="pdf", filename=f"{rendered.notice_no}.pdf"
    )
    return message


def raw_message(
    rendered: RenderedNotice, *, sender: str, recipient: Recipient, sent_on: date
) -> bytes:
    """The bytes sent to SES and written to the local mailbox (7-bit ASCII)."""
    message = build_message(rendered, sender=sender, recipient=recipient, sent_on=sent_on)
    return message.as_bytes(policy=_WIRE)


def _archive(context: NoticeContext, rendered: RenderedNotice, bucket: str) -> tuple[str, str]:
    pdf_key, html_key = archive_keys(context)
    s3 = aws.client("s3")
    metadata = {
        "notice-no": context.notice_no,
        "kind": context.kind.value,
        "case-id": context.case_id,
        "sha256": rendered.sha256,
    }
    s3.put_object(
        Bucket=bucket,
        Key=pdf_key,
        Body=rendered.pdf,
        ContentType="application/pdf",
        Metadata=metadata,
    )
    s3.put_object(
        Bucket=bucket,
        Key=html_key,
        Body=rendered.html.encode("utf-8"),
        ContentType="text/html; charset=utf-8",
        Metadata=metadata,
    )
    return pdf_key, html_key


def _write_mailbox(folder: str, notice_no: str, index: int, raw: bytes) -> str:
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    target = path / f"{notice_no}-{index:02d}.eml"
    target.write_bytes(raw)
    return str(target)


def issue(
    context: NoticeContext,
    *,
    recipients: list[Recipient],
    rendered: RenderedNotice | None = None,
) -> IssuedNotice:
    """Render (unless given), archive, and e-mail a notice; never raises for a missing address."""
    settings = get_settings()
    rendered = rendered or render(context)
    pdf_key, html_key = _archive(context, rendered, settings.documents_bucket)
    deliveries = [
        _deliver(context, rendered, recipient, index, settings)
        for index, recipient in enumerate(recipients, start=1)
    ]
    sent = [d for d in deliveries if d.status == "sent"]
    logger.info(
        "notice issued",
        notice_no=context.notice_no,
        kind=context.kind.value,
        case_id=context.case_id,
        sent=len(sent),
        not_sent=len(deliveries) - len(sent),
        sha256=rendered.sha256,
    )
    return IssuedNotice(
        notice_no=context.notice_no,
        kind=context.kind,
        case_id=context.case_id,
        issued_on=context.issued_on,
        subject=rendered.subject,
        sha256=rendered.sha256,
        pdf_key=pdf_key,
        html_key=html_key,
        bucket=settings.documents_bucket,
        recipients=deliveries,
        served_on=context.issued_on if sent else None,
        served_by_other_means_required=len(sent) < len(deliveries) or not deliveries,
        due_date=context.due_date,
    )


def _deliver(
    context: NoticeContext,
    rendered: RenderedNotice,
    recipient: Recipient,
    index: int,
    settings: Settings,
) -> RecipientDelivery:
    """E-mail one recipient: ``sent``, ``no_address`` (serve another way) or ``failed``."""
    if not recipient.email:
        return RecipientDelivery(name=recipient.name, role=recipient.role, status="no_address")
    raw = raw_message(
        rendered, sender=settings.sender_address, recipient=recipient, sent_on=context.issued_on
    )
    try:
        answer = aws.client("sesv2").send_email(
            FromEmailAddress=settings.sender_address,
            Destination={"ToAddresses": [recipient.email]},
            Content={"Raw": {"Data": raw}},
        )
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "ClientError")
        logger.warning(
            "notice e-mail refused",
            notice_no=context.notice_no,
            case_id=context.case_id,
            role=recipient.role.value,
            error_code=code,
        )
        return RecipientDelivery(
            name=recipient.name,
            role=recipient.role,
            email=recipient.email,
            status="failed",
            error_code=code,
        )
    mailbox_file = None
    if settings.mailbox_dir:
        mailbox_file = _write_mailbox(settings.mailbox_dir, context.notice_no, index, raw)
    return RecipientDelivery(
        name=recipient.name,
        role=recipient.role,
        email=recipient.email,
        status="sent",
        message_id=answer["MessageId"],
        served_on=context.issued_on,
        mailbox_file=mailbox_file,
    )
