"""The commitment workflow in the panel: draft → sent → approved by an agreement → published ⇄
withdrawn. The server enforces the order whatever the POST says."""

import pytest
from django.urls import reverse

from commitments.models import Commitment
from tests import factories as f

pytestmark = pytest.mark.django_db


def post(client, name, commitment, data=None):
    return client.post(reverse(name, args=[commitment.identifier]), data or {}, follow=True)


def test_a_complete_draft_is_sent_for_approval(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    response = post(login(world.ieem_member), "panel:commitment_submit", commitment)
    assert "Enviado a aprobación" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.submitted_at is not None
    assert commitment.status == Commitment.Status.DRAFT


def test_an_incomplete_draft_is_not_sent_and_says_what_is_missing(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem, objective="", start_date=None)
    response = post(login(world.ieem_member), "panel:commitment_submit", commitment)
    html = response.content.decode()
    assert "Complete antes de enviarlo" in html and "objetivo" in html
    commitment.refresh_from_db()
    assert commitment.submitted_at is None


def test_a_sent_draft_returns_to_draft(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    commitment.submit()
    post(login(world.ieem_member), "panel:commitment_return_to_draft", commitment)
    commitment.refresh_from_db()
    assert commitment.is_open_draft


def test_publishing_a_draft_is_refused(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    commitment.submit()
    response = post(login(world.facilitator), "panel:commitment_publish", commitment)
    assert "Solo se publica un compromiso aprobado por un acuerdo." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DRAFT


def test_an_approved_commitment_shows_its_agreement_and_is_published(login, world):
    agreement = f.adopted_agreement(world.stl, code="STL/SO/03/2020-02")
    commitment = f.approved_commitment(world.axis_ieem, agreement=agreement)
    client = login(world.ieem_member)
    detail = client.get(reverse("panel:commitment_detail", args=[commitment.identifier])).content.decode()
    assert "Aprobado por el acuerdo STL/SO/03/2020-02" in detail
    response = post(client, "panel:commitment_publish", commitment)
    assert "Compromiso publicado." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PUBLISHED
    assert client.get(commitment.get_absolute_url()).status_code == 200


def test_publishing_twice_is_refused_the_second_time(login, world):
    commitment = f.published_commitment(world.axis_ieem)
    response = post(login(world.ieem_member), "panel:commitment_publish", commitment)
    assert "Solo se publica un compromiso aprobado" in response.content.decode()


def test_withdrawing_needs_a_reason(login, world):
    commitment = f.published_commitment(world.axis_ieem)
    response = login(world.ieem_member).post(
        reverse("panel:commitment_withdraw", args=[commitment.identifier]), {"reason": "  "})
    assert response.status_code == 200
    assert "Explique por qué se retira de la publicación." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PUBLISHED


def test_withdrawing_hides_it_from_the_public_keeps_the_reason_and_allows_publishing_again(client, login, world):
    commitment = f.published_commitment(world.axis_ieem)
    member = login(world.ieem_member)
    response = member.post(reverse("panel:commitment_withdraw", args=[commitment.identifier]),
                           {"reason": "Se corrigen las fechas."}, follow=True)
    assert "Se retiró de la publicación. Motivo: Se corrigen las fechas." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.is_withdrawn
    member.logout()
    assert client.get(commitment.get_absolute_url()).status_code == 404
    post(login(world.ieem_member), "panel:commitment_publish", commitment)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PUBLISHED


def test_withdrawing_a_draft_is_refused(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    response = login(world.ieem_member).post(
        reverse("panel:commitment_withdraw", args=[commitment.identifier]), {"reason": "Porque sí"})
    assert response.status_code == 200
    assert "Solo se retira un compromiso publicado." in response.content.decode()


def test_workflow_steps_only_answer_post(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    client = login(world.ieem_member)
    for name in ("panel:commitment_submit", "panel:commitment_publish", "panel:commitment_return_to_draft"):
        assert client.get(reverse(name, args=[commitment.identifier])).status_code == 405


def test_the_withdraw_page_of_an_unpublished_commitment_sends_back_with_a_message(login, world):
    commitment = f.approved_commitment(world.axis_ieem)
    response = login(world.ieem_member).get(
        reverse("panel:commitment_withdraw", args=[commitment.identifier]), follow=True)
    assert "Solo se retira un compromiso publicado." in response.content.decode()
