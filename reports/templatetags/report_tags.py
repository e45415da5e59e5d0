from django import template

from core.spanish import long_date

register = template.Library()


@register.filter
def spanish_date(day):
    """date(2020, 4, 8) → «8 de abril de 2020»; empty for no date."""
    return long_date(day) if day else ""
