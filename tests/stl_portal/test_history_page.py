"""The history page of any record (panel:history): who changed what, when, field by field, only
for records of the account's STL."""

import pytest
from django.urls import reverse

from stl_portal.history import history_url, stl_of
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_shows_who_changed_which_field_from_what_to_what(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem, title="Título original")
    client = login(world.ieem_member)
    client.post(reverse("panel:commitment_edit", args=[commitment.identifier]), {
        "title": "Título nuevo", "kind": "proactive", "axis": commitment.axis_id,
        "lead_institution": commitment.lead_institution_id, "public_problem": commitment.public_problem,
        "objective": commitment.objective, "solution": commitment.solution,
        "start_date": "2021-01-01", "end_date": "2021-12-31", "revision_seen": commitment.revision})
    response = client.get(history_url(commitment))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Título original" in html and "Título nuevo" in html
    assert "Cocreado" in html and "Proactivo" in html  # choices shown by their names
    assert world.ieem_member.user.username in html
    assert "Creación" in html and "Cambio" in html


def test_foreign_keys_are_shown_by_name(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    html = login(world.ieem_member).get(history_url(commitment)).content.decode()
    assert world.axis_ieem.name in html


def test_the_url_is_simple_to_build_from_any_record(world):
    session = f.SessionFactory(body=world.stl)
    assert history_url(session) == f"/panel/historial/stl_sessions.session/{session.identifier}/"
    assert reverse("panel:history", args=["commitments.axis", world.axis_ieem.identifier]) == \
        f"/panel/historial/commitments.axis/{world.axis_ieem.identifier}/"


def test_it_finds_the_stl_of_nested_records(world):
    milestone = f.MilestoneFactory(commitment=f.CommitmentFactory(axis=world.axis_ieem))
    update = f.MilestoneUpdateFactory(milestone=milestone)
    agreement = f.adopted_agreement(world.stl)
    vote = f.VoteFactory(agreement=agreement, seat=world.seats.guarantor)
    for record in (update, milestone, agreement, vote, world.table, world.seats.guarantor,
                   world.memberships.electoral, world.plan, world.ieem_member):
        assert stl_of(record) == world.stl, record


def test_anonymous_visitors_are_sent_to_login(client, world):
    response = client.get(history_url(world.axis_ieem))
    assert response.status_code == 302 and response["Location"].startswith("/cuentas/entrar/")


def test_a_member_of_another_stl_gets_not_found(login, world, other_world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    client = login(other_world.ieem_member)
    assert client.get(history_url(commitment)).status_code == 404
    assert client.get(history_url(world.stl)).status_code == 404
    assert client.get(history_url(world.people.guarantor)).status_code == 404


def test_any_member_of_the_stl_reads_the_history(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    for account in (world.infoem_member, world.ieem_member, world.facilitator, world.staff):
        assert login(account).get(history_url(commitment)).status_code == 200
    assert login(world.infoem_member).get(history_url(world.people.guarantor)).status_code == 200
    assert login(world.infoem_member).get(history_url(world.ieem)).status_code == 200


@pytest.mark.parametrize("label", ["auth.user", "commitments", "nada.nada", "commitments.historicalcommitment",
                                   "axes.accessattempt"])
def test_unknown_or_untracked_models_are_not_found(login, world, label):
    assert login(world.ieem_member).get(
        reverse("panel:history", args=[label, "x"])).status_code == 404


def test_the_page_does_a_constant_number_of_queries(login, world, django_assert_max_num_queries):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    client = login(world.ieem_member)
    for number in range(15):
        commitment.title = f"Versión {number}"
        commitment.lead_institution = world.infoem if number % 2 else world.ieem
        commitment.save()
    with django_assert_max_num_queries(14):
        assert client.get(history_url(commitment)).status_code == 200


def test_dates_are_shown_in_spanish(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    html = login(world.ieem_member).get(history_url(commitment)).content.decode()
    assert "1 de Enero de 2021" in html
    assert "2021-01-01" not in html


def test_the_history_of_a_milestone_leads_back_to_its_commitment_in_the_panel(login, world):
    milestone = f.MilestoneFactory(commitment=f.CommitmentFactory(axis=world.axis_ieem))
    html = login(world.ieem_member).get(history_url(milestone)).content.decode()
    assert reverse("panel:commitment_detail", args=[milestone.commitment.identifier]) in html
