"""``customs-ipr sample reply``: a reply PDF the real reply parser reads as an answer to the case."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from customs_ipr.cases.model import (
    Case,
    CaseGoods,
    CaseParty,
    CasePath,
    CaseRecordation,
    CaseStatus,
    Wait,
)
from customs_ipr.documents.models import HolderResponse
from customs_ipr.documents.parsing import parse_reply
from customs_ipr.errors import Conflict
from customs_ipr_tools.cli.sample import build_reply
from customs_ipr_tools.local.sample_documents import reply_pdf


def _case(wait_kind: str = "holder_reply") -> Case:
    return Case(
        case_id="EXO-224420260000123456-T2019-12345",
        path=CasePath.EX_OFFICIO,
        status=CaseStatus.SUSPENDED,
        created_at=datetime(2026, 9, 14, tzinfo=UTC),
        started_on=date(2026, 9, 14),
        declaration_ref="224420260000123456",
        goods=[CaseGoods(item_no=1, name="运动鞋", value=Decimal("24400"), currency="USD")],
        value_rmb=Decimal("173240"),
        holder=CaseParty(name="Nike Innovate C.V."),
        recordation=CaseRecordation(recordation_no="T2019-12345", title="NIKE"),
        wait=Wait(
            kind=wait_kind,
            token="t",
            accepts=[wait_kind],
            notice_no="2200-2026-SUS-000002" if wait_kind == "holder_reply" else None,
            due=date(2026, 9, 17),
            opened_at=datetime(2026, 9, 14, tzinfo=UTC),
        ),
    )


def _args(**changes) -> argparse.Namespace:
    values = {"decision": "detain", "guarantee": "cash", "amount": None} | changes
    return argparse.Namespace(**values)


def test_the_reply_answers_the_case_notice_with_the_guarantee_it_needs():
    # GIVEN a case waiting for the holder's reply; goods worth 173,240 RMB
    data = build_reply(_case(), date(2026, 9, 15), _args())

    # WHEN the reply PDF is drawn and read back by the real parser
    reply = HolderResponse.model_validate(data)
    parsed = parse_reply(reply_pdf(reply, declaration_no="224420260000123456"), filename="r.pdf")

    # THEN it quotes the notice and offers the Art. 23 guarantee: 50 % of the value
    assert parsed.notice_no == "2200-2026-SUS-000002"
    assert parsed.decision.value == "detain"
    assert parsed.guarantee is not None and parsed.guarantee.amount == Decimal("86620.00")
    assert parsed.reply_date == date(2026, 9, 15)


def test_a_no_detention_reply_explains_instead():
    data = build_reply(_case(), date(2026, 9, 15), _args(decision="no_detention"))

    assert data["decision"] == "no_detention"
    assert "guarantee" not in data and data["reasons"]


def test_a_case_not_waiting_for_the_holder_cannot_be_answered_by_a_reply():
    with pytest.raises(Conflict, match="waits for investigation"):
        build_reply(_case("investigation"), date(2026, 9, 15), _args())


def test_the_reply_code_comes_from_the_notice_e_mail_in_the_mailbox(tmp_path, monkeypatch):
    from customs_ipr.config import get_settings
    from customs_ipr_tools.cli.sample import _code_from_mailbox

    # GIVEN the local stack's mailbox holds the suspension notice's e-mail with its code
    (tmp_path / "2200-2026-SUS-000002-ipr@nike.example.com.eml").write_text(
        "Subject: 2200-2026-SUS-000002\nContent-Type: text/plain; charset=utf-8\n\n"
        "通知书编号 2200-2026-SUS-000002\n答复码 / Reply code: K7QH-2M9X-4TRB\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("MAILBOX_DIR", str(tmp_path))
    get_settings.cache_clear()
    # THEN the sample reply carries that code, and a notice with no e-mail has none
    assert _code_from_mailbox("2200-2026-SUS-000002") == "K7QH-2M9X-4TRB"
    assert _code_from_mailbox("2200-2026-SUS-000009") is None
