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


# A record's address on its STL's own site ---------------------------------------------------------
#
# On a national page of an installation with several STLs (no ``request.stl``), each record links to
# its STL's site (``/stl/<identifier>/…``, or the STL's own host name when it has a ``StlHost``), and
# a record's plain address answers with a permanent redirect there: one address per record, on the
# site that speaks for it. Elsewhere (an STL's site, the only STL of an installation) the plain
# ``get_absolute_url()`` is already the record's address on its own site.

# The way from a public record to its STL: a plan or consultation has its «stl»; a session's or
# document's body, an agreement's session, an axis's or commitment's plan lead there; a body is its
# own STL or its parent's.
OWNER_STEPS = ("session", "body", "plan")


def on_national_page(request):
    """Whether ``request`` is on a national page of an installation with several STLs."""
    return (request is not None and getattr(request, "stl", None) is None
            and getattr(request, "stl_count", 0) > 1)


def stl_sites(request):
    """``{STL pk: (identifier, host name or "")}`` of the installation: one query, remembered on the
    request."""
    sites = getattr(request, "_stl_sites", None)
    if sites is None:
        from django.db.models import OuterRef, Subquery

        from .models import Body, StlHost

        host = StlHost.objects.filter(stl=OuterRef("pk")).order_by("host").values("host")[:1]
        sites = {pk: (identifier, host or "") for pk, identifier, host in
                 Body.objects.stls().annotate(host=Subquery(host)).values_list("pk", "identifier", "host")}
        if request is not None:
            request._stl_sites = sites
    return sites


def stl_pk_of(record):
    """The pk of the STL ``record`` belongs to, from what its list already loaded (no query when the
    list selected its body or plan)."""
    names = {model_field.name for model_field in record._meta.concrete_fields}
    if "stl" not in names:
        for step in OWNER_STEPS:
            if step in names:
                return stl_pk_of(getattr(record, step))
    return record.stl_id  # its own «stl», or a body's STL (itself or its parent)


def site_address(request, stl_pk, path, hosts=True):
    """``path`` (a plain address made by ``reverse()``) on the site of the STL ``stl_pk``: its host
    name when it has one (``hosts``), else ``/stl/<identifier>/…``."""
    identifier, host = stl_sites(request)[stl_pk]
    root = root_prefix()
    rest = path[len(root):] if path.startswith(root) else path.lstrip("/")
    if host and hosts:
        scheme = request.scheme if request is not None else "https"
        return f"{scheme}://{host}{root}{rest}"
    return f"{root}stl/{identifier}/{rest}"


def record_url(request, record, hosts=True):
    """The address of ``record``'s public page for a link on the page ``request`` answers: on a
    national page of several STLs, the page on its STL's own site; elsewhere its plain address."""
    url = record.get_absolute_url()
    if not on_national_page(request):
        return url
    return site_address(request, stl_pk_of(record), url, hosts)


def moved_to_site(request, record):
    """On a national page of several STLs: a permanent redirect (301) from the record's plain address
    to the same page on its STL's site; else None (the page is already on its site)."""
    if not on_national_page(request):
        return None
    from django.http import HttpResponsePermanentRedirect

    return HttpResponsePermanentRedirect(site_address(request, stl_pk_of(record), request.get_full_path()))
