"""The panel's start page: next sessions, drafts waiting for review, my institution's commitments
and their milestones due soon — only of my STL."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db

HOME = "/panel/"


def test_it_is_the_panel_home_url():
    assert reverse("panel:home") == HOME


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith("/cuentas/entrar/")


def test_a_user_without_an_account_is_forbidden(client, db):
    client.force_login(f.UserFactory())
    assert client.get(HOME).status_code == 403


def test_it_gathers_what_a_member_needs_from_their_stl_only(login, world, other_world):
    today = timezone.localdate()
    f.SessionFactory(body=world.stl, date=today + datetime.timedelta(days=7), number=5,
                     status="scheduled")
    f.SessionFactory(body=other_world.stl, date=today + datetime.timedelta(days=7), number=9,
                     status="scheduled")
    waiting = f.CommitmentFactory(axis=world.axis_infoem, title="Espera aprobación")
    waiting.submit()
    f.CommitmentFactory(axis=other_world.axis_ieem, title="Ajeno").submit()
    version = f.DocumentVersionFactory(document=f.DocumentFactory(body=world.group, title="Borrador de eje"))
    mine = f.published_commitment(world.axis_ieem, title="Compromiso del IEEM")
    f.MilestoneFactory(commitment=mine, title="Hito que vence pronto", end_date=today + datetime.timedelta(days=10))
    f.MilestoneFactory(commitment=mine, title="Hito lejano", end_date=today + datetime.timedelta(days=400))
    f.MilestoneFactory(commitment=mine, title="Hito terminado", end_date=today, completion_percent=100)

    html = login(world.ieem_member).get(HOME).content.decode()
    assert "Quinta Sesión Ordinaria" in html and "Novena" not in html
    assert "Espera aprobación" in html and "Ajeno" not in html
    assert str(version.document.title) in html
    assert "Compromiso del IEEM" in html
    assert "Hito que vence pronto" in html
    assert "Hito lejano" not in html and "Hito terminado" not in html


def test_the_nav_links_to_the_panel_pages(login, world):
    html = login(world.ieem_member).get(HOME).content.decode()
    for href in (reverse("panel:commitment_list"), "/panel/sesiones/", reverse("password_change")):
        assert f'href="{href}"' in html
    assert reverse("logout") in html


def test_the_page_does_a_constant_number_of_queries(login, world, django_assert_max_num_queries):
    client = login(world.ieem_member)
    for number in range(6):
        commitment = f.CommitmentFactory(axis=world.axis_ieem, title=f"C{number}")
        f.MilestoneFactory(commitment=commitment, end_date=timezone.localdate())
        commitment.submit()
    # 12 for the page, 9 for the compliance calendar (cocreation/compliance.py).
    with django_assert_max_num_queries(21):
        assert client.get(HOME).status_code == 200
