"""Recordation applications: the form, the documents each IP type needs, the completeness check.

An application is the recordation's fields (``recordations.models``) plus the applicant,
the IP's own expiry (``ip_expires_on``: a recordation never outlives its right) and the
supporting documents, each a PDF referenced by file name.

Required documents (our reading of Regulations Art. 7 and GAC practice):

==========================  ===========================================================
always                      ``holder_identity`` - business licence / certificate of
                            incorporation or passport of the holder
trademark                   ``trademark_registration_certificate`` (商标注册证)
patent                      ``patent_certificate`` (专利证书)
copyright                   ``copyright_evidence`` - registration certificate or
                            other proof of the copyright (著作权登记证书 / 证明文件)
olympic_symbol /            ``symbol_protection_evidence`` - the announcement under which
world_expo_symbol           the symbol is protected
agent acts                  ``power_of_attorney`` (授权委托书)
each listed licensee        ``licence_contract`` naming that licensee (``licensee`` field)
optional                    ``goods_image`` - a picture of the goods or the mark
==========================  ===========================================================

A holder outside mainland China (anything but China/CN/中国; Hong Kong, Macao and Taiwan
holders included) must act through a domestic agent, so the agent and its power of attorney
are required for it. The check never stops at the first gap: every missing field and
document is named, so the applicant can correct everything at once.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from customs_ipr.recordations.models import (
    Agent,
    GoodsScope,
    Holder,
    IpType,
    Trader,
)
from customs_ipr.text.normalize import normalize_company

DOMESTIC_COUNTRIES = frozenset(
    {"cn", "chn", "china", "prc", "中国", "中华人民共和国", "people's republic of china"}
)


class DocumentKind(StrEnum):
    HOLDER_IDENTITY = "holder_identity"
    TRADEMARK_REGISTRATION_CERTIFICATE = "trademark_registration_certificate"
    PATENT_CERTIFICATE = "patent_certificate"
    COPYRIGHT_EVIDENCE = "copyright_evidence"
    SYMBOL_PROTECTION_EVIDENCE = "symbol_protection_evidence"
    POWER_OF_ATTORNEY = "power_of_attorney"
    LICENCE_CONTRACT = "licence_contract"
    GOODS_IMAGE = "goods_image"
    AUTHORIZATION = "authorization"


DOCUMENT_LABELS: dict[DocumentKind, str] = {
    DocumentKind.HOLDER_IDENTITY: "the holder's identity document (business licence or passport)",
    DocumentKind.TRADEMARK_REGISTRATION_CERTIFICATE: "the trademark registration certificate",
    DocumentKind.PATENT_CERTIFICATE: "the patent certificate",
    DocumentKind.COPYRIGHT_EVIDENCE: "the copyright registration certificate or other proof",
    DocumentKind.SYMBOL_PROTECTION_EVIDENCE: "the announcement protecting the symbol",
    DocumentKind.POWER_OF_ATTORNEY: "the power of attorney for the domestic agent",
    DocumentKind.LICENCE_CONTRACT: "the licence contract",
    DocumentKind.GOODS_IMAGE: "a picture of the goods or the mark",
    DocumentKind.AUTHORIZATION: "the holder's authorization",
}

RIGHT_DOCUMENT: dict[IpType, DocumentKind] = {
    IpType.TRADEMARK: DocumentKind.TRADEMARK_REGISTRATION_CERTIFICATE,
    IpType.PATENT: DocumentKind.PATENT_CERTIFICATE,
    IpType.COPYRIGHT: DocumentKind.COPYRIGHT_EVIDENCE,
    IpType.OLYMPIC_SYMBOL: DocumentKind.SYMBOL_PROTECTION_EVIDENCE,
    IpType.WORLD_EXPO_SYMBOL: DocumentKind.SYMBOL_PROTECTION_EVIDENCE,
}

REQUIRED_FIELDS: dict[str, str] = {
    "holder.name": "the holder's name",
    "holder.country": "the holder's nationality / country",
    "holder.address": "the holder's address",
    "holder.email": "the holder's e-mail address for notices",
    "ip_type": "the type of right",
    "title": "the name or mark text of the right",
    "registration_no": "the registration number of the right",
    "ip_expires_on": "the expiry date of the right",
    "goods": "the goods covered, with their HS codes",
}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Applicant(_Model):
    name: str = Field(min_length=1)
    email: str | None = None


class DocumentRef(_Model):
    """A supporting document: its kind and the attached PDF's file name."""

    kind: DocumentKind
    file: str = Field(min_length=1)
    licensee: str | None = Field(default=None, description="for a licence contract")


