"""Changes, renewal windows and reminders, lapse, and the daily alerts on due decisions."""

from __future__ import annotations

import json
from datetime import date

import boto3
import pytest
from fixtures import lifecycle_data as ld
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sns.models import sns_backends

from customs_ipr.documents.models import Declaration, Direction, GoodsItem, Party
from customs_ipr.errors import Conflict, InvalidInput
from customs_ipr.recordations.lifecycle.renewals import renewal_window_opens, subtract_months
from customs_ipr.recordations.lifecycle.service import Lifecycle, default_lifecycle
from customs_ipr.recordations.lifecycle_notices import LifecycleNotifier
from customs_ipr.recordations.models import Recordation, RecordationStatus
from customs_ipr.recordations.store import DynamoRecordationStore
from customs_ipr.screening.matching import screen_declaration


@pytest.fixture
def spy():
    return ld.NoticeSpy()


@pytest.fixture
def topic(monkeypatch):
    ld.env(monkeypatch)
    with mock_aws():
        arn = ld.create_resources()
        monkeypatch.setenv("ALERT_TOPIC_ARN", arn)
        yield arn


@pytest.fixture
def life(topic, spy):
    return default_lifecycle(
        recordations=DynamoRecordationStore(),
        notifier=LifecycleNotifier(issuer=spy, counter=ld.counter()),
        today=lambda: date(2026, 9, 25),
    )


def recorded(life: Lifecycle, *, valid_from: date, valid_until: date, ip_expiry: date | None):
    """An imported recordation (no application on file), with the IP's expiry if known."""
    from customs_ipr.recordations.lifecycle_store import RecordationLife

    recordation = Recordation(
        recordation_no="T2016-01234",
        ip_type="trademark",
        title="NIKE",
        aliases=["耐克"],
        holder={
            "name": "Nike Innovate C.V.",
            "country": "Netherlands",
            "email": "ipr-china@nike.example.com",
        },
        goods=[{"name": "运动鞋", "hs_codes": ["6403", "6404"]}],
        licensees=[{"name": "耐克体育（中国）有限公司", "code": "3122260001"}],
        valid_from=valid_from,
        valid_until=valid_until,
    )
    life.recordations.save(recordation, source="import")
    if ip_expiry:
        life.records.put_life(
            RecordationLife(recordation_no="T2016-01234", ip_expires_on=ip_expiry)
        )
    return recordation


def declaration(on: date) -> Declaration:
    return Declaration(
        direction=Direction.IMPORT,
        declaration_date=on,
        consignee=Party(name="上海蓝海贸易有限公司", code="3101234567"),
        items=[GoodsItem(item_no=1, hs_code="6403990090", name="运动鞋", brand="NIKE")],
    )


# ---------------------------------------------------------------- month arithmetic
def test_window_opens_six_months_before_and_clamps_short_months():
    assert renewal_window_opens(date(2027, 3, 15)) == date(2026, 9, 15)
    assert renewal_window_opens(date(2026, 8, 31)) == date(2026, 2, 28)
    assert subtract_months(date(2028, 8, 31), 6) == date(2028, 2, 29)
    assert subtract_months(date(2026, 1, 10), 13) == date(2024, 12, 10)


# ---------------------------------------------------------------- changes
def test_change_filed_in_time_is_kept_in_history(life):
    recorded(life, valid_from=date(2020, 1, 1), valid_until=date(2029, 12, 31), ip_expiry=None)

    filing = life.file_change(
        "T2016-01234",
        {
            "changed_on": "2026-09-01",
            "description": "new contact address",
            "set": {
                "holder": {
                    "name": "Nike Innovate C.V.",
                    "country": "Netherlands",
                    "email": "brand-protection@nike.example.com",
                }
            },
            "add_licensees": [{"name": "上海蓝海贸易有限公司", "code": "3101234567"}],
        },
    )

    assert filing.change_id == "CH2026-00001"
    assert filing.filed_on == date(2026, 9, 25)
    assert filing.due == date(2026, 10, 19)
    assert filing.late is False
    assert filing.fields == ["holder", "licensees"]
    current = life.recordations.get("T2016-01234")
    assert current.holder.email == "brand-protection@nike.example.com"
    assert [t.code for t in current.licensees] == ["3122260001", "3101234567"]
    last = life.recordations.history("T2016-01234")[-1]
    assert last.source == "change CH2026-00001: happened 2026-09-01, filed 2026-09-25"
    assert sorted(last.changes) == ["holder", "licensees"]
    assert life.changes("T2016-01234") == [filing]


