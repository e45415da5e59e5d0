"""Template helpers of the member panel: ``{% load panel %}``."""

from django import template

from stl_portal.history import history_url as _history_url

register = template.Library()


@register.simple_tag
def history_url(record):
    """The address of a record's history page (``panel:history``)."""
    return _history_url(record)