class ApplicationForm(_Model):
    """A complete, valid application as filed (the JSON of the upload or the request)."""

    applicant: Applicant | None = None
    ip_type: IpType
    title: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    registration_no: str = Field(min_length=1)
    ip_expires_on: date
    holder: Holder
    agent: Agent | None = None
    goods: list[GoodsScope] = Field(min_length=1)
    licensees: list[Trader] = Field(default_factory=list)
    known_infringers: list[Trader] = Field(default_factory=list)
    documents: list[DocumentRef] = Field(default_factory=list)
    resubmission_of: str | None = None

    @property
    def overseas(self) -> bool:
        return is_overseas(self.holder.country)

    def addressee(self) -> Applicant:
        """Who files: the applicant if named, else the agent, else the holder."""
        if self.applicant is not None:
            return self.applicant
        if self.agent is not None:
            return Applicant(name=self.agent.name, email=self.agent.email)
        return Applicant(name=self.holder.name, email=self.holder.email)


def is_overseas(country: str | None) -> bool:
    return bool(country) and str(country).strip().lower() not in DOMESTIC_COUNTRIES


def _get(data: Any, path: str) -> Any:
    value = data
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def required_documents(data: dict[str, Any]) -> list[tuple[DocumentKind, str | None]]:
    """(kind, licensee) pairs the application needs, from its IP type, agent and licensees."""
    needed: list[tuple[DocumentKind, str | None]] = [(DocumentKind.HOLDER_IDENTITY, None)]
    if data.get("ip_type") in {t.value for t in IpType}:
        needed.append((RIGHT_DOCUMENT[IpType(data["ip_type"])], None))
    if data.get("agent") or is_overseas(_get(data, "holder.country")):
        needed.append((DocumentKind.POWER_OF_ATTORNEY, None))
    for licensee in data.get("licensees") or []:
        if isinstance(licensee, dict) and licensee.get("name"):
            needed.append((DocumentKind.LICENCE_CONTRACT, str(licensee["name"])))
    return needed


def _same_name(a: str | None, b: str | None) -> bool:
    return bool(a and b) and normalize_company(str(a)) == normalize_company(str(b))


def missing_items(data: dict[str, Any], attached: set[str]) -> list[str]:
    """Every missing field, document and attachment, each as one plain phrase.

    ``attached`` holds the file names that actually came with the application.
    """
    missing = [
        f"{label} ({path})" for path, label in REQUIRED_FIELDS.items() if _blank(_get(data, path))
    ]
    if is_overseas(_get(data, "holder.country")):
        if _blank(_get(data, "agent.name")):
            missing.append(
                "a domestic agent (agent.name): a holder outside mainland China must act "
                "through one"
            )
        elif _blank(_get(data, "agent.email")):
            missing.append("the agent's e-mail address for notices (agent.email)")
    documents = [d for d in data.get("documents") or [] if isinstance(d, dict)]
    for kind, licensee in required_documents(data):
        found = [
            d
            for d in documents
            if d.get("kind") == kind.value
            and (licensee is None or _same_name(d.get("licensee"), licensee))
        ]
        label = DOCUMENT_LABELS[kind] + (f" with {licensee}" if licensee else "")
        if not found:
            missing.append(f"{label} (document {kind.value})")
    for document in documents:
        name = document.get("file")
        if name and name not in attached:
            missing.append(f"the attached file {name} (named in documents, not received)")
    return missing


def validation_problems(data: dict[str, Any]) -> list[str]:
    """Values present but not acceptable (bad HS code, unknown IP type), one phrase each."""
    try:
        ApplicationForm.model_validate(data)
    except ValidationError as error:
        blank = [path for path in REQUIRED_FIELDS if _blank(_get(data, path))]
        problems = []
        for problem in error.errors():
            where = ".".join(str(p) for p in problem["loc"])
            if problem["type"] == "missing" or any(
                where == path or where.startswith(path + ".") for path in blank
            ):
                continue  # reported as a missing field
            message = problem["msg"].removeprefix("Value error, ")
            problems.append(f"{where}: {message}" if where else message)
        return problems
    return []


def check(data: dict[str, Any], attached: set[str]) -> tuple[ApplicationForm | None, list[str]]:
    """The validated form (None when anything is missing or invalid) and what is wrong."""
    problems = missing_items(data, attached)
    problems += [p for p in validation_problems(data) if p not in problems]
    if problems:
        return None, problems
    return ApplicationForm.model_validate(data), []
