"""Agreements in the panel: suggested code, votes or unanimity, and what each approves, moved forward
in the same transaction; the workflow order holds against forged POSTs."""

import datetime

import pytest
from django.urls import reverse

from commitments.models import Axis, Commitment
from sessions.forms import AgreementForm
from sessions.models import Agreement, Attendance, DocumentVersion, Session, Vote
from tests import factories as f

pytestmark = pytest.mark.django_db


def hold_with_quorum(world, session):
    session.record_attendance([
        Attendance(seat=world.seats.guarantor, status=Attendance.Status.HOLDER),
        Attendance(seat=world.seats.public_bodies, status=Attendance.Status.HOLDER),
        Attendance(seat=world.seats.civil_society, status=Attendance.Status.HOLDER),
        Attendance(seat=world.seats.facilitator, status=Attendance.Status.ABSENT),
    ])
    session.refresh_from_db()
    return session


@pytest.fixture
def session(world):
    return hold_with_quorum(world, f.SessionFactory(body=world.stl, number=96, date=datetime.date(2022, 4, 8)))


@pytest.fixture
def proposed_axis(world):
    return f.AxisFactory(plan=world.plan, lead_institution=world.ieem, name="Eje propuesto")


@pytest.fixture
def submitted(world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan, title="Compromiso enviado")
    commitment.submit()
    return commitment


def url(session):
    return reverse("panel:agreement_create", args=[session.identifier])


def data(**overrides):
    values = {"number": "1", "code": "STL/SO/96/2020-01", "title": "Aprobación", "text": "Se aprueba.",
              "result": "adopted"}
    values.update(overrides)
    return values


def test_the_form_suggests_the_number_and_the_code(login, world, session):
    f.AgreementFactory(session=session, number=1, code="STL/SO/96/2020-01")
    form = login(world.staff).get(url(session)).context["form"]
    assert form.initial["number"] == 2
    assert form.initial["code"] == "STL/SO/96/2022-02"


def test_an_agreement_approves_an_axis_and_a_commitment_in_one_go(login, world, session, proposed_axis, submitted):
    response = login(world.facilitator).post(url(session), data(
        approve_axes=[proposed_axis.pk], approve_commitments=[submitted.pk], unanimous="on"))
    assert response.status_code == 302
    agreement = Agreement.objects.get(session=session)
    proposed_axis.refresh_from_db()
    submitted.refresh_from_db()
    assert proposed_axis.status == Axis.Status.APPROVED and proposed_axis.approved_by == agreement
    assert submitted.status == Commitment.Status.APPROVED and submitted.approved_by == agreement
    assert submitted.history.first().history_user == world.facilitator.user


def test_an_axis_and_a_commitment_on_it_are_approved_by_the_same_agreement(login, world, session, proposed_axis):
    commitment = f.CommitmentFactory(axis=proposed_axis, plan=world.plan)
    commitment.submit()
    login(world.facilitator).post(url(session), data(approve_axes=[proposed_axis.pk],
                                                     approve_commitments=[commitment.pk]))
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.APPROVED


def test_a_document_version_the_plan_and_its_route_are_approved(login, world, session):
    version = f.DocumentVersionFactory(document=f.DocumentFactory(body=world.stl))
    login(world.staff).post(url(session), data(
        approve_versions=[version.pk], approve_plans=[world.plan.pk], approve_routes=[world.plan.pk]))
    agreement = Agreement.objects.get(session=session)
    version.refresh_from_db()
    world.plan.refresh_from_db()
    assert version.status == DocumentVersion.Status.APPROVED and version.approved_by == agreement
    assert world.plan.approved_by == agreement and world.plan.route_approved_by == agreement


def test_votes_are_stored_seat_by_seat(login, world, session):
    votes = {f"vote_{world.seats.guarantor.pk}": "yes", f"vote_{world.seats.public_bodies.pk}": "yes",
             f"vote_{world.seats.civil_society.pk}": "abstain"}
    login(world.staff).post(url(session), data(**votes))
    agreement = Agreement.objects.get(session=session)
    assert {(v.seat, v.option) for v in agreement.votes.all()} == {
        (world.seats.guarantor, Vote.Option.YES), (world.seats.public_bodies, Vote.Option.YES),
        (world.seats.civil_society, Vote.Option.ABSTAIN), (world.seats.facilitator, Vote.Option.ABSENT)}


@pytest.mark.parametrize("overrides, field, message", [
    ({"unanimous": "on", "vote_guarantor": "no"}, "unanimous", "no tiene votos en contra"),
    ({"vote_guarantor": "no", "vote_civil_society": "yes"}, "result", "tantos o más votos en contra"),
    ({"result": "rejected", "unanimous": "on"}, "unanimous", "Solo un acuerdo aprobado"),
    ({"result": "rejected", "approve_plans": "plan"}, "result", "Solo un acuerdo aprobado aprueba"),
    ({"result": "maybe"}, "result", "Seleccione una opción válida"),
    ({"title": ""}, "title", "obligatorio"),
    ({"number": "x"}, "number", "número entero"),
])
def test_bad_input_is_answered_next_to_the_field_and_nothing_is_saved(login, world, session, overrides, field, message):
    values = {}
    for key, value in overrides.items():
        if key.startswith("vote_"):
            values[f"vote_{getattr(world.seats, key[5:]).pk}"] = value
        elif value == "plan":
            values[key] = [world.plan.pk]
        else:
            values[key] = value
    response = login(world.staff).post(url(session), data(**values))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Agreement.objects.filter(session=session).exists()
    world.plan.refresh_from_db()
    assert world.plan.approved_by is None


