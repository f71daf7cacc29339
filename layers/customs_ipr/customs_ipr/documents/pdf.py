"""Opening an uploaded PDF safely and reading its words as lines.

Per page the parser reads pdfplumber's ``page.layout`` (pdfminer's interpreted page) once
and takes only its characters (text, left/right edge, top, size) and its ruling lines and
rectangles (:class:`Rule`). That skips pdfplumber's
conversion of every object into a dict of all attributes (the bulk of
``extract_text()``/``extract_tables()`` time after interpretation) and ``extract_tables``
entirely. Characters are grouped into lines by their top and into words by gaps (the
same 3 pt tolerances as ``extract_words``); each page is closed right after, so memory
stays flat however many pages there are. Every pdfminer/pdfplumber
exception is turned into a :class:`DocumentError`; limits come from the settings:
``max_upload_bytes`` and ``max_pages`` (checked before reading), and, when the caller
passes the Lambda's remaining time, ``parse_reserve_seconds``: before each page the time
left must cover the pages still to read at the pace so far plus the reserve, otherwise
the upload is refused as ``too_large`` while there is still time to quarantine it cleanly
(no wall-clock budget per page, so a busy machine does not trip it).

A PDF that opens with an empty password (owner-password only, permissions) is read like
any other; one that needs a user password is ``encrypted_pdf``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from aws_lambda_powertools import Logger

from customs_ipr.config import get_settings
from customs_ipr.documents import errors
from customs_ipr.documents.normalize import nfkc

logger = Logger(child=True)

_LINE_TOLERANCE = 3.0
_WORD_GAP = 3.0


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    """NFKC-normalised (half-width), what labels and values are matched on."""
    x0: float
    x1: float
    top: float
    raw: str
    """As printed; free text (a reply's reasons) keeps its full-width punctuation."""
    size: float = 0.0
    """The font size (character height), 0 when unknown."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line (or one edge of a drawn rectangle), in top-down page coordinates."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.bottom - self.top <= 1.5 and self.x1 - self.x0 > 3

    @property
    def vertical(self) -> bool:
        return self.x1 - self.x0 <= 1.5 and self.bottom - self.top > 3


class Page(list["Line"]):
    """A page's lines of words (top to bottom) and its ruling lines.

    This is the reader's whole input: words with their boxes and the rules, whoever made
    them (pdfplumber here; an OCR engine's words and detected lines would do as well).
    """

    rules: list[Rule]

    def __init__(self, lines: list[Line] | tuple[Line, ...] = (), rules: list[Rule] | None = None):
        super().__init__(lines)
        self.rules = list(rules or [])


@dataclass(frozen=True, slots=True)
class Line:
    words: tuple[Word, ...]
    top: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def raw_text(self) -> str:
        return " ".join(w.raw for w in self.words)


def check_bytes(data: bytes) -> None:
    """Reject what is not worth opening: empty, over the size limit, not a PDF, cut off."""
    limit = get_settings().max_upload_bytes
    if not data:
        raise errors.EmptyFile()
    if len(data) > limit:
        raise errors.TooLarge(
            f"The file is {len(data):,} bytes, more than the limit of {limit:,} bytes."
        )
    if b"%PDF-" not in data[:1024]:
        raise errors.NotPdf()
    if b"%%EOF" not in data[-2048:]:
        raise errors.TruncatedPdf()


def _normalised(raw: str, x0: float, x1: float, top: float, size: float = 0.0) -> list[Word]:
    """NFKC the word; a compatibility space inside it (e.g. U+3000) splits it in two."""
    text = nfkc(raw)
    if " " not in text:
        return [Word(text, x0, x1, top, raw, size)]
    pieces = text.split(" ")
    raw_pieces = raw.split()
    if len([p for p in pieces if p]) != len(raw_pieces):
        raw_pieces = [p for p in pieces if p]
    per_char = (x1 - x0) / max(len(text), 1)
    parts: list[Word] = []
    offset = 0
    raw_iter = iter(raw_pieces)
    for piece in pieces:
        if piece:
            start = x0 + offset * per_char
            parts.append(
                Word(piece, start, start + len(piece) * per_char, top, next(raw_iter), size)
            )
        offset += len(piece) + 1
    return parts


_Char = tuple[float, float, float, str, float]
"""A character as the reader needs it: (top, x0, x1, text, size) in page coordinates."""


@cache
def _char_sink() -> type[Any]:
    """A pdfminer device that keeps each character as a :data:`_Char` tuple instead of
    building a layout object for it (the bulk of layout time after interpretation);
    ruling lines and rectangles are collected as pdfminer's layout objects."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.utils import apply_matrix_rect

    class CharSink(PDFPageAggregator):
        chars: list[tuple[float, float, float, float, str]]

        def render_char(
            self,
            matrix: Any,
            font: Any,
            fontsize: float,
            scaling: float,
            rise: float,
            cid: int,
            ncs: Any,
            graphicstate: Any,
        ) -> float:
            if font.is_vertical():  # rare: let pdfminer place it
                return float(
                    super().render_char(
                        matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate
                    )
                )
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = self.handle_undefined_char(font, cid)
            adv = font.char_width(cid) * fontsize * scaling
            descent = font.get_descent() * fontsize + rise
            x0, y0, x1, y1 = apply_matrix_rect(matrix, (0, descent, adv, descent + fontsize))
            self.chars.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), text))
            return float(adv)

    return CharSink


