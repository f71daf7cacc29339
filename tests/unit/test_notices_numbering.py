"""Notice numbers: <office>-<year>-<kind abbreviation>-<6-digit sequence>, from a yearly counter."""

from __future__ import annotations

from datetime import date

import boto3
import pytest
from moto import mock_aws

from customs_ipr.errors import InvalidInput
from customs_ipr.notices import DynamoNoticeCounter, NoticeKind, new_notice_no
from customs_ipr.notices.numbering import NOTICE_NO


def test_number_has_office_year_kind_and_sequence():
    number = new_notice_no(NoticeKind.SUSPENSION_NOTICE, date(2026, 3, 9), 42)

    assert number == "2200-2026-SUS-000042"
    assert NOTICE_NO.match(number).group("abbr") == "SUS"


def test_sequence_callable_is_asked_for_the_year_of_issue():
    asked = []

    def counter(year: int) -> int:
        asked.append(year)
        return 7

    number = new_notice_no("confiscation_notice", date(2027, 1, 4), counter, office_code="3100")

    assert number == "3100-2027-CNF-000007"
    assert asked == [2027]


@pytest.mark.parametrize("sequence", [0, 1_000_000])
def test_sequence_out_of_range_is_refused(sequence):
    with pytest.raises(InvalidInput, match=r"outside 1\.\.999999"):
        new_notice_no(NoticeKind.RELEASE_NOTICE, date(2026, 1, 5), sequence)


def test_every_kind_has_its_own_abbreviation():
    numbers = {new_notice_no(kind, date(2026, 1, 5), 1) for kind in NoticeKind}

    assert len(numbers) == len(NoticeKind)
    assert all(NOTICE_NO.match(n) for n in numbers)


@mock_aws
def test_dynamodb_counter_counts_per_year_from_one():
    # GIVEN the cases table (pk/sk strings)
    boto3.client("dynamodb").create_table(
        TableName="cases",
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    counter = DynamoNoticeCounter("cases")

    # WHEN numbers are drawn in 2026 and then in 2027
    numbers_2026 = [
        new_notice_no(NoticeKind.DETENTION_NOTICE, date(2026, 5, 6), counter) for _ in range(3)
    ]
    first_2027 = new_notice_no(NoticeKind.DETENTION_NOTICE, date(2027, 1, 4), counter)

    # THEN each year counts from 1 and the counter item holds the last value
    assert numbers_2026 == [
        "2200-2026-DET-000001",
        "2200-2026-DET-000002",
        "2200-2026-DET-000003",
    ]
    assert first_2027 == "2200-2027-DET-000001"
    item = boto3.client("dynamodb").get_item(
        TableName="cases", Key={"pk": {"S": "COUNTER#notice"}, "sk": {"S": "2026"}}
    )["Item"]
    assert item["value"] == {"N": "3"}


def test_dynamodb_counter_defaults_to_the_configured_cases_table(monkeypatch):
    monkeypatch.setenv("CASES_TABLE", "my-cases")

    assert DynamoNoticeCounter().table_name == "my-cases"
