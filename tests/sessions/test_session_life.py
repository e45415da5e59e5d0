"""A session as it happens: recorded scheduled and private, announced with its notice, held, its
minutes circulated, approved by a later agreement and published as a PDF made from the record;
discarded with a reason when recorded by mistake; the agenda grows without JavaScript and members
propose points."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.worker import run_pending_jobs
from sessions.models import AgendaItem, Agreement, Attendance, Correction, Session
from tests import factories as f

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def agenda(rows=(), total=None):
    data = {"agenda-TOTAL_FORMS": str(total if total is not None else len(rows)), "agenda-INITIAL_FORMS": "0",
            "agenda-MIN_NUM_FORMS": "0", "agenda-MAX_NUM_FORMS": "1000"}
    for index, title in enumerate(rows):
        data[f"agenda-{index}-order"] = ""
        data[f"agenda-{index}-title"] = title
    return data


def scheduled(world, days_ahead=30, **kwargs):
    values = {"body": world.stl, "status": Session.Status.SCHEDULED, "is_public": False,
              "date": today() + datetime.timedelta(days=days_ahead), "start_time": datetime.time(10)}
    values.update(kwargs)
    session = f.SessionFactory(**values)
    f.AgendaItemFactory(session=session, order=1, title="Lista de asistencia")
    return session


def present(world, session):
    session.record_attendance([
        Attendance(seat=world.seats.guarantor, status=Attendance.Status.HOLDER, person=world.people.guarantor),
        Attendance(seat=world.seats.public_bodies, status=Attendance.Status.HOLDER,
                   person=world.people.comptroller),
        Attendance(seat=world.seats.civil_society, status=Attendance.Status.HOLDER),
        Attendance(seat=world.seats.facilitator, status=Attendance.Status.ABSENT),
    ])
    session.refresh_from_db()
    return session


def detail(session):
    return reverse("panel:session_detail", args=[session.identifier])


# Recording and announcing -------------------------------------------------------------------------


def test_a_kind_and_a_date_alone_record_a_scheduled_private_session(login, world, client):
    future = (today() + datetime.timedelta(days=20)).isoformat()
    response = login(world.staff).post(reverse("panel:session_create"), {
        "body": world.stl.pk, "kind": "ordinary", "date": future, "modality": "in_person", "status": "scheduled",
        **agenda()})
    assert response.status_code == 302
    session = Session.objects.get(body=world.stl, date=future)
    assert session.status == Session.Status.SCHEDULED and not session.is_public
    client.logout()
    assert client.get(session.get_absolute_url()).status_code == 404


def test_a_second_session_the_same_day_is_warned_and_the_same_number_refused(login, world):
    day = datetime.date(2021, 5, 4)
    f.SessionFactory(body=world.stl, number=5, date=day)
    client = login(world.staff)
    base = {"body": world.stl.pk, "kind": "ordinary", "date": day.isoformat(), "status": "held",
            "modality": "videoconference", "link": "https://example.org/s", **agenda()}
    response = client.post(reverse("panel:session_create"), {**base, "number": "5"})
    assert response.status_code == 200
    assert "Ya existe una sesión de ese tipo con ese número" in response.content.decode()
    response = client.post(reverse("panel:session_create"), base, follow=True)
    assert "ese mismo día ya hay otra sesión" in response.content.decode()


def test_the_notice_is_refused_until_complete_and_in_time(login, world):
    session = f.SessionFactory(body=world.stl, status=Session.Status.SCHEDULED, is_public=False,
                               date=today() + datetime.timedelta(days=2), place="", link="")
    response = login(world.staff).post(reverse("panel:session_announce", args=[session.identifier]), follow=True)
    page = response.content.decode()
    for expected in ("Indique la hora de inicio", "Indique el lugar", "Registre el orden del día",
                     "5 días de anticipación"):
        assert expected in page
    session.refresh_from_db()
    assert not session.is_public and session.announced_at is None


def test_announcing_publishes_the_notice(login, world, client):
    session = scheduled(world, stream_url="https://transmision.example/en-vivo")
    response = login(world.staff).post(reverse("panel:session_announce", args=[session.identifier]))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_public and session.announced_at is not None
    assert session.history.first().history_user == world.staff.user
    client.logout()
    page = client.get(session.get_absolute_url()).content.decode()
    assert "convocada el" in page and "Lista de asistencia" in page
    assert "https://transmision.example/en-vivo" in page


def test_a_scheduled_session_is_not_made_public_through_the_edit_form(login, world):
    session = scheduled(world)
    data = {"body": world.stl.pk, "kind": "ordinary", "number": session.number, "date": session.date.isoformat(),
            "start_time": "10:00", "status": "scheduled", "modality": "in_person", "place": "Sala",
            "is_public": "on", "revision_seen": session.revision, **agenda()}
    response = login(world.staff).post(reverse("panel:session_edit", args=[session.identifier]), data)
    assert response.status_code == 200
    assert "Publicar la convocatoria" in response.content.decode()
    session.refresh_from_db()
    assert not session.is_public


def test_a_session_is_marked_held_only_once_its_day_has_come(login, world):
    session = scheduled(world, days_ahead=3)
    client = login(world.facilitator)
    client.post(reverse("panel:session_mark_held", args=[session.identifier]))
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED
    session.date = today()
    session.save()
    client.post(reverse("panel:session_mark_held", args=[session.identifier]))
    session.refresh_from_db()
    assert session.status == Session.Status.HELD


def test_a_session_recorded_by_mistake_is_discarded_with_its_reason_in_history(login, world):
    session = scheduled(world)
    pk = session.pk
    client = login(world.staff)
    response = client.post(reverse("panel:session_discard", args=[session.identifier]), {"reason": " "})
    assert response.status_code == 200 and Session.objects.filter(pk=pk).exists()
    response = client.post(reverse("panel:session_discard", args=[session.identifier]),
                           {"reason": "Se registró dos veces."})
    assert response.status_code == 302
    assert not Session.objects.filter(pk=pk).exists()
    last = Session.history.filter(id=pk).order_by("-history_date").first()
    assert last.history_type == "-" and last.history_change_reason == "Se registró dos veces."
    assert last.history_user == world.staff.user
    assert not AgendaItem.objects.filter(session_id=pk).exists()


def test_an_announced_session_is_not_discarded(login, world):
    session = scheduled(world)
    session.announce()
    response = login(world.staff).post(reverse("panel:session_discard", args=[session.identifier]),
                                       {"reason": "Error"})
    assert response.status_code == 200
    assert Session.objects.filter(pk=session.pk).exists()


# The agenda ---------------------------------------------------------------------------------------


def test_more_agenda_rows_are_added_without_javascript_and_nothing_is_saved(login, world):
    client = login(world.staff)
    data = {"body": world.stl.pk, "kind": "ordinary", "date": "2021-05-04", "status": "held",
            "modality": "videoconference", "link": "https://example.org/s",
            **agenda(["Uno", "Dos", "Tres"]), "add_agenda_rows": "1"}
    response = client.post(reverse("panel:session_create"), data)
    assert response.status_code == 200
    formset = response.context["agenda"]
    assert len(formset.forms) == 6
    page = response.content.decode()
    assert 'value="Tres"' in page and "errorlist" not in page
    assert not Session.objects.filter(date="2021-05-04").exists()
    data.pop("add_agenda_rows")
    data.update({"agenda-TOTAL_FORMS": "6", "agenda-3-title": "Cuatro", "agenda-4-title": "Cinco",
                 "agenda-5-title": "Seis"})
    assert client.post(reverse("panel:session_create"), data).status_code == 302
    session = Session.objects.get(date="2021-05-04")
    assert list(session.agenda_items.values_list("title", flat=True)) == ["Uno", "Dos", "Tres", "Cuatro",
                                                                         "Cinco", "Seis"]


def test_a_member_proposes_a_point_and_the_secretariat_includes_it(login, world, client):
    session = scheduled(world)
    session.announce()
    login(world.ieem_member).post(reverse("panel:agenda_propose", args=[session.identifier]),
                                  {"title": "Informe de la mesa de democracia", "description": ""})
    item = session.agenda_items.get(is_proposal=True)
    assert item.proposed_by == world.ieem
    client.logout()
    assert "Informe de la mesa" not in client.get(session.get_absolute_url()).content.decode()
    login(world.facilitator).post(reverse("panel:agenda_include", args=[session.identifier, item.pk]))
    item.refresh_from_db()
    assert not item.is_proposal and item.order == 2
    client.logout()
    assert "Informe de la mesa" in client.get(session.get_absolute_url()).content.decode()


# Minutes ------------------------------------------------------------------------------------------


@pytest.fixture
def held(world):
    return present(world, f.SessionFactory(body=world.stl, number=40, date=datetime.date(2022, 3, 1)))


@pytest.fixture
def later(world):
    return present(world, f.SessionFactory(body=world.stl, number=41, date=datetime.date(2022, 4, 1)))


def approving_post(held, **extra):
    return {"number": "1", "code": "STL/SO/41/2022-01", "title": "Aprobación del acta",
            "text": "Se aprueba el acta de la sesión anterior.", "result": "adopted", "unanimous": "on",
            "approve_minutes": held.pk, **extra}


def test_minutes_are_circulated_remarked_approved_later_and_published_as_a_pdf(login, world, held, later, client):
    agreement = f.AgreementFactory(session=held, number=1, code="STL/SO/40/2022-01")
    staff = login(world.staff)
    staff.post(reverse("panel:minutes_circulate", args=[held.identifier]))
    held.refresh_from_db()
    assert held.minutes_status == Session.MinutesStatus.CIRCULATED
    login(world.infoem_member).post(reverse("panel:minutes_remark", args=[held.identifier]),
                                    {"text": "Precisar la hora de cierre."})
    assert held.minutes_remarks.get().institution == world.infoem
    # The same session cannot approve its own minutes: they are not offered there.
    form = login(world.staff).get(reverse("panel:agreement_create", args=[held.identifier])).context["form"]
    assert held not in form.fields["approve_minutes"].queryset
    response = login(world.staff).post(reverse("panel:agreement_create", args=[later.identifier]),
                                       approving_post(held))
    assert response.status_code == 302
    held.refresh_from_db()
    approval = Agreement.objects.get(session=later)
    assert held.minutes_status == Session.MinutesStatus.APPROVED and approval.minutes_of == held
    assert held.minutes_approval() == approval
    response = login(world.staff).post(reverse("panel:minutes_publish", args=[held.identifier]))
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.minutes_status == Session.MinutesStatus.PUBLISHED and held.minutes_published_at
    assert run_pending_jobs() == 1
    held.refresh_from_db()
    assert held.minutes_pdf
    client.logout()
    page = client.get(held.get_absolute_url()).content.decode()
    assert approval.code in page
    download = client.get(reverse("public:session_minutes_pdf", args=[held.identifier]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert agreement.code  # the agreement of the session is part of the PDF's record


def test_once_the_minutes_are_approved_agreements_and_attendance_are_locked(login, world, held, later):
    agreement = f.AgreementFactory(session=held, number=1, code="STL/SO/40/2022-01", text="Original.")
    held.circulate_minutes()
    f.AgreementFactory(session=later, number=1, code="STL/SO/41/2022-01").approve(held)
    held.refresh_from_db()
    client = login(world.staff)
    url = reverse("panel:agreement_edit", args=[held.identifier, agreement.identifier])
    assert client.get(url).status_code == 200
    response = client.post(url, {"number": "1", "code": agreement.code, "title": agreement.title,
                                 "text": "Reescrito.", "result": "adopted", "revision_seen": agreement.revision})
    assert response.status_code == 409 and "fe de erratas" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.text == "Original."
    response = client.post(reverse("panel:session_attendance", args=[held.identifier]), {})
    assert response.status_code == 409
    agreement.text = "Reescrito en el modelo."
    with pytest.raises(Exception, match="fe de erratas"):
        agreement.full_clean()
    with pytest.raises(Exception, match="fe de erratas"):
        held.record_attendance([])


# Corrections --------------------------------------------------------------------------------------


def test_a_correction_needs_a_reason_is_approved_by_agreement_and_shows_in_public(login, world, held, later,
                                                                                 client):
    agreement = f.AgreementFactory(session=held, number=1, code="STL/SO/40/2022-01",
                                   text="Se aprueba el Mecanismo de Gobernansa.")
    held.circulate_minutes()
    f.AgreementFactory(session=later, number=1, code="STL/SO/41/2022-01").approve(held)
    url = reverse("panel:correction_create", args=[held.identifier])
    member = login(world.infoem_member)
    response = member.post(url, {"kind": "agreement_text", "agreement": agreement.pk,
                                 "corrected_text": "Se aprueba el Mecanismo de Gobernanza.", "reason": ""})
    assert response.status_code == 200 and not held.corrections.exists()
    member.post(url, {"kind": "agreement_text", "agreement": agreement.pk,
                      "corrected_text": "Se aprueba el Mecanismo de Gobernanza.", "reason": "Error de captura."})
    correction = held.corrections.get()
    assert correction.original_text == "Se aprueba el Mecanismo de Gobernansa."
    agreement.refresh_from_db()
    assert agreement.text.endswith("Gobernansa.")  # not in force until an agreement approves it
    third = present(world, f.SessionFactory(body=world.stl, number=42, date=datetime.date(2022, 5, 1)))
    response = login(world.staff).post(reverse("panel:agreement_create", args=[third.identifier]), {
        "number": "1", "code": "STL/SO/42/2022-01", "title": "Fe de erratas", "text": "Se aprueba la fe de erratas.",
        "result": "adopted", "approve_corrections": [correction.pk]})
    assert response.status_code == 302
    agreement.refresh_from_db()
    correction.refresh_from_db()
    assert agreement.text == "Se aprueba el Mecanismo de Gobernanza."
    assert correction.status == correction.Status.APPROVED and correction.date == datetime.date(2022, 5, 1)
    row = agreement.history.first()
    assert row.history_user == world.staff.user and "Error de captura." in row.history_change_reason
    client.logout()
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Gobernanza." in page and "Fe de erratas" in page and "Gobernansa." in page
    assert "1 de mayo de 2022" in page and "STL/SO/42/2022-01" in page
    assert "Error de captura." in client.get(held.get_absolute_url()).content.decode()


def test_a_proposed_correction_is_not_public(world, held, later, client):
    agreement = f.AgreementFactory(session=held, number=1, code="STL/SO/40/2022-01")
    held.circulate_minutes()
    f.AgreementFactory(session=later, number=1, code="STL/SO/41/2022-01").approve(held)
    Correction(session=held, agreement=agreement, corrected_text="Texto PROPUESTO-SECRETO",
               reason="Motivo reservado").propose()
    assert "PROPUESTO-SECRETO" not in client.get(agreement.get_absolute_url()).content.decode()
    assert "Motivo reservado" not in client.get(held.get_absolute_url()).content.decode()
    from opendata.format import export_document

    public = export_document(public=True)
    assert public["corrections"] == []
    assert [item["status"] for item in export_document()["corrections"]] == ["proposed"]


# Votes from attendance ----------------------------------------------------------------------------


def test_an_absent_seat_is_absent_in_the_vote_and_unanimity_is_of_those_present(login, world, held, client):
    url = reverse("panel:agreement_create", args=[held.identifier])
    client_ = login(world.staff)
    form = client_.get(url).context["form"]
    assert form.initial[f"vote_{world.seats.facilitator.pk}"] == "absent"
    base = {"number": "1", "code": "STL/SO/40/2022-01", "title": "Acuerdo", "text": "Se aprueba.",
            "result": "adopted"}
    response = client_.post(url, {**base, f"vote_{world.seats.facilitator.pk}": "yes"})
    assert response.status_code == 200
    assert "ausente según la lista de asistencia" in response.content.decode()
    assert not held.agreements.exists()
    # As a browser sends it: the present seats left blank, the absent one pre-filled «absent».
    blanks = {f"vote_{seat.pk}": "" for seat in (world.seats.guarantor, world.seats.public_bodies,
                                                  world.seats.civil_society)}
    response = client_.post(url, {**base, "unanimous": "on", **blanks, f"vote_{world.seats.facilitator.pk}": "absent"})
    assert response.status_code == 302
    agreement = held.agreements.get()
    assert {vote.seat_id: vote.option for vote in agreement.votes.all()} == {
        world.seats.guarantor.pk: "yes", world.seats.public_bodies.pk: "yes",
        world.seats.civil_society.pk: "yes", world.seats.facilitator.pk: "absent"}
    client.logout()
    assert "por unanimidad de los presentes" in client.get(agreement.get_absolute_url()).content.decode()


# From a commitment sent for approval --------------------------------------------------------------


def test_a_commitment_sent_for_approval_links_to_recording_its_agreement(login, world, held):
    commitment = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan, title="Compromiso enviado")
    commitment.submit()
    client = login(world.staff)
    page = client.get(reverse("panel:commitment_detail", args=[commitment.identifier])).content.decode()
    link = reverse("panel:approve_commitment", args=[commitment.identifier])
    assert link in page
    page = client.get(link).content.decode()
    record = reverse("panel:agreement_create", args=[held.identifier]) + f"?compromiso={commitment.identifier}"
    assert record in page
    form = client.get(record).context["form"]
    assert form.initial["approve_commitments"] == [commitment.pk]
    page = login(world.ieem_member).get(link).content.decode()
    assert record not in page and "secretaría técnica" in page


def test_the_panel_list_says_where_each_session_stands(login, world, held):
    upcoming = scheduled(world)
    held.circulate_minutes()
    page = login(world.ieem_member).get(reverse("panel:session_list")).content.decode()
    assert "sin convocatoria" in page and "acta: circulada para observaciones" in page
    upcoming.announce()
    page = login(world.ieem_member).get(reverse("panel:session_list")).content.decode()
    assert "convocada" in page and "sin convocatoria" not in page
