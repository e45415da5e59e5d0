"""Public pages cached for anonymous visitors, invalidated by every write.

The cache key of a page holds a *generation*: a random token kept in the shared cache. Saving or
deleting any record of the portal's apps replaces the token (right away, and again when the
transaction commits), so every gunicorn worker and every app server that shares the cache stops
using the pages cached before the write: a publication shows at once everywhere.

Only what is the same for every anonymous visitor is stored: GET requests without a session or
messages cookie, outside the admin, the panel, the accounts, the reports and the health check,
answered 200 without setting a cookie (a CSRF token, a session, a message all set one) and without
``Cache-Control: private/no-store``. Logged-in members are never served from the cache.

Each worker also keeps the pages it used last in its own memory (``LocalPages``, a few dozen MB at
most), under the same key: the generation is still read from the shared cache on every request, so a
write elsewhere is seen at once, but a big page (a list of thousands of commitments) is not read and
unpickled from the shared cache each time.
"""

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_path_info, get_script_name, get_str_from_wsgi
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, parse_cookie
from django.http.request import split_domain_port, validate_host

from core.generation import GENERATION_KEY, bump_generation, current_generation  # noqa: F401 - used here and by tests

logger = logging.getLogger("stl_portal.cache")

# The apps whose records the public pages show: settings.STL_PAGE_CACHE_APPS (an app that adds public
# records adds its label there). Logins, sessions and login-throttling records are left out on
# purpose: they change on every visit and would empty the cache for nothing.
PRIVATE_PREFIXES = ("/admin/", "/panel/", "/cuentas/", "/informes/", "/salud/", "/static/", "/media/",
                    "/avisos/")
MAX_QUERY_LENGTH = 300
NOT_STORED_HEADERS = {"set-cookie", "content-length"}


def _bump_after_commit():
    bump_generation()


def invalidate_pages(using="default"):
    """Forget every cached page: now, and once more after the surrounding transaction commits.

    The bump after the commit is the one that matters between processes: a worker that renders a
    page after it sees the committed data. The immediate one serves the same connection (a test, a
    request that writes and then reads).
    """
    try:
        bump_generation()
        connection = transaction.get_connection(using)
        if connection.in_atomic_block and not any(
            entry[1] is _bump_after_commit for entry in connection.run_on_commit
        ):
            transaction.on_commit(_bump_after_commit, using=using)
    except Exception:  # noqa: BLE001 - a cache outage must not stop a write; pages expire anyway
        logger.exception("No se pudo invalidar la caché de páginas públicas")


def _on_write(sender, instance=None, using="default", **kwargs):
    model = instance.__class__ if instance is not None else sender
    if model._meta.app_label in settings.STL_PAGE_CACHE_APPS and getattr(model, "shown_in_public_pages", True):
        invalidate_pages(using or "default")


