"""Login, logout and password change: Spanish pages, throttled guessing, sessions that end."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/cuentas/entrar/"


def post_login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_the_login_page_is_in_spanish_at_the_login_url(client):
    assert reverse(settings.LOGIN_URL) == LOGIN
    html = client.get(LOGIN).content.decode()
    assert "Nombre de usuario" in html and "Contraseña" in html and "Entrar" in html


def test_a_member_logs_in_and_lands_on_the_panel(client, world):
    response = post_login(client, world.ieem_member.user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/panel/"
    assert client.get("/panel/").status_code == 200


def test_a_wrong_password_says_so_in_spanish_and_logs_nobody_in(client, world):
    response = post_login(client, world.ieem_member.user.username, "no-es-la-clave")
    assert response.status_code == 200
    assert "correctos" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_session_key_changes_at_login(client, world):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    assert before
    post_login(client, world.ieem_member.user.username, PASSWORD)
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(world.ieem_member.user.pk)


def test_ten_wrong_passwords_for_an_account_lock_it_even_from_other_addresses(world):
    username = world.ieem_member.user.username
    for attempt in range(10):
        post_login(Client(REMOTE_ADDR=f"10.0.0.{attempt + 1}"), username, "mala-clave")
    client = Client(REMOTE_ADDR="10.9.9.9")
    response = post_login(client, username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Demasiados intentos fallidos" in html
    assert "aunque la contraseña sea correcta" in html
    assert "_auth_user_id" not in client.session


def test_nine_wrong_passwords_still_let_the_right_one_in(world):
    username = world.ieem_member.user.username
    client = Client(REMOTE_ADDR="10.0.0.1")
    for _attempt in range(9):
        post_login(client, username, "mala-clave")
    response = post_login(client, username, PASSWORD)
    assert response.status_code == 302


def test_ten_wrong_passwords_from_an_address_lock_every_account_from_it(world):
    client = Client(REMOTE_ADDR="10.1.1.1")
    for attempt in range(10):
        post_login(client, f"alguien{attempt}", "mala-clave")
    response = post_login(client, world.infoem_member.user.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address and the same account: not locked (the account itself had no failures).
    assert post_login(Client(REMOTE_ADDR="10.2.2.2"), world.infoem_member.user.username,
                      PASSWORD).status_code == 302


def test_rotating_x_forwarded_for_does_not_escape_the_address_lock(world):
    client = Client(REMOTE_ADDR="10.1.1.1")
    for attempt in range(10):
        post_login(client, f"alguien{attempt}", "mala-clave", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
    response = post_login(client, world.infoem_member.user.username, PASSWORD,
                          HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.1.1.1"}


def test_x_forwarded_for_counts_only_behind_declared_proxies(world, settings):
    from workgroups.throttling import client_ip

    class Request:
        META = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"}

    assert client_ip(Request) == "10.0.0.5"
    settings.STL_TRUSTED_PROXIES = 1
    assert client_ip(Request) == "203.0.113.9"


def test_logout_ends_the_session(client, world):
    post_login(client, world.ieem_member.user.username, PASSWORD)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/panel/").status_code == 302


def test_a_deactivated_account_loses_its_open_session(client, world):
    post_login(client, world.ieem_member.user.username, PASSWORD)
    assert client.get("/panel/").status_code == 200
    world.ieem_member.deactivate()
    response = client.get("/panel/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert post_login(Client(), world.ieem_member.user.username, PASSWORD).status_code == 200


def test_deactivating_keeps_the_account_and_its_user_and_records_it(world):
    account = world.ieem_member
    account.deactivate()
    account.refresh_from_db()
    assert account.user.is_active is False
    assert account.history.count() >= 2


def test_the_password_change_page_requires_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_changing_the_password_ends_the_other_sessions_but_keeps_this_one(world):
    username = world.ieem_member.user.username
    here, elsewhere = Client(), Client()
    post_login(here, username, PASSWORD)
    post_login(elsewhere, username, PASSWORD)
    response = here.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "otra-clave-muy-larga-9",
        "new_password2": "otra-clave-muy-larga-9"})
    assert response.status_code == 302
    assert here.get("/panel/").status_code == 200
    assert elsewhere.get("/panel/").status_code == 302


def test_a_bad_password_change_explains_next_to_the_field_and_changes_nothing(client, world):
    post_login(client, world.ieem_member.user.username, PASSWORD)
    response = client.post(reverse("password_change"), {
        "old_password": "equivocada", "new_password1": "corta", "new_password2": "distinta"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "La antigua contraseña introducida es incorrecta" in html
    assert "no coinciden" in html
    world.ieem_member.user.refresh_from_db()
    assert world.ieem_member.user.check_password(PASSWORD)


def test_a_logged_in_member_opens_the_password_change_page_in_spanish(login, world):
    response = login(world.ieem_member).get(reverse("password_change"))
    assert response.status_code == 200
    assert "Contraseña antigua" in response.content.decode()


def test_a_locked_address_sees_the_lock_before_typing(world):
    client = Client(REMOTE_ADDR="10.3.3.3")
    assert "Demasiados intentos" not in client.get(LOGIN).content.decode()
    for attempt in range(10):
        post_login(client, f"alguien{attempt}", "mala-clave")
    assert "Demasiados intentos fallidos" in client.get(LOGIN).content.decode()
    assert "Demasiados intentos" not in Client(REMOTE_ADDR="10.4.4.4").get(LOGIN).content.decode()


def test_the_lock_lifts_after_the_cool_off(world):
    import datetime

    from django.utils import timezone

    username = world.ieem_member.user.username
    client = Client(REMOTE_ADDR="10.5.5.5")
    for _attempt in range(10):
        post_login(client, username, "mala-clave")
    assert post_login(client, username, PASSWORD).status_code == 429
    # Axes' own counters (not a tracked record): move them past the 30-minute cool-off.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert post_login(client, username, PASSWORD).status_code == 302


@pytest.mark.parametrize("url", [LOGIN, "/admin/login/"])
def test_a_user_name_longer_than_the_field_is_refused_before_the_throttle(world, url):
    client = Client(REMOTE_ADDR="10.1.2.3")
    response = client.post(url, {"username": "a" * 256, "password": "x"})
    assert response.status_code == 200
    assert "El nombre de usuario tiene como máximo 150 caracteres." in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert "_auth_user_id" not in client.session
    # A name of the field's length is an ordinary failed attempt.
    response = client.post(url, {"username": "a" * 150, "password": "x"})
    assert response.status_code == 200
    assert AccessAttempt.objects.filter(username="a" * 150).exists()
