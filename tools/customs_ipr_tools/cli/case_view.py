"""``case list`` and ``case show`` as tables a person reads at a glance; ``case notices``.

``case list`` / ``case show ID`` print text by default and the full record with ``--json``.
``case show`` puts first what an officer asks: where the case stands and what it waits
for, then the parties, goods and hits, each deadline with its legal date and the working
days left, each notice with its number, date and SHA-256, and the latest history.

Days left count working days from the case's own legal date (``cases.clock.legal_today``:
today in Beijing in production; the virtual clock's date in local runs) to the due date,
the due day included; a deadline the case has moved past shows "passed" or "ended".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from customs_ipr_tools.cli.tables import fields, table

HISTORY_LINES = 12


def _legal_today(case: Any) -> date | None:
    from customs_ipr.cases.clock import legal_today
    from customs_ipr.errors import CustomsIprError

    try:
        return legal_today(case)
    except CustomsIprError:
        return None


def days_left(today: date | None, due: date, *, final: bool) -> str:
    """Working days from ``today`` to ``due`` (the due day counts), or why there are none."""
    from customs_ipr.calendar import default_calendar
    from customs_ipr.errors import CustomsIprError

    if final:
        return "ended"
    if today is None:
        return "?"
    if due < today:
        return "passed"
    try:
        left = default_calendar().working_days_between(today, due)
    except CustomsIprError:
        return "? (calendar year unknown)"
    if due == today or left == 0:
        return "today is the last day"
    return f"{left} working day{'s' if left != 1 else ''}"


def list_text(cases: list[Any]) -> str:
    if not cases:
        return "No cases yet."
    rows = []
    for c in cases:
        goods = c.goods[0].name if c.goods else None
        if goods and len(c.goods) > 1:
            goods += f" (+{len(c.goods) - 1})"
        rows.append(
            [
                c.case_id,
                str(c.path),
                str(c.status),
                c.declaration_ref,
                goods,
                c.legal_date or c.started_on,
                c.wait.kind if c.wait else None,
                c.wait.due if c.wait else None,
            ]
        )
    header = ["case", "path", "status", "declaration", "goods", "legal date", "waits for", "due"]
    return table(header, rows, limit=36) + f"\n{len(cases)} case(s), newest first"


def _party_rows(case: Any) -> list[list[Any]]:
    rows = []
    for role in ("holder", "consignee", "consignor", "person"):
        party = getattr(case, role)
        if party is not None:
            email = "e-mail on file" if party.email else "no e-mail (serve by post)"
            rows.append([role, party.name, party.code, party.country, email])
    return rows


def _notice_rows(notices: list[dict[str, Any]]) -> list[list[Any]]:
    rows = []
    for n in notices:
        recipients = n.get("recipients") or []
        served = ", ".join(f"{r.get('role')}: {r.get('status')}" for r in recipients)
        rows.append(
            [n.get("notice_no"), n.get("kind"), n.get("issued_on"), served, n.get("sha256")]
        )
    return rows


def show_text(view: Any) -> str:
    from customs_ipr.cases.model import FINAL_STATUSES

    case = view.case
    final = case.status in FINAL_STATUSES
    today = _legal_today(case)
    parts = [fields(_head(case, today, final))]
    parts += [
        "",
        "PARTIES",
        table(["role", "name", "code", "country", "service"], _party_rows(case)),
    ]
    goods = [
        [g.item_no, g.name, g.brand, g.hs_code, g.quantity, g.unit, g.value, g.currency]
        for g in case.goods
    ]
    parts += [
        "",
        "GOODS",
        table(["item", "name", "brand", "HS code", "qty", "unit", "value", "cur."], goods),
    ]
    if case.recordation is not None:
        r = case.recordation
        nos = ", ".join(case.recordation_nos) or r.recordation_no
        hits = [[g.item_no, g.name, g.brand, nos, r.title, r.ip_type] for g in case.goods]
        parts += [
            "",
            "HITS (goods matching recorded rights)",
            table(["item", "goods", "brand", "recordation", "right", "type"], hits),
        ]
    return "\n".join(parts + _dated_parts(view, today, final))


def _head(case: Any, today: Any, final: bool) -> list[tuple[str, Any]]:
    wait = case.wait
    waiting = "nothing (case ended)" if final else "—"
    if wait is not None:
        waiting = wait.kind
        if wait.notice_no:
            waiting += f" (answering notice {wait.notice_no})"
        if wait.due:
            waiting += f", due {wait.due}: {days_left(today, wait.due, final=final)}"
    head = [
        ("case", case.case_id),
        ("path", str(case.path)),
        ("status", str(case.status) + (f" ({case.outcome})" if case.outcome else "")),
        ("waits for", waiting),
        ("legal date now", today),
        ("started on", case.started_on),
        ("declaration", case.declaration_ref),
        ("needs review", "missing " + ", ".join(case.missing) if case.needs_review else None),
        ("value (RMB)", f"{case.value_rmb:,.2f}" if case.value_rmb is not None else None),
        ("detained on", case.detention_on),
        ("guarantee posted", case.guarantee_posted),
        ("release reason", case.release_reason),
        ("fine (RMB)", case.fine_rmb),
    ]
    return [(k, v) for k, v in head if v is not None]


def _dated_parts(view: Any, today: Any, final: bool) -> list[str]:
    """The deadlines, notices and history sections."""
    deadlines = [
        [d.rule, d.basis, d.start, d.due, days_left(today, d.due, final=final)]
        for d in sorted(view.deadlines, key=lambda d: d.due)
    ]
    parts = [
        "",
        "DEADLINES (legal dates on the PRC working-day calendar)",
        table(["rule", "basis", "counted from", "due (incl.)", "left after today"], deadlines)
        if deadlines
        else "none",
    ]
    notices = _notice_rows(view.notices)
    parts += [
        "",
        "NOTICES",
        table(["number", "kind", "date", "served", "SHA-256"], notices, limit=64)
        if notices
        else "none",
    ]
    history = [[e.legal_date, e.event, e.state, e.status] for e in view.history[-HISTORY_LINES:]]
    more = len(view.history) - len(history)
    parts += [
        "",
        "HISTORY"
        + (f" (latest {len(history)} of {len(view.history)}; --json for all)" if more else ""),
        table(["legal date", "event", "step", "status"], history) if history else "none",
    ]
    return parts


def download_notices(view: Any, out: Path) -> list[dict[str, Any]]:
    """Every archived notice PDF of the case into ``out``; checks each SHA-256."""
    import hashlib

    from customs_ipr import aws
    from customs_ipr.config import get_settings
    from customs_ipr.errors import CustomsIprError

    out.mkdir(parents=True, exist_ok=True)
    s3 = aws.client("s3")
    saved = []
    for notice in view.notices:
        key = notice.get("pdf_key")
        if not key:
            continue
        bucket = notice.get("bucket") or get_settings().documents_bucket
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        digest = hashlib.sha256(body).hexdigest()
        if notice.get("sha256") and digest != notice["sha256"]:
            raise CustomsIprError(
                f"The archived PDF of notice {notice.get('notice_no')} does not match the "
                f"SHA-256 in the case record ({digest} ≠ {notice['sha256']}).",
                code="notice_tampered",
            )
        target = out / f"{notice.get('notice_no')}.pdf"
        target.write_bytes(body)
        saved.append(
            {
                "notice_no": notice.get("notice_no"),
                "kind": notice.get("kind"),
                "file": str(target),
                "sha256": digest,
            }
        )
    return saved
