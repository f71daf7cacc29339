"""Open cases and start their workflows: ex officio from screening, or by hand.

Starting is idempotent: the case id is derived from what the case is about (the
declaration number and the recordation, or a hash of an application), the case record
is written only if absent, and the execution is named after the case, so a duplicate
delivery of the same upload neither opens a second case nor starts a second execution
(``ExecutionAlreadyExists`` counts as started; ``cases.executions``).
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import BaseModel

from customs_ipr import money
from customs_ipr.cases import clock, contacts
from customs_ipr.cases.executions import start_execution
from customs_ipr.cases.history import record
from customs_ipr.cases.hits import CaseHit, hits_from_screening
from customs_ipr.cases.model import (
    Case,
    CaseEvent,
    CaseGoods,
    CaseParty,
    CasePath,
    CaseRecordation,
)
from customs_ipr.cases.rules.unidentified import InfringementFinding
from customs_ipr.cases.store import CaseStore, now_utc
from customs_ipr.documents.models import Declaration, Direction
from customs_ipr.errors import InvalidInput
from customs_ipr.jsonutil import to_jsonable
from customs_ipr.recordations.store import RecordationStore

logger = Logger(child=True)


class StartedCase(BaseModel):
    case_id: str
    path: CasePath
    created: bool
    execution_arn: str | None


# ---------------------------------------------------------------------------- identifiers
def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:40] or "x"


def _digest(value: Any) -> str:
    canonical = json.dumps(to_jsonable(value), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def ex_officio_case_id(declaration: Declaration, recordation_no: str | None) -> str:
    """``EXO-<declaration no>-<recordation no>``: one case per declaration and holder."""
    reference = declaration.customs_no or declaration.pre_entry_no
    base = _safe(reference) if reference else _digest(declaration.model_dump(mode="json"))
    return f"EXO-{base}-{_safe(recordation_no or 'unrecorded')}"


# ---------------------------------------------------------------------------- case facts
def goods_value_rmb(goods: list[CaseGoods], on: date) -> Decimal | None:
    """Sum of the goods' values in RMB at the month's customs rate; None if any is unknown."""
    if not goods or any(g.value is None for g in goods):
        return None
    rates = money.default_rates()
    return money.cents(
        sum(
            (rates.to_rmb(g.value, g.currency or "CNY", on) for g in goods if g.value is not None),
            Decimal("0"),
        )
    )


def _party(
    name: str | None, code: str | None = None, email: str | None = None, country: str | None = None
) -> CaseParty | None:
    if not name:
        return None
    return CaseParty(
        name=name, code=code, email=email or contacts.find_email(name, code), country=country
    )


def _trading_parties(
    declaration: Declaration, consignee_email: str | None
) -> tuple[CaseParty | None, CaseParty | None]:
    """``(consignee, consignor)``: the domestic trader and the foreign party by direction."""
    domestic = _party(declaration.consignee.name, declaration.consignee.code, consignee_email)
    foreign = (
        _party(declaration.foreign_party.name, declaration.foreign_party.code)
        if declaration.foreign_party
        else None
    )
    if declaration.direction is Direction.IMPORT:
        return domestic, foreign
    return foreign, domestic


def _goods_of(declaration: Declaration, item_nos: set[int]) -> list[CaseGoods]:
    return [
        CaseGoods(
            item_no=i.item_no,
            name=i.name,
            hs_code=i.hs_code,
            brand=i.brand,
            quantity=i.quantity,
            unit=i.unit,
            value=i.total_price,
            currency=i.currency,
        )
        for i in declaration.items
        if i.item_no in item_nos
    ]


def _new_case(case_id: str, path: CasePath, started_on: date, **fields: Any) -> Case:
    return Case(
        case_id=case_id,
        path=path,
        created_at=now_utc(),
        started_on=started_on,
        legal_date=started_on,
        **fields,
    )


# ---------------------------------------------------------------------------- ex officio
def start_case(
    declaration: Declaration,
    screening: Any,
    *,
    consignee_email: str | None = None,
    started_on: date | None = None,
    store: CaseStore | None = None,
    recordations: RecordationStore | None = None,
) -> list[StartedCase]:
    """Open one ex officio case per holder hit by screening, and start its workflow.

    ``screening.action`` ``require_ip_status_declaration`` starts with the Art. 21 ¶1
    requirement; ``suspend_release`` goes straight to suspension; ``release`` opens nothing.
    ``consignee_email`` is the domestic trader's address (else the contacts registry).
    """
    action, hits = hits_from_screening(screening, recordations)
    if action == "release" or not hits:
        return []
    groups: dict[str, list[CaseHit]] = {}
    for hit in hits:
        groups.setdefault(hit.holder_name or hit.recordation_no or "unknown", []).append(hit)
    day = started_on or declaration.declaration_date or clock.today()
    parties = _trading_parties(declaration, consignee_email)
    require_declaration = action == "require_ip_status_declaration"
    store = store or CaseStore()
    return [
        _open(_ex_officio_case(declaration, group, day, parties, require_declaration), store)
        for group in groups.values()
    ]


def _ex_officio_case(
    declaration: Declaration,
    group: list[CaseHit],
    day: date,
    parties: tuple[CaseParty | None, CaseParty | None],
    require_declaration: bool,
) -> Case:
    """The case of one holder's hits on one declaration."""
    first = group[0]
    goods = _goods_of(declaration, {h.item_no for h in group})
    return _new_case(
        ex_officio_case_id(declaration, first.recordation_no),
        CasePath.EX_OFFICIO,
        day,
        declaration=declaration,
        declaration_ref=declaration.reference,
        needs_review=declaration.needs_review,
        missing=list(declaration.missing),
        goods=goods,
        value_rmb=goods_value_rmb(goods, day),
        consignee=parties[0],
        consignor=parties[1],
        holder=_party(
            first.holder_name or "unknown holder",
            email=first.holder_email,
            country=first.holder_country,
        ),
        recordation=CaseRecordation(
            recordation_no=first.recordation_no,
            title=first.title or first.recordation_no or "recorded right",
            ip_type=first.ip_type,
            registration_no=first.registration_no,
            general_guarantee=first.general_guarantee,
        ),
        recordation_nos=sorted({h.recordation_no for h in group if h.recordation_no}),
        require_declaration=require_declaration,
    )


