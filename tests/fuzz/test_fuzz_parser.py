"""Short fuzz run: mutated and random PDFs never crash the parser and finish in bounded time.

The long run is ``python tests/fuzz/run_fuzz.py --count 5000`` (``make fuzz``).
"""

from __future__ import annotations

import random
import time

from fuzz import mutations
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customs_ipr.documents.parsing import parse_document
from customs_ipr.errors import CustomsIprError

MAX_SECONDS_PER_INPUT = 10.0
"""Generous bound for one input on a slow CI machine; the parser's own budget is per page."""


def parse_or_refuse(data: bytes) -> float:
    started = time.perf_counter()
    try:
        parse_document(data, filename="fuzz.pdf")
    except CustomsIprError as error:
        assert error.code and error.message
        assert "Traceback" not in error.message
    return time.perf_counter() - started


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_mutated_pdfs_only_raise_customs_errors(seed):
    name, data = mutations.mutant(random.Random(seed))
    assert parse_or_refuse(data) < MAX_SECONDS_PER_INPUT, name


@settings(max_examples=50, deadline=None)
@given(data=st.binary(max_size=2048))
def test_random_bytes_only_raise_customs_errors(data):
    assert parse_or_refuse(data) < MAX_SECONDS_PER_INPUT


@settings(max_examples=50, deadline=None)
@given(data=st.binary(max_size=2048))
def test_random_bytes_behind_a_pdf_header_only_raise_customs_errors(data):
    assert parse_or_refuse(b"%PDF-1.7\n" + data + b"\n%%EOF\n") < MAX_SECONDS_PER_INPUT
