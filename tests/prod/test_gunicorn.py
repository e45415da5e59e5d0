"""The portal as `make serve` runs it: gunicorn with two workers, production settings, on 127.0.0.1."""

import re
import shutil
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.prod.conftest import Gunicorn, http, manage

SHELL_RETITLE = """
from commitments.models import Commitment
commitment = Commitment.objects.published().order_by("pk").first()
commitment.title = "{title}"
commitment.save()
print(commitment.get_absolute_url())
"""

pytestmark = pytest.mark.own_sqlite_site


def get_many(server, path, times):
    return [http(server.base, path) for _ in range(times)]


def get_until_every_worker_answered(server, paths, workers=2, rounds=40):
    """Requests for ``paths``, four at a time, until ``workers`` different worker processes have
    answered since the call (one client asking in turn may always reach the same worker)."""
    mark = len(server.access_log.read_text().splitlines()) if server.access_log.exists() else 0
    answers = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(rounds):
            answers += list(pool.map(lambda path: http(server.base, path), paths * 2))
            served_by = {line.split()[0] for line in server.access_log.read_text().splitlines()[mark:]}
            if len(served_by) >= workers:
                break
    return answers, served_by


def test_gunicorn_serves_pages_static_files_and_health_with_production_headers(reading_server):
    status, headers, body = http(reading_server.base, "/")
    assert status == 200
    assert "Content-Security-Policy" in headers
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    stylesheet = re.search(rb'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page links the hashed stylesheet collected by collectstatic"
    status, headers, css = http(reading_server.base, stylesheet.group(1).decode(),
                                headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert http(reading_server.base, "/salud/")[0] == 200


def test_plain_http_without_the_proxy_header_is_sent_to_https(reading_server):
    status, headers, _ = http(reading_server.base, "/compromisos/", headers={"X-Forwarded-Proto": "http"})
    assert status == 301
    assert headers["Location"].startswith("https://")


def test_a_change_shows_at_once_on_every_worker(portal_server):
    env = portal_server.site.env
    # Warm the cache through both workers.
    before = get_many(portal_server, "/compromisos/", 12)
    assert all(status == 200 for status, _, _ in before)
    hits = [headers.get("X-Portal-Cache") for _, headers, _ in get_many(portal_server, "/compromisos/", 6)]
    assert set(hits) == {"hit"}
    # A write from another process (the ORM, as a member's form or an import would do it).
    result = manage("shell", "--no-imports", "-c", SHELL_RETITLE.format(title="Compromiso retitulado por la prueba"), env=env)
    detail = result.stdout.strip().splitlines()[-1]
    after, served_by = get_until_every_worker_answered(portal_server, ["/compromisos/", detail])
    assert len(served_by) >= 2, "both workers answered after the write"
    assert all(status == 200 for status, _, _ in after)
    assert all(b"Compromiso retitulado por la prueba" in body for _, _, body in after)


def test_when_the_sqlite_file_is_gone_every_page_answers_503_and_comes_back_by_itself(site_copy):
    server = Gunicorn(site_copy.env, workers=2)
    try:
        assert http(server.base, "/sesiones/")[0] == 200
        database = site_copy.database
        moved = database.with_name("apartado.sqlite3")
        database.rename(moved)
        database.mkdir()  # a directory where the file was: SQLite cannot open it
        for _ in range(3):
            status, _, body = http(server.base, "/salud/")
            assert status == 503 and b"sin servicio" in body
        for path in ["/compromisos/?pagina=2", "/ejes/no-existe/", "/"]:
            for _ in range(3):
                status, headers, body = http(server.base, path)
                assert status == 503, path
                assert "no está disponible por el momento".encode() in body
                assert headers["Retry-After"] == "30"
                assert b"Traceback" not in body
        # A page already in the shared cache gives way to the 503 page too: a worker asks the
        # database again at most STL_DATABASE_CHECK_SECONDS (2 s) after it last answered.
        time.sleep(2.1)
        for _ in range(4):
            status, _, body = http(server.base, "/sesiones/")
            assert status == 503 and "no está disponible por el momento".encode() in body
        database.rmdir()
        moved.rename(database)
        for path in ["/salud/", "/sesiones/", "/compromisos/?pagina=2"]:
            for _ in range(3):
                assert http(server.base, path)[0] == 200, path
    finally:
        server.stop()
        shutil.rmtree(site_copy.var / "cache", ignore_errors=True)


def refused(base, path, **kwargs):
    """The status of an oversized request, or "closed" when the server hung up before reading it all."""
    try:
        return http(base, path, **kwargs)[0]
    except urllib.error.URLError as error:
        assert isinstance(error.reason, (BrokenPipeError, ConnectionResetError)), error
        return "closed"


def test_oversized_and_garbled_requests_get_a_4xx_from_gunicorn_not_a_500(reading_server):
    status = refused(reading_server.base, "/compromisos/?q=" + "x" * 1_000_000)
    assert status == "closed" or 400 <= status < 500  # gunicorn's request-line limit: 414
    for query in ["?pagina=-1", "?pagina=99999999999999999999", "?q=%00", "?q=%E2%80%AE%F0%9F%98%80",
                  "?q=%ff%fe", "?" + "a=1&" * 2000]:
        status, _, body = http(reading_server.base, "/compromisos/" + query)
        assert status < 500, query
        assert b"Traceback" not in body
    status = refused(reading_server.base, "/cuentas/entrar/", method="POST", data=b"x" * (13 * 1024 * 1024),
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == "closed" or 400 <= status < 500