def _page_objects(page) -> tuple[list[_Char], list[Rule]]:  # type: ignore[no-untyped-def]
    """The page's characters and ruling lines, in top-down page coordinates."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve
    from pdfminer.pdfinterp import PDFPageInterpreter

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    device = _char_sink()(page.pdf.rsrcmgr, pageno=page.page_number)
    device.chars = []
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    chars: list[_Char] = [
        (height - y1 + mb_top, x0 + mb_x0, x1 + mb_x0, text, y1 - y0)
        for x0, y0, x1, y1, text in device.chars
    ]
    rules: list[Rule] = []
    stack = [device.get_result()]
    while stack:
        container = stack.pop()
        for obj in container:
            if isinstance(obj, LTChar):
                top = height - obj.y1 + mb_top
                chars.append((top, obj.x0 + mb_x0, obj.x1 + mb_x0, obj.get_text(), obj.size))
            elif isinstance(obj, LTCurve):
                top, bottom = height - obj.y1 + mb_top, height - obj.y0 + mb_top
                rules.extend(_edges(obj.x0 + mb_x0, top, obj.x1 + mb_x0, bottom))
            elif isinstance(obj, LTContainer):
                stack.append(obj)
    return chars, rules


def _rows(chars: list[_Char]) -> list[tuple[float, list[_Char]]]:
    """Characters grouped into lines by their top (within the line tolerance)."""
    rows: list[tuple[float, list[_Char]]] = []
    for char in sorted(chars):
        if rows and char[0] - rows[-1][0] <= _LINE_TOLERANCE:
            rows[-1][1].append(char)
        else:
            rows.append((char[0], [char]))
    return rows


def _words(row: list[_Char], top: float) -> list[Word]:
    """One line's characters (left to right) as words: split at spaces and at gaps."""
    words: list[Word] = []
    text: list[str] = []
    x0 = x1 = size = 0.0
    for _, c_x0, c_x1, c_text, c_size in sorted(row, key=lambda c: c[1]):
        if text and (c_text.isspace() or c_x0 - x1 > _WORD_GAP):
            words.extend(_normalised("".join(text), x0, x1, top, size))
            text = []
        if c_text.isspace():
            continue
        if not text:
            x0, x1, size = c_x0, c_x1, 0.0
        text.append(c_text)
        size = max(size, c_size)
        x1 = max(x1, c_x1)
    if text:
        words.extend(_normalised("".join(text), x0, x1, top, size))
    return words


