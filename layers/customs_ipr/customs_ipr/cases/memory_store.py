"""An in-memory case store with the behaviour of :class:`customs_ipr.cases.store.CaseStore`.

For the rules' fast tests (and any caller that wants a store without AWS): values are kept
as DynamoDB would keep them (JSON values, floats as Decimal, None dropped), a duplicate
``create`` answers False, a taken wait raises ``Conflict`` and a missing case ``NotFound``.
"""

from __future__ import annotations

import builtins
import copy
from collections.abc import Iterator
from datetime import date
from typing import Any

from customs_ipr.cases.model import Case, CaseDeadline, CaseDocument, CaseEvent, CaseView, Wait
from customs_ipr.cases.repository import CaseRepository
from customs_ipr.cases.store import now_utc, plain_item
from customs_ipr.errors import Conflict, NotFound


class InMemoryCaseStore(CaseRepository):
    """One process's cases: records, history, deadlines, notices and documents."""

    def __init__(self) -> None:
        self.cases: dict[str, dict[str, Any]] = {}
        self.events: dict[str, builtins.list[CaseEvent]] = {}
        self.deadlines: dict[str, dict[str, CaseDeadline]] = {}
        self.notices: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
        self.documents: dict[str, dict[str, CaseDocument]] = {}
        self.stops: dict[tuple[int, str], dict[str, Any]] = {}

    # ------------------------------------------------------------ case record
    def create(self, case: Case) -> bool:
        if case.case_id in self.cases:
            return False
        self.cases[case.case_id] = plain_item(case)
        return True

    def get(self, case_id: str) -> Case | None:
        item = self.cases.get(case_id)
        return Case.model_validate(copy.deepcopy(item)) if item is not None else None

    def update(self, case_id: str, **fields: Any) -> None:
        item = self._item(case_id)
        for name, value in fields.items():
            if value is None:
                item.pop(name, None)
            else:
                item[name] = plain_item(value)

    def set_wait(self, case_id: str, wait: Wait, **fields: Any) -> None:
        self.update(case_id, wait=wait, **fields)

    def take_wait(self, case_id: str, token: str, answer: dict[str, Any]) -> Wait:
        item = self.cases.get(case_id) or {}
        wait = item.get("wait")
        if not wait or wait.get("token") != token:
            raise Conflict(f"Case {case_id} is no longer waiting for this answer.")
        item.pop("wait")
        item["last_answer"] = plain_item(answer)
        return Wait.model_validate(wait)

    def list(self, limit: int = 50) -> builtins.list[Case]:
        newest = sorted(
            self.cases.values(), key=lambda i: (i["created_at"], i["case_id"]), reverse=True
        )
        return [Case.model_validate(copy.deepcopy(item)) for item in newest[:limit]]

    # ------------------------------------------------------------ history and attachments
    def add_event(self, case_id: str, event: CaseEvent) -> None:
        self._item(case_id)
        self.events.setdefault(case_id, []).append(CaseEvent.model_validate(plain_item(event)))

    def put_deadline(self, case_id: str, deadline: CaseDeadline) -> None:
        self.deadlines.setdefault(case_id, {})[deadline.rule] = deadline

    def get_notice(self, case_id: str, step: str, role: str) -> dict[str, Any] | None:
        found = self.notices.get(case_id, {}).get((step, role))
        return copy.deepcopy(found) if found is not None else None

    def put_notice(self, case_id: str, step: str, role: str, notice: dict[str, Any]) -> None:
        self.notices.setdefault(case_id, {})[(step, role)] = {
            "step": step,
            "role": role,
            "recorded_at": now_utc().isoformat(),
            **plain_item(notice),
        }

    def case_of_notice(self, notice_no: str) -> tuple[str, dict[str, Any]]:
        for case_id, notices in self.notices.items():
            for notice in notices.values():
                if notice.get("notice_no") == notice_no:
                    return case_id, copy.deepcopy(notice)
        raise NotFound(f"No case has issued notice {notice_no}.")

    def put_document(self, case_id: str, document: CaseDocument) -> None:
        self.documents.setdefault(case_id, {})[document.sha256] = document

    def view(self, case_id: str) -> CaseView:
        case = self.require(case_id)
        return CaseView(
            case=case,
            history=builtins.list(self.events.get(case_id, [])),
            deadlines=[d for _, d in sorted(self.deadlines.get(case_id, {}).items())],
            notices=[copy.deepcopy(n) for n in self.notices.get(case_id, {}).values()],
            documents=[d for _, d in sorted(self.documents.get(case_id, {}).items())],
        )

    # ------------------------------------------------------------ resuming (cases.resume)
    def last_answer(self, case_id: str) -> dict[str, Any]:
        return copy.deepcopy(dict(self.cases.get(case_id, {}).get("last_answer") or {}))

    def update_last_answer(self, case_id: str, **fields: Any) -> None:
        kept = self.cases.get(case_id, {}).get("last_answer")
        if kept is None:
            raise Conflict(f"Case {case_id} has kept no answer.")
        kept.update({name: plain_item(value) for name, value in fields.items()})

    def set_notice_served(self, notice_no: str, served_on: date) -> None:
        case_id, found = self.case_of_notice(notice_no)
        key = (str(found["step"]), str(found["role"]))
        self.notices[case_id][key]["served_on"] = served_on.isoformat()

    # ------------------------------------------------------------ calendar stops
    def resume_count(self, case_id: str) -> int:
        return int(self.cases.get(case_id, {}).get("resumes", 0))

    def put_calendar_stop(self, case_id: str, year: int, marker: dict[str, Any]) -> None:
        self.stops[(year, case_id)] = {"case_id": case_id, "year": year, **plain_item(marker)}

    def calendar_stop_of(self, case_id: str) -> dict[str, Any] | None:
        found = [stop for (_, stopped), stop in sorted(self.stops.items()) if stopped == case_id]
        return copy.deepcopy(found[0]) if found else None

    def calendar_stops(self) -> Iterator[dict[str, Any]]:
        for _, stop in sorted(self.stops.items()):
            yield copy.deepcopy(stop)

    def delete_calendar_stop(self, case_id: str, year: int) -> None:
        self.stops.pop((year, case_id), None)

    def _item(self, case_id: str) -> dict[str, Any]:
        item = self.cases.get(case_id)
        if item is None:
            raise NotFound(f"There is no case {case_id}.")
        return item