def test_a_code_already_used_in_the_stl_is_refused(login, world, session):
    other = f.adopted_agreement(world.stl, code="STL/SO/96/2020-01")
    response = login(world.staff).post(url(session), data())
    assert "Ya existe un acuerdo con esa clave" in response.context["form"].errors["code"][0]
    assert Agreement.objects.filter(code="STL/SO/96/2020-01").get() == other


@pytest.mark.parametrize("change, message", [
    ({"status": Session.Status.SCHEDULED}, "Solo una sesión celebrada adopta acuerdos."),
    ({"has_quorum": False}, "La sesión no tuvo quórum"),
    ({"has_quorum": None}, "Registre primero la asistencia"),
])
def test_a_session_that_cannot_adopt_shows_the_rule_and_refuses_a_forged_post(
        login, world, session, proposed_axis, change, message):
    for key, value in change.items():
        setattr(session, key, value)
    session.save()
    client = login(world.staff)
    assert message in client.get(url(session)).content.decode()
    response = client.post(url(session), data(approve_axes=[proposed_axis.pk]))
    assert response.status_code == 200
    assert message in response.context["form"].errors["result"][0]
    assert not Agreement.objects.filter(session=session).exists()
    proposed_axis.refresh_from_db()
    assert proposed_axis.status == Axis.Status.PROPOSED


def test_a_working_meeting_adopts_no_agreements_even_by_a_forged_post(login, world, proposed_axis):
    meeting = f.SessionFactory(body=world.group, kind="working_meeting", number=1)
    client = login(world.staff)
    page = client.get(url(meeting))
    assert "Solo las sesiones formales adoptan acuerdos" in page.content.decode()
    assert page.context["form"] is None
    response = client.post(url(meeting), data(approve_axes=[proposed_axis.pk]))
    assert response.status_code == 200
    assert not Agreement.objects.filter(session=meeting).exists()


def test_a_commitment_not_sent_for_approval_cannot_be_approved(login, world, session):
    draft = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan)
    response = login(world.staff).post(url(session), data(approve_commitments=[draft.pk]))
    assert "Seleccione una opción válida" in response.context["form"].errors["approve_commitments"][0]
    assert not Agreement.objects.filter(session=session).exists()
    draft.refresh_from_db()
    assert draft.status == Commitment.Status.DRAFT


def test_things_of_another_stl_cannot_be_approved(login, world, other_world, session):
    axis = f.AxisFactory(plan=other_world.plan)
    commitment = f.CommitmentFactory(axis=other_world.axis_ieem, plan=other_world.plan)
    commitment.submit()
    version = f.DocumentVersionFactory(document=f.DocumentFactory(body=other_world.stl))
    response = login(world.staff).post(url(session), data(
        approve_axes=[axis.pk], approve_commitments=[commitment.pk], approve_versions=[version.pk],
        approve_plans=[other_world.plan.pk]))
    errors = response.context["form"].errors
    assert {"approve_axes", "approve_commitments", "approve_versions", "approve_plans"} <= set(errors)
    assert not Agreement.objects.filter(session=session).exists()


def test_an_already_approved_axis_is_not_offered_again(login, world, session):
    response = login(world.staff).post(url(session), data(approve_axes=[world.axis_ieem.pk]))
    assert "approve_axes" in response.context["form"].errors


def test_when_one_approval_fails_nothing_is_saved(login, world, session, proposed_axis):
    """A commitment on an axis still proposed cannot be approved: the agreement, its votes and the
    other approvals of the same submit are rolled back together."""
    on_proposed = f.CommitmentFactory(axis=proposed_axis, plan=world.plan)
    on_proposed.submit()
    version = f.DocumentVersionFactory(document=f.DocumentFactory(body=world.stl))
    response = login(world.staff).post(url(session), data(
        approve_versions=[version.pk], approve_commitments=[on_proposed.pk],
        **{f"vote_{world.seats.guarantor.pk}": "yes"}))
    assert response.status_code == 200
    assert "El eje del compromiso aún no está aprobado" in response.context["form"].errors["approve_commitments"][0]
    assert not Agreement.objects.filter(session=session).exists()
    assert not Vote.objects.filter(agreement__session=session).exists()
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.DRAFT


def test_the_session_comes_from_the_address_not_from_the_post(login, world, session):
    elsewhere = f.SessionFactory(body=world.stl, number=95, date=datetime.date(2022, 4, 8), status=Session.Status.SCHEDULED)
    login(world.staff).post(url(session), data(session=elsewhere.pk, identifier="forjado", revision="50"))
    agreement = Agreement.objects.get(code="STL/SO/96/2020-01")
    assert agreement.session == session and agreement.identifier != "forjado" and agreement.revision == 1


