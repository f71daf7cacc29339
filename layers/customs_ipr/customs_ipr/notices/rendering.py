"""The notice templates: HTML and plain-text e-mail bodies, and each kind's own wording.

Templates live in ``templates/notices/``: ``<kind>.html.j2`` and ``<kind>.txt.j2`` extend
``_layout.html.j2`` / ``_layout.txt.j2`` and fill two scoped blocks, ``intro`` (what
happened) and ``action`` (what the addressee must or may do). Each document is written
in Chinese first, then in English below it (holders are often abroad). Labels and
formatted facts are computed once (``view``) so the HTML, the text and the PDF agree.
Names from uploads stand only in those labelled rows, quoted; the kinds' sentences refer
to the rows. HTML is autoescaped and every template runs with ``StrictUndefined``, so a
missing value fails loudly instead of printing blank.

Dates print as 2026年9月16日 in the Chinese text (filter ``dz``) and as ISO ``YYYY-MM-DD`` in
the English one (filter ``d``): unambiguous for readers abroad. The Chinese text names the
office by its Chinese name and carries no English (see ``zh_text``).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from customs_ipr.errors import CustomsIprError
from customs_ipr.notices.formatting import (
    LANGS,
    fmt_date,
    fmt_money,
    fmt_qty,
    reason_text,
    role_label,
)
from customs_ipr.notices.kinds import kind_info
from customs_ipr.notices.models import NoticeContext
from customs_ipr.notices.view import view
from customs_ipr.notices.zh_text import upload_error_zh, zh_date

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES_ENV = "CUSTOMS_IPR_TEMPLATES"


class TemplatesNotFound(CustomsIprError):
    code = "templates_not_found"


def templates_dir() -> Path:
    """The folder holding ``notices/*.j2``.

    Order: ``$CUSTOMS_IPR_TEMPLATES``; ``customs_ipr/templates/`` inside the installed
    package (where the SAM layer build copies them); the repository's top-level
    ``templates/`` found by walking up from the package (editable installs, tests).
    """
    configured = os.environ.get(TEMPLATES_ENV)
    if configured:
        path = Path(configured)
        if not (path / "notices").is_dir():
            raise TemplatesNotFound(f"{TEMPLATES_ENV}={configured} has no notices/ folder.")
        return path
    package_dir = Path(__file__).resolve().parent.parent
    bundled = package_dir / "templates"
    if (bundled / "notices").is_dir():
        return bundled
    for parent in package_dir.parents:
        candidate = parent / "templates"
        if (candidate / "notices" / "_layout.html.j2").is_file():
            return candidate
    raise TemplatesNotFound("The notice templates were not found; set CUSTOMS_IPR_TEMPLATES.")


@lru_cache(maxsize=4)
def _environment(folder: str) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(d=fmt_date, dz=zh_date, money=fmt_money, qty=fmt_qty)
    env.globals.update(
        reason_text=reason_text, role_label=role_label, upload_error_zh=upload_error_zh
    )
    return env


def environment() -> Environment:
    """The Jinja environment over ``templates_dir()/notices`` (cached per folder)."""
    return _environment(str(templates_dir() / "notices"))


def subject(context: NoticeContext) -> str:
    info = kind_info(context.kind)
    return f"{info.title_zh} / {info.title_en} [{context.notice_no}]"


def _variables(context: NoticeContext) -> dict[str, Any]:
    return {"c": context, "f": context.facts, "view": view(context), "langs": LANGS}


def render_html(context: NoticeContext) -> str:
    return environment().get_template(f"{context.kind.value}.html.j2").render(_variables(context))


def render_text(context: NoticeContext) -> str:
    text = environment().get_template(f"{context.kind.value}.txt.j2").render(_variables(context))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def wording(context: NoticeContext, lang: str) -> dict[str, list[str]]:
    """The kind's own paragraphs (blocks ``intro`` and ``action`` of its text template)."""
    template = environment().get_template(f"{context.kind.value}.txt.j2")
    variables = {**_variables(context), "lang": lang, "v": view(context)[lang]}
    result = {}
    for name in ("intro", "action"):
        block = "".join(template.blocks[name](template.new_context(variables)))
        result[name] = [p.strip() for p in re.split(r"\n\s*\n", block) if p.strip()]
    return result
