"""Charts drawn on the server as SVG, so they show without JavaScript and print well.

Each chart comes with the data it draws; the templates put that data in a table next to the chart
(the text alternative), and the SVG itself carries a ``<title>`` and ``<desc>``.
"""

import datetime
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.certainty import DateCertainty, date_certainty_of
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
    """A Gantt-like timeline: per phase, the planned period above and the actual one below. A planned
    date nobody knows (core/certainty.py) is never drawn: neither its bar nor the chart's ends show it."""
    today = today or datetime.date.today()

    def known(phase, name):
        return None if date_certainty_of(phase, name) == DateCertainty.UNKNOWN else getattr(phase, name)

    planned = [(known(phase, "planned_start"), known(phase, "planned_end")) for phase in phases]
    dates = [d for p, ends in zip(phases, planned, strict=True) for d in (*ends, p.actual_start, p.actual_end) if d]
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
        planned_start, planned_end = planned[index]
        if planned_start and planned_end:
            parts.append(f'<rect x="{x(planned_start):.1f}" y="{y + 24}" '
                         f'width="{max(2, x(planned_end) - x(planned_start)):.1f}" height="12" '
                         f'fill="{PLANNED}"/>')
        if phase.actual_start:
            actual_end = phase.actual_end or min(today, end)
            parts.append(f'<rect x="{x(phase.actual_start):.1f}" y="{y + 40}" '
                         f'width="{max(2, x(actual_end) - x(phase.actual_start)):.1f}" height="12" '
                         f'fill="{ACTUAL}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


# Colours of the traffic light and of the completion levels; each passes 3:1 against white
# (WCAG 1.4.11) and every bar also carries its label and value in text.
LIGHT = {"done": "#1b4f8a", "on_time": "#1d6b35", "at_risk": "#8a5a00", "late": "#a11b1b", "no_date": "#5b6470"}


def labelled_bars(bars, title, chart_id, unit="", maximum=None, colors=None):
    """Horizontal bars for a narrow screen: each label on its own line above its bar, the value after
    the bar. ``unit`` "%" draws 0–100; otherwise bars scale to the largest value (counts). The
    drawing is 360 units wide, so at a phone's 360 px its 15-unit text stays 15 px."""
    width, bar_width, row_height = 360, 290, 46
    top = max([bar.value or 0 for bar in bars] + [1]) if maximum is None else maximum
    height = max(1, len(bars)) * row_height + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-narrow" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe_values(bars, unit))}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = index * row_height
        label = bar.label if len(bar.label) <= 44 else bar.label[:43] + "…"
        color = (colors or {}).get(bar.note, BAR)
        parts.append(f'<text x="0" y="{y + 16}" font-size="15" fill="{INK}">{escape(label)}</text>')
        parts.append(f'<rect x="0" y="{y + 22}" width="{bar_width}" height="16" rx="3" fill="{TRACK}"/>')
        if bar.value:
            parts.append(f'<rect x="0" y="{y + 22}" width="{bar_width * min(bar.value, top) / top:.1f}" '
                         f'height="16" rx="3" fill="{color}"/>')
        shown = "—" if bar.value is None else f"{bar.value}{' %' if unit == '%' else ''}"
        parts.append(f'<text x="{bar_width + 6}" y="{y + 36}" font-size="15" fill="{INK}">{shown}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def describe_values(bars, unit=""):
    if not bars:
        return _("Sin datos.")
    return "; ".join(f"{bar.label}: {'—' if bar.value is None else bar.value}{' %' if unit == '%' and bar.value is not None else ''}"
                     for bar in bars)
