"""Where recordations live: DynamoDB in the pipeline, memory for the CLI and benchmarks.

Both stores implement ``RecordationStore``, and screening, import and search use only
its methods, so there is one matching code path. Table design (``RecordationsTable``):

=====================  ==================  ==========================================
pk                     sk                  holds
=====================  ==================  ==========================================
``REC#<no>``           ``META``            the recordation (``doc``, JSON); ``gsi1pk`` =
                                           ``HOLDER#<normalized holder>``, ``gsi1sk`` =
                                           ``REC#<no>`` for the holder look-up
``REC#<no>``           ``HIST#<ts>#<n>``   one history entry: what changed, when, from where
``TERM#<key>``         ``TERM``            ``entries``: string set, see ``text.terms``
=====================  ==================  ==========================================

Screening touches the table with exactly two kinds of request: one BatchGetItem for the
term keys of the whole declaration, one for the candidate recordations (none when no
candidate survives the entry filter). Batches above 100 keys are chunked and
``UnprocessedKeys`` are retried. ``requests`` counts every call made, so the benchmark can
report requests per declaration. Nothing here scans.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal

from aws_lambda_powertools import Logger
from pydantic import BaseModel, ConfigDict

from customs_ipr.errors import RetryableError
from customs_ipr.recordations.models import Recordation
from customs_ipr.text.normalize import normalize_company
from customs_ipr.text.terms import TermEntry, index_entries

logger = Logger(child=True)

BATCH_GET_LIMIT = 100
BATCH_WRITE_LIMIT = 25
_MAX_RETRIES = 8


class StoreUnavailable(RetryableError):
    code = "store_unavailable"


class HistoryEntry(BaseModel):
    """One change to a recordation: when, what (field → old/new) and from which source."""

    model_config = ConfigDict(frozen=True)

    recordation_no: str
    at: datetime
    action: Literal["created", "updated"]
    source: str | None = None
    changes: dict[str, dict[str, Any]]


class SaveOutcome(BaseModel):
    model_config = ConfigDict(frozen=True)

    recordation_no: str
    action: Literal["created", "updated", "unchanged"]
    changed_fields: list[str] = []


def _diff(old: Recordation | None, new: Recordation) -> dict[str, dict[str, Any]]:
    new_doc = new.model_dump(mode="json")
    if old is None:
        return {name: {"old": None, "new": value} for name, value in new_doc.items()}
    old_doc = old.model_dump(mode="json")
    return {
        name: {"old": old_doc.get(name), "new": value}
        for name, value in new_doc.items()
        if old_doc.get(name) != value
    }


def holder_key(name: str) -> str:
    return "HOLDER#" + normalize_company(name)


class RecordationStore(ABC):
    """The operations screening, import and the look-up need; ``requests`` counts calls."""

    def __init__(self) -> None:
        self.requests = 0

    # ------------------------------------------------------------------ reads
    @abstractmethod
    def _term_items(self, keys: list[str]) -> dict[str, set[str]]:
        """Raw entries for each key that exists (one logical request per 100 keys)."""

    @abstractmethod
    def get_many(self, numbers: Iterable[str]) -> dict[str, Recordation]:
        """The recordations with these numbers that exist (BatchGetItem)."""

    @abstractmethod
    def get(self, number: str) -> Recordation | None: ...

    @abstractmethod
    def by_holder(self, name: str) -> list[Recordation]:
        """Recordations whose holder name normalizes to the same company name (Query)."""

    @abstractmethod
    def history(self, number: str) -> list[HistoryEntry]: ...

    def lookup_terms(self, keys: Iterable[str]) -> dict[str, list[TermEntry]]:
        unique = sorted(set(keys))
        if not unique:
            return {}
        raw = self._term_items(unique)
        return {key: [TermEntry.decode(e) for e in sorted(entries)] for key, entries in raw.items()}

    # ------------------------------------------------------------------ writes
    @abstractmethod
    def _write(
        self,
        recordation: Recordation,
        add: dict[str, set[str]],
        remove: dict[str, set[str]],
        history: HistoryEntry,
    ) -> None: ...

    def save(
        self, recordation: Recordation, *, source: str | None = None, now: datetime | None = None
    ) -> SaveOutcome:
        """Create or update a recordation, its term entries and a history entry."""
        old = self.get(recordation.recordation_no)
        changes = _diff(old, recordation)
        number = recordation.recordation_no
        if old is not None and not changes:
            return SaveOutcome(recordation_no=number, action="unchanged")
        new_entries = index_entries(recordation)
        old_entries = index_entries(old) if old is not None else {}
        add = {
            key: values - old_entries.get(key, set())
            for key, values in new_entries.items()
            if values - old_entries.get(key, set())
        }
        remove = {
            key: values - new_entries.get(key, set())
            for key, values in old_entries.items()
            if values - new_entries.get(key, set())
        }
        action: Literal["created", "updated"] = "created" if old is None else "updated"
        entry = HistoryEntry(
            recordation_no=number,
            at=now or datetime.now(UTC),
            action=action,
            source=source,
            changes=changes,
        )
        self._write(recordation, add, remove, entry)
        return SaveOutcome(recordation_no=number, action=action, changed_fields=sorted(changes))

    @abstractmethod
    def bulk_load(self, recordations: Iterable[Recordation]) -> int:
        """Load into an EMPTY store without history (seeding, benchmarks); returns the count."""


class InMemoryRecordationStore(RecordationStore):
    """The same store in dictionaries: the CLI's ``--recordations FILE`` and the benchmarks."""

    def __init__(self, recordations: Iterable[Recordation] = ()) -> None:
        super().__init__()
        self._recordations: dict[str, Recordation] = {}
        self._terms: dict[str, set[str]] = defaultdict(set)
        self._history: dict[str, list[HistoryEntry]] = defaultdict(list)
        self._holders: dict[str, set[str]] = defaultdict(set)
        self.bulk_load(recordations)
        self.requests = 0

    @classmethod
    def from_file(cls, path: str) -> InMemoryRecordationStore:
        """Load a JSON array / JSON Lines file; any invalid record is an error here."""
        from customs_ipr.recordations.importer import read_recordations_file

        return cls(read_recordations_file(path))

    def _count(self, n_keys: int) -> None:
        self.requests += max(1, -(-n_keys // BATCH_GET_LIMIT))

    def _term_items(self, keys: list[str]) -> dict[str, set[str]]:
        self._count(len(keys))
        return {key: set(self._terms[key]) for key in keys if self._terms.get(key)}

    def get_many(self, numbers: Iterable[str]) -> dict[str, Recordation]:
        wanted = sorted(set(numbers))
        if not wanted:
            return {}
        self._count(len(wanted))
        return {n: self._recordations[n] for n in wanted if n in self._recordations}

    def get(self, number: str) -> Recordation | None:
        self.requests += 1
        return self._recordations.get(number.upper())

    def by_holder(self, name: str) -> list[Recordation]:
        self.requests += 1
        numbers = sorted(self._holders.get(holder_key(name), set()))
        return [self._recordations[n] for n in numbers]

    def history(self, number: str) -> list[HistoryEntry]:
        self.requests += 1
        return list(self._history.get(number.upper(), []))

    def _write(self, recordation, add, remove, history) -> None:  # type: ignore[no-untyped-def]
        number = recordation.recordation_no
        old = self._recordations.get(number)
        if old is not None:
            self._holders[holder_key(old.holder.name)].discard(number)
        self._recordations[number] = recordation
        self._holders[holder_key(recordation.holder.name)].add(number)
        for key, entries in remove.items():
            self._terms[key] -= entries
        for key, entries in add.items():
            self._terms[key] |= entries
        self._history[number].append(history)

    def bulk_load(self, recordations: Iterable[Recordation]) -> int:
        count = 0
        for recordation in recordations:
            self._recordations[recordation.recordation_no] = recordation
            self._holders[holder_key(recordation.holder.name)].add(recordation.recordation_no)
            for key, entries in index_entries(recordation).items():
                self._terms[key] |= entries
            count += 1
        return count

    def __len__(self) -> int:
        return len(self._recordations)


def _s(value: str) -> dict[str, str]:
    return {"S": value}


class DynamoRecordationStore(RecordationStore):
    """The store in ``RecordationsTable`` (name from settings unless given)."""

    def __init__(self, table_name: str | None = None, client: Any = None) -> None:
        super().__init__()
        if table_name is None:
            from customs_ipr.config import get_settings

            table_name = get_settings().recordations_table
        if client is None:
            from customs_ipr import aws

            client = aws.client("dynamodb")
        self.table = table_name
        self.client = client

    # ------------------------------------------------------------------ low level
    def _call(self, operation: str, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        self.requests += 1
        try:
            return getattr(self.client, operation)(**kwargs)
        except (ClientError, BotoCoreError) as error:
            logger.warning("recordations table call failed", operation=operation, error=str(error))
            raise StoreUnavailable(
                f"The recordations table {self.table} could not be read or written ({operation})."
            ) from error

    def _batch_get(self, keys: list[dict[str, Any]], projection: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        for start in range(0, len(keys), BATCH_GET_LIMIT):
            pending: dict[str, Any] = {
                self.table: {
                    "Keys": keys[start : start + BATCH_GET_LIMIT],
                    "ProjectionExpression": projection,
                }
            }
            for attempt in range(_MAX_RETRIES):
                answer = self._call("batch_get_item", RequestItems=pending)
                items.extend(answer.get("Responses", {}).get(self.table, []))
                pending = answer.get("UnprocessedKeys") or {}
                if not pending:
                    break
                time.sleep(min(0.05 * 2**attempt, 1.0))
            else:
                raise StoreUnavailable("The recordations table kept throttling a batch read.")
        return items

    def _batch_write(self, requests: list[dict[str, Any]]) -> None:
        for start in range(0, len(requests), BATCH_WRITE_LIMIT):
            pending: dict[str, Any] = {self.table: requests[start : start + BATCH_WRITE_LIMIT]}
            for attempt in range(_MAX_RETRIES):
                answer = self._call("batch_write_item", RequestItems=pending)
                pending = answer.get("UnprocessedItems") or {}
                if not pending:
                    break
                time.sleep(min(0.05 * 2**attempt, 1.0))
            else:
                raise StoreUnavailable("The recordations table kept throttling a batch write.")

    @staticmethod
    def _meta_item(recordation: Recordation) -> dict[str, Any]:
        number = recordation.recordation_no
        return {
            "pk": _s("REC#" + number),
            "sk": _s("META"),
            "gsi1pk": _s(holder_key(recordation.holder.name)),
            "gsi1sk": _s("REC#" + number),
            "status": _s(recordation.status.value),
            "valid_until": _s(recordation.valid_until.isoformat()),
            "doc": _s(recordation.model_dump_json()),
        }

    # ------------------------------------------------------------------ reads
    def _term_items(self, keys: list[str]) -> dict[str, set[str]]:
        items = self._batch_get(
            [{"pk": _s("TERM#" + key), "sk": _s("TERM")} for key in keys], "pk, entries"
        )
        return {
            item["pk"]["S"].removeprefix("TERM#"): set(item["entries"]["SS"])
            for item in items
            if "entries" in item
        }

    def get_many(self, numbers: Iterable[str]) -> dict[str, Recordation]:
        wanted = sorted(set(numbers))
        if not wanted:
            return {}
        items = self._batch_get([{"pk": _s("REC#" + n), "sk": _s("META")} for n in wanted], "doc")
        found = (Recordation.model_validate_json(item["doc"]["S"]) for item in items)
        return {r.recordation_no: r for r in found}

    def get(self, number: str) -> Recordation | None:
        answer = self._call(
            "get_item",
            TableName=self.table,
            Key={"pk": _s("REC#" + number.upper()), "sk": _s("META")},
            ConsistentRead=True,
        )
        item = answer.get("Item")
        return Recordation.model_validate_json(item["doc"]["S"]) if item else None

    def _query(self, **kwargs: Any) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        start: dict[str, Any] | None = None
        while True:
            page = self._call(
                "query",
                TableName=self.table,
                **kwargs,
                **({"ExclusiveStartKey": start} if start else {}),
            )
            items.extend(page.get("Items", []))
            start = page.get("LastEvaluatedKey")
            if not start:
                return items

    def by_holder(self, name: str) -> list[Recordation]:
        items = self._query(
            IndexName="gsi1",
            KeyConditionExpression="gsi1pk = :h",
            ExpressionAttributeValues={":h": _s(holder_key(name))},
        )
        return [Recordation.model_validate_json(item["doc"]["S"]) for item in items]

    def history(self, number: str) -> list[HistoryEntry]:
        items = self._query(
            KeyConditionExpression="pk = :p AND begins_with(sk, :h)",
            ExpressionAttributeValues={":p": _s("REC#" + number.upper()), ":h": _s("HIST#")},
        )
        return [HistoryEntry.model_validate_json(item["doc"]["S"]) for item in items]

    # ------------------------------------------------------------------ writes
    def _write(self, recordation, add, remove, history) -> None:  # type: ignore[no-untyped-def]
        number = recordation.recordation_no
        # Entries first removed then added: a term key never points at a missing META, and
        # set ADD/DELETE keep concurrent imports of other recordations intact.
        for key, entries in remove.items():
            self._call(
                "update_item",
                TableName=self.table,
                Key={"pk": _s("TERM#" + key), "sk": _s("TERM")},
                UpdateExpression="DELETE entries :e",
                ExpressionAttributeValues={":e": {"SS": sorted(entries)}},
            )
        self._call("put_item", TableName=self.table, Item=self._meta_item(recordation))
        for key, entries in add.items():
            self._call(
                "update_item",
                TableName=self.table,
                Key={"pk": _s("TERM#" + key), "sk": _s("TERM")},
                UpdateExpression="ADD entries :e",
                ExpressionAttributeValues={":e": {"SS": sorted(entries)}},
            )
        stamp = history.at.isoformat()
        self._call(
            "put_item",
            TableName=self.table,
            Item={
                "pk": _s("REC#" + number),
                "sk": _s(f"HIST#{stamp}#{time.monotonic_ns()}"),
                "doc": _s(history.model_dump_json()),
            },
        )

    def bulk_load(self, recordations: Iterable[Recordation]) -> int:
        terms: dict[str, set[str]] = defaultdict(set)
        metas: list[dict[str, Any]] = []
        for recordation in recordations:
            metas.append({"PutRequest": {"Item": self._meta_item(recordation)}})
            for key, entries in index_entries(recordation).items():
                terms[key] |= entries
        term_items = [
            {
                "PutRequest": {
                    "Item": {
                        "pk": _s("TERM#" + key),
                        "sk": _s("TERM"),
                        "entries": {"SS": sorted(entries)},
                    }
                }
            }
            for key, entries in terms.items()
        ]
        self._batch_write(metas + term_items)
        return len(metas)


def default_store() -> DynamoRecordationStore:
    """The pipeline's store: the table named in the settings."""
    return DynamoRecordationStore()
