"""Read the State Council's annual holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知).

The notice is published as plain text in a fixed form: a title naming the year, then one
numbered section per festival, each giving the days off and the make-up working days::

    一、元旦：1月1日（周三）放假1天，不调休。
    二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
    1月26日（周日）、2月8日（周六）上班。

:func:`parse_notice` turns it into the override table's shape (``holidays`` / ``workdays``
of one year, see :mod:`customs_ipr.calendar`). It refuses, naming the problem, any notice
it cannot read fully: a missing year or festival, a section it cannot parse, a stated
weekday that is not that date's weekday (a wrong year), a "共N天" that does not match the
range, a make-up day that is not a Saturday or Sunday. A legal deadline is never counted
from a half-read calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from customs_ipr.errors import InvalidInput

FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
"""The seven festivals every annual notice arranges (Regulations on national holidays)."""

_NUMERALS = "一二三四五六七八九十"
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}

_TITLE = re.compile(r"关于\s*(\d{4})\s*年部分节假日安排的通知")
_BODY_YEAR = re.compile(r"现将\s*(\d{4})\s*年")
_SECTION = re.compile(rf"^\s*([{_NUMERALS}]+)、([^：:]+)[：:](.*)$")
# A date with an optional year and month, and an optional parenthesis (lunar day, weekday).
_DATE = r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:[（(]([^）)]*)[）)])?"
_RANGE = re.compile(rf"^{_DATE}(?:至{_DATE})?放假(.*)$")
_COUNT = re.compile(r"共\s*(\d+|[一二两三四五六七八九十]+)\s*天")
_SINGLE_DAY_TAIL = re.compile(r"^(?:(?:1|一)天.*|与周末连休|不调休|)$")
_DATE_ONLY = re.compile(_DATE)


class HolidayNoticeUnreadable(InvalidInput):
    code = "holiday_notice_unreadable"


@dataclass
class FestivalArrangement:
    name: str
    days_off: list[date]
    workdays: list[date] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "festival": self.name,
            "from": self.days_off[0].isoformat(),
            "to": self.days_off[-1].isoformat(),
            "days_off": len(self.days_off),
            "make_up_workdays": [d.isoformat() for d in self.workdays],
        }


@dataclass
class HolidayNotice:
    year: int
    festivals: list[FestivalArrangement]
    source: str

    @property
    def holidays(self) -> list[date]:
        return sorted({d for f in self.festivals for d in f.days_off})

    @property
    def workdays(self) -> list[date]:
        return sorted({d for f in self.festivals for d in f.workdays})

    @property
    def previous_year_days(self) -> dict[date, bool]:
        """Days of the year before that the notice names (a New Year holiday starting on
        30 December): date → is a working day. They must agree with that year's calendar."""
        days = {d: False for d in self.holidays if d.year < self.year}
        days.update({d: True for d in self.workdays if d.year < self.year})
        return days

    def override_entry(self) -> dict[str, Any]:
        """The year's entry of the override table (``customs_ipr/data/holiday_overrides.json``)."""
        return {
            "holidays": [d.isoformat() for d in self.holidays if d.year == self.year],
            "workdays": [d.isoformat() for d in self.workdays if d.year == self.year],
            "source": self.source,
        }

    def summary(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "source": self.source,
            "festivals": [f.as_dict() for f in self.festivals],
            "holidays": len(self.holidays),
            "make_up_workdays": [d.isoformat() for d in self.workdays],
        }


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text in _CN_DIGITS:
        return _CN_DIGITS[text]
    if text.startswith("十") and len(text) == 2:
        return 10 + _CN_DIGITS[text[1]]
    raise ValueError(text)


def _normalize(text: str) -> str:
    text = text.replace("\u3000", " ").replace("\r", "")
    return re.sub(r"[ \t]+", "", text)


def parse_notice(text: str, *, source: str = "") -> HolidayNotice:
    """Read one annual notice; see the module docstring for what is refused."""
    flat = _normalize(text)
    title = _TITLE.search(flat)
    body = _BODY_YEAR.search(flat)
    if title is None and body is None:
        raise HolidayNoticeUnreadable(
            "The notice names no year: expected a title like "
            "'国务院办公厅关于2027年部分节假日安排的通知' or '现将2027年…'."
        )
    years = {int(m.group(1)) for m in (title, body) if m is not None}
    if len(years) > 1:
        raise HolidayNoticeUnreadable(
            f"The notice names two years ({', '.join(map(str, sorted(years)))})."
        )
    year = years.pop()
    sections = _sections(flat)
    if not sections:
        raise HolidayNoticeUnreadable(
            "The notice has no numbered festival sections (一、元旦：… 二、春节：…)."
        )
    festivals = [_festival(year, name, rest) for name, rest in sections]
    named = {part for f in festivals for part in re.split(r"[、，,和及]", f.name)}
    missing = [f for f in FESTIVALS if f not in named]
    if missing:
        raise HolidayNoticeUnreadable(
            f"The {year} notice does not arrange {'、'.join(missing)}: it was not read fully."
        )
    _check_overlaps(year, festivals)
    label = source or f"国务院办公厅关于{year}年部分节假日安排的通知"
    return HolidayNotice(year=year, festivals=festivals, source=label)


