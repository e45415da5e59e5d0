"""Creating and editing commitments in the panel: OGP fields, bad input, double submit, two editors,
and forged POSTs that try to set what the form does not offer."""

import uuid

import pytest
from django.urls import reverse

from commitments.models import Commitment
from tests import factories as f

pytestmark = pytest.mark.django_db


def draft_data(world, **overrides):
    data = {
        "title": "Micrositio de datos electorales abiertos",
        "kind": "co_created",
        "axis": world.axis_ieem.pk,
        "lead_institution": world.ieem.pk,
        "other_actors": "Sociedad civil",
        "public_problem": "La información electoral no se publica en formatos abiertos.",
        "objective": "Publicar los resultados en datos abiertos.",
        "solution": "Un micrositio con descargas.",
        "relevance_transparency": "Abre datos.",
        "relevance_participation": "",
        "relevance_accountability": "",
        "relevance_technology": "",
        "start_date": "2021-01-01",
        "end_date": "2021-12-31",
        "form_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def edit_data(commitment, **overrides):
    data = {name: getattr(commitment, name) for name in (
        "title", "kind", "other_actors", "public_problem", "objective", "solution",
        "relevance_transparency", "relevance_participation", "relevance_accountability",
        "relevance_technology")}
    data.update({"axis": commitment.axis_id, "lead_institution": commitment.lead_institution_id,
                 "start_date": commitment.start_date.isoformat(), "end_date": commitment.end_date.isoformat(),
                 "revision_seen": commitment.revision})
    data.update(overrides)
    return data


def test_a_member_creates_a_draft_of_their_institution(login, world):
    client = login(world.ieem_member)
    response = client.post(reverse("panel:commitment_create"), draft_data(world))
    commitment = Commitment.objects.get(title="Micrositio de datos electorales abiertos")
    assert response.status_code == 302
    assert response["Location"] == reverse("panel:commitment_detail", args=[commitment.identifier])
    assert commitment.status == Commitment.Status.DRAFT
    assert commitment.plan == world.plan
    assert commitment.history.first().history_user == world.ieem_member.user


def test_the_create_form_offers_only_the_axes_of_my_stl(login, world, other_world):
    html = login(world.ieem_member).get(reverse("panel:commitment_create")).content.decode()
    assert world.axis_ieem.name in html
    assert other_world.plan.name not in html
    response = login(world.ieem_member).post(reverse("panel:commitment_create"),
                                             draft_data(world, axis=other_world.axis_ieem.pk))
    assert response.status_code == 200
    assert "Seleccione una opción válida" in response.content.decode()
    assert not Commitment.objects.exists()


def test_a_member_cannot_create_a_commitment_for_another_institution_on_another_axis(login, world):
    response = login(world.ieem_member).post(reverse("panel:commitment_create"), draft_data(
        world, axis=world.axis_infoem.pk, lead_institution=world.infoem.pk))
    assert response.status_code == 200
    assert "Su institución debe encabezar el compromiso o su eje." in response.content.decode()
    assert not Commitment.objects.exists()


def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(login, world):
    response = login(world.ieem_member).post(reverse("panel:commitment_create"), draft_data(
        world, title="", start_date="2021-12-31", end_date="2021-01-01"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Este campo es obligatorio." in html
    assert "La fecha de término no puede ser anterior a la fecha de inicio." in html
    assert "no se guardó nada" in html
    assert not Commitment.objects.exists()


def test_garbage_never_gives_a_server_error(login, world):
    response = login(world.ieem_member).post(reverse("panel:commitment_create"), {
        "title": "x" * 5000, "axis": "'; drop table", "lead_institution": "9999999",
        "start_date": "31/31/2021", "kind": "nada", "form_token": "no-uuid"})
    assert response.status_code == 200
    assert not Commitment.objects.exists()


def test_sending_the_same_form_twice_creates_one_draft(login, world):
    client = login(world.ieem_member)
    data = draft_data(world)
    first = client.post(reverse("panel:commitment_create"), data)
    second = client.post(reverse("panel:commitment_create"), data)
    assert Commitment.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_forged_status_is_ignored_when_creating(login, world):
    login(world.ieem_member).post(reverse("panel:commitment_create"), draft_data(
        world, status="published", published_at="2021-01-01T00:00", approved_by="1", submitted_at="2021-01-01"))
    commitment = Commitment.objects.get()
    assert commitment.status == Commitment.Status.DRAFT
    assert commitment.published_at is None and commitment.submitted_at is None
    assert commitment.approved_by is None


def test_a_member_edits_an_open_draft(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    response = login(world.ieem_member).post(reverse("panel:commitment_edit", args=[commitment.identifier]),
                                             edit_data(commitment, title="Título corregido"))
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.title == "Título corregido"


def test_the_second_of_two_editors_is_refused_and_keeps_what_they_typed(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    url = reverse("panel:commitment_edit", args=[commitment.identifier])
    first = edit_data(commitment, title="Lo que guardó la primera persona")
    second = edit_data(commitment, title="Lo que escribió la segunda persona")
    assert login(world.ieem_member).post(url, first).status_code == 302
    response = login(world.facilitator).post(url, second)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Alguien más guardó este registro" in html
    assert "Lo que escribió la segunda persona" in html
    commitment.refresh_from_db()
    assert commitment.title == "Lo que guardó la primera persona"


def test_a_published_commitment_changes_only_its_completion_never_its_status(login, world):
    commitment = f.published_commitment(world.axis_ieem)
    url = reverse("panel:commitment_edit", args=[commitment.identifier])
    response = login(world.ieem_member).post(url, {
        "completion": "substantial", "status": "draft", "title": "Otro título",
        "published_at": "", "revision_seen": commitment.revision})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.completion == Commitment.Completion.SUBSTANTIAL
    assert commitment.status == Commitment.Status.PUBLISHED
    assert commitment.title != "Otro título"


def test_a_draft_sent_for_approval_is_not_edited(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    commitment.submit()
    url = reverse("panel:commitment_edit", args=[commitment.identifier])
    response = login(world.ieem_member).post(url, edit_data(commitment, title="Cambio a escondidas"))
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.title != "Cambio a escondidas"


def test_nobody_edits_another_stls_commitment_by_its_identifier(login, world, other_world):
    theirs = f.CommitmentFactory(axis=other_world.axis_ieem, title="Ajeno")
    response = login(world.facilitator).post(reverse("panel:commitment_edit", args=[theirs.identifier]),
                                             edit_data(theirs, title="Tomado"))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Ajeno"


def test_two_simultaneous_submissions_of_one_form_still_make_one_draft(login, world, monkeypatch):
    """Both requests pass the early check before either has saved: the unique token decides."""
    from commitments import panel_views

    data = draft_data(world)
    Commitment.objects.create(plan=world.plan, axis=world.axis_ieem, title="Ganó la carrera",
                              lead_institution=world.ieem, form_token=data["form_token"])
    real = panel_views._saved_before
    calls = []

    def late(model, form):
        calls.append(model)
        return None if len(calls) == 1 else real(model, form)

    monkeypatch.setattr(panel_views, "_saved_before", late)
    response = login(world.ieem_member).post(reverse("panel:commitment_create"), data)
    assert response.status_code == 302
    assert Commitment.objects.count() == 1
    assert response["Location"].endswith(f"{Commitment.objects.get().identifier}/")
