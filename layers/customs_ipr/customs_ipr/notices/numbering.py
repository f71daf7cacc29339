"""Notice numbers: ``<office code>-<year>-<kind abbreviation>-<6-digit sequence>``.

Example: ``2200-2026-SUS-000042`` is the 42nd notice Shanghai Customs (district code
2200) issued in 2026, a notice of suspended release. The sequence is one counter per
year shared by all kinds, so numbers never repeat within a year and a gap shows a
missing notice. A number given from outside (e.g. a paper notice already issued) is
accepted as it is, as long as it is safe as a file name (``NoticeContext`` checks).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from customs_ipr import aws
from customs_ipr.config import get_settings
from customs_ipr.errors import InvalidInput
from customs_ipr.notices.kinds import NoticeKind, kind_info

DEFAULT_OFFICE_CODE = "2200"
"""Shanghai Customs district; matches the default ``office_name`` in the settings."""

NOTICE_NO = re.compile(
    r"^(?P<office>[0-9A-Z]{2,8})-(?P<year>\d{4})-(?P<abbr>[A-Z]{3})-(?P<seq>\d{6})$"
)

Sequence = Callable[[int], int]
"""Returns the next sequence number for a year (1, 2, 3, ...)."""


def new_notice_no(
    kind: NoticeKind | str,
    issued_on: date,
    sequence: Sequence | int,
    *,
    office_code: str = DEFAULT_OFFICE_CODE,
) -> str:
    """Format the number of a new notice; ``sequence`` is a counter or a number already drawn."""
    number = sequence(issued_on.year) if callable(sequence) else sequence
    if not 1 <= number <= 999_999:
        raise InvalidInput(f"Notice sequence {number} is outside 1..999999.")
    if not re.fullmatch(r"[0-9A-Z]{2,8}", office_code):
        raise InvalidInput(f"Office code {office_code!r} must be 2-8 digits or capitals.")
    return f"{office_code}-{issued_on.year:04d}-{kind_info(kind).abbr}-{number:06d}"


class DynamoNoticeCounter:
    """A yearly notice counter in the cases table: one atomic ``UpdateItem ADD`` per number.

    Item: ``pk="COUNTER#notice"``, ``sk="<year>"``, attribute ``value`` (a number). ADD
    creates the item on first use, so the first number of a year is 1.
    """

    PK = "COUNTER#notice"

    def __init__(self, table_name: str | None = None) -> None:
        if table_name is None:
            table_name = get_settings().cases_table
        self.table_name = table_name

    def __call__(self, year: int) -> int:
        answer = aws.client("dynamodb").update_item(
            TableName=self.table_name,
            Key={"pk": {"S": self.PK}, "sk": {"S": f"{year:04d}"}},
            UpdateExpression="ADD #v :one",
            ExpressionAttributeNames={"#v": "value"},
            ExpressionAttributeValues={":one": {"N": "1"}},
            ReturnValues="UPDATED_NEW",
        )
        return int(answer["Attributes"]["value"]["N"])
