"""Each STL's own public site: which STL a request is about, and its records only.

``stl_portal.sites.StlSiteMiddleware`` sets ``request.stl`` (the STL whose site this is, or None on
the national pages of an installation with several STLs) and the script prefix ``/stl/<identifier>/``
so every ``reverse()`` inside that site gives its own addresses. The public views filter every
query with ``in_site`` here: a record of another STL under this STL's path is a 404.
"""

import re

from django.db.models import Q
from django.urls import get_script_prefix

SITE_PREFIX = re.compile(r"^(?P<root>.*/)stl/(?P<key>[-\w]+)/$")


def site_stl(request):
    """The STL whose public site this request is on, or None (national pages)."""
    return getattr(request, "stl", None)


def root_prefix():
    """The installation's own script prefix, without an STL site's ``stl/<key>/``."""
    prefix = get_script_prefix()
    match = SITE_PREFIX.match(prefix)
    return match.group("root") if match else prefix


def in_site(queryset, request, lookup, via_body=True):
    """``queryset`` cut to the records of the request's STL (all of them on a national page).

    ``lookup`` leads from the model to a body (``"session__body"``), or to the STL itself with
    ``via_body=False`` (``"plan__stl"``); ``""`` is the body itself. A body belongs to the STL when
    it is the STL or one of its sub-bodies."""
    stl = site_stl(request)
    if stl is None:
        return queryset
    return queryset.filter(for_stl(stl, lookup, via_body))


def for_stl(stl, lookup, via_body=True):
    """The condition «belongs to ``stl``» for a queryset's ``filter()``."""
    if lookup == "":
        return Q(pk=stl.pk) | Q(parent=stl.pk)
    if not via_body:
        return Q(**{lookup: stl.pk})
    return Q(**{lookup: stl.pk}) | Q(**{f"{lookup}__parent": stl.pk})
