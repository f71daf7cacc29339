"""``customs-ipr notice``: preview a notice as HTML, text and PDF; list the notice kinds.

``notice render KIND --data FILE --out DIR`` renders from a JSON context (samples in
``templates/notices/samples/``); ``--case ID`` instead loads the case through the case
store (``customs_ipr.cases.store``), which must be installed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from customs_ipr.errors import InvalidInput
from customs_ipr.jsonutil import read_json_object
from customs_ipr.notices.kinds import NoticeKind, kinds_table


def register(subparsers: Any) -> None:
    notice = subparsers.add_parser("notice", help="preview written notices")
    commands = notice.add_subparsers(dest="notice_command", required=True)

    render = commands.add_parser(
        "render",
        help="render a notice to HTML, text and PDF files",
        description=__doc__.splitlines()[0],
    )
    render.add_argument(
        "kind",
        choices=[k.value for k in NoticeKind],
        metavar="KIND",
        help="notice kind, e.g. suspension_notice (see 'notice kinds')",
    )
    source = render.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", type=Path, metavar="FILE", help="JSON notice context")
    source.add_argument("--case", metavar="ID", help="render from a stored case")
    render.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="folder for <notice_no>.html/.txt/.pdf",
    )
    render.set_defaults(handler=_render)

    kinds = commands.add_parser("kinds", help="list notice kinds, addressees and legal basis")
    kinds.set_defaults(handler=lambda _args: kinds_table())


def _load_data(path: Path, kind: str) -> Any:
    from customs_ipr.notices.models import build_context

    data = read_json_object(path, what="notice data file")
    if data.setdefault("kind", kind) != kind:
        raise InvalidInput(f"{path} holds a {data['kind']}, not a {kind}.")
    return build_context(data)


def _render(args: argparse.Namespace) -> dict[str, Any]:
    from customs_ipr.notices.document import render

    if args.data is not None:
        context = _load_data(args.data, args.kind)
    else:
        from customs_ipr.cases.preview import preview_context

        context = preview_context(args.case, args.kind)
    rendered = render(context)
    args.out.mkdir(parents=True, exist_ok=True)
    files = {
        "html": args.out / f"{context.notice_no}.html",
        "text": args.out / f"{context.notice_no}.txt",
        "pdf": args.out / f"{context.notice_no}.pdf",
    }
    files["html"].write_text(rendered.html, encoding="utf-8")
    files["text"].write_text(rendered.text, encoding="utf-8")
    files["pdf"].write_bytes(rendered.pdf)
    return {
        "notice_no": context.notice_no,
        "kind": context.kind,
        "subject": rendered.subject,
        "sha256": rendered.sha256,
        "due_date": context.due_date,
        "files": {name: str(path) for name, path in files.items()},
    }
