"""``{{ record|on_site:request }}``: a record's address on its STL's own site (``workgroups.sites``)."""

from django import template

from workgroups.sites import record_url

register = template.Library()


@register.filter
def on_site(record, request):
    """The link to ``record``: on a national page of several STLs, on its STL's site; else its plain
    address."""
    return record_url(request, record)
