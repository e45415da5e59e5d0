"""Staff manage the accounts of their STL: list, create, deactivate (never delete)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from workgroups.models import Account

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "clave-inicial-segura-42"


def new_account_data(world, **overrides):
    data = {"username": "nueva.persona", "email": "nueva@example.org", "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD, "role": "member", "institution": world.contraloria.pk,
            "person": world.people.comptroller.pk}
    data.update(overrides)
    return data


@pytest.mark.parametrize("name,method", [("panel:account_list", "get"), ("panel:account_create", "get")])
def test_the_ladder_for_the_account_pages(client, login, world, name, method):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith("/cuentas/entrar/")
    for account in (world.ieem_member, world.facilitator):
        assert login(account).get(reverse(name)).status_code == 403
    assert login(world.staff).get(reverse(name)).status_code == 200


def test_the_list_shows_only_accounts_of_my_stl(login, world, other_world):
    html = login(world.staff).get(reverse("panel:account_list")).content.decode()
    assert world.ieem_member.user.username in html
    assert other_world.ieem_member.user.username not in html


def test_staff_create_an_account_that_can_log_in(login, world):
    response = login(world.staff).post(reverse("panel:account_create"), new_account_data(world))
    assert response.status_code == 302
    account = Account.objects.get(user__username="nueva.persona")
    assert account.stl == world.stl and account.institution == world.contraloria
    assert account.history.first().history_user == world.staff.user
    assert Client().post("/cuentas/entrar/", {"username": "nueva.persona",
                                              "password": NEW_PASSWORD}).status_code == 302


def test_a_member_account_needs_an_institution_and_a_good_password(login, world):
    response = login(world.staff).post(reverse("panel:account_create"), new_account_data(
        world, institution="", password1="123", password2="123"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Un integrante actúa por una institución." in html
    assert "demasiado corta" in html
    assert not get_user_model().objects.filter(username="nueva.persona").exists()


def test_sending_the_create_form_twice_makes_one_account(login, world):
    client = login(world.staff)
    client.post(reverse("panel:account_create"), new_account_data(world))
    second = client.post(reverse("panel:account_create"), new_account_data(world))
    assert second.status_code == 200
    assert Account.objects.filter(user__username="nueva.persona").count() == 1


def test_staff_deactivate_an_account_and_its_session_stops_working(login, world):
    member = Client()
    member.post("/cuentas/entrar/", {"username": world.ieem_member.user.username, "password": PASSWORD})
    assert member.get("/panel/").status_code == 200
    response = login(world.staff).post(reverse("panel:account_deactivate", args=[world.ieem_member.identifier]))
    assert response.status_code == 302
    world.ieem_member.user.refresh_from_db()
    assert world.ieem_member.user.is_active is False
    assert Account.objects.filter(pk=world.ieem_member.pk).exists()
    assert member.get("/panel/").status_code == 302


def test_deactivating_answers_only_post_and_only_staff_of_the_same_stl(client, login, world, other_world):
    url = reverse("panel:account_deactivate", args=[world.ieem_member.identifier])
    assert client.post(url)["Location"].startswith("/cuentas/entrar/")
    assert login(world.facilitator).post(url).status_code == 403
    assert login(other_world.staff).post(url).status_code == 404
    assert login(world.staff).get(url).status_code == 405
    world.ieem_member.user.refresh_from_db()
    assert world.ieem_member.user.is_active is True


def test_staff_cannot_deactivate_themselves(login, world):
    login(world.staff).post(reverse("panel:account_deactivate", args=[world.staff.identifier]))
    world.staff.user.refresh_from_db()
    assert world.staff.user.is_active is True


def test_staff_see_the_accounts_link(login, world):
    assert reverse("panel:account_list") in login(world.staff).get("/panel/").content.decode()
    assert reverse("panel:account_list") not in login(world.ieem_member).get("/panel/").content.decode()
