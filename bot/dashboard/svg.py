"""Charts drawn on the server as inline SVG: no script, no CDN, sharp on any phone.

Every number and label is escaped; sizes are in a viewBox, so a chart takes the width of
its column (360-px screens included).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from markupsafe import Markup, escape

SALES = "#1b7f5b"
SPENDING = "#d9822b"
SAVINGS = "#3b6fb6"
GRID = "#d8dde3"
TEXT = "#4a5560"


# The least top of a money axis, so an empty chart reads 0 - 5 rb - 10 rb, not 0 - 0 - 1.
MONEY_FLOOR = 10_000


def nice_max(value: int) -> int:
    """The smallest 1, 2, 2.5 or 5 times a power of ten at or above `value` (at least 1)."""
    if value <= 0:
        return 1
    power = 1
    while power * 10 <= value:
        power *= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return int(step * power)
    return 10 * power


def _points(values: Sequence[int], width: float, height: float, top: float, left: float, peak: int) -> list[str]:
    if len(values) == 1:
        return [f"{left:.1f},{top + height - values[0] / peak * height:.1f}"]
    step = width / (len(values) - 1)
    return [f"{left + i * step:.1f},{top + height - v / peak * height:.1f}" for i, v in enumerate(values)]


def sparkline(values: Sequence[int], label: str, width: int = 96, height: int = 24) -> Markup:
    """A small line of weekly values, oldest left; the last week marked with a dot."""
    peak = max(max(values, default=0), 1)
    points = _points(values, width - 4, height - 4, 2, 2, peak)
    last_x, last_y = points[-1].split(",")
    return Markup(
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>'
        f'<polyline fill="none" stroke="{SALES}" stroke-width="1.5" points="{" ".join(points)}"/>'
        f'<circle cx="{last_x}" cy="{last_y}" r="2" fill="{SALES}"/></svg>'
    )


def _frame(peak: int, width: int, height: int, left: int, top: int, plot_h: int, axis: Callable[[int], str]) -> str:
    parts = []
    for fraction in (0, 0.5, 1):
        y = top + plot_h - fraction * plot_h
        parts.append(f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(
            f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end" font-size="10" fill="{TEXT}">'
            f"{escape(axis(int(peak * fraction)))}</text>"
        )
    return "".join(parts)


def _month_ticks(days: Sequence[date], month: Callable[[date], str], x_of: Callable[[int], float], y: float) -> str:
    parts = []
    for i, day in enumerate(days):
        if i == 0 or day.month != days[i - 1].month:
            parts.append(
                f'<text x="{x_of(i):.1f}" y="{y:.1f}" font-size="10" fill="{TEXT}">{escape(month(day))}</text>'
            )
    return "".join(parts)


def weekly_chart(
    days: Sequence[date],
    sales: Sequence[int],
    spending: Sequence[int],
    label: str,
    axis: Callable[[int], str],
    month: Callable[[date], str],
    width: int = 340,
    height: int = 170,
) -> Markup:
    """Weekly sales as bars and spending as a line, one slot per week (`days` are the weeks' last days)."""
    left, top, bottom = 46, 8, 18
    plot_w, plot_h = width - left, height - top - bottom
    peak = nice_max(max([*sales, *spending, MONEY_FLOOR]))
    slot = plot_w / max(len(days), 1)
    bar = max(slot * 0.7, 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        _frame(peak, width, height, left, top, plot_h, axis),
    ]
    for i, value in enumerate(sales):
        h = value / peak * plot_h
        parts.append(
            f'<rect x="{left + i * slot + (slot - bar) / 2:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" '
            f'height="{h:.1f}" fill="{SALES}"><title>{escape(axis(value))}</title></rect>'
        )
    line = [f"{left + (i + 0.5) * slot:.1f},{top + plot_h - v / peak * plot_h:.1f}" for i, v in enumerate(spending)]
    if line:
        parts.append(
            f'<polyline fill="none" stroke="{SPENDING}" stroke-width="2" stroke-linejoin="round" '
            f'points="{" ".join(line)}"/>'
        )
    parts.append(_month_ticks(days, month, lambda i: left + i * slot, height - 4))
    parts.append("</svg>")
    return Markup("".join(parts))


def balance_chart(
    points: Sequence[tuple[date, int]],
    label: str,
    axis: Callable[[int], str],
    month: Callable[[date], str],
    width: int = 340,
    height: int = 150,
) -> Markup:
    """Her savings balance at the end of each week, as a filled line."""
    left, top, bottom = 46, 8, 18
    plot_w, plot_h = width - left, height - top - bottom
    values = [max(v, 0) for _, v in points]
    peak = nice_max(max([*values, MONEY_FLOOR]))
    slot = plot_w / max(len(values), 1)
    xy = [f"{left + (i + 0.5) * slot:.1f},{top + plot_h - v / peak * plot_h:.1f}" for i, v in enumerate(values)]
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        _frame(peak, width, height, left, top, plot_h, axis),
    ]
    if xy:
        base = top + plot_h
        area = [f"{left + 0.5 * slot:.1f},{base:.1f}", *xy, f"{left + (len(xy) - 0.5) * slot:.1f},{base:.1f}"]
        parts.append(f'<polygon fill="{SAVINGS}" fill-opacity="0.15" points="{" ".join(area)}"/>')
        parts.append(f'<polyline fill="none" stroke="{SAVINGS}" stroke-width="2" points="{" ".join(xy)}"/>')
    parts.append(_month_ticks([d for d, _ in points], month, lambda i: left + i * slot, height - 4))
    parts.append("</svg>")
    return Markup("".join(parts))


MUTED_BAR = "#b9c3cc"


def monthly_bars(
    months: Sequence[date],
    sales: Sequence[int],
    marked: Sequence[bool],
    label: str,
    axis: Callable[[int], str],
    month: Callable[[date], str],
    exact: Callable[[int], str] | None = None,
    width: int = 340,
    height: int = 130,
) -> Markup:
    """Sales per calendar month as bars, oldest left; `marked` months (a rising streak) in full colour,
    the others muted. Each bar's title reads its month and amount (`exact`, else the axis' short form); every
    third month from the last is labelled."""
    exact = exact or axis
    left, top, bottom = 46, 8, 18
    plot_w, plot_h = width - left, height - top - bottom
    peak = nice_max(max([*sales, MONEY_FLOOR]))
    slot = plot_w / max(len(months), 1)
    bar = max(slot * 0.7, 1)
    parts = [
        f'<svg class="chart months" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        _frame(peak, width, height, left, top, plot_h, axis),
    ]
    for i, (day, value) in enumerate(zip(months, sales, strict=True)):
        h = value / peak * plot_h
        colour = SALES if i < len(marked) and marked[i] else MUTED_BAR
        parts.append(
            f'<rect x="{left + i * slot + (slot - bar) / 2:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" '
            f'height="{h:.1f}" fill="{colour}"><title>{escape(month(day))} {day.year}: {escape(exact(value))}'
            "</title></rect>"
        )
    last = len(months) - 1
    for i, day in enumerate(months):
        if (last - i) % 3 == 0:
            parts.append(
                f'<text x="{left + (i + 0.5) * slot:.1f}" y="{height - 4}" text-anchor="middle" font-size="10" '
                f'fill="{TEXT}">{escape(month(day))}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
