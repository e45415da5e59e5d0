"""Unit tests of the sessions panel forms, one rule at a time, without going through the views."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sessions.forms import (
    AgendaFormSet,
    AgreementForm,
    AttendanceForm,
    DraftVersionForm,
    ParticipantFormSet,
    SessionForm,
    session_blocker,
)
from sessions.models import Attendance, Session
from tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def session_form(world, instance=None, files=None, **overrides):
    data = {"body": world.stl.pk, "kind": "ordinary", "number": "", "date": "2021-05-04", "status": "held",
            "modality": "videoconference", "is_public": "on"}
    data.update(overrides)
    return SessionForm(data, files or {}, instance=instance, stl=world.stl)


# SessionForm


def test_session_form_offers_the_stl_and_its_bodies_only(world, other_world):
    bodies = set(SessionForm(stl=world.stl).fields["body"].queryset)
    assert bodies == {world.stl, world.group, world.table}


def test_session_form_fills_an_empty_number_with_the_next_free_one(world):
    f.SessionFactory(body=world.stl, kind="extraordinary", number=1, date=datetime.date(2021, 2, 1))
    form = session_form(world, kind="extraordinary")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["number"] == 2


def test_session_form_refuses_a_number_taken_in_the_same_year(world):
    f.SessionFactory(body=world.stl, kind="ordinary", number=5, date=datetime.date(2021, 2, 1))
    form = session_form(world, number="5")
    assert not form.is_valid()
    assert form.errors["number"][0].endswith("el siguiente número libre es 6.")


def test_session_form_keeps_its_own_number_when_editing(world):
    session = f.SessionFactory(body=world.stl, kind="ordinary", number=5, date=datetime.date(2021, 2, 1))
    form = session_form(world, instance=session, number="5", date="2021-02-01",
                        revision_seen=session.revision)
    assert form.is_valid(), form.errors


def test_session_form_refuses_formal_sessions_of_a_working_table(world):
    form = session_form(world, body=world.table.pk, kind="extraordinary")
    assert "Solo un secretariado celebra sesiones formales" in form.errors["kind"][0]


def test_session_form_accepts_a_public_event_of_a_working_table(world):
    form = session_form(world, body=world.table.pk, kind="public_event", title="Presentación del estudio")
    assert form.is_valid(), form.errors


def test_session_form_refuses_minutes_that_are_not_a_pdf(world):
    upload = SimpleUploadedFile("acta.pdf", b"<!doctype html><p>hola</p>", content_type="application/pdf")
    form = session_form(world, files={"minutes": upload})
    assert form.errors["minutes"][0].startswith("El archivo no es un PDF válido")


def test_session_form_accepts_a_real_pdf_and_renames_it(world):
    upload = SimpleUploadedFile("mi acta.pdf", PDF, content_type="application/pdf")
    form = session_form(world, files={"minutes": upload})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["minutes"].name == "archivo.pdf"


def test_session_form_keeps_a_session_with_agreements_formal(world):
    session = f.adopted_agreement(world.stl).session
    form = session_form(world, instance=session, kind="working_meeting", body=world.stl.pk,
                        number=session.number, date=session.date.isoformat())
    assert "ya tiene acuerdos" in form.errors["kind"][0]


# Agenda


def agenda(rows, instance=None):
    data = {"agenda-TOTAL_FORMS": str(len(rows)), "agenda-INITIAL_FORMS": "0", "agenda-MIN_NUM_FORMS": "0",
            "agenda-MAX_NUM_FORMS": "1000"}
    for index, (order, title) in enumerate(rows):
        data[f"agenda-{index}-order"] = order
        data[f"agenda-{index}-title"] = title
    return AgendaFormSet(data, instance=instance or Session(), prefix="agenda")


def test_agenda_items_without_a_number_follow_in_sequence():
    formset = agenda([("", "Uno"), ("", "Dos"), ("7", "Siete"), ("", "Ocho")])
    assert formset.is_valid(), formset.errors
    assert [form.instance.order for form in formset.forms] == [1, 2, 7, 8]


def test_agenda_items_with_the_same_number_are_refused():
    formset = agenda([("2", "Uno"), ("2", "Dos")])
    assert not formset.is_valid()
    assert formset.forms[1].errors["order"] == ["Ya hay un punto con ese número en el orden del día."]


def test_agenda_rows_left_empty_are_ignored():
    formset = agenda([("", "Uno"), ("", "")])
    assert formset.is_valid(), formset.errors


# Attendance


def attendance_form(world, session, **statuses):
    data = {f"seat_{getattr(world.seats, name).pk}": status for name, status in statuses.items()}
    return AttendanceForm(data, session=session)


def test_attendance_form_has_one_choice_per_seat_with_the_peoples_names(world):
    form = AttendanceForm(session=f.SessionFactory(body=world.stl, number=88, date=datetime.date(2022, 4, 8)))
    field = form.fields[f"seat_{world.seats.public_bodies.pk}"]
    labels = dict(field.choices)
    assert labels["holder"] == "Titular presente (Carlos Contralor)"
    assert labels["alternate"] == "Suplente en funciones (Elena Electoral)"
    assert len(form.seat_fields()) == 4


def test_attendance_form_names_the_person_who_sat(world):
    form = attendance_form(world, f.SessionFactory(body=world.stl, number=88, date=datetime.date(2022, 4, 8)), guarantor="holder",
                           public_bodies="alternate", civil_society="absent", facilitator="absent")
    assert form.is_valid(), form.errors
    rows = {row.seat: (row.status, row.person) for row in form.rows()}
    assert rows[world.seats.public_bodies] == (Attendance.Status.ALTERNATE, world.people.electoral)
    assert rows[world.seats.civil_society] == (Attendance.Status.ABSENT, None)
    assert form.present_count() == 2


def test_attendance_form_refuses_a_holder_for_a_seat_empty_on_that_date(world):
    session = f.SessionFactory(body=world.stl, number=88, date=datetime.date(2019, 1, 5))
    form = attendance_form(world, session, guarantor="holder", public_bodies="absent", civil_society="absent",
                           facilitator="absent")
    assert "no tenía titular el 5 de enero de 2019" in form.errors[f"seat_{world.seats.guarantor.pk}"][0]


def test_a_participant_row_needs_a_person_an_institution_or_a_note(world):
    data = {"participants-TOTAL_FORMS": "2", "participants-INITIAL_FORMS": "0",
            "participants-0-note": "  ", "participants-1-institution": world.ieem.pk}
    formset = ParticipantFormSet(data, prefix="participants", stl=world.stl)
    assert formset.is_valid(), formset.errors
    rows = formset.rows()
    assert len(rows) == 1 and rows[0].institution == world.ieem


def test_participant_choices_are_people_and_institutions_of_the_stl(world, other_world):
    formset = ParticipantFormSet(prefix="participants", stl=world.stl)
    people = set(formset.forms[0].fields["person"].queryset)
    assert world.people.electoral in people and other_world.people.electoral not in people
    assert other_world.ieem not in set(formset.forms[0].fields["institution"].queryset)


# Agreements


def held_with_quorum(world):
    session = f.SessionFactory(body=world.stl, number=87, date=datetime.date(2022, 4, 8))
    session.has_quorum, session.quorum_present, session.quorum_required = True, 3, 3
    session.save()
    return session


def agreement_form(session, **overrides):
    data = {"number": "1", "code": "STL/SO/87/2020-01", "title": "Asunto", "text": "Texto", "result": "adopted"}
    data.update(overrides)
    return AgreementForm(data, session=session)


@pytest.mark.parametrize("change, expected", [
    ({}, None),
    ({"status": "scheduled"}, "Solo una sesión celebrada adopta acuerdos."),
    ({"has_quorum": False}, "La sesión no tuvo quórum: no pudo adoptar acuerdos."),
    ({"has_quorum": None}, "Registre primero la asistencia"),
    ({"kind": "working_meeting"}, "Solo las sesiones formales adoptan acuerdos"),
])
def test_session_blocker_gives_the_rule_in_spanish(world, change, expected):
    session = held_with_quorum(world)
    for key, value in change.items():
        setattr(session, key, value)
    blocker = session_blocker(session)
    assert (blocker is None) if expected is None else str(blocker).startswith(expected)


def test_agreement_form_shows_the_rule_next_to_the_result(world):
    session = held_with_quorum(world)
    session.status = Session.Status.CANCELLED
    form = AgreementForm(session=session)
    assert form.fields["result"].help_text == "Solo una sesión celebrada adopta acuerdos."


def test_agreement_form_lets_a_rejected_agreement_be_recorded_in_any_formal_session(world):
    session = held_with_quorum(world)
    session.has_quorum = False
    assert agreement_form(session, result="rejected").is_valid()


def test_agreement_form_refuses_a_repeated_number(world):
    session = held_with_quorum(world)
    f.AgreementFactory(session=session, number=1, code="STL/SO/87/2020-09")
    assert "Ya hay un acuerdo con ese número" in agreement_form(session).errors["number"][0]


def test_agreement_form_counts_the_votes(world):
    session = held_with_quorum(world)
    votes = {f"vote_{world.seats.guarantor.pk}": "yes", f"vote_{world.seats.public_bodies.pk}": "no"}
    assert "result" in agreement_form(session, **votes).errors
    votes[f"vote_{world.seats.civil_society.pk}"] = "yes"
    form = agreement_form(session, **votes)
    assert form.is_valid(), form.errors
    assert len(form.votes()) == 3


def test_agreement_form_orders_approvals_axis_before_commitment(world):
    session = held_with_quorum(world)
    axis = f.AxisFactory(plan=world.plan)
    commitment = f.CommitmentFactory(axis=axis, plan=world.plan)
    commitment.submit()
    form = agreement_form(session, approve_commitments=[commitment.pk], approve_axes=[axis.pk])
    assert form.is_valid(), form.errors
    assert [field for field, _ in form.things_to_approve()] == ["approve_axes", "approve_commitments"]


# Draft versions


def test_draft_version_form_numbers_the_next_version(world):
    meeting = f.SessionFactory(body=world.group, kind="working_meeting", number=1)
    document = f.DocumentFactory(body=world.stl)
    f.DocumentVersionFactory(document=document, number=3)
    form = DraftVersionForm({"document": document.pk, "date": "2020-07-01"}, session=meeting)
    assert form.is_valid(), form.errors
    built, version = form.build()
    assert built == document and version.number == 4 and version.status == "draft"
    assert version.drafted_in == meeting


def test_draft_version_form_starts_on_the_meetings_date(world):
    meeting = f.SessionFactory(body=world.group, kind="working_meeting", number=1, date=datetime.date(2020, 9, 9))
    assert DraftVersionForm(session=meeting).initial["date"] == datetime.date(2020, 9, 9)


def test_session_form_refuses_a_held_session_in_the_future(world):
    from django.utils import timezone

    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    assert "fecha futura" in session_form(world, date=future, status="held").errors["status"][0]
    assert session_form(world, date=future, status="scheduled", is_public="").is_valid()
    assert "convocatoria" in session_form(world, date=future, status="scheduled").errors["is_public"][0]
