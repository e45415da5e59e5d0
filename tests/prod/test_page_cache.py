"""Public pages are cached for anonymous visitors and forgotten at every write; members, forms,
cookies and messages are never cached."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from stl_portal import cache as page_cache
from tests import factories as f


@pytest.fixture(autouse=True)
def page_cache_on():
    cache.clear()
    page_cache.local_pages.clear()
    with override_settings(STL_PAGE_CACHE=True):
        yield
    cache.clear()
    page_cache.local_pages.clear()


def cache_state(response):
    return response.get("X-Portal-Cache")


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_the_second_view_from_the_cache_without_a_query(client, world):
    f.published_commitment(world.axis_ieem, title="Compromiso en caché")
    first = client.get("/compromisos/")
    assert cache_state(first) == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = Client().get("/compromisos/")
    assert cache_state(second) == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_publication_shows_at_once(client, world):
    commitment = f.approved_commitment(world.axis_ieem, title="Compromiso por publicar")
    assert b"Compromiso por publicar" not in client.get("/compromisos/").content
    assert cache_state(client.get("/compromisos/")) == "hit"
    commitment.publish()
    response = client.get("/compromisos/")
    assert cache_state(response) == "miss"
    assert b"Compromiso por publicar" in response.content


@pytest.mark.django_db
def test_a_withdrawal_and_a_deletion_are_seen_at_once(client, world):
    commitment = f.published_commitment(world.axis_ieem, title="Compromiso que se retira")
    assert b"Compromiso que se retira" in client.get("/compromisos/").content
    commitment.withdraw("Se revisa")
    assert b"Compromiso que se retira" not in client.get("/compromisos/").content
    assert client.get(commitment.get_absolute_url()).status_code == 404
    client.get("/sesiones/")
    f.SessionFactory(body=world.stl).delete()
    assert cache_state(client.get("/sesiones/")) == "miss"


@pytest.mark.django_db(transaction=True)
def test_the_generation_changes_again_when_the_transaction_commits(world):
    from django.db import transaction

    before = page_cache.current_generation()
    with transaction.atomic():
        f.InstitutionFactory(name="Institución nueva")
        during = page_cache.current_generation()
        cache.set(page_cache.GENERATION_KEY, before)  # a worker that re-cached before the commit
    assert during != before
    assert page_cache.current_generation() != before


@pytest.mark.django_db
def test_writes_outside_the_portal_records_do_not_empty_the_cache(client, world):
    client.get("/compromisos/")
    f.UserFactory(username="alguien")  # a login, not a record the public pages show
    assert cache_state(client.get("/compromisos/")) == "hit"


@pytest.mark.django_db
def test_a_logged_in_member_is_never_served_nor_stored_in_the_cache(client, world):
    anonymous = Client()
    anonymous.get("/compromisos/")
    client.force_login(world.infoem_member.user)
    response = client.get("/compromisos/")
    assert cache_state(response) is None
    assert "Salir" in response.content.decode()  # the member's own page, with the logout button
    cache.clear()
    page_cache.local_pages.clear()
    client.get("/")
    assert cache_state(anonymous.get("/")) == "miss"


@pytest.mark.django_db
def test_forms_with_a_csrf_token_posts_and_private_areas_are_not_cached(client, world):
    for _ in range(2):
        assert cache_state(client.get("/cuentas/entrar/")) is None
        assert cache_state(client.get("/salud/")) is None
        assert cache_state(client.get("/admin/login/")) is None
    response = Client().get("/cuentas/entrar/")
    assert "csrftoken" in response.cookies
    assert cache_state(client.post("/compromisos/")) is None


@pytest.mark.django_db
def test_a_response_that_sets_a_cookie_is_not_stored(rf, world):
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse("hola")
        response.set_cookie("marca", "1")
        return response

    middleware = page_cache.AnonymousPageCacheMiddleware(view)
    assert cache_state(middleware(rf.get("/algo/"))) is None
    assert cache_state(middleware(rf.get("/algo/"))) is None


@pytest.mark.django_db
def test_a_visitor_with_a_messages_cookie_is_not_served_from_the_cache(client, world):
    client.get("/compromisos/")
    client.cookies["messages"] = "algo"
    assert cache_state(client.get("/compromisos/")) is None


@pytest.mark.django_db
def test_pages_are_cached_per_query_string_and_404s_are_not_cached(client, world):
    client.get("/compromisos/?pagina=1")
    assert cache_state(client.get("/compromisos/?pagina=2")) == "miss"
    assert cache_state(client.get("/compromisos/?pagina=1")) == "hit"
    client.get("/compromisos/no-existe/")
    assert cache_state(client.get("/compromisos/no-existe/")) is None


def test_the_local_copy_of_pages_stays_within_its_byte_budget():
    pages = page_cache.LocalPages(max_bytes=1000)
    for n in range(10):
        pages.set(f"k{n}", (200, [], b"x" * 200), 60)
    assert pages.size <= 1000
    assert pages.get("k0") is None and pages.get("k9") is not None
    pages.set("grande", (200, [], b"x" * 900), 60)  # more than a quarter of the budget: not kept
    assert pages.get("grande") is None
    pages.set("breve", (200, [], b"x"), -1)
    assert pages.get("breve") is None  # expired


def call_wsgi(application, path, query="", host="testserver", cookie="", proto=None):
    import io
    import sys

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "testserver",
               "SERVER_PORT": "80", "HTTP_HOST": host, "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
               "wsgi.errors": sys.stderr, "SCRIPT_NAME": ""}
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    if proto:
        environ["HTTP_X_FORWARDED_PROTO"] = proto
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    answer["body"] = b"".join(application(environ, start_response))
    return answer


@pytest.fixture
def keep_test_connection():
    """As Django's test client does: the handler must not close the test's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_the_wsgi_front_answers_stored_pages_by_the_same_rules(world, keep_test_connection):
    from django.core.handlers.wsgi import WSGIHandler

    f.published_commitment(world.axis_ieem, title="Compromiso del frente WSGI")
    application = page_cache.CachedPagesWSGI(WSGIHandler())
    first = call_wsgi(application, "/compromisos/")
    assert first["headers"]["X-Portal-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = call_wsgi(application, "/compromisos/")
    assert len(queries) == 0
    assert second["status"] == "200 OK" and second["headers"]["X-Portal-Cache"] == "hit"
    assert second["body"] == first["body"]
    assert "Content-Security-Policy" in second["headers"]
    assert second["headers"]["Content-Length"] == str(len(first["body"]))
    # A visitor with a session goes to Django; so does a host that is not allowed.
    assert "X-Portal-Cache" not in call_wsgi(application, "/compromisos/", cookie="sessionid=abc")["headers"]
    assert call_wsgi(application, "/compromisos/", host="malo.example")["status"].startswith("400")
    # Plain http is left to the HTTPS redirect.
    with override_settings(SECURE_SSL_REDIRECT=True):
        https_only = page_cache.CachedPagesWSGI(WSGIHandler())  # SecurityMiddleware reads it at start
        assert call_wsgi(https_only, "/compromisos/")["status"].startswith("301")
        assert call_wsgi(https_only, "/compromisos/", proto="https")["headers"]["X-Portal-Cache"] == "miss"
        assert call_wsgi(https_only, "/compromisos/", proto="https")["headers"]["X-Portal-Cache"] == "hit"
    # A write: the next visit is rendered again.
    f.published_commitment(world.axis_ieem, title="Otro compromiso nuevo")
    third = call_wsgi(application, "/compromisos/")
    assert third["headers"]["X-Portal-Cache"] == "miss"
    assert b"Otro compromiso nuevo" in third["body"]