def page_lines(page) -> Page:  # type: ignore[no-untyped-def]
    """The page's lines of words and its ruling lines (see the module docstring)."""
    chars, rules = _page_objects(page)
    lines = [Line(tuple(words), top) for top, row in _rows(chars) if (words := _words(row, top))]
    return Page(lines, rules)


def _edges(x0: float, top: float, x1: float, bottom: float) -> list[Rule]:
    """A line is one rule; a rectangle (a cell border) is its four edges."""
    if bottom - top <= 1.5 or x1 - x0 <= 1.5:
        return [Rule(x0, top, x1, bottom)]
    return [
        Rule(x0, top, x1, top),
        Rule(x0, bottom, x1, bottom),
        Rule(x0, top, x0, bottom),
        Rule(x1, top, x1, bottom),
    ]


def _is_encryption_error(error: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, PDFPasswordIncorrect | PDFEncryptionError):
            return True
        for arg in getattr(seen, "args", ()):
            if isinstance(arg, PDFPasswordIncorrect | PDFEncryptionError):
                return True
        seen = seen.__cause__ or seen.__context__
    return False


def _wrap(error: Exception) -> errors.DocumentError:
    if _is_encryption_error(error):
        return errors.EncryptedPdf()
    return errors.DamagedPdf()


RemainingMillis = Callable[[], int]
"""The invocation's remaining time in milliseconds (``context.get_remaining_time_in_millis``)."""


def _check_time(
    remaining_ms: RemainingMillis | None, number: int, total: int, started_ms: int | None
) -> None:
    """Refuse before the function would time out: the time left, less the reserve, must
    cover the pages still to read at the pace of the pages read so far."""
    if remaining_ms is None or started_ms is None:
        return
    reserve_ms = get_settings().parse_reserve_seconds * 1000
    left_ms = remaining_ms()
    done = number - 1
    per_page_ms = (started_ms - left_ms) / done if done else 0.0
    needed_ms = per_page_ms * (total - done)
    if left_ms - reserve_ms < max(needed_ms, 0.0) or left_ms <= reserve_ms:
        raise errors.TooLarge(
            f"The PDF has {total} pages; reading stopped at page {number} because the "
            f"rest would not be read in the time this upload has left "
            f"({max(left_ms, 0) / 1000:.0f} s, of which {reserve_ms / 1000:.0f} s are kept "
            "for screening); split the declaration into smaller files."
        )


def iter_pages(data: bytes, remaining_ms: RemainingMillis | None = None) -> Iterator[Page]:
    """Each page's lines, in order; raises a DocumentError for anything unreadable.

    Raises ``no_text_layer`` when the whole document has no words at all, ``too_many_pages``
    over the page limit (before reading), and ``too_large`` when ``remaining_ms`` shows the
    rest of the document cannot be read in the time left (see :func:`_check_time`).
    """
    check_bytes(data)
    settings = get_settings()
    import pdfplumber

    started_ms = remaining_ms() if remaining_ms is not None else None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as error:  # pdfminer raises many unrelated types
        raise _wrap(error) from None
    with pdf:
        try:
            pages = pdf.pages
        except Exception as error:
            raise _wrap(error) from None
        if len(pages) == 0:
            raise errors.DamagedPdf("The PDF file has no pages.")
        if len(pages) > settings.max_pages:
            raise errors.TooManyPages(
                f"The PDF has {len(pages)} pages, more than the limit of "
                f"{settings.max_pages} pages."
            )
        any_text = False
        for number, page in enumerate(pages, start=1):
            _check_time(remaining_ms, number, len(pages), started_ms)
            try:
                lines = page_lines(page)
            except Exception as error:
                raise _wrap(error) from None
            finally:
                page.close()
            any_text = any_text or bool(lines)
            yield lines
        if not any_text:
            raise errors.NoTextLayer()


def read_pages(data: bytes, remaining_ms: RemainingMillis | None = None) -> list[Page]:
    """All pages' lines (see :func:`iter_pages`), with no-text-layer checked first."""
    pages = list(iter_pages(data, remaining_ms))
    logger.debug("pdf read", pages=len(pages))
    return pages
