"""``case list`` / ``case show`` as tables, and ``case show --timeline`` as a picture."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from customs_ipr.cases.model import (
    Case,
    CaseDeadline,
    CaseEvent,
    CaseGoods,
    CaseParty,
    CasePath,
    CaseRecordation,
    CaseStatus,
    CaseView,
    Wait,
)
from customs_ipr_tools.cli.case_view import days_left, list_text, show_text
from customs_ipr_tools.cli.tables import table, width

SHA = "ab" * 32


def _view(status: CaseStatus = CaseStatus.SUSPENDED, wait: bool = True) -> CaseView:
    case = Case(
        case_id="EXO-224420260000123456-T2019-12345",
        path=CasePath.EX_OFFICIO,
        status=status,
        created_at=datetime(2026, 9, 14, 2, tzinfo=UTC),
        started_on=date(2026, 9, 14),
        legal_date=date(2026, 9, 15),
        declaration_ref="224420260000123456",
        goods=[
            CaseGoods(item_no=1, name="运动鞋", brand="NIKE", hs_code="6403990090", quantity=1200)
        ],
        value_rmb=Decimal("173240"),
        consignee=CaseParty(name="上海蓝海贸易有限公司", code="91310115MA1H7K2Q3X"),
        holder=CaseParty(name="Nike Innovate C.V.", email="ipr@nike.example.com"),
        recordation=CaseRecordation(
            recordation_no="T2019-12345", title="NIKE", ip_type="trademark"
        ),
        recordation_nos=["T2019-12345"],
        wait=Wait(
            kind="holder_reply",
            token="secret-token",
            accepts=["holder_reply"],
            notice_no="2200-2026-SUS-000001",
            due=date(2026, 9, 17),
            opened_at=datetime(2026, 9, 15, tzinfo=UTC),
        )
        if wait
        else None,
    )
    return CaseView(
        case=case,
        history=[
            CaseEvent(
                at=datetime(2026, 9, 15, tzinfo=UTC),
                legal_date=date(2026, 9, 15),
                event="release_suspended",
                state="Suspend release",
                status="suspended",
            )
        ],
        deadlines=[
            CaseDeadline(
                rule="holder_reply",
                basis="Implementing Measures Art. 22",
                start=date(2026, 9, 14),
                due=date(2026, 9, 17),
                count=3,
                unit="working_days",
            )
        ],
        notices=[
            {
                "notice_no": "2200-2026-SUS-000001",
                "kind": "suspension_notice",
                "issued_on": "2026-09-14",
                "sha256": SHA,
                "recipients": [{"role": "holder", "status": "sent"}],
            }
        ],
        documents=[],
    )


def test_chinese_counts_two_cells_so_columns_align():
    text = table(["name", "n"], [["上海海关", 1], ["abc", 22]])

    lines = text.splitlines()
    assert width("上海海关") == 8
    first, second = lines[2], lines[3]
    assert width(first[: first.index("1")]) == width(second[: second.index("22")]) == 10


def test_show_puts_state_wait_deadline_and_notice_first_and_hides_the_token(monkeypatch):
    monkeypatch.setattr(
        "customs_ipr_tools.cli.case_view._legal_today", lambda case: date(2026, 9, 15)
    )

    text = show_text(_view())

    assert "suspended" in text
    assert "holder_reply (answering notice 2200-2026-SUS-000001), due 2026-09-17" in text
    assert "2 working days" in text  # 16 and 17 September are working days
    assert "Implementing Measures Art. 22" in text
    assert SHA in text
    assert "上海蓝海贸易有限公司" in text and "Nike Innovate C.V." in text
    assert "T2019-12345" in text
    assert "secret-token" not in text
    assert len(text.splitlines()) < 60


def test_show_names_the_fields_an_officer_must_check_on_a_declaration_read_in_part(monkeypatch):
    monkeypatch.setattr(
        "customs_ipr_tools.cli.case_view._legal_today", lambda case: date(2026, 9, 15)
    )
    view = _view()
    flagged = view.case.model_copy(update={"needs_review": True, "missing": ["port"]})

    text = show_text(view.model_copy(update={"case": flagged}))

    assert "missing port" in text
    assert "needs review" not in show_text(view)


def test_days_left_counts_working_days_with_the_due_day_included():
    # 2026-09-30 → 2026-10-10 spans the National Day holiday: 3 working days (README)
    assert days_left(date(2026, 9, 30), date(2026, 10, 10), final=False) == "3 working days"
    assert days_left(date(2026, 9, 16), date(2026, 9, 17), final=False) == "1 working day"
    assert days_left(date(2026, 9, 15), date(2026, 9, 15), final=False) == "today is the last day"
    assert days_left(date(2026, 9, 18), date(2026, 9, 17), final=False) == "passed"
    assert days_left(date(2026, 9, 15), date(2026, 9, 17), final=True) == "ended"


def test_list_prints_one_line_per_case():
    view = _view()

    text = list_text([view.case, view.case.model_copy(update={"case_id": "EXO-2"})])

    assert text.count("EXO-") == 2
    assert "holder_reply" in text and "2026-09-17" in text
    assert text.endswith("2 case(s), newest first")


def test_list_of_nothing_says_so():
    assert list_text([]) == "No cases yet."


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_timeline_is_drawn_with_weekends_and_holidays_shaded(tmp_path, suffix):
    pytest.importorskip("matplotlib")
    from customs_ipr_tools.cli.case_timeline import draw_timeline

    out = tmp_path / f"case{suffix}"

    drawn = draw_timeline(_view(), out)

    assert out.is_file() and out.stat().st_size > 1000
    assert drawn["notices"] == 1 and drawn["deadlines"] == 1
    # 13-20 Sep: 13 (Sun) and 19 (Sat) are off; 20 (Sun) is a make-up working day
    assert drawn["days_off_shaded"] == 2
    if suffix == ".svg":
        assert "<svg" in out.read_text(encoding="utf-8")
    else:
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_timeline_refuses_an_unknown_picture_format(tmp_path):
    pytest.importorskip("matplotlib")
    from customs_ipr.errors import InvalidInput
    from customs_ipr_tools.cli.case_timeline import draw_timeline

    with pytest.raises(InvalidInput, match="svg"):
        draw_timeline(_view(), tmp_path / "case.txt")


def test_a_closed_case_previews_its_notices_with_the_dates_they_carried(monkeypatch):
    from fixtures import lifecycle_data as ld
    from moto import mock_aws

    from customs_ipr.cases.preview import preview_data
    from customs_ipr.cases.store import CaseStore
    from customs_ipr.notices import NoticeKind, build_context, render

    ld.env(monkeypatch)
    with mock_aws():
        ld.create_resources()
        view = _view(status=CaseStatus.RELEASED, wait=False)
        case = view.case.model_copy(update={"release_reason": "no_application"})
        store = CaseStore()
        store.create(case)
        store.put_deadline(
            case.case_id,
            view.deadlines[0].model_copy(
                update={"rule": "ip_status_declaration", "due": date(2026, 9, 17)}
            ),
        )

        # WHEN the notices of the released case are previewed
        requirement = NoticeKind.REQUIRE_IP_STATUS_DECLARATION
        suspension = build_context(preview_data(case.case_id, requirement))
        release = build_context(preview_data(case.case_id, NoticeKind.RELEASE_NOTICE))

        # THEN each has what it needs: the recorded due date, the release reason
        assert suspension.due_date == date(2026, 9, 17)
        assert release.facts.release_reason == "no_application"
        assert "至2026年9月17日（含当日）" in render(suspension).text
