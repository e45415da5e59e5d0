import datetime

from django import template
from django.utils import timezone

from core.spanish import long_date as _long_date

register = template.Library()


@register.filter
def long_date(value):
    """date(2020, 4, 8) → «8 de abril de 2020»; a moment is shown on its Mexico City date."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return _long_date(value) if value else ""


@register.filter
def long_datetime(value):
    """A moment as «30 de noviembre de 2026, 20:37 h», on Mexico City's clock."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{_long_date(value)}, {value:%H:%M} h"


@register.filter
def percent(value):
    """An average (float or None) as a whole percentage, None kept for «no data»."""
    return None if value is None else round(value)


@register.filter
def highlight(value, terms):
    """The text escaped, with the words the search looked for in ``<mark>`` (core.search)."""
    from core.search import highlight as _highlight

    return _highlight(str(value or ""), terms or [])


@register.filter
def excerpt(value, terms):
    """About 240 characters of a long text around the first word found, highlighted."""
    from core.search import highlight as _highlight

    return _highlight(str(value or ""), terms or [], limit=240)
