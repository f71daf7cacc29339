"""Pre-confirmation of rights: a trader cleared in advance passes screening as licensed."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures import lifecycle_data as ld
from moto import mock_aws

from customs_ipr.documents.models import Declaration, Direction, GoodsItem, Party, Port
from customs_ipr.errors import Conflict, InvalidInput
from customs_ipr.recordations.lifecycle.service import default_lifecycle
from customs_ipr.recordations.lifecycle_notices import LifecycleNotifier
from customs_ipr.recordations.lifecycle_store import PreconfirmationStatus
from customs_ipr.recordations.models import Recordation
from customs_ipr.recordations.preconfirm import Preconfirmations
from customs_ipr.recordations.store import DynamoRecordationStore
from customs_ipr.screening.matching import screen_declaration

TRADER = {"name": "上海蓝海贸易有限公司", "code": "3101234567"}


@pytest.fixture
def pre(monkeypatch):
    ld.env(monkeypatch)
    with mock_aws():
        ld.create_resources()
        life = default_lifecycle(
            recordations=DynamoRecordationStore(),
            notifier=LifecycleNotifier(issuer=ld.NoticeSpy(), counter=ld.counter()),
            today=lambda: date(2026, 9, 25),
        )
        life.recordations.save(
            Recordation(
                recordation_no="T2019-12345",
                ip_type="trademark",
                title="NIKE",
                holder={"name": "Nike Innovate C.V.", "country": "Netherlands"},
                goods=[
                    {"name": "鞋", "hs_codes": ["6403", "6404"]},
                    {"name": "服装", "hs_codes": ["6109"]},
                ],
                licensees=[{"name": "耐克体育（中国）有限公司", "code": "3122260001"}],
                valid_from=date(2019, 5, 1),
                valid_until=date(2029, 4, 30),
            ),
            source="import",
        )
        yield Preconfirmations(life)


def request(**changes):
    data = {
        "recordation_no": "T2019-12345",
        "trader": TRADER,
        "hs_codes": ["6403"],
        "valid_from": "2026-10-01",
        "valid_until": "2027-09-30",
        "port": "2244 洋山港区",
        "documents": [{"kind": "licence_contract", "file": "licence.pdf"}],
    }
    data.update(changes)
    return data


def shoes(on: date, hs_code: str = "6403990090") -> Declaration:
    return Declaration(
        direction=Direction.IMPORT,
        declaration_date=on,
        consignee=Party(name="上海蓝海贸易有限公司", code="3101234567"),
        port=Port(code="2244", name="洋山港区"),  # the port the pre-confirmation records
        items=[GoodsItem(item_no=1, hs_code=hs_code, name="运动鞋", brand="NIKE")],
    )


def test_pre_confirmed_trader_passes_screening_for_its_goods_and_period(pre):
    store = pre.recordations
    assert screen_declaration(shoes(date(2026, 10, 8)), store).items[0].outcome.value == "hit"

    # GIVEN the trader's request, which waits for the holder
    asked = pre.request(request(), {"licence.pdf": ld.PDF})
    assert asked.request_id == "PC2026-00001"
    assert asked.status is PreconfirmationStatus.REQUESTED
    assert store.get("T2019-12345").preconfirmations == []

    # WHEN the holder confirms
    confirmed = pre.confirm(asked.request_id)

    # THEN its shoes are licensed within the period, and nothing else is
    assert confirmed.status is PreconfirmationStatus.CONFIRMED
    assert confirmed.confirmed_by == "holder"
    result = screen_declaration(shoes(date(2026, 10, 8)), store)
    assert result.items[0].outcome.value == "licensed"
    assert result.action.value == "release"
    assert screen_declaration(shoes(date(2027, 10, 8)), store).items[0].outcome.value == "hit"
    other_goods = shoes(date(2026, 10, 8), hs_code="6404110000")
    assert screen_declaration(other_goods, store).items[0].outcome.value == "hit"
    assert store.history("T2019-12345")[-1].source == (
        "pre-confirmation PC2026-00001 of 上海蓝海贸易有限公司 confirmed (holder)"
    )
    assert [r.request_id for r in pre.list("T2019-12345")] == ["PC2026-00001"]


def test_withdrawal_removes_the_trader_and_is_kept_in_history(pre):
    store = pre.recordations
    confirmed = pre.confirm(pre.request(request(), {"licence.pdf": ld.PDF}).request_id)

    withdrawn = pre.withdraw(confirmed.request_id, reason="licence terminated")

    assert withdrawn.status is PreconfirmationStatus.WITHDRAWN
    assert store.get("T2019-12345").preconfirmations == []
    assert screen_declaration(shoes(date(2026, 10, 8)), store).items[0].outcome.value == "hit"
    assert store.history("T2019-12345")[-1].source == (
        "pre-confirmation PC2026-00001 of 上海蓝海贸易有限公司 withdrawn: licence terminated"
    )
    with pytest.raises(Conflict):
        pre.withdraw(confirmed.request_id)


def test_recorded_licensee_is_confirmed_at_once(pre):
    # the licensee's customs code matches (a name alone no longer confirms: issue 17 point 9)
    data = request(trader={"name": "耐克体育(中国)有限公司", "code": "3122260001"})
    confirmed = pre.request(data, {"licence.pdf": ld.PDF})
    assert confirmed.status is PreconfirmationStatus.CONFIRMED
    assert confirmed.confirmed_by == "recorded_licence"
    [entry] = pre.recordations.get("T2019-12345").preconfirmations
    assert entry.name == "耐克体育(中国)有限公司"


def test_period_is_cut_to_the_recordation_validity(pre):
    asked = pre.request(request(valid_until="2031-12-31"), {"licence.pdf": ld.PDF})
    assert asked.valid_until == date(2029, 4, 30)
    assert asked.note == "period cut to the recordation's validity (2029-04-30)"


@pytest.mark.parametrize(
    ("changes", "attachments", "message"),
    [
        ({"hs_codes": ["0808"]}, {"licence.pdf": ld.PDF}, "outside the goods recorded"),
        ({}, {}, "supporting document"),
        ({"valid_until": "2026-01-01"}, {"licence.pdf": ld.PDF}, "ends before it starts"),
        ({"trader": {"code": "3101234567"}}, {"licence.pdf": ld.PDF}, "needs a name"),
    ],
)
def test_bad_requests_are_refused(pre, changes, attachments, message):
    with pytest.raises(InvalidInput, match=message):
        pre.request(request(**changes), attachments)


def test_a_request_names_every_problem_of_its_form_at_once(pre):
    # GIVEN a request without HS codes, with a reversed period and no attachment
    data = request(hs_codes=[], valid_from="2026-10-01", valid_until="2026-09-01")

    with pytest.raises(InvalidInput) as refused:
        pre.request(data, {})

    message = str(refused.value)
    assert "HS codes" in message
    assert "ends before it starts" in message
    assert "supporting document" in message


def test_name_match_alone_does_not_confirm_at_once(pre):
    # GIVEN a trader named like the recorded licensee but with another customs code
    data = request(trader={"name": "耐克体育(中国)有限公司", "code": "3199999999"})
    # WHEN it asks for pre-confirmation
    filed = pre.request(data, {"licence.pdf": b"%PDF-1.4 licence"}, requested_on=date(2026, 9, 25))
    # THEN it waits for the holder: a company name alone is not proof
    assert filed.status is PreconfirmationStatus.REQUESTED


def test_confirmed_preconfirmation_keeps_its_port(pre):
    data = request(trader={"name": "耐克体育（中国）有限公司", "code": "3122260001"})
    filed = pre.request(data, {"licence.pdf": b"%PDF-1.4 licence"}, requested_on=date(2026, 9, 25))
    assert filed.status is PreconfirmationStatus.CONFIRMED
    [entry] = pre.recordations.get("T2019-12345").preconfirmations
    assert entry.port == "2244 洋山港区"
