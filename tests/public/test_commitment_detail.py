import pytest

from tests import factories as f
from tests.public.conftest import MARKER


@pytest.mark.django_db
def test_it_shows_the_ogp_fields_milestones_and_the_approving_session(client, public_record):
    commitment = public_record.commitment
    text = client.get(commitment.get_absolute_url()).content.decode()
    for value in (commitment.title, commitment.public_problem, commitment.objective, commitment.solution,
                  "Relevancia: rendición de cuentas", "Catálogo de datos publicado", "Primer catálogo"):
        assert value in text
    assert 'value="40"' in text  # the milestone's progress bar
    assert public_record.agreement.get_absolute_url() in text
    assert public_record.session.get_absolute_url() in text
    assert f"/compromisos/{commitment.identifier}/hitos/1/evidencia" in text


@pytest.mark.django_db
def test_the_evidence_downloads(client, public_record):
    response = client.get(f"/compromisos/{public_record.commitment.identifier}/hitos/1/evidencia")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 evidencia"


@pytest.mark.django_db
def test_a_draft_approved_or_withdrawn_commitment_is_not_found(client, drafts):
    for commitment in (drafts.draft, drafts.approved, drafts.withdrawn):
        assert client.get(f"/compromisos/{commitment.identifier}/").status_code == 404


@pytest.mark.django_db
def test_the_public_history_starts_at_publication_and_shows_public_fields(client, drafts):
    response = client.get(drafts.renamed.get_absolute_url())
    text = response.content.decode()
    history = response.context["history"]
    assert [event["what"] for event in history][-1] == "Se publicó el compromiso."
    change = history[0]["changes"]
    assert [c["new"] for c in change] == ["Objetivo actualizado tras publicarse"]
    assert MARKER not in text
    assert "submitted_at" not in text and "enviado a aprobación" not in text


@pytest.mark.django_db
def test_publishing_drops_an_identifier_made_from_a_draft_title(drafts):
    assert MARKER.lower() not in drafts.renamed.identifier
    assert drafts.renamed.identifier.startswith("compromiso-con-nombre-definitivo-")


@pytest.mark.django_db
def test_an_identifier_typed_by_a_person_is_kept_at_publication(world):
    commitment = f.approved_commitment(world.axis_ieem, identifier="pal-c01", title="Primer título")
    commitment.title = "Otro título"
    commitment.save()
    commitment.publish()
    assert commitment.identifier == "pal-c01"


@pytest.mark.django_db
def test_a_milestone_added_after_publication_appears_in_the_history(client, public_record):
    f.MilestoneFactory(commitment=public_record.commitment, order=2, title="Segundo entregable")
    response = client.get(public_record.commitment.get_absolute_url())
    assert "Se agregó el hito «Segundo entregable»." in [e["what"] for e in response.context["history"]]
