"""When the database is down, every page answers 503 with a short Spanish page, and nothing more.

The page is rendered without the request (no context processors, so no session, no user, no query),
carries ``Retry-After``, and is never cached. Nothing is kept from the failure: at the end of the
request Django closes a connection that raised and is no longer usable (and ``CONN_HEALTH_CHECKS``
checks a reused one before the next request), so the first request after the database comes back is
served normally.
"""

import logging
import sys
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger("stl_portal.database")

# What a database that is down, unreachable, restarting or locked raises. Programming errors
# (IntegrityError, ProgrammingError) are bugs and stay 500s.
DATABASE_DOWN = (OperationalError, InterfaceError)


def database_unavailable_response():
    html = loader.render_to_string("503.html", {"PORTAL_NAME": settings.PORTAL_NAME})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.STL_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _database_down(exception):
    from .cache import note_database_down

    logger.warning("Base de datos no disponible: %s", exception.__class__.__name__)
    note_database_down()  # stored pages wait until the database answers again
    return database_unavailable_response()


class DatabaseUnavailableMiddleware:
    """Turns an unreachable database into the 503 page, whether a view or an inner middleware hit it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .cache import database_alive

        # Pages that need no record (the empty login form) answer 503 too while the database is
        # down; the check costs at most one tiny query every STL_DATABASE_CHECK_SECONDS per worker.
        if request.path != "/salud/" and not database_alive():
            return database_unavailable_response()
        try:
            return self.get_response(request)
        except DATABASE_DOWN as exception:
            return _database_down(exception)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_DOWN):
            return _database_down(exception)
        return None


def server_error(request):
    """handler500: an unhandled database outage is a 503, anything else the plain Spanish 500 page.

    Neither needs the database (no context processors), so a failure cannot fail again here.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN):
        return _database_down(exception)
    html = loader.render_to_string("500.html", {"PORTAL_NAME": settings.PORTAL_NAME})
    return HttpResponseServerError(html)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the Spanish 403 page saying the form expired; nothing was saved."""
    from django.shortcuts import render

    return render(request, "403.html", {"csrf_failure": True}, status=403)


class PermissionsPolicyMiddleware:
    """The portal uses no camera, microphone, location, payment or USB: say so to the browser, so a
    script that got in anyway (or an embedded page) cannot ask for them."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class NulInQueryString(SuspiciousOperation):
    """A query string with the NUL character: no page of the portal takes one."""


class RefuseNulInQueryStringMiddleware:
    """Answer 400 (the Spanish 400 page) to any query string that carries the NUL character.

    PostgreSQL stores and compares no text with NUL, so a filter such as the admin's
    ``?status__exact=%00`` reached the database and failed with a 500. Refusing it here covers every
    filter and search box of the admin, present and future (the admin passes query parameters to the
    database as they come). The portal's own pages read their parameters through forms, which
    already answer a NUL as a form error, so they are left to do that.
    """

    prefixes = ("/admin/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if not request.path.startswith(self.prefixes):
            return self.get_response(request)
        if "\x00" in query or "\x00" in unquote_plus(query, errors="replace"):
            raise NulInQueryString("NUL en la cadena de consulta")
        return self.get_response(request)
