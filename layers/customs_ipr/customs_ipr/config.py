"""Settings read from the environment, as the Lambda functions get them from template.yaml.

Every name here is set in ``template.yaml`` (``Globals.Function.Environment``) and by the
local stack (``customs_ipr_tools.local``); nothing else reads ``os.environ`` directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


@dataclass(frozen=True)
class Settings:
    documents_bucket: str = "customs-ipr-documents"
    recordations_table: str = "customs-ipr-recordations"
    cases_table: str = "customs-ipr-cases"
    idempotency_table: str = "customs-ipr-idempotency"
    state_machine_arn: str = ""
    alert_topic_arn: str = ""
    sender_address: str = "notices@customs.example.cn"
    office_name: str = "Shanghai Customs District"
    office_name_zh: str = "上海海关"
    """The office's name in the Chinese text of notices (``office_name`` is the English one)."""
    office_contact: str = "ipr@customs.example.cn, +86 21 0000 0000"
    max_upload_bytes: int = 20 * 1024 * 1024
    max_pages: int = 300
    parse_reserve_seconds: float = 15.0
    """Of the ingest function's remaining time, kept back for screening and writes; a PDF
    whose reading would eat into it is refused as ``too_large`` (see documents.pdf)."""
    legal_clock: str = "system"
    """``system`` (production, real Beijing time) or ``virtual`` (local stacks, demo,
    simulate, tests: a stored instant moved only on purpose; see ``cases/clock.py``)."""
    safety_net_seconds: float = 0.0
    """Test stacks only: >0 replaces every callback's safety-net timeout (real seconds)."""
    deadline_schedule_group: str = ""
    deadline_timer_arn: str = ""
    deadline_scheduler_role_arn: str = ""
    holiday_overrides: str = ""
    exchange_rates: str = ""
    mailbox_dir: str = ""
    notice_archive_prefix: str = "notices/"
    quarantine_prefix: str = "quarantine/"
    reasonable_quantities: str = ""
    """Art. 31 table of reasonable quantities per goods kind (default: the bundled one)."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, cached; call ``get_settings.cache_clear()`` in tests."""
    env = os.environ.get
    defaults = Settings()
    return Settings(
        documents_bucket=env("DOCUMENTS_BUCKET", defaults.documents_bucket),
        recordations_table=env("RECORDATIONS_TABLE", defaults.recordations_table),
        cases_table=env("CASES_TABLE", defaults.cases_table),
        idempotency_table=env("IDEMPOTENCY_TABLE", defaults.idempotency_table),
        state_machine_arn=env("STATE_MACHINE_ARN", defaults.state_machine_arn),
        alert_topic_arn=env("ALERT_TOPIC_ARN", defaults.alert_topic_arn),
        sender_address=env("SENDER_ADDRESS", defaults.sender_address),
        office_name=env("OFFICE_NAME", defaults.office_name),
        office_name_zh=env("OFFICE_NAME_ZH", defaults.office_name_zh),
        office_contact=env("OFFICE_CONTACT", defaults.office_contact),
        max_upload_bytes=_int("MAX_UPLOAD_BYTES", defaults.max_upload_bytes),
        max_pages=_int("MAX_PAGES", defaults.max_pages),
        parse_reserve_seconds=_float("PARSE_RESERVE_SECONDS", defaults.parse_reserve_seconds),
        legal_clock=env("LEGAL_CLOCK", "") or defaults.legal_clock,
        safety_net_seconds=_float("SAFETY_NET_SECONDS", 0.0),
        deadline_schedule_group=env("DEADLINE_SCHEDULE_GROUP", ""),
        deadline_timer_arn=env("DEADLINE_TIMER_ARN", ""),
        deadline_scheduler_role_arn=env("DEADLINE_SCHEDULER_ROLE_ARN", ""),
        holiday_overrides=env("HOLIDAY_OVERRIDES", ""),
        exchange_rates=env("EXCHANGE_RATES", ""),
        mailbox_dir=env("MAILBOX_DIR", ""),
        reasonable_quantities=env("REASONABLE_QUANTITIES", ""),
    )


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
