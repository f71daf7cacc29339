"""The one adapter between the recordation lifecycle and ``customs_ipr.notices``.

Applications, decisions and renewal reminders each need a written notice; this module turns
a lifecycle event into a ``NoticeContext`` and issues it (render, archive, e-mail). A notice
that cannot be issued never undoes the decision it reports: the problem is returned to the
caller, which records it on the application so an officer can serve the notice by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from customs_ipr.errors import CustomsIprError

logger = Logger(child=True)


@dataclass(frozen=True)
class Person:
    name: str
    email: str | None
    role: str
    """an ``AddresseeRole`` value: ``applicant`` or ``holder``"""


@dataclass(frozen=True)
class NoticeOutcome:
    notice_no: str | None
    problem: str | None = None
    issued: Any = None


Issuer = Callable[..., Any]


class LifecycleNotifier:
    """Issues lifecycle notices; ``issuer`` and ``counter`` are replaceable for tests."""

    def __init__(
        self, issuer: Issuer | None = None, counter: Callable[[int], int] | None = None
    ) -> None:
        self._issuer = issuer
        self._counter = counter

    def _issue(self, context: Any, recipients: list[Any]) -> Any:
        if self._issuer is not None:
            return self._issuer(context, recipients=recipients)
        from customs_ipr.notices.delivery import issue

        return issue(context, recipients=recipients)

    def _sequence(self, year: int) -> int:
        if self._counter is not None:
            return self._counter(year)
        from customs_ipr.notices.numbering import DynamoNoticeCounter

        return DynamoNoticeCounter()(year)

    def notify(
        self,
        kind: str,
        *,
        case_id: str,
        issued_on: date,
        addressee: Person,
        others: list[Person] | None = None,
        facts: dict[str, Any],
        due_date: date | None = None,
        due_basis_en: str | None = None,
    ) -> NoticeOutcome:
        """Issue one notice to the addressee (and copies to ``others`` with an e-mail)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            context = _context(
                kind,
                notice_no=self._notice_no(kind, issued_on),
                case_id=case_id,
                issued_on=issued_on,
                addressee=addressee,
                facts=facts,
                due_date=due_date,
                due_basis_en=due_basis_en,
            )
            issued = self._issue(context, _recipients(addressee, others))
        except ValidationError as error:
            logger.warning("lifecycle notice invalid", kind=kind, case_id=case_id)
            return NoticeOutcome(None, f"{kind} notice not issued: {error.errors()[0]['msg']}")
        except CustomsIprError as error:
            logger.warning("lifecycle notice failed", kind=kind, case_id=case_id, code=error.code)
            return NoticeOutcome(None, f"{kind} notice not issued: {error.message}")
        except (BotoCoreError, ClientError) as error:
            logger.warning("lifecycle notice failed", kind=kind, case_id=case_id, error=str(error))
            return NoticeOutcome(None, f"{kind} notice not issued: archive or e-mail failed")
        problem = None
        if getattr(issued, "served_by_other_means_required", False):
            problem = f"{kind} notice {context.notice_no} must be served by post or at the counter"
        return NoticeOutcome(context.notice_no, problem, issued)

    def _notice_no(self, kind: str, issued_on: date) -> str:
        from customs_ipr.notices.numbering import new_notice_no

        return str(new_notice_no(kind, issued_on, self._sequence))


def _recipients(addressee: Person, others: list[Person] | None) -> list[Any]:
    """The addressee, then each other person with an e-mail address not already served."""
    from customs_ipr.notices.kinds import AddresseeRole
    from customs_ipr.notices.models import Recipient

    people = [addressee]
    for person in others or []:
        if person.email and all(person.email != p.email for p in people):
            people.append(person)
    return [Recipient(name=p.name, role=AddresseeRole(p.role), email=p.email) for p in people]


def _context(
    kind: str,
    *,
    notice_no: str,
    case_id: str,
    issued_on: date,
    addressee: Person,
    facts: dict[str, Any],
    due_date: date | None,
    due_basis_en: str | None,
) -> Any:
    """The notice's context: the office of the settings, the addressee, the facts."""
    from customs_ipr.config import get_settings
    from customs_ipr.notices.kinds import AddresseeRole
    from customs_ipr.notices.models import NoticeContext

    settings = get_settings()
    return NoticeContext(
        notice_no=notice_no,
        kind=kind,
        issued_on=issued_on,
        office={
            "name": settings.office_name,
            "name_zh": settings.office_name_zh,
            "contact": settings.office_contact,
        },
        addressee={
            "name": addressee.name,
            "role": AddresseeRole(addressee.role),
            "email": addressee.email,
        },
        case_id=case_id,
        facts=facts,
        due_date=due_date,
        due_basis_en=due_basis_en,
    )