def _on_m2m(sender, instance=None, action="", using="default", **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        _on_write(sender, instance=instance, using=using)


def connect_signals():
    post_save.connect(_on_write, dispatch_uid="stl-page-cache-save")
    post_delete.connect(_on_write, dispatch_uid="stl-page-cache-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="stl-page-cache-m2m")


def cacheable_visit(method, path, cookies, meta):
    """Is this request the same for every anonymous visitor? (From the request or the WSGI environ.)"""
    return (
        settings.STL_PAGE_CACHE
        and method == "GET"
        and not path.startswith(PRIVATE_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in meta
        and len(meta.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH
    )


def cacheable_request(request):
    return cacheable_visit(request.method, request.path, request.COOKIES, request.META)


def cacheable_response(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


class LocalPages:
    """A small per-process LRU of cached pages, bounded in bytes; keys hold the generation."""

    def __init__(self, max_bytes=64 * 1024 * 1024):
        self.max_bytes = max_bytes
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            expires, page = entry
            if expires < time.monotonic():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return page

    def set(self, key, page, timeout):
        size = len(page[2])
        if size > self.max_bytes // 4:
            return
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = (time.monotonic() + timeout, page)
            self.size += size
            while self.size > self.max_bytes and self.entries:
                self._drop(next(iter(self.entries)))

    def _drop(self, key):
        _, page = self.entries.pop(key)
        self.size -= len(page[2])

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


local_pages = LocalPages()


def page_key(scheme, host, path, query, generation):
    # The scheme too: a page may hold absolute links (feeds, calendars).
    raw = f"{scheme}://{host}\n{path}\n{query}"
    return f"stl:page:{generation}:{hashlib.sha256(raw.encode('utf-8', 'surrogatepass')).hexdigest()}"


# When this process last saw the database answer (time.monotonic()).
_database_seen_alive = 0.0


def note_database_alive():
    global _database_seen_alive
    _database_seen_alive = time.monotonic()


def note_database_down():
    global _database_seen_alive
    _database_seen_alive = 0.0


def database_alive():
    """Does the database answer? Asked at most every STL_DATABASE_CHECK_SECONDS per process.

    A stored page is served only while it does: when the database is down every page answers the
    503 page (Django then renders it), not yesterday's copy; when it comes back, so do the stored pages.
    """
    from .health import database_answers

    if time.monotonic() - _database_seen_alive < getattr(settings, "STL_DATABASE_CHECK_SECONDS", 2):
        return True
    if database_answers():
        note_database_alive()
        return True
    return False


def find_page(key):
    """The stored (status, headers, content) of a page: this worker's memory first, then the shared
    cache; None when there is none or the database is down."""
    page = local_pages.get(key)
    if page is None:
        page = cache.get(key)
        if page is not None:
            local_pages.set(key, page, settings.STL_PAGE_CACHE_SECONDS)
    if page is not None and not database_alive():
        return None
    return page


def request_key(request):
    return page_key(request.scheme, request.get_host(), request.path, request.META.get("QUERY_STRING", ""),
                    current_generation())


class AnonymousPageCacheMiddleware:
    """Serve an anonymous visitor's GET from the shared cache, and store what may be shared.

    It comes first in MIDDLEWARE, so what it stores carries every header the stack adds (security
    headers, CSP); it leaves plain-http requests to SecurityMiddleware's redirect when HTTPS is on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request) or (settings.SECURE_SSL_REDIRECT and not request.is_secure()):
            return self.get_response(request)
        try:
            key = request_key(request)
            stored = find_page(key)
        except Exception:  # noqa: BLE001 - without a cache the page is simply rendered
            logger.warning("Caché de páginas no disponible", exc_info=True)
            return self.get_response(request)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Portal-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if cacheable_response(request, response):
            note_database_alive()  # the page was just built from the database
            headers = [(name, value) for name, value in response.items()
                       if name.lower() not in NOT_STORED_HEADERS]
            page = (response.status_code, headers, response.content)
            try:
                cache.set(key, page, settings.STL_PAGE_CACHE_SECONDS)
                local_pages.set(key, page, settings.STL_PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                logger.warning("No se pudo guardar una página en la caché", exc_info=True)
            response["X-Portal-Cache"] = "miss"
        return response


class CachedPagesWSGI:
    """In front of Django's WSGI handler: a page the middleware stored is answered from here, without
    building a request or running the middleware; everything else goes to Django.

    It applies the same rules as the middleware, read from the WSGI environ the way Django reads them
    (path, cookies, scheme behind the proxy, host checked against ALLOWED_HOSTS).
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        page = None
        if settings.STL_PAGE_CACHE and environ.get("REQUEST_METHOD") == "GET":
            try:
                page = self.find(environ)
            except Exception:  # noqa: BLE001 - Django answers instead
                page = None
        if page is None:
            return self.application(environ, start_response)
        status, headers, content = page
        start_response(f"{status} {HTTPStatus(status).phrase}",
                       [*headers, ("Content-Length", str(len(content))), ("X-Portal-Cache", "hit")])
        return [content]

    def find(self, environ):
        script_name = get_script_name(environ)
        path = "{}/{}".format(script_name.rstrip("/"), get_path_info(environ).replace("/", "", 1))
        cookies = parse_cookie(get_str_from_wsgi(environ, "HTTP_COOKIE", ""))
        if not cacheable_visit("GET", path, cookies, environ):
            return None
        scheme = environ.get("wsgi.url_scheme", "http")
        if settings.SECURE_PROXY_SSL_HEADER:
            header, secure_value = settings.SECURE_PROXY_SSL_HEADER
            if environ.get(header) is not None:
                scheme = "https" if environ[header].split(",", 1)[0].strip() == secure_value else "http"
        if settings.SECURE_SSL_REDIRECT and scheme != "https":
            return None
        host = environ.get("HTTP_HOST")
        if not host:
            return None
        domain, _ = split_domain_port(host)
        allowed = settings.ALLOWED_HOSTS
        if settings.DEBUG and not allowed:
            allowed = [".localhost", "127.0.0.1", "[::1]"]
        if not domain or not validate_host(domain, allowed):
            return None
        key = page_key(scheme, host, path, environ.get("QUERY_STRING", ""), current_generation())
        return find_page(key)
