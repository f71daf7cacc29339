"""Reply codes: random, hashed, verified; found in a reply's text (issue 15, point 1)."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime

from customs_ipr.cases import receipt, reply_codes
from customs_ipr.documents.reply_code import find_reply_code


def test_codes_are_random_formatted_and_only_their_hash_verifies():
    codes = {reply_codes.new_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}", c) for c in codes)
    code = codes.pop()
    stored = reply_codes.hash_code("2200-2026-SUS-000002", code)
    assert code.replace("-", "") not in stored
    assert reply_codes.verify("2200-2026-SUS-000002", code, stored)
    assert reply_codes.verify("2200-2026-SUS-000002", code.lower().replace("-", " "), stored)
    # the same code for another notice, another code, no code, no hash: refused
    assert not reply_codes.verify("2200-2026-SUS-000003", code, stored)
    assert not reply_codes.verify("2200-2026-SUS-000002", codes.pop(), stored)
    assert not reply_codes.verify("2200-2026-SUS-000002", None, stored)
    assert not reply_codes.verify("2200-2026-SUS-000002", code, None)


def test_misread_letters_fold_and_malformed_codes_are_none():
    assert reply_codes.normalize("o1il-0000-ABCD") == "0111" + "0000ABCD"
    for bad in ("", "ABCD-EFGH", "ABCD-EFGH-JKMU", "ABCD-EFGH-JKMN-P"):
        assert reply_codes.normalize(bad) is None


def test_the_code_is_found_in_reply_text_labelled_or_alone():
    rng = random.Random(15)
    for _ in range(200):
        code = reply_codes.new_code()
        label = rng.choice(["答复码 Reply code", "答复码：", "Reply code:", "REPLY CODE"])
        noise = rng.choice(["通知书编号 Notice No. 2200-2026-SUS-000002", "备案号 T2019-12345"])
        spelled = rng.choice([code, code.lower(), code.replace("-", " ")])
        lines = [noise, f"{label} {spelled}", "处理意见 Decision 不申请扣留"]
        rng.shuffle(lines)
        assert find_reply_code(lines) == code
    # unlabelled: one candidate is taken, two different ones are ambiguous
    assert find_reply_code(["ABCD-EFGH-JKMN"]) == "ABCD-EFGH-JKMN"
    assert find_reply_code(["ABCD-EFGH-JKMN", "ZZZZ-YYYY-XXXX"]) is None
    assert find_reply_code(["Notice No. 2200-2026-SUS-000002"]) is None


def test_receipt_date_is_the_beijing_date_of_the_upload(monkeypatch):
    # production's clock (the virtual clock's rule: tests/unit/test_deadline_receipt_grace.py)
    monkeypatch.setenv("LEGAL_CLOCK", "system")
    monkeypatch.delenv("RECEIPT_GRACE_SECONDS", raising=False)
    from customs_ipr.config import get_settings

    get_settings.cache_clear()
    at = receipt.parse_event_time("2026-09-16T15:59:59.900Z")
    assert at == datetime(2026, 9, 16, 15, 59, 59, 900000, tzinfo=UTC)
    assert str(receipt.legal_receipt_date(None, at)) == "2026-09-16"  # type: ignore[arg-type]
    after = receipt.parse_event_time("2026-09-16T16:00:00Z")
    assert str(receipt.legal_receipt_date(None, after)) == "2026-09-17"  # type: ignore[arg-type]
    assert receipt.parse_event_time("yesterday") is None
    assert receipt.grace_seconds() == receipt.DEFAULT_GRACE_SECONDS
    get_settings.cache_clear()
