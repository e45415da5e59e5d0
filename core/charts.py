"""Charts drawn on the server as SVG, so they show without JavaScript and print well.

Each chart comes with the data it draws; the templates put that data in a table next to the chart
(the text alternative), and the SVG itself carries a ``<title>`` and ``<desc>``.
"""

import datetime
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.spanish import long_date

INK = "#1b1f24"
BAR = "#1d6b35"
TRACK = "#e4e8ec"
PLANNED = "#0b5a7a"
ACTUAL = "#8a1c4a"


@dataclass
class Bar:
    label: str
    value: int | None  # 0–100, None when there is nothing to measure
    note: str = ""


# Charts are drawn 360 units wide: on a 390 px phone one unit is about one pixel, so 14-unit text
# reads as 14 px text; the stylesheet caps them at 32rem on wide screens (text up to about 20 px).
# The label sits on its own line above each bar, so long names need not shrink.
WIDTH = 360
FONT = 14


def _clip(text, limit):
    return text if len(text) <= limit else text[:limit - 1] + "…"


def progress_bars(bars, title, chart_id):
    """A horizontal bar per row (0–100 %): the label above, the bar and its value below."""
    row_height, value_width = 52, 56
    bar_width = WIDTH - value_width
    height = max(1, len(bars)) * row_height + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe_bars(bars))}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = 2 + index * row_height
        parts.append(f'<text x="0" y="{y + 16}" font-size="{FONT}" fill="{INK}">{escape(_clip(bar.label, 44))}</text>')
        parts.append(f'<rect x="0" y="{y + 24}" width="{bar_width}" height="18" rx="3" fill="{TRACK}"/>')
        if bar.value:
            parts.append(f'<rect x="0" y="{y + 24}" width="{bar_width * bar.value / 100:.1f}" '
                         f'height="18" rx="3" fill="{BAR}"/>')
        shown = "—" if bar.value is None else f"{bar.value} %"
        parts.append(f'<text x="{WIDTH}" y="{y + 38}" font-size="{FONT}" text-anchor="end" '
                     f'fill="{INK}">{shown}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def describe_bars(bars):
    if not bars:
        return _("Sin datos.")
    return "; ".join(
        f"{bar.label}: {_('sin hitos') if bar.value is None else f'{bar.value} %'}" for bar in bars)


def route_timeline(phases, chart_id, today=None):
    """A Gantt-like timeline: per phase, the planned period above and the actual one below."""
    today = today or datetime.date.today()
    dates = [d for p in phases for d in (p.planned_start, p.planned_end, p.actual_start, p.actual_end) if d]
    if not dates:
        return ""
    start, end = min(dates), max(dates)
    span = max(1, (end - start).days)
    # One row per phase: its name, then the planned bar, then the actual one, across the full width.
    row_height, plot_width = 62, WIDTH
    width = WIDTH
    height = len(phases) * row_height + 24

    def x(day):
        return plot_width * (day - start).days / span

    title = _("Ruta: fechas previstas y reales de cada fase")
    description = _("Barra azul: periodo previsto; barra guinda: periodo real. "
                    "Los datos están en la tabla siguiente.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<text x="0" y="14" font-size="{FONT - 1}" fill="{INK}">{escape(long_date(start))}</text>',
        f'<text x="{width}" y="14" font-size="{FONT - 1}" text-anchor="end" fill="{INK}">'
        f'{escape(long_date(end))}</text>',
    ]
    for index, phase in enumerate(phases):
        y = 22 + index * row_height
        text = escape(f"{phase.order}. {_clip(phase.name, 42)}")
        parts.append(f'<text x="0" y="{y + 16}" font-size="{FONT}" fill="{INK}">{text}</text>')
        if phase.planned_start and phase.planned_end:
            parts.append(f'<rect x="{x(phase.planned_start):.1f}" y="{y + 24}" '
                         f'width="{max(2, x(phase.planned_end) - x(phase.planned_start)):.1f}" height="12" '
                         f'fill="{PLANNED}"/>')
        if phase.actual_start:
            actual_end = phase.actual_end or min(today, end)
            parts.append(f'<rect x="{x(phase.actual_start):.1f}" y="{y + 40}" '
                         f'width="{max(2, x(actual_end) - x(phase.actual_start)):.1f}" height="12" '
                         f'fill="{ACTUAL}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
