"""A Content-Security-Policy without inline script on every page: public pages, login, admin."""

import re

import pytest

from tests import factories as f

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict_policy(response):
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_every_public_page_carries_the_policy_and_no_inline_script(client, world):
    commitment = f.published_commitment(world.axis_ieem, title="Compromiso con política")
    pages = ["/", "/compromisos/", commitment.get_absolute_url(), world.axis_ieem.get_absolute_url(),
             "/sesiones/", "/cuentas/entrar/", "/no-existe/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_strict_policy(response)
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not EVENT_HANDLER.search(html), url
        assert ' style="' not in html, url


@pytest.mark.django_db
def test_the_admin_carries_the_policy_too(client, world):
    assert_strict_policy(client.get("/admin/login/"))
    admin = f.UserFactory(username="jefa", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for url in ["/admin/", "/admin/commitments/commitment/", "/admin/commitments/commitment/add/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_policy(response)
        assert not INLINE_SCRIPT.search(response.content.decode()), url


@pytest.mark.django_db
def test_the_health_check_and_error_pages_carry_the_policy(client):
    assert_strict_policy(client.get("/salud/"))
    assert_strict_policy(client.get("/compromisos/no-existe/"))
