"""DynamoDB access for cases (layout in :mod:`customs_ipr.cases.model`); no Scan anywhere.

Concurrency: the only contended write is answering a wait. :meth:`CaseStore.take_wait`
removes ``wait`` from the case record under the condition that it still holds the same
task token, so of two concurrent replies exactly one gets the token.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from customs_ipr import aws
from customs_ipr.cases.model import (
    Case,
    CaseDeadline,
    CaseDocument,
    CaseEvent,
    CaseView,
    Wait,
)
from customs_ipr.cases.repository import CaseRepository
from customs_ipr.config import get_settings
from customs_ipr.errors import Conflict, CustomsIprError, NotFound

META = "META"
LIST_KEY = "CASES"
STOPPED_PK = "CALENDAR_STOPPED"
"""Partition of the markers of cases stopped on an unknown calendar year."""


def _pk(case_id: str) -> str:
    return f"CASE#{case_id}"


def to_item(value: Any) -> Any:
    """JSON-mode values for DynamoDB: floats become Decimal (boto3 refuses floats)."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, dict):
        return {k: to_item(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [to_item(v) for v in value]
    return value


def _dump(model: Any) -> dict[str, Any]:
    return to_item(model.model_dump(mode="json"))


def now_utc() -> datetime:
    return datetime.now(UTC)


@contextmanager
def domain_errors(condition_failed: CustomsIprError) -> Iterator[None]:
    """The one place DynamoDB errors of the cases table become domain errors.

    A write whose ``ConditionExpression`` failed raises ``condition_failed`` (the same
    error :class:`~customs_ipr.cases.memory_store.InMemoryCaseStore` raises); any other
    error (throttling, a network failure) stays as it is, for the caller's retries.
    """
    try:
        yield
    except Exception as error:
        response = getattr(error, "response", None) or {}
        if response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            raise condition_failed from None
        raise


class CaseStore(CaseRepository):
    """Reads and writes case items; ``get`` matches what the notices preview expects."""

    def __init__(self, table_name: str | None = None) -> None:
        self.table_name = table_name or get_settings().cases_table

    @property
    def table(self) -> Any:
        return aws.resource("dynamodb").Table(self.table_name)

    # ------------------------------------------------------------ case record
    def create(self, case: Case) -> bool:
        """Write a new case; False when it already exists (a duplicate delivery)."""
        item = {
            "pk": _pk(case.case_id),
            "sk": META,
            "gsi1pk": LIST_KEY,
            "gsi1sk": f"{case.created_at.isoformat()}#{case.case_id}",
            "event_seq": 0,
            **_dump(case),
        }
        try:
            with domain_errors(Conflict(f"Case {case.case_id} already exists.")):
                self.table.put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
        except Conflict:
            return False
        return True

    def get(self, case_id: str) -> Case | None:
        item = self.table.get_item(Key={"pk": _pk(case_id), "sk": META}, ConsistentRead=True)
        raw = item.get("Item")
        return Case.model_validate(raw) if raw else None

    def is_waiting(self, case_id: str) -> bool | None:
        """Whether the case waits for a party (None: no such case), reading only its key
        and ``wait``: the local clock asks this many times a second while it settles."""
        item = self.table.get_item(
            Key={"pk": _pk(case_id), "sk": META},
            ConsistentRead=True,
            ProjectionExpression="pk, #wait",
            ExpressionAttributeNames={"#wait": "wait"},
        ).get("Item")
        return None if item is None else "wait" in item

    def update(self, case_id: str, **fields: Any) -> None:
        """Set top-level fields of the case record (None removes the attribute)."""
        sets, removes, names, values = [], [], {}, {}
        for index, (name, value) in enumerate(fields.items()):
            names[f"#f{index}"] = name
            if value is None:
                removes.append(f"#f{index}")
            else:
                sets.append(f"#f{index} = :v{index}")
                values[f":v{index}"] = to_item(_plain(value))
        expression = ""
        if sets:
            expression += "SET " + ", ".join(sets)
        if removes:
            expression += " REMOVE " + ", ".join(removes)
        kwargs: dict[str, Any] = {
            "Key": {"pk": _pk(case_id), "sk": META},
            "UpdateExpression": expression.strip(),
            "ExpressionAttributeNames": names,
            "ConditionExpression": "attribute_exists(pk)",
        }
        if values:
            kwargs["ExpressionAttributeValues"] = values
        with domain_errors(NotFound(f"There is no case {case_id}.")):
            self.table.update_item(**kwargs)

    def set_wait(self, case_id: str, wait: Wait, **fields: Any) -> None:
        self.update(case_id, wait=wait, **fields)

    def take_wait(self, case_id: str, token: str, answer: dict[str, Any]) -> Wait:
        """Atomically remove the wait holding ``token``; ``Conflict`` if it is gone."""
        with domain_errors(Conflict(f"Case {case_id} is no longer waiting for this answer.")):
            old = self.table.update_item(
                Key={"pk": _pk(case_id), "sk": META},
                UpdateExpression="REMOVE #w SET last_answer = :a",
                ConditionExpression="#w.#t = :t",
                ExpressionAttributeNames={"#w": "wait", "#t": "token"},
                ExpressionAttributeValues={":t": token, ":a": to_item(_plain(answer))},
                ReturnValues="ALL_OLD",
            )
        return Wait.model_validate(old["Attributes"]["wait"])

    def list(self, limit: int = 50) -> list[Case]:
        answer = self.table.query(
            IndexName="gsi1",
            KeyConditionExpression="gsi1pk = :p",
            ExpressionAttributeValues={":p": LIST_KEY},
            ScanIndexForward=False,
            Limit=limit,
        )
        return [Case.model_validate(item) for item in answer["Items"]]

    # ------------------------------------------------------------ history and attachments
    def add_event(self, case_id: str, event: CaseEvent) -> None:
        seq = self.table.update_item(
            Key={"pk": _pk(case_id), "sk": META},
            UpdateExpression="ADD event_seq :one",
            ExpressionAttributeValues={":one": 1},
            ReturnValues="UPDATED_NEW",
        )["Attributes"]["event_seq"]
        item = {
            "pk": _pk(case_id),
            "sk": f"EVENT#{event.at.isoformat()}#{int(seq):05d}",
            **_dump(event),
        }
        self.table.put_item(Item=item)

    def put_deadline(self, case_id: str, deadline: CaseDeadline) -> None:
        self.table.put_item(
            Item={"pk": _pk(case_id), "sk": f"DEADLINE#{deadline.rule}", **_dump(deadline)}
        )

    def get_notice(self, case_id: str, step: str, role: str) -> dict[str, Any] | None:
        item = self.table.get_item(
            Key={"pk": _pk(case_id), "sk": f"NOTICE#{step}#{role}"}, ConsistentRead=True
        ).get("Item")
        return item

    def put_notice(self, case_id: str, step: str, role: str, notice: dict[str, Any]) -> None:
        self.table.put_item(
            Item={
                "pk": _pk(case_id),
                "sk": f"NOTICE#{step}#{role}",
                "gsi1pk": f"NOTICE#{notice['notice_no']}",
                "gsi1sk": _pk(case_id),
                "step": step,
                "role": role,
                "recorded_at": now_utc().isoformat(),
                **to_item(notice),
            }
        )

    def case_of_notice(self, notice_no: str) -> tuple[str, dict[str, Any]]:
        answer = self.table.query(
            IndexName="gsi1",
            KeyConditionExpression="gsi1pk = :p",
            ExpressionAttributeValues={":p": f"NOTICE#{notice_no}"},
        )
        if not answer["Items"]:
            raise NotFound(f"No case has issued notice {notice_no}.")
        item = answer["Items"][0]
        return item["gsi1sk"].removeprefix("CASE#"), item

    def put_document(self, case_id: str, document: CaseDocument) -> None:
        self.table.put_item(
            Item={"pk": _pk(case_id), "sk": f"DOCUMENT#{document.sha256}", **_dump(document)}
        )

    def view(self, case_id: str) -> CaseView:
        """The whole record: the case, its history in order, deadlines, notices, documents."""
        items: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "pk = :p",
            "ExpressionAttributeValues": {":p": _pk(case_id)},
            "ConsistentRead": True,
        }
        while True:
            page = self.table.query(**kwargs)
            items.extend(page["Items"])
            if "LastEvaluatedKey" not in page:
                break
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        meta = next((i for i in items if i["sk"] == META), None)
        if meta is None:
            raise NotFound(f"There is no case {case_id}.")
        strip = ("pk", "sk", "gsi1pk", "gsi1sk")

        def clean(item: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in item.items() if k not in strip}

        return CaseView(
            case=Case.model_validate(meta),
            history=[CaseEvent.model_validate(i) for i in items if i["sk"].startswith("EVENT#")],
            deadlines=[
                CaseDeadline.model_validate(i) for i in items if i["sk"].startswith("DEADLINE#")
            ],
            notices=[
                clean(i)
                for i in sorted(
                    (i for i in items if i["sk"].startswith("NOTICE#")),
                    key=lambda i: str(i.get("recorded_at", "")),
                )
            ],
            documents=[
                CaseDocument.model_validate(i) for i in items if i["sk"].startswith("DOCUMENT#")
            ],
        )

    # ------------------------------------------------------------ resuming (cases.resume)
    def last_answer(self, case_id: str) -> dict[str, Any]:
        """The answer that last took the case's wait (``{}`` if none), as ``take_wait`` kept it."""
        item = self.table.get_item(Key={"pk": _pk(case_id), "sk": META}, ConsistentRead=True)
        return dict(item.get("Item", {}).get("last_answer") or {})

    def update_last_answer(self, case_id: str, **fields: Any) -> None:
        """Set fields of the kept ``last_answer`` (e.g. ``resumed=True``)."""
        names = {f"#f{i}": name for i, name in enumerate(fields)}
        values = {f":v{i}": to_item(_plain(value)) for i, value in enumerate(fields.values())}
        sets = ", ".join(f"last_answer.#f{i} = :v{i}" for i in range(len(fields)))
        with domain_errors(Conflict(f"Case {case_id} has kept no answer.")):
            self.table.update_item(
                Key={"pk": _pk(case_id), "sk": META},
                UpdateExpression=f"SET {sets}",
                ConditionExpression="attribute_exists(last_answer)",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )

    # ------------------------------------------------------------ notices served otherwise
    def set_notice_served(self, notice_no: str, served_on: date) -> None:
        """Record the date a notice was served by other means on its notice item."""
        _, item = self.case_of_notice(notice_no)
        self.table.update_item(
            Key={"pk": item["pk"], "sk": item["sk"]},
            UpdateExpression="SET served_on = :s",
            ExpressionAttributeValues={":s": served_on.isoformat()},
        )

    # ------------------------------------------------------------ calendar stops
    def resume_count(self, case_id: str) -> int:
        """How often a case stopped on an unknown calendar year has been resumed."""
        item = self.table.get_item(Key={"pk": _pk(case_id), "sk": META}, ConsistentRead=True)
        return int(item.get("Item", {}).get("resumes", 0))

    def put_calendar_stop(self, case_id: str, year: int, marker: dict[str, Any]) -> None:
        """Leave the marker of a case stopped on ``year`` (sk ``<year>#<case_id>``)."""
        self.table.put_item(
            Item={
                "pk": STOPPED_PK,
                "sk": f"{year:04d}#{case_id}",
                "case_id": case_id,
                "year": year,
                **to_item(marker),
            }
        )

    def calendar_stop_of(self, case_id: str) -> dict[str, Any] | None:
        """The marker of a stopped case, if any."""
        answer = self.table.query(
            KeyConditionExpression="pk = :pk",
            FilterExpression="case_id = :case",
            ExpressionAttributeValues={":pk": STOPPED_PK, ":case": case_id},
        )
        items = answer.get("Items", [])
        return dict(items[0]) if items else None

    def calendar_stops(self) -> Iterator[dict[str, Any]]:
        """Every stopped case's marker, oldest year first."""
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": {":pk": STOPPED_PK},
        }
        while True:
            page = self.table.query(**kwargs)
            yield from page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def delete_calendar_stop(self, case_id: str, year: int) -> None:
        self.table.delete_item(Key={"pk": STOPPED_PK, "sk": f"{year:04d}#{case_id}"})


def plain_item(value: Any) -> Any:
    """A value as the cases table keeps it (JSON values, Decimal numbers, no None)."""
    return to_item(_plain(value))


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value