def _sections(flat: str) -> list[tuple[str, str]]:
    sections = []
    for line in flat.split("\n"):
        match = _SECTION.match(line)
        if match:
            sections.append((match.group(2), match.group(3)))
    return sections


def _festival(year: int, name: str, text: str) -> FestivalArrangement:
    where = f"section '{name}'"
    sentences = [s for s in re.split(r"。", text) if s]
    if not sentences:
        raise HolidayNoticeUnreadable(f"{where} is empty.")
    match = _RANGE.match(sentences[0])
    if match is None:
        raise HolidayNoticeUnreadable(
            f"{where}: cannot read the days off in {sentences[0]!r} "
            "(expected 'M月D日（周X）至D日（周X）放假…，共N天' or 'M月D日（周X）放假1天')."
        )
    g = match.groups()
    first = _date(year, g[0], g[1], g[2], g[3], where, None)
    last = _date(year, g[4], g[5], g[6], g[7], where, first) if g[6] else first
    if last < first:
        raise HolidayNoticeUnreadable(f"{where}: the holiday ends before it starts.")
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    tail = g[8]
    count = _COUNT.search(tail)
    if count is not None:
        stated = _number(count.group(1))
        if stated != len(days):
            raise HolidayNoticeUnreadable(
                f"{where}: says 共{stated}天 but {first.isoformat()} to {last.isoformat()} "
                f"is {len(days)} days."
            )
    elif not (len(days) == 1 and _SINGLE_DAY_TAIL.match(tail.strip("，,"))):
        raise HolidayNoticeUnreadable(f"{where}: cannot read how many days off ({tail!r}).")
    workdays: list[date] = []
    for sentence in sentences[1:]:
        if not sentence.endswith("上班"):
            raise HolidayNoticeUnreadable(f"{where}: cannot read {sentence!r}.")
        listed = sentence[: -len("上班")]
        found = list(_DATE_ONLY.finditer(listed))
        leftover = _DATE_ONLY.sub("", listed).strip("、，, ")
        if not found or leftover:
            raise HolidayNoticeUnreadable(
                f"{where}: cannot read the make-up working days in {sentence!r}."
            )
        previous = None
        for m in found:
            day = _date(year, m.group(1), m.group(2), m.group(3), m.group(4), where, previous)
            if day.weekday() < 5:
                raise HolidayNoticeUnreadable(
                    f"{where}: make-up working day {day.isoformat()} is not a Saturday or Sunday."
                )
            workdays.append(day)
            previous = day
    return FestivalArrangement(name=name, days_off=days, workdays=workdays)


def _date(
    year: int,
    year_text: str | None,
    month_text: str | None,
    day_text: str,
    note: str | None,
    where: str,
    previous: date | None,
) -> date:
    if month_text is None and previous is None:
        raise HolidayNoticeUnreadable(f"{where}: the date '{day_text}日' has no month.")
    month = int(month_text) if month_text else previous.month  # type: ignore[union-attr]
    in_year = int(year_text) if year_text else (previous.year if previous else year)
    if in_year not in (year - 1, year):
        raise HolidayNoticeUnreadable(
            f"{where}: {in_year}年{month}月{day_text}日 is neither in {year} nor at the end "
            f"of {year - 1}."
        )
    try:
        day = date(in_year, month, int(day_text))
    except ValueError:
        raise HolidayNoticeUnreadable(
            f"{where}: {in_year}年{month}月{day_text}日 is not a date."
        ) from None
    weekday = re.search(r"(?:周|星期)([一二三四五六日天])", note or "")
    if weekday and _WEEKDAYS[weekday.group(1)] != day.weekday():
        raise HolidayNoticeUnreadable(
            f"{where}: the notice calls {day.isoformat()} 周{weekday.group(1)}, but it is "
            f"周{'一二三四五六日'[day.weekday()]} — is this the {year} notice?"
        )
    return day


def _check_overlaps(year: int, festivals: list[FestivalArrangement]) -> None:
    off = {d for f in festivals for d in f.days_off}
    clash = sorted(off & {d for f in festivals for d in f.workdays})
    if clash:
        raise HolidayNoticeUnreadable(
            f"The {year} notice makes {clash[0].isoformat()} both a day off and a working day."
        )