def test_late_change_is_recorded_and_flagged(life):
    recorded(life, valid_from=date(2020, 1, 1), valid_until=date(2029, 12, 31), ip_expiry=None)

    # GIVEN a licensee withdrawn on 1 August, filed on 25 September (due 11 September)
    filing = life.file_change(
        "T2016-01234", {"changed_on": "2026-08-01", "remove_licensees": ["3122260001"]}
    )

    assert filing.due == date(2026, 9, 11)
    assert filing.late is True
    assert life.recordations.get("T2016-01234").licensees == []
    assert life.recordations.history("T2016-01234")[-1].source.endswith("LATE (due 2026-09-11)")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"changed_on": "2026-09-01", "set": {"title": "NIKE AIR"}}, "not title"),
        ({"changed_on": "2026-10-01", "set": {"aliases": []}}, "before it happened"),
        ({"changed_on": "2026-09-01", "remove_licensees": ["nobody"]}, "not a recorded licensee"),
        ({"changed_on": "2026-09-01", "set": {"aliases": ["耐克"]}}, "does not alter"),
        ({"set": {"aliases": []}}, "needs changed_on"),
    ],
)
def test_bad_changes_are_refused(life, change, message):
    recorded(life, valid_from=date(2020, 1, 1), valid_until=date(2029, 12, 31), ip_expiry=None)
    with pytest.raises(InvalidInput, match=message):
        life.file_change("T2016-01234", change)


# ---------------------------------------------------------------- renewals
def test_renewal_is_refused_before_the_window_and_after_the_lapse(life):
    recorded(
        life, valid_from=date(2017, 6, 1), valid_until=date(2027, 5, 31), ip_expiry=date(2040, 1, 1)
    )
    with pytest.raises(Conflict, match="can be renewed from 2026-11-30"):
        life.renew("T2016-01234", applied_on=date(2026, 11, 29))
    with pytest.raises(Conflict, match="lapsed"):
        life.renew("T2016-01234", applied_on=date(2027, 6, 1))


def test_renewal_extends_ten_years_from_the_old_expiry_capped_by_the_right(life):
    # GIVEN a recordation lapsing on 31 March 2027, the right expiring in 2035
    recorded(
        life, valid_from=date(2017, 4, 1), valid_until=date(2027, 3, 31), ip_expiry=date(2035, 8, 1)
    )

    # WHEN the holder renews on the first day of the window
    renewal = life.renew("T2016-01234", applied_on=date(2026, 9, 30))

    # THEN the new term follows the old one and ends with the right
    assert renewal.new_from == date(2027, 4, 1)
    assert renewal.new_until == date(2035, 8, 1)
    with pytest.raises(Conflict, match="already renewed"):
        life.renew("T2016-01234", applied_on=date(2026, 10, 1))
    # AND the schedule switches it in on its first day, nothing earlier
    assert life.schedule.activate_renewals(date(2027, 3, 31)) == []
    assert life.run_schedules(date(2027, 4, 1))["renewals_activated"] == ["T2016-01234"]
    current = life.recordations.get("T2016-01234")
    assert (current.valid_from, current.valid_until) == (date(2017, 4, 1), date(2035, 8, 1))
    assert current.current_term == (date(2027, 4, 1), date(2035, 8, 1))
    assert current.renewals == 1
    assert life.recordations.history("T2016-01234")[-1].source == (
        "renewal applied for on 2026-09-30"
    )


def test_renewal_without_a_known_right_expiry_asks_for_it(life):
    recorded(life, valid_from=date(2017, 4, 1), valid_until=date(2027, 3, 31), ip_expiry=None)
    with pytest.raises(InvalidInput, match="--ip-expires-on"):
        life.renew("T2016-01234", applied_on=date(2026, 10, 1))
    renewal = life.renew(
        "T2016-01234", applied_on=date(2026, 10, 1), ip_expires_on=date(2045, 1, 1)
    )
    assert renewal.new_until == date(2037, 3, 31)


