"""Issue 17 points 8 and 10: renewed recordations and the Art. 24 general guarantee."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from customs_ipr.cases.model import Case, CasePath, CaseRecordation, GeneralGuaranteeRef
from customs_ipr.cases.rules.guarantee import assess, general_guarantee_status
from customs_ipr.recordations.importer import import_text
from customs_ipr.recordations.models import Recordation
from customs_ipr.recordations.store import InMemoryRecordationStore


def _record(**changes) -> dict:
    record = {
        "recordation_no": "T2012-00456",
        "ip_type": "trademark",
        "title": "ACME",
        "holder": {"name": "Acme Inc.", "country": "US"},
        "goods": [{"name": "footwear", "hs_codes": ["6403"]}],
        "valid_from": "2012-03-01",
        "valid_until": "2022-02-28",
    }
    record.update(changes)
    return record


def test_a_renewed_recordation_keeps_its_first_approval_and_is_imported():
    # GIVEN a register line: first approved 2012-03-01, renewed, current expiry 2032-02-29
    text = json.dumps(_record(valid_until="2032-02-29"))
    store = InMemoryRecordationStore()
    # WHEN imported
    result = import_text(text, store, source="register")
    # THEN it is accepted, with its current term derived from the first approval
    assert (result.created, result.rejected) == (1, 0), result.errors
    recordation = store.get("T2012-00456")
    assert recordation.valid_from == date(2012, 3, 1)
    assert recordation.current_term == (date(2022, 3, 1), date(2032, 2, 29))
    assert recordation.renewals == 1
    assert recordation.is_valid_on(date(2016, 1, 1)) and recordation.is_valid_on(date(2031, 1, 1))


def test_a_stated_term_longer_than_ten_years_or_off_the_renewal_dates_is_refused():
    store = InMemoryRecordationStore()
    lines = [
        _record(valid_until="2033-03-01", term_from="2022-03-01"),
        _record(valid_until="2031-01-01", term_from="2021-01-01"),
        _record(valid_until="2032-02-29", term_from="2022-03-01"),
    ]
    result = import_text("\n".join(json.dumps(r) for r in lines), store, source="register")
    assert (result.created, result.rejected) == (1, 2)
    assert "exceeds 10 years" in result.errors[0].reason
    assert "not the start of a renewed term" in result.errors[1].reason


@pytest.mark.parametrize(
    ("amount", "accepted"), [("1", False), ("199999.99", False), ("200000", True)]
)
def test_a_general_guarantee_below_200000_is_refused_at_import(amount, accepted):
    general = {"amount": amount, "approved_on": "2026-01-05", "expires_on": "2026-12-31"}
    text = json.dumps(
        _record(valid_from="2019-06-01", valid_until="2029-05-31", general_guarantee=general)
    )
    result = import_text(text, InMemoryRecordationStore(), source="t")
    assert (result.rejected == 0) is accepted
    if not accepted:
        assert "below the RMB 200,000 minimum" in result.errors[0].reason


def _case(called_on: date | None = None) -> Case:
    general = GeneralGuaranteeRef(
        amount=Decimal("200000"), approved_on=date(2026, 1, 5), called_on=called_on
    )
    return Case(
        case_id="EXO-1",
        path=CasePath.EX_OFFICIO,
        created_at=datetime(2026, 5, 1, tzinfo=UTC),
        started_on=date(2026, 5, 1),
        value_rmb=Decimal("71000"),
        recordation=CaseRecordation(title="ACME", ip_type="trademark", general_guarantee=general),
    )


def test_a_called_general_guarantee_no_longer_covers_and_a_per_case_one_is_needed():
    # GIVEN GAC issued a notice of performance on 2026-04-20
    case = _case(called_on=date(2026, 4, 20))
    # THEN the general guarantee covers detentions before that day only
    assert general_guarantee_status(case, date(2026, 4, 19))[0] is True
    covered, why = general_guarantee_status(case, date(2026, 5, 4))
    assert covered is False and "notice of performance" in why
    # AND a reply relying on it waits for a per-case guarantee of 35,500 (Art. 23)
    assessed = assess(case, {"form": "general"}, Decimal("35500"), date(2026, 5, 4), None)
    assert assessed.outcome == "top_up" and "35500" in assessed.detail
    uncalled = assess(_case(), {"form": "general"}, Decimal("35500"), date(2026, 5, 4), None)
    assert uncalled.outcome == "detain"


def test_the_called_date_is_part_of_the_recordation():
    general = {
        "amount": "250000",
        "approved_on": "2026-01-05",
        "expires_on": "2026-12-31",
        "called_on": "2026-04-20",
    }
    recordation = Recordation.model_validate(
        _record(valid_from="2019-06-01", valid_until="2029-05-31", general_guarantee=general)
    )
    assert recordation.general_guarantee.called_on == date(2026, 4, 20)
    assert not recordation.general_guarantee.covers(date(2026, 4, 20))
    assert recordation.general_guarantee.covers(date(2026, 4, 19))


def test_gac_calling_the_general_guarantee_is_recorded_once_with_history():
    from customs_ipr.errors import Conflict
    from customs_ipr.recordations.general_guarantee import call_general_guarantee

    general = {"amount": "200000", "approved_on": "2026-01-05", "expires_on": "2026-12-31"}
    store = InMemoryRecordationStore(
        [
            Recordation.model_validate(
                _record(
                    valid_from="2019-06-01", valid_until="2029-05-31", general_guarantee=general
                )
            )
        ]
    )
    result = call_general_guarantee(store, "t2012-00456", date(2026, 4, 20))
    assert result["action"] == "updated"
    assert store.get("T2012-00456").general_guarantee.called_on == date(2026, 4, 20)
    assert "notice of performance" in store.history("T2012-00456")[-1].source
    with pytest.raises(Conflict, match="already called"):
        call_general_guarantee(store, "T2012-00456", date(2026, 5, 1))


def test_the_suspension_notice_states_the_guarantee_due_or_the_general_guarantee():
    from customs_ipr.cases.rules.guarantee import suspension_facts

    # GIVEN goods worth 71,000 RMB and no general guarantee: 50 % is due (Art. 23)
    plain = _case().model_copy(update={"recordation": CaseRecordation(title="ACME")})
    assert suspension_facts(plain, date(2026, 5, 4)) == {"guarantee_amount": "35500.00"}
    # AND with a general guarantee covering the date, the notice says it applies
    assert suspension_facts(_case(), date(2026, 5, 4)) == {"general_guarantee": True}
    # AND once GAC called it, the per-case amount is due again
    called = _case(called_on=date(2026, 4, 20))
    assert suspension_facts(called, date(2026, 5, 4)) == {"guarantee_amount": "35500.00"}
    # AND without a value nothing is promised
    unknown = plain.model_copy(update={"value_rmb": None})
    assert suspension_facts(unknown, date(2026, 5, 4)) == {}
