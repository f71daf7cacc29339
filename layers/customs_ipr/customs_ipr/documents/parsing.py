"""The entry points: :func:`parse_document` (detects the kind), :func:`parse_declaration`
and :func:`parse_reply`. Every failure is a :class:`~customs_ipr.documents.errors.DocumentError`
with a stable code and one plain sentence; no pdfminer/pdfplumber exception escapes.
pdfplumber itself is imported only when a document is read (cold start).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import ValidationError

from customs_ipr.documents import errors
from customs_ipr.documents.declaration import parse_declaration_lines
from customs_ipr.documents.errors import DocumentError
from customs_ipr.documents.models import Declaration, HolderResponse
from customs_ipr.documents.pdf import Line, Page, RemainingMillis, read_pages
from customs_ipr.documents.reply import looks_like_reply, parse_reply_lines

_DECLARATION_MARK = re.compile(
    r"报关单|goods\s+declaration|customs\s+declaration|境内收货人|境内发货人|"
    r"domestic\s+consign(?:ee|or)|收货单位|发货单位",
    re.I,
)


def _kind(first_page: Sequence[Line]) -> str:
    if looks_like_reply(first_page):
        return "holder_response"
    if any(_DECLARATION_MARK.search(line.text) for line in first_page):
        return "declaration"
    raise errors.UnrecognizedDocument()


def _pages(data: bytes, remaining_ms: RemainingMillis | None = None) -> list[Page]:
    try:
        return read_pages(data, remaining_ms)
    except DocumentError:
        raise
    except Exception:  # a pdfminer failure not caught page by page
        raise errors.DamagedPdf() from None


def _first_text_page(pages: Sequence[Sequence[Line]]) -> Sequence[Line]:
    return next((page for page in pages if page), ())


def parse_document(
    data: bytes, *, filename: str | None = None, remaining_ms: RemainingMillis | None = None
) -> Declaration | HolderResponse:
    """Parse an uploaded PDF as whichever it is: a declaration or a holder's reply.

    ``filename`` is only used in messages; the kind is read from the content.
    ``remaining_ms`` (the Lambda context's ``get_remaining_time_in_millis``) lets a PDF too
    long for the time left be refused as ``too_large`` before the function times out.
    """
    pages = _pages(data, remaining_ms)
    if _kind(_first_text_page(pages)) == "holder_response":
        return _reply(pages)
    return _declaration(pages)


def parse_declaration(
    data: bytes, *, filename: str | None = None, remaining_ms: RemainingMillis | None = None
) -> Declaration:
    """Parse a goods declaration; anything else is ``unrecognized_document``."""
    pages = _pages(data, remaining_ms)
    if _kind(_first_text_page(pages)) != "declaration":
        raise errors.UnrecognizedDocument("The PDF is not a customs goods declaration.")
    return _declaration(pages)


def parse_reply(
    data: bytes, *, filename: str | None = None, remaining_ms: RemainingMillis | None = None
) -> HolderResponse:
    """Parse a holder's written reply; anything else is ``unrecognized_document``."""
    pages = _pages(data, remaining_ms)
    if _kind(_first_text_page(pages)) != "holder_response":
        raise errors.UnrecognizedDocument("The PDF is not a rights holder's written reply.")
    return _reply(pages)


def _declaration(pages: Sequence[Sequence[Line]]) -> Declaration:
    return _guarded(parse_declaration_lines, pages)


def _reply(pages: Sequence[Sequence[Line]]) -> HolderResponse:
    return _guarded(parse_reply_lines, pages)


def _guarded(function, pages):  # type: ignore[no-untyped-def]
    """Values the parser cannot make sense of are a document error, not a crash."""
    try:
        return function(pages)
    except DocumentError:
        raise
    except (ValidationError, ValueError, ArithmeticError) as error:
        raise errors.UnrecognizedDocument(
            "The document's fields could not be read as a declaration or reply "
            f"({type(error).__name__})."
        ) from None
