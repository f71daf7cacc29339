"""Dates typed on the command line: the form YYYY-MM-DD, and a day that exists."""

from __future__ import annotations

import argparse
import re
from datetime import date

_FORM = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def date_problem(text: str) -> str | None:
    """Why ``text`` is not a date, or None when it is one."""
    if not _FORM.match(text.strip()):
        return f"{text!r} is not a date in the form YYYY-MM-DD"
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return f"{text!r} is not a real date (no such day in the calendar)"
    return None


def parse_date(text: str) -> date:
    """An argparse ``type=``: 2029-02-30 is "not a real date", 30/02/2029 "not in the form"."""
    problem = date_problem(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return date.fromisoformat(text.strip())
