"""Pre-confirmation of rights (seed 001): a trader cleared in advance for given goods and a period.

A trader that uses the IP with the holder's consent asks customs to confirm its right
before shipping, with at least one supporting document (a licence contract or the holder's
authorization). The request names the recordation, the goods (HS codes, each inside the
recordation's goods scope) and the period. Choices:

* When the trader is already a recorded licensee of the recordation with the same customs
  or credit code, the licence is on record: the request is confirmed at once
  (``confirmed_by = recorded_licence``). A company-name match alone never confirms: the
  request then waits for the holder like any other.
* The port named in the request is kept with the confirmation, and screening checks it
  against the declaration's port.
* Otherwise it waits for the holder, who confirms it (``confirm``) or refuses it
  (``withdraw`` before confirmation).
* A confirmed request is stored on the recordation (``preconfirmations``) so screening
  treats that trader's declarations of those goods as ``licensed`` within the period. The
  period is cut to the recordation's current validity.
* The holder (or the trader) may withdraw a confirmation at any time; it is removed from
  the recordation. Every confirmation and withdrawal is a recordation history entry.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from customs_ipr.errors import Conflict, InvalidInput, NotFound
from customs_ipr.jsonutil import read_json_file
from customs_ipr.recordations.lifecycle.documents import read_local_attachments
from customs_ipr.recordations.lifecycle.service import Lifecycle
from customs_ipr.recordations.lifecycle_store import (
    PreconfirmationRequest,
    PreconfirmationStatus,
)
from customs_ipr.recordations.models import (
    PreConfirmation,
    Recordation,
    RecordationStatus,
    Trader,
    hs_covered,
)
from customs_ipr.recordations.preconfirm_check import request_problems
from customs_ipr.text.normalize import same_code

logger = Logger(child=True)

SUPPORTING_KINDS = ("licence_contract", "authorization")


def _date(data: dict[str, Any], name: str) -> date:
    try:
        return date.fromisoformat(str(data.get(name)))
    except ValueError:
        raise InvalidInput(f"A pre-confirmation request needs {name} (YYYY-MM-DD).") from None


def trader_from(data: Any) -> Trader:
    try:
        return Trader.model_validate(data)
    except ValidationError:
        raise InvalidInput("A trader needs a name (and, where known, its customs code).") from None


def _hs_codes(data: dict[str, Any], recordation: Recordation) -> list[str]:
    """The goods' HS codes, each inside the goods recorded."""
    number = recordation.recordation_no
    hs_codes = [str(c).strip() for c in data.get("hs_codes") or [] if str(c).strip()]
    if not hs_codes:
        raise InvalidInput("A pre-confirmation request needs the goods' HS codes (hs_codes).")
    outside = [c for c in hs_codes if not hs_covered(c, recordation.hs_prefixes)]
    if outside:
        raise InvalidInput(
            f"HS codes {', '.join(outside)} are outside the goods recorded under {number} "
            f"({', '.join(recordation.hs_prefixes)})."
        )
    return hs_codes


def _period(data: dict[str, Any], recordation: Recordation) -> tuple[date, date, str | None]:
    """The period asked for, cut to the recordation's validity (with a note saying so)."""
    valid_from, valid_until = _date(data, "valid_from"), _date(data, "valid_until")
    if valid_until < valid_from:
        raise InvalidInput("The period ends before it starts.")
    if valid_until > recordation.valid_until:
        note = f"period cut to the recordation's validity ({recordation.valid_until})"
        return valid_from, recordation.valid_until, note
    return valid_from, valid_until, None


def _supporting(data: dict[str, Any], attachments: dict[str, bytes]) -> list[dict[str, Any]]:
    """The request's documents; at least one licence contract or authorization attached."""
    documents = [d for d in data.get("documents") or [] if isinstance(d, dict)]
    if not any(
        d.get("kind") in SUPPORTING_KINDS and d.get("file") in attachments for d in documents
    ):
        raise InvalidInput(
            "A pre-confirmation request needs a supporting document attached: a licence "
            "contract or the holder's authorization (documents[].kind licence_contract or "
            "authorization)."
        )
    return documents


def _entry(request: PreconfirmationRequest) -> PreConfirmation:
    return PreConfirmation(
        name=request.trader.name,
        code=request.trader.code,
        hs_codes=request.hs_codes,
        valid_from=request.valid_from,
        valid_until=request.valid_until,
        port=request.port,
    )


