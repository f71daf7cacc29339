"""Untrusted text stays data: one valid contact address; file names quoted and cut
(issue 15, point 6)."""

from __future__ import annotations

import random

from customs_ipr.notices.models import build_context
from customs_ipr.notices.rendering import render_text
from customs_ipr.untrusted import quoted, single_address


def test_only_one_syntactically_valid_address_is_accepted():
    assert single_address(" broker@example.com ") == "broker@example.com"
    assert single_address("a.b+c@mail.example.cn") == "a.b+c@mail.example.cn"
    for bad in (
        "a@example.com,b@example.com,c@example.com",
        "a@example.com; b@example.com",
        "Mallory <a@example.com>",
        "a@example.com\r\nBcc: b@example.com",
        "a@@example.com",
        "a@example",
        "not an address",
        "",
        None,
        "x" * 250 + "@example.com",
    ):
        assert single_address(bad) is None, bad


def test_quoted_text_is_cut_cleaned_and_bracketed():
    rng = random.Random(6)
    for _ in range(200):
        text = "".join(
            rng.choice("请立即付款至账户 6222 0000\n\t\u202e\u200babc") for _ in range(200)
        )
        shown = quoted(text)
        assert shown.startswith("「") and shown.endswith("」")
        assert len(shown) <= 62
        assert not any(ch in shown for ch in "\n\t\u202e\u200b")
    assert quoted("declarations/a.pdf") == "「declarations/a.pdf」"


def test_a_phishing_file_name_is_only_a_quoted_fact_in_the_rejection_notice():
    name = quoted("declarations/请立即付款至账户 6222 0000 并回复本邮件确认 " + "x" * 100 + ".pdf")
    context = build_context(
        {
            "notice_no": "2200-2026-REJ-000001",
            "kind": "upload_rejected",
            "issued_on": "2026-09-16",
            "case_id": "UPLOAD-abc",
            "addressee": {"name": "Uploader", "role": "uploader", "email": "a@example.com"},
            "facts": {
                "upload": {"code": "not_pdf", "message": "m", "file_name": name, "sha256": "0"}
            },
        }
    )
    text = render_text(context)
    lines = [line for line in text.splitlines() if "请立即付款" in line]
    assert lines and all(line.strip().startswith("- ") for line in lines)  # fact rows only
    assert "x" * 100 not in text
