"""What a task works with, injected: the case store, the notice service, the legal clock.

``run`` builds the production context (:func:`production_context`: DynamoDB, the notices
package, the clock chosen by ``LEGAL_CLOCK``) unless it is given one; the rules' tests
give an in-memory store, a fake notifier and a fixed clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from customs_ipr.cases import calendar_stops, clock, history, timers
from customs_ipr.cases.model import Case, Wait
from customs_ipr.cases.notify import NoticeService
from customs_ipr.cases.repository import CaseRepository
from customs_ipr.cases.store import CaseStore
from customs_ipr.notices.kinds import NoticeKind
from customs_ipr.notices.models import IssuedNotice, Recipient


class Notifier(Protocol):
    """Numbers and issues notices (render, archive, e-mail)."""

    def number(self, kind: NoticeKind, issued_on: date) -> str: ...

    def issue(self, data: dict[str, Any], recipients: list[Recipient]) -> IssuedNotice: ...


@dataclass(frozen=True)
class TaskContext:
    store: CaseRepository
    notifier: Notifier
    clock: clock.LegalClock
    arm_timer: Callable[[str, Wait], bool] = timers.arm
    """Create or move a wait's deadline timer (EventBridge Scheduler in AWS)."""
    stop_of: Callable[[str], dict[str, Any] | None] = calendar_stops.stop_of
    """The marker of a case stopped on an unknown calendar year, if any."""

    def today(self, case: Case) -> date:
        """The case's legal date now (never before the case's own legal date)."""
        return clock.legal_today(case, self.clock.now())

    def record(self, case: Case, event: str, **fields: Any) -> None:
        """Append a history event to the case (see :func:`customs_ipr.cases.history.record`)."""
        history.record(case, event, into=self.store, clock=self.clock, **fields)


def production_context() -> TaskContext:
    return TaskContext(store=CaseStore(), notifier=NoticeService(), clock=clock.legal_clock())