class Preconfirmations:
    """Request, confirm, withdraw and list pre-confirmations over a ``Lifecycle``."""

    def __init__(self, lifecycle: Lifecycle) -> None:
        self.lifecycle = lifecycle
        self.records = self.lifecycle.records
        self.recordations = self.lifecycle.recordations

    def request(
        self,
        data: Any,
        attachments: dict[str, bytes],
        *,
        requested_on: date | None = None,
    ) -> PreconfirmationRequest:
        """File a trader's request; confirmed at once when its licence is already recorded."""
        if not isinstance(data, dict):
            raise InvalidInput("A pre-confirmation request must be a JSON object.")
        problems = request_problems(data, attachments)
        if problems:
            raise InvalidInput(f"The pre-confirmation request is refused: {'; '.join(problems)}.")
        requested_on = requested_on or self.lifecycle.today()
        number = str(data.get("recordation_no") or "").upper()
        if not number:
            raise InvalidInput("A pre-confirmation request needs recordation_no.")
        recordation = self.lifecycle.recordation(number)
        if not recordation.is_valid_on(requested_on):
            raise Conflict(f"Recordation {number} is not in force on {requested_on.isoformat()}.")
        trader = trader_from(data.get("trader"))
        hs_codes = _hs_codes(data, recordation)
        valid_from, valid_until, note = _period(data, recordation)
        documents = _supporting(data, attachments)
        year = requested_on.year
        request_id = f"PC{year}-{self.records.next_number('preconfirmation', str(year)):05d}"
        request = PreconfirmationRequest(
            request_id=request_id,
            recordation_no=number,
            trader=trader,
            hs_codes=hs_codes,
            valid_from=valid_from,
            valid_until=valid_until,
            port=data.get("port"),
            documents=self.lifecycle.keep_documents(request_id, documents, attachments),
            requested_on=requested_on,
            note=note,
        )
        # A recorded licence confirms at once only on a matching customs / credit code:
        # a company name alone may belong to another company (issue 17, point 9).
        if any(same_code(licensee.code, trader.code) for licensee in recordation.licensees):
            return self._confirm(request, recordation, requested_on, "recorded_licence")
        self.records.put_preconfirmation(request)
        logger.info("pre-confirmation requested", request_id=request_id, recordation_no=number)
        return request

    def request_file(
        self, path: str | Path, *, requested_on: date | None = None
    ) -> PreconfirmationRequest:
        path = Path(path)
        data = read_json_file(path, what="request file")
        return self.request(
            data, read_local_attachments(data, path.parent), requested_on=requested_on
        )

    def _get(self, request_id: str) -> PreconfirmationRequest:
        request = self.records.get_preconfirmation(request_id)
        if request is None:
            raise NotFound(f"There is no pre-confirmation request {request_id.upper()}.")
        return request

    def _confirm(
        self,
        request: PreconfirmationRequest,
        recordation: Recordation,
        on: date,
        by: str,
    ) -> PreconfirmationRequest:
        entry = _entry(request)
        if entry not in recordation.preconfirmations:
            updated = recordation.model_copy(
                update={"preconfirmations": [*recordation.preconfirmations, entry]}
            )
            self.recordations.save(
                Recordation.model_validate(updated.model_dump()),
                source=f"pre-confirmation {request.request_id} of {request.trader.name} "
                f"confirmed ({by.replace('_', ' ')})",
            )
        confirmed = request.model_copy(
            update={
                "status": PreconfirmationStatus.CONFIRMED,
                "decided_on": on,
                "confirmed_by": by,
            }
        )
        self.records.put_preconfirmation(confirmed)
        logger.info("pre-confirmation confirmed", request_id=request.request_id, by=by)
        return confirmed

    def confirm(self, request_id: str, *, on: date | None = None) -> PreconfirmationRequest:
        """The holder confirms the trader's request."""
        request = self._get(request_id)
        if request.status is not PreconfirmationStatus.REQUESTED:
            raise Conflict(f"Request {request.request_id} is {request.status.value}.")
        recordation = self.lifecycle.recordation(request.recordation_no)
        if recordation.status is not RecordationStatus.ACTIVE:
            raise Conflict(f"Recordation {recordation.recordation_no} is not in force.")
        return self._confirm(request, recordation, on or self.lifecycle.today(), "holder")

    def withdraw(
        self, request_id: str, *, on: date | None = None, reason: str | None = None
    ) -> PreconfirmationRequest:
        """Withdraw a confirmation (removed from the recordation) or refuse a pending request."""
        request = self._get(request_id)
        on = on or self.lifecycle.today()
        if request.status is PreconfirmationStatus.REQUESTED:
            refused = request.model_copy(
                update={"status": PreconfirmationStatus.REFUSED, "decided_on": on, "note": reason}
            )
            self.records.put_preconfirmation(refused)
            return refused
        if request.status is not PreconfirmationStatus.CONFIRMED:
            raise Conflict(f"Request {request.request_id} is already {request.status.value}.")
        recordation = self.lifecycle.recordation(request.recordation_no)
        entry = _entry(request)
        remaining = [p for p in recordation.preconfirmations if p != entry]
        if len(remaining) != len(recordation.preconfirmations):
            self.recordations.save(
                recordation.model_copy(update={"preconfirmations": remaining}),
                source=f"pre-confirmation {request.request_id} of {request.trader.name} withdrawn"
                + (f": {reason}" if reason else ""),
            )
        withdrawn = request.model_copy(
            update={"status": PreconfirmationStatus.WITHDRAWN, "decided_on": on, "note": reason}
        )
        self.records.put_preconfirmation(withdrawn)
        logger.info("pre-confirmation withdrawn", request_id=request.request_id)
        return withdrawn

    def list(self, recordation_no: str) -> list[PreconfirmationRequest]:
        return self.records.preconfirmations_for(recordation_no)
