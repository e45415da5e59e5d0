"""One installation, many STLs: each STL's public site under ``/stl/<identifier>/``.

``StlSiteMiddleware`` reads the address:

- ``/stl/<identifier>/…`` of an installation with several STLs: the public page ``…`` of that STL.
  ``request.stl`` is the STL, ``request.path_info`` loses the prefix, and the script prefix gains it,
  so every ``reverse()`` and ``get_absolute_url()`` made while answering gives this site's own
  addresses (links, feeds, calendars, the sitemap). The views cut every query to ``request.stl``
  (``workgroups.sites.in_site``). Only public pages live there: the panel, the admin, accounts,
  reports, alerts and the participation forms answer at their one plain address, and a link to them
  made inside an STL's site is redirected there (308, so a form's POST keeps its data).
- any other address: ``request.stl`` is None (the national pages: the landing page with the map,
  lists of every STL's records, each naming its STL), unless the installation holds a single STL,
  whose site is then the plain addresses as they always were (``request.stl`` is that STL), or the
  request came by a host name mapped to an STL in the admin (``workgroups.StlHost``): then the plain
  addresses are that STL's site (``request.stl_host`` is True). The same one query answers all three.
- ``/stl/<identifier>/…`` of an installation with a single STL: a permanent redirect to the plain
  address. The plain addresses came first (links, bookmarks, search engines know them); one
  canonical address per page.

``request.stl_count`` is 1 or 2 («more than one»), so templates know whether to name the STL of
each record without another query (the ``site`` context processor).
"""

import re

from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponsePermanentRedirect
from django.http.request import split_domain_port
from django.urls import Resolver404, get_script_prefix, resolve, set_script_prefix

from workgroups.models import Body, StlHost
from workgroups.sites import root_prefix

NO_SITE = {"/salud/"}
PREFIX = re.compile(r"^/stl/(?P<key>[-\w]+)(?P<rest>/.*)?$")


class PermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


class StlSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.stl = None
        request.stl_host = False
        request.stl_count = 0
        if request.path_info in NO_SITE:
            return self.get_response(request)  # the health check reads no record, ever
        match = PREFIX.match(request.path_info)
        if match is None:
            domain = split_domain_port(request.get_host())[0].lower().rstrip(".")
            on_host = StlHost.objects.filter(stl=OuterRef("pk"), host=domain)
            first_two = list(Body.objects.stls().annotate(on_host=Exists(on_host)).order_by("-on_host", "pk")[:2])
            request.stl_count = len(first_two)
            if first_two and first_two[0].on_host:
                request.stl, request.stl_host = first_two[0], True
            elif len(first_two) == 1:
                request.stl = first_two[0]
            return self.get_response(request)
        key, rest = match.group("key"), match.group("rest")
        root = get_script_prefix()
        query = request.META.get("QUERY_STRING", "")
        suffix = f"?{query}" if query else ""
        # The STL and whether the installation holds another, in one query.
        others = Body.objects.stls().exclude(pk=OuterRef("pk"))
        stl = Body.objects.stls().filter(identifier=key).annotate(has_others=Exists(others)).first()
        if stl is None:
            raise Http404("No hay un secretariado con esa clave.")
        if rest is None:
            return HttpResponsePermanentRedirect(f"{root}stl/{key}/{suffix}")
        if not stl.has_others:
            return HttpResponsePermanentRedirect(f"{root}{rest[1:]}{suffix}")
        try:
            namespace = resolve(rest).namespace
        except Resolver404:
            namespace = "public"  # this site's own 404
        if namespace != "public":
            return PermanentRedirectKeepingMethod(f"{root}{rest[1:]}{suffix}")
        request.stl = stl
        request.stl_count = 2
        request.path_info = rest
        set_script_prefix(f"{root}stl/{key}/")
        try:
            return self.get_response(request)
        finally:
            set_script_prefix(root)


def site(request):
    """``site_stl``: the STL whose site this page is on (None on national pages); ``national``: this
    page shows the records of several STLs, so each one names its STL; ``several_stls``: the
    installation holds more than one."""
    stl = getattr(request, "stl", None)
    several = getattr(request, "stl_count", 0) > 1
    return {"site_stl": stl, "national": stl is None and several, "several_stls": several,
            "site_root": root_prefix(), "stl_on_own_host": getattr(request, "stl_host", False)}
