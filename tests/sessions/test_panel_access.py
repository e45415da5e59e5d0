"""The permission ladder for every view of the sessions panel: anonymous → login page; an account
of another STL → 404 (its records do not exist for them); a member of the right STL → 200."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

SESSION_VIEWS = ["panel:session_detail", "panel:session_edit", "panel:session_attendance",
                 "panel:agreement_create", "panel:draft_version_create"]
ALL_VIEWS = ["panel:session_list", "panel:session_create", *SESSION_VIEWS]


def url_for(name, session):
    if name in SESSION_VIEWS:
        return reverse(name, args=[session.identifier])
    return reverse(name)


@pytest.fixture
def session(world):
    return f.SessionFactory(body=world.stl, is_public=False)


@pytest.mark.parametrize("name", ALL_VIEWS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, session, name):
    url = url_for(name, session)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "next=" in response.url


@pytest.mark.parametrize("name", SESSION_VIEWS)
def test_a_member_of_another_stl_gets_404_for_this_stls_session(login, session, other_world, name):
    client = login(other_world.infoem_member)
    assert client.get(url_for(name, session)).status_code == 404
    assert client.post(url_for(name, session), {}).status_code == 404


@pytest.mark.parametrize("name", SESSION_VIEWS)
def test_staff_of_another_stl_gets_404_too(login, session, other_world, name):
    assert login(other_world.staff).get(url_for(name, session)).status_code == 404


READ_VIEWS = ["panel:session_list", "panel:session_detail", "panel:draft_version_create"]
SECRETARIAT_VIEWS = [name for name in ALL_VIEWS if name not in READ_VIEWS]


@pytest.mark.parametrize("name", READ_VIEWS)
@pytest.mark.parametrize("actor", ["infoem_member", "ieem_member", "facilitator", "staff"])
def test_every_account_of_the_stl_opens_the_page(login, world, session, name, actor):
    assert login(getattr(world, actor)).get(url_for(name, session)).status_code == 200


@pytest.mark.parametrize("name", SECRETARIAT_VIEWS)
@pytest.mark.parametrize("actor", ["facilitator", "staff"])
def test_the_technical_secretariat_opens_the_recording_pages(login, world, session, name, actor):
    assert login(getattr(world, actor)).get(url_for(name, session)).status_code == 200


@pytest.mark.parametrize("name", SECRETARIAT_VIEWS)
@pytest.mark.parametrize("actor", ["infoem_member", "ieem_member"])
def test_a_member_is_refused_the_recording_pages(login, world, session, name, actor):
    client = login(getattr(world, actor))
    revision = session.revision
    assert client.get(url_for(name, session)).status_code == 403
    assert client.post(url_for(name, session), {"title": "x", "is_public": "on"}).status_code == 403
    session.refresh_from_db()
    assert session.revision == revision


@pytest.mark.parametrize("name", ALL_VIEWS)
def test_a_login_without_an_stl_account_is_forbidden(client, session, name):
    client.force_login(f.UserFactory())
    assert client.get(url_for(name, session)).status_code == 403


def test_the_list_of_another_stl_does_not_show_this_stls_sessions(login, session, other_world):
    response = login(other_world.infoem_member).get(reverse("panel:session_list"))
    assert response.status_code == 200
    assert session.identifier not in response.content.decode()


def test_a_session_of_the_stls_operational_group_is_reachable(login, world):
    meeting = f.SessionFactory(body=world.group, kind="working_meeting", number=1)
    response = login(world.ieem_member).get(reverse("panel:session_detail", args=[meeting.identifier]))
    assert response.status_code == 200


@pytest.fixture
def agreement(world):
    return f.adopted_agreement(world.stl)


def edit_agreement_url(agreement):
    return reverse("panel:agreement_edit", args=[agreement.session.identifier, agreement.identifier])


def test_editing_an_agreement_anonymously_leads_to_the_login_page(client, agreement):
    response = client.get(edit_agreement_url(agreement))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_editing_an_agreement_of_another_stl_is_404(login, agreement, other_world):
    client = login(other_world.facilitator)
    assert client.get(edit_agreement_url(agreement)).status_code == 404
    assert client.post(edit_agreement_url(agreement), {"title": "x"}).status_code == 404


@pytest.mark.parametrize("actor", ["facilitator", "staff"])
def test_the_secretariat_opens_the_agreement_edit_page(login, world, agreement, actor):
    assert login(getattr(world, actor)).get(edit_agreement_url(agreement)).status_code == 200
