"""/salud/ asks the database; when the database is down every page answers a short Spanish 503 and
the portal recovers by itself when it comes back."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from tests import factories as f
from tests.prod.test_page_cache import call_wsgi, keep_test_connection  # noqa: F401 - a fixture

# Pages that read records, and pages that need none (the empty login form, the redirect from /panel/
# to it): all answer 503 while the database is down.
PUBLIC_PAGES = ["/", "/compromisos/", "/sesiones/", "/cuentas/entrar/", "/panel/", "/datos/"]
MEMBER_PAGES = [*PUBLIC_PAGES, "/admin/", "/admin/commitments/commitment/", "/informes/"]


@pytest.fixture(autouse=True)
def check_the_database_on_every_request(settings):
    settings.STL_DATABASE_CHECK_SECONDS = 0


def database_down():
    """Every new cursor fails as it does when PostgreSQL is stopped or SQLite's file is gone."""
    return mock.patch.object(BaseDatabaseWrapper, "cursor",
                             side_effect=OperationalError("connection refused"))


@pytest.mark.django_db
def test_health_says_fine_when_the_database_answers(client):
    response = client.get("/salud/")
    assert response.status_code == 200
    assert response.json() == {"estado": "bien", "base_de_datos": "bien"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_answers_503_when_the_database_is_down(client):
    with database_down():
        response = client.get("/salud/")
    assert response.status_code == 503
    assert response.json()["estado"] == "sin servicio"


@pytest.mark.django_db
def test_every_page_answers_a_short_spanish_503_without_a_traceback_when_the_database_is_down(world):
    commitment = f.published_commitment(world.axis_ieem)
    client = Client(raise_request_exception=False)
    logged_in = Client(raise_request_exception=False)
    logged_in.force_login(world.infoem_member.user)
    staff = Client(raise_request_exception=False)
    staff.force_login(f.UserFactory(username="jefa", is_staff=True, is_superuser=True))
    with database_down():
        for browser, pages in [(client, PUBLIC_PAGES), (logged_in, MEMBER_PAGES), (staff, MEMBER_PAGES)]:
            for url in [*pages, commitment.get_absolute_url()]:
                response = browser.get(url)
                assert response.status_code == 503, url
                html = response.content.decode()
                assert "no está disponible por el momento" in html
                assert "Traceback" not in html and "OperationalError" not in html
                assert response["Retry-After"] == "30"
                assert "no-store" in response["Cache-Control"]
                assert "Content-Security-Policy" in response
        # A form sent while the database is down is refused the same way, nothing half-saved.
        response = client.post("/cuentas/entrar/", {"username": "x", "password": "y"})
        assert response.status_code == 503


@pytest.mark.django_db
def test_the_portal_recovers_by_itself_when_the_database_comes_back(world):
    client = Client(raise_request_exception=False)
    assert client.get("/compromisos/").status_code == 200
    with database_down():
        assert client.get("/compromisos/").status_code == 503
        assert client.get("/salud/").status_code == 503
    assert client.get("/compromisos/").status_code == 200
    assert client.get("/salud/").status_code == 200


@pytest.mark.django_db
def test_a_database_failure_inside_a_middleware_is_a_503_too(world):
    """The session of a logged-in member is read by a middleware before any view runs."""
    client = Client(raise_request_exception=False)
    client.force_login(world.infoem_member.user)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load",
                    side_effect=OperationalError("server closed the connection unexpectedly")):
        response = client.get("/compromisos/")
    assert response.status_code == 503
    assert "no está disponible" in response.content.decode()


@pytest.mark.django_db
def test_any_other_failure_is_the_plain_spanish_500_page(world):
    client = Client(raise_request_exception=False)
    with mock.patch("stl_portal.views.render", side_effect=RuntimeError("fallo")):
        response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Algo salió mal" in html
    assert "RuntimeError" not in html and "Traceback" not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
def test_stored_pages_give_way_to_the_503_page_while_the_database_is_down(world, settings):
    from django.core.handlers.wsgi import WSGIHandler

    from stl_portal import cache as page_cache

    settings.STL_PAGE_CACHE = True
    settings.STL_DATABASE_CHECK_SECONDS = 0  # ask the database before every stored page
    page_cache.local_pages.clear()
    f.published_commitment(world.axis_ieem, title="Compromiso guardado en la caché")
    application = page_cache.CachedPagesWSGI(WSGIHandler())
    assert call_wsgi(application, "/compromisos/")["headers"]["X-Portal-Cache"] == "miss"
    assert call_wsgi(application, "/compromisos/")["headers"]["X-Portal-Cache"] == "hit"
    with database_down():
        down = call_wsgi(application, "/compromisos/")
        assert down["status"].startswith("503")
        assert b"Compromiso guardado" not in down["body"]
        assert "no está disponible".encode() in down["body"]
    back = call_wsgi(application, "/compromisos/")
    assert back["status"] == "200 OK" and back["headers"]["X-Portal-Cache"] == "hit"