# ---------------------------------------------------------------------------- by hand
def start_application_case(
    *,
    holder: CaseParty,
    goods: list[CaseGoods],
    guarantee_rmb: Decimal,
    consignee: CaseParty | None = None,
    recordation: CaseRecordation | None = None,
    declaration: Declaration | None = None,
    value_rmb: Decimal | None = None,
    started_on: date | None = None,
    case_id: str | None = None,
    store: CaseStore | None = None,
) -> StartedCase:
    """Upon application: the holder asks customs to detain a shipment (recorded or not)."""
    day = started_on or clock.today()
    key = {
        "holder": holder,
        "goods": goods,
        "consignee": consignee,
        "on": day,
        "declaration": declaration.reference if declaration else None,
    }
    case = _new_case(
        case_id or f"APP-{_digest(key)}",
        CasePath.UPON_APPLICATION,
        day,
        declaration=declaration,
        declaration_ref=declaration.reference if declaration else None,
        goods=goods,
        value_rmb=value_rmb if value_rmb is not None else goods_value_rmb(goods, day),
        consignee=consignee,
        holder=holder,
        recordation=recordation or CaseRecordation(title=goods[0].brand or goods[0].name),
        recordation_nos=[recordation.recordation_no]
        if recordation and recordation.recordation_no
        else [],
        guarantee_posted=guarantee_rmb,
    )
    return _open(case, store or CaseStore())


def start_personal_case(
    *,
    person: CaseParty,
    goods: list[CaseGoods],
    recordation: CaseRecordation,
    holder: CaseParty | None = None,
    explanation: str | None = None,
    started_on: date | None = None,
    case_id: str | None = None,
    store: CaseStore | None = None,
) -> StartedCase:
    """Art. 31: items carried by a passenger or mailed to a person."""
    day = started_on or clock.today()
    key = {"person": person, "goods": goods, "on": day, "recordation": recordation}
    case = _new_case(
        case_id or f"PER-{_digest(key)}",
        CasePath.PERSONAL_ITEMS,
        day,
        goods=goods,
        value_rmb=goods_value_rmb(goods, day),
        person=person,
        holder=holder,
        recordation=recordation,
        recordation_nos=[recordation.recordation_no] if recordation.recordation_no else [],
        explanation=explanation,
    )
    return _open(case, store or CaseStore())


def start_unidentified_case(
    *,
    goods: list[CaseGoods],
    finding: InfringementFinding,
    recordation: CaseRecordation | None = None,
    holder: CaseParty | None = None,
    detention_on: date | None = None,
    started_on: date | None = None,
    case_id: str | None = None,
    store: CaseStore | None = None,
) -> StartedCase:
    """Art. 32: infringing goods whose consignee and consignor cannot be identified.

    ``finding``: the officer's infringement finding the announcement rests on.
    """
    day = started_on or detention_on or clock.today()
    if finding.found_on < (detention_on or day):
        raise InvalidInput("The infringement finding cannot predate the detention.")
    key = {"goods": goods, "on": day, "recordation": recordation}
    case = _new_case(
        case_id or f"UNI-{_digest(key)}",
        CasePath.UNIDENTIFIED_PARTIES,
        day,
        goods=goods,
        value_rmb=goods_value_rmb(goods, day),
        holder=holder,
        recordation=recordation,
        recordation_nos=[recordation.recordation_no]
        if recordation and recordation.recordation_no
        else [],
        detention_on=detention_on or day,
        infringement_found_on=finding.found_on,
    )
    started = _open(case, store or CaseStore())
    if started.created:
        record(
            case,
            "infringement_found",
            legal_date=finding.found_on,
            officer=finding.officer,
            finding=finding.basis,
            basis="Implementing Measures Art. 32 ¶1",
        )
    return started


def _open(case: Case, store: CaseStore) -> StartedCase:
    created = store.create(case)
    if created:
        store.add_event(
            case.case_id,
            CaseEvent(
                at=now_utc(),
                legal_date=case.started_on,
                event="case_opened",
                status=case.status.value,
                detail={"path": case.path.value},
            ),
        )
    execution_arn = start_execution(case, case.case_id)
    if created:
        store.update(case.case_id, execution_arn=execution_arn)
    logger.info("case opened", case_id=case.case_id, path=case.path.value, new_case=created)
    return StartedCase(
        case_id=case.case_id, path=case.path, created=created, execution_arn=execution_arn
    )
