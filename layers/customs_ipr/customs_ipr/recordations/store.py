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
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from customs_ipr.recordations.models import Recordation
from customs_ipr.recordations.records_file import read_recordations_file
from customs_ipr.recordations.table import BATCH_GET_LIMIT, Table, s
from customs_ipr.text.normalize import normalize_company
from customs_ipr.text.terms import TermEntry, index_entries

_T = TypeVar("_T")


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
    def from_file(cls, path: str | Path) -> InMemoryRecordationStore:
        """Load a JSON array / JSON Lines file; any invalid record is an error here."""
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


class DynamoRecordationStore(RecordationStore):
    """The store in ``RecordationsTable`` (name from settings unless given)."""

    def __init__(self, table_name: str | None = None, client: Any = None) -> None:
        super().__init__()
        self._db = Table(table_name, client)
        self.table = self._db.name
        self.client = self._db.client

    def _call(self, operation: str, **kwargs: Any) -> Any:
        self.requests += 1
        return self._db.call(operation, **kwargs)

    @staticmethod
    def _meta_item(recordation: Recordation) -> dict[str, Any]:
        number = recordation.recordation_no
        return {
            "pk": s("REC#" + number),
            "sk": s("META"),
            "gsi1pk": s(holder_key(recordation.holder.name)),
            "gsi1sk": s("REC#" + number),
            "status": s(recordation.status.value),
            "valid_until": s(recordation.valid_until.isoformat()),
            "doc": s(recordation.model_dump_json()),
        }

    def _counted(self, run: Callable[[], _T]) -> _T:
        """Run a multi-call helper of the table, adding its calls to ``requests``."""
        before = self._db.requests
        try:
            return run()
        finally:
            self.requests += self._db.requests - before

    # ------------------------------------------------------------------ reads
    def _term_items(self, keys: list[str]) -> dict[str, set[str]]:
        wanted = [{"pk": s("TERM#" + key), "sk": s("TERM")} for key in keys]
        items = self._counted(lambda: self._db.batch_get(wanted, "pk, entries"))
        return {
            item["pk"]["S"].removeprefix("TERM#"): set(item["entries"]["SS"])
            for item in items
            if "entries" in item
        }

    def get_many(self, numbers: Iterable[str]) -> dict[str, Recordation]:
        wanted = sorted(set(numbers))
        if not wanted:
            return {}
        keys = [{"pk": s("REC#" + n), "sk": s("META")} for n in wanted]
        items = self._counted(lambda: self._db.batch_get(keys, "doc"))
        found = (Recordation.model_validate_json(item["doc"]["S"]) for item in items)
        return {r.recordation_no: r for r in found}

    def get(self, number: str) -> Recordation | None:
        answer = self._call(
            "get_item",
            TableName=self.table,
            Key={"pk": s("REC#" + number.upper()), "sk": s("META")},
            ConsistentRead=True,
        )
        item = answer.get("Item")
        return Recordation.model_validate_json(item["doc"]["S"]) if item else None

    def by_holder(self, name: str) -> list[Recordation]:
        docs = self._counted(lambda: self._db.gsi(holder_key(name)))
        return [Recordation.model_validate_json(doc) for doc in docs]

    def history(self, number: str) -> list[HistoryEntry]:
        items = self._counted(
            lambda: self._db.query(
                KeyConditionExpression="pk = :p AND begins_with(sk, :h)",
                ExpressionAttributeValues={":p": s("REC#" + number.upper()), ":h": s("HIST#")},
            )
        )
        return [HistoryEntry.model_validate_json(item["doc"]["S"]) for item in items]

    # ------------------------------------------------------------------ writes
    def _write(self, recordation, add, remove, history) -> None:  # type: ignore[no-untyped-def]
        number = recordation.recordation_no
        # Entries first removed then added: a term key never points at a missing META, and
        # set ADD/DELETE keep concurrent imports of other recordations intact.
        for key, entries in remove.items():
            self._term_update(key, "DELETE", entries)
        self._call("put_item", TableName=self.table, Item=self._meta_item(recordation))
        for key, entries in add.items():
            self._term_update(key, "ADD", entries)
        stamp = history.at.isoformat()
        self._call(
            "put_item",
            TableName=self.table,
            Item={
                "pk": s("REC#" + number),
                "sk": s(f"HIST#{stamp}#{time.monotonic_ns()}"),
                "doc": s(history.model_dump_json()),
            },
        )

    def _term_update(self, key: str, verb: str, entries: set[str]) -> None:
        self._call(
            "update_item",
            TableName=self.table,
            Key={"pk": s("TERM#" + key), "sk": s("TERM")},
            UpdateExpression=f"{verb} entries :e",
            ExpressionAttributeValues={":e": {"SS": sorted(entries)}},
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
                    "Item": {"pk": s("TERM#" + k), "sk": s("TERM"), "entries": {"SS": sorted(e)}}
                }
            }
            for k, e in terms.items()
        ]
        self._counted(lambda: self._db.batch_write(metas + term_items))
        return len(metas)


def default_store() -> DynamoRecordationStore:
    """The pipeline's store: the table named in the settings."""
    return DynamoRecordationStore()
