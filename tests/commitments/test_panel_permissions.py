"""The permission ladder for every commitment view of the panel: anonymous → login page; a member of
another STL → 404; a member of the same STL whose institution does not lead the commitment or its
axis → 403 on changes; the right member → 200 (or the redirect of a done action)."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    draft = f.CommitmentFactory(axis=world.axis_ieem, title="Borrador del IEEM")
    draft_milestone = f.MilestoneFactory(commitment=draft, order=1)
    published = f.published_commitment(world.axis_ieem, title="Publicado del IEEM")
    milestone = f.MilestoneFactory(commitment=published, order=1)
    return {"draft": draft, "draft_milestone": draft_milestone, "published": published,
            "milestone": milestone}


# (url name, record key or None, method, what the right member gets)
VIEWS = [
    ("panel:commitment_list", None, "get", 200),
    ("panel:commitment_create", None, "get", 200),
    ("panel:commitment_detail", "draft", "get", 200),
    ("panel:commitment_edit", "draft", "get", 200),
    ("panel:commitment_submit", "draft", "post", 302),
    ("panel:commitment_return_to_draft", "draft", "post", 302),
    ("panel:commitment_publish", "published", "post", 302),
    ("panel:commitment_withdraw", "published", "get", 200),
    ("panel:milestone_create", "draft", "get", 200),
    ("panel:milestone_edit", "draft_milestone", "get", 200),
    ("panel:milestone_progress", "milestone", "get", 200),
]
# Views that only read: every account of the STL may open them.
READ_ONLY = {"panel:commitment_list", "panel:commitment_create", "panel:commitment_detail"}


def url_for(name, key, records):
    return reverse(name, args=[records[key].identifier]) if key else reverse(name)


@pytest.mark.parametrize("name,key,method,_ok", VIEWS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, records, name, key, method, _ok):
    response = getattr(client, method)(url_for(name, key, records))
    assert response.status_code == 302
    assert response["Location"].startswith("/cuentas/entrar/")


@pytest.mark.parametrize("name,key,method,_ok", [v for v in VIEWS if v[1]])
def test_a_member_of_another_stl_gets_not_found(login, records, other_world, name, key, method, _ok):
    client = login(other_world.ieem_member)
    assert getattr(client, method)(url_for(name, key, records)).status_code == 404


@pytest.mark.parametrize("name,key,method,_ok", [v for v in VIEWS if v[0] not in READ_ONLY])
def test_a_member_whose_institution_does_not_lead_it_is_forbidden(login, world, records, name, key, method, _ok):
    client = login(world.infoem_member)
    assert getattr(client, method)(url_for(name, key, records)).status_code == 403


@pytest.mark.parametrize("name,key,method,ok", VIEWS)
def test_the_member_of_the_leading_institution_gets_in(login, world, records, name, key, method, ok):
    client = login(world.ieem_member)
    assert getattr(client, method)(url_for(name, key, records)).status_code == ok


@pytest.mark.parametrize("name,key,method,ok", VIEWS)
def test_the_facilitator_gets_in_everywhere_in_the_stl(login, world, records, name, key, method, ok):
    client = login(world.facilitator)
    assert getattr(client, method)(url_for(name, key, records)).status_code == ok


def test_a_logged_in_user_without_an_account_is_forbidden(client, records):
    client.force_login(f.UserFactory())
    assert client.get(reverse("panel:commitment_list")).status_code == 403


def test_a_member_edits_a_commitment_of_an_axis_their_institution_leads(login, world):
    # Led by the INFOEM, but on the IEEM's axis: the IEEM edits it too.
    commitment = f.CommitmentFactory(axis=world.axis_ieem, lead_institution=world.infoem)
    for account in (world.ieem_member, world.infoem_member):
        assert login(account).get(reverse("panel:commitment_edit", args=[commitment.identifier])).status_code == 200
    assert login(world.staff).get(
        reverse("panel:commitment_edit", args=[commitment.identifier])).status_code == 200
