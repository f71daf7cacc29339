"""A notice rendered three ways from one context: HTML and text e-mail bodies and the PDF.

The PDF's SHA-256 is what the case record keeps. The templates (``rendering``) and the PDF
(``pdf``) both read ``view``; neither imports the other's caller, so there is no circle.
"""

from __future__ import annotations

import hashlib

from customs_ipr.notices.models import NoticeContext, RenderedNotice
from customs_ipr.notices.pdf import render_pdf
from customs_ipr.notices.rendering import render_html, render_text, subject


def render(context: NoticeContext) -> RenderedNotice:
    """HTML and text bodies, the PDF, and the PDF's SHA-256 (what the case record keeps)."""
    pdf = render_pdf(context)
    return RenderedNotice(
        notice_no=context.notice_no,
        kind=context.kind,
        subject=subject(context),
        html=render_html(context),
        text=render_text(context),
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
