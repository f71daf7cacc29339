"""``case show ID --timeline out.svg|.png``: a case's life drawn on the working-day calendar.

Three lanes over the legal dates: the case's states (each status from the day it began),
its notices (a mark on each issue date) and its deadlines (a bar from the day counting
starts to the due date, the due day included). Weekends and public holidays are shaded;
make-up working days (调休) are not; a year the calendar does not know is hatched. Drawn
with matplotlib, which is in the ``local`` extra, not in the Lambda layer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from customs_ipr.calendar import default_calendar
from customs_ipr.errors import CustomsIprError, InvalidInput
from customs_ipr.notices.pdf import FONT_FILE

FORMATS = (".svg", ".png", ".pdf")
MARGIN_DAYS = 3


class PlottingUnavailable(CustomsIprError):
    code = "plotting_unavailable"


def _span(view: Any) -> tuple[date, date]:
    case = view.case
    days = [case.started_on]
    days += [e.legal_date for e in view.history if e.legal_date]
    for d in view.deadlines:
        days += [d.start, d.due]
    days += [date.fromisoformat(str(n["issued_on"])) for n in view.notices if n.get("issued_on")]
    return min(days) - timedelta(days=1), max(days) + timedelta(days=MARGIN_DAYS)


def _states(view: Any, end: date) -> list[tuple[str, date, date]]:
    """(status, from, to) spans from the history's status changes."""
    changes = [(view.case.started_on, "open")]
    for event in view.history:
        if event.status and event.legal_date:
            if changes[-1][1] == event.status:
                continue
            if changes[-1][0] == event.legal_date:  # passed through on the same legal day
                changes[-1] = (event.legal_date, f"{changes[-1][1]} → {event.status}")
                continue
            changes.append((event.legal_date, event.status))
    spans = []
    for n, (start, status) in enumerate(changes):
        stop = changes[n + 1][0] if n + 1 < len(changes) else end
        spans.append((status, start, max(stop, start + timedelta(days=1))))
    return spans


def draw_timeline(view: Any, out: Path) -> dict[str, Any]:
    """Write the picture to ``out`` (.svg, .png or .pdf); returns what was drawn."""
    if out.suffix.lower() not in FORMATS:
        raise InvalidInput(f"--timeline must name a {', '.join(FORMATS)} file, not {out.name}.")
    plt, mdates = _pyplot()

    def x(day: date) -> float:
        return float(mdates.date2num(day))

    first, last = _span(view)
    height = 3.6 + 0.3 * len(view.deadlines)
    figure, axis = plt.subplots(figsize=(max(8.0, min(24.0, (last - first).days * 0.22)), height))
    off_days, unknown = _shade_days_off(axis, first, last, x)
    deadlines = sorted(view.deadlines, key=lambda d: d.start)
    rows = max(len(deadlines), 1)
    notices_y, states_y = rows * 0.6 + 0.6, rows * 0.6 + 1.8
    for n, d in enumerate(deadlines):
        y = n * 0.6
        axis.barh(y, (d.due - d.start).days, left=x(d.start) + 1, height=0.4, color="#4169e1")
        axis.text(x(d.due) + 1, y, f" {d.rule} → {d.due}", fontsize=7, va="center")
    notices = _draw_notices(axis, view, notices_y, x)
    states = _states(view, last)
    colors = plt.get_cmap("tab10")
    for n, (status, start, stop) in enumerate(states):
        axis.barh(states_y, (stop - start).days, left=x(start), height=0.45, color=colors(n % 10))
        axis.text(x(start), states_y + 0.3, status, fontsize=7, va="bottom")

    axis.set_yticks([(rows - 1) * 0.3, notices_y, states_y], ["deadlines", "notices", "states"])
    axis.set_ylim(-0.5, states_y + 0.9)
    axis.set_xlim(x(first), x(last))
    axis.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    figure.autofmt_xdate()
    axis.set_title(f"{view.case.case_id} — {view.case.status} (grey: weekends and holidays)")
    figure.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, metadata={"Date": None} if out.suffix.lower() == ".svg" else None)
    plt.close(figure)
    return {
        "timeline": str(out),
        "from": first,
        "to": last,
        "states": len(states),
        "notices": len(notices),
        "deadlines": len(deadlines),
        "days_off_shaded": off_days,
        "days_of_unknown_years": unknown,
    }


def _pyplot() -> tuple[Any, Any]:
    """matplotlib's pyplot and dates, drawing off-screen with the notices' CJK font."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.dates as mdates
        import matplotlib.pyplot as plt
        from matplotlib import font_manager
    except ImportError:
        raise PlottingUnavailable(
            "Drawing a timeline needs matplotlib: pip install 'customs-ipr[local]'."
        ) from None
    font_manager.fontManager.addfont(str(FONT_FILE))
    family = font_manager.FontProperties(fname=str(FONT_FILE)).get_name()
    plt.rcParams["font.family"] = [family, "DejaVu Sans"]
    return plt, mdates


def _shade_days_off(
    axis: Any, first: date, last: date, x: Callable[[date], float]
) -> tuple[int, int]:
    """Grey weekends and holidays, hatch days of years the calendar does not know."""
    calendar = default_calendar()
    day, off_days, unknown = first, 0, 0
    while day <= last:
        try:
            working = calendar.is_working_day(day)
        except CustomsIprError:
            axis.axvspan(x(day), x(day) + 1, color="#dddddd", hatch="//", lw=0)
            unknown += 1
        else:
            if not working:
                axis.axvspan(x(day), x(day) + 1, color="#eeeeee", lw=0)
                off_days += 1
        day += timedelta(days=1)
    return off_days, unknown


def _draw_notices(
    axis: Any, view: Any, notices_y: float, x: Callable[[date], float]
) -> list[dict[str, Any]]:
    notices = [n for n in view.notices if n.get("issued_on")]
    by_day: dict[date, list[str]] = {}
    for notice in notices:
        by_day.setdefault(date.fromisoformat(str(notice["issued_on"])), []).append(
            str(notice.get("kind"))
        )
    for n, (when, kinds) in enumerate(sorted(by_day.items())):
        axis.plot([x(when)], [notices_y], marker="v", color="#b22222")
        axis.text(
            x(when) + 0.15,
            notices_y + 0.12 + 0.15 * (n % 2),
            "\n".join(kinds),
            fontsize=6.5,
            va="bottom",
        )
    return notices