def test_a_double_submit_creates_one_agreement(login, world, session, proposed_axis):
    client = login(world.staff)
    token = client.get(url(session)).context["form_token"]
    first = client.post(url(session), data(form_token=token, approve_axes=[proposed_axis.pk]))
    second = client.post(url(session), data(form_token=token, approve_axes=[proposed_axis.pk]))
    assert Agreement.objects.filter(session=session).count() == 1
    assert second.status_code == 302 and second.url == first.url


def test_the_detail_page_lists_the_agreement_and_what_it_approved(login, world, session, proposed_axis):
    client = login(world.staff)
    client.post(url(session), data(approve_axes=[proposed_axis.pk]))
    page = client.get(reverse("panel:session_detail", args=[session.identifier])).content.decode()
    assert "STL/SO/96/2020-01" in page and "Eje propuesto" in page


def test_the_form_offers_only_what_waits_for_approval_in_this_stl(world, other_world, session, proposed_axis, submitted):
    form = AgreementForm(session=session)
    assert list(form.fields["approve_axes"].queryset) == [proposed_axis]
    assert list(form.fields["approve_commitments"].queryset) == [submitted]
    assert world.plan in form.fields["approve_plans"].queryset
    assert other_world.plan not in form.fields["approve_plans"].queryset


def edit_url(agreement):
    return reverse("panel:agreement_edit", args=[agreement.session.identifier, agreement.identifier])


def edit_data(agreement, **overrides):
    values = {"number": agreement.number, "code": agreement.code, "title": agreement.title,
              "text": agreement.text, "result": agreement.result, "unanimous": "on" if agreement.unanimous else "",
              "revision_seen": agreement.revision}
    values.update(overrides)
    return values


def test_a_member_corrects_the_text_and_the_votes_of_an_agreement(login, world, session):
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/96/2020-01")
    f.VoteFactory(agreement=agreement, seat=world.seats.guarantor, option="yes")
    f.VoteFactory(agreement=agreement, seat=world.seats.civil_society, option="yes")
    response = login(world.staff).post(edit_url(agreement), edit_data(
        agreement, text="Texto corregido", **{f"vote_{world.seats.guarantor.pk}": "abstain",
                                              f"vote_{world.seats.public_bodies.pk}": "yes",
                                              f"vote_{world.seats.civil_society.pk}": ""}))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.text == "Texto corregido"
    assert {(v.seat, v.option) for v in agreement.votes.all()} == {
        (world.seats.guarantor, "abstain"), (world.seats.public_bodies, "yes"), (world.seats.facilitator, "absent")}


def test_the_edit_form_starts_with_the_recorded_votes(login, world, session):
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/96/2020-01")
    f.VoteFactory(agreement=agreement, seat=world.seats.guarantor, option="no")
    form = login(world.staff).get(edit_url(agreement)).context["form"]
    assert form[f"vote_{world.seats.guarantor.pk}"].value() == "no"


def test_an_agreement_that_approved_something_stays_adopted(login, world, session, proposed_axis):
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/96/2020-01")
    agreement.approve(proposed_axis)
    response = login(world.staff).post(edit_url(agreement), edit_data(agreement, result="rejected"))
    assert "ya aprobó algo" in response.context["form"].errors["result"][0]
    agreement.refresh_from_db()
    assert agreement.result == "adopted"


def test_an_edit_can_add_an_approval(login, world, session, submitted):
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/96/2020-01")
    login(world.staff).post(edit_url(agreement), edit_data(agreement, approve_commitments=[submitted.pk]))
    submitted.refresh_from_db()
    assert submitted.approved_by == agreement


def test_the_second_of_two_editors_of_an_agreement_is_refused_and_keeps_their_text(login, world, session):
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/96/2020-01")
    stale = edit_data(agreement, text="Texto de la segunda persona")
    client = login(world.staff)
    assert client.post(edit_url(agreement), edit_data(agreement, text="Primera")).status_code == 302
    response = client.post(edit_url(agreement), stale)
    assert response.status_code == 200
    assert "Alguien más guardó" in response.content.decode()
    assert "Texto de la segunda persona" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.text == "Primera"


def test_an_agreement_is_edited_only_under_its_own_session(login, world, session):
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/96/2020-01")
    elsewhere = f.SessionFactory(body=world.stl, number=94, date=datetime.date(2022, 4, 8))
    url = reverse("panel:agreement_edit", args=[elsewhere.identifier, agreement.identifier])
    assert login(world.staff).get(url).status_code == 404


def test_the_detail_page_says_what_kind_of_thing_each_agreement_approved(login, world, session):
    client = login(world.staff)
    client.post(url(session), data(approve_plans=[world.plan.pk], approve_routes=[world.plan.pk]))
    page = client.get(reverse("panel:session_detail", args=[session.identifier])).content.decode()
    assert f"Plan de acción: {world.plan.name}" in page and f"Ruta de {world.plan.name}" in page