def test_reminder_goes_once_when_the_window_opens(life, spy):
    recorded(
        life,
        valid_from=date(2017, 3, 16),
        valid_until=date(2027, 3, 15),
        ip_expiry=date(2040, 1, 1),
    )

    # before the window: nothing
    assert life.run_schedules(date(2026, 9, 14))["reminders"] == []
    # first day of the window: one reminder to the holder, due the day it lapses
    [sent] = life.run_schedules(date(2026, 9, 15))["reminders"]
    assert sent["recordation_no"] == "T2016-01234"
    context, recipients = spy.issued[-1]
    assert context.kind.value == "renewal_reminder"
    assert context.due_date == date(2027, 3, 15)
    assert [r.email for r in recipients] == ["ipr-china@nike.example.com"]
    # next day: not again
    assert life.run_schedules(date(2026, 9, 16))["reminders"] == []


def test_lapsed_recordation_no_longer_matches_declarations(life):
    recorded(
        life,
        valid_from=date(2016, 9, 25),
        valid_until=date(2026, 9, 24),
        ip_expiry=date(2040, 1, 1),
    )
    store = life.recordations

    # the day it lapses it still protects
    before = screen_declaration(declaration(date(2026, 9, 24)), store)
    assert before.items[0].outcome.value == "hit"

    # the schedule the next day marks it lapsed, and the same goods are clear
    assert life.run_schedules(date(2026, 9, 25))["lapsed"] == ["T2016-01234"]
    assert store.get("T2016-01234").status is RecordationStatus.LAPSED
    after = screen_declaration(declaration(date(2026, 9, 25)), store)
    assert after.items[0].outcome.value == "clear"
    assert after.action.value == "release"


# ---------------------------------------------------------------- decision alerts
def test_alert_lists_applications_due_within_five_working_days_or_overdue(life, topic):
    data = ld.application(ld.DOMESTIC_APPLICATION)
    soon = life.receive_application(
        data, ld.attachments_for(data), source="t", received_on=date(2026, 9, 25)
    )  # due 12 Nov
    late = life.receive_application(
        data, ld.attachments_for(data), source="t", received_on=date(2026, 9, 1)
    )  # due 19 Oct
    later = life.receive_application(
        data, ld.attachments_for(data), source="t", received_on=date(2026, 10, 19)
    )  # due 30 Nov
    assert (soon.decision_due, late.decision_due, later.decision_due) == (
        date(2026, 11, 12),
        date(2026, 10, 19),
        date(2026, 11, 30),
    )
    queue = boto3.client("sqs").create_queue(QueueName="alerts")["QueueUrl"]
    boto3.client("sns").subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=boto3.client("sqs").get_queue_attributes(
            QueueUrl=queue, AttributeNames=["QueueArn"]
        )["Attributes"]["QueueArn"],
    )

    # WHEN the schedule runs on Thursday 5 November (12 Nov is 5 working days away)
    result = life.run_schedules(date(2026, 11, 5))

    # THEN the overdue and the due-soon applications are alerted, the later one is not
    states = {a["application_no"]: a["state"] for a in result["alerts"]}
    assert states == {late.application_no: "overdue", soon.application_no: "due_soon"}
    assert result["alert_message_id"]
    [message] = boto3.client("sqs").receive_message(QueueUrl=queue)["Messages"]
    body = json.loads(json.loads(message["Body"])["Message"])
    assert body["kind"] == "recordation_decisions"
    assert {a["application_no"] for a in body["applications"]} == set(states)
    assert sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].topics[topic]


def test_a_bad_change_names_every_problem_of_its_form_at_once(life):
    # GIVEN a change with an unknown key, no date and a field that cannot change
    recorded(life, valid_from=date(2020, 1, 1), valid_until=date(2029, 12, 31), ip_expiry=None)
    change = {"colour": "red", "set": {"title": "NIKE AIR"}}
    # WHEN it is filed
    with pytest.raises(InvalidInput) as refused:
        life.file_change("T2016-01234", change)
    # THEN one message names all three
    message = str(refused.value)
    assert "does not take colour" in message
    assert "needs changed_on" in message
    assert "not title" in message
