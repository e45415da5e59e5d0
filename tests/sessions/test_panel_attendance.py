"""Attendance in the panel: seat by seat (holder present, alternate standing in, absent), the quorum
computed by the model and stored, participants without a seat, and the live count's hooks."""

import datetime

import pytest
from django.urls import reverse

from sessions.models import Attendance
from tests import factories as f

pytestmark = pytest.mark.django_db


def seat_data(world, session, participants=(), form_token="", **statuses):
    data = {"revision_seen": session.revision, "form_token": form_token, "participants-TOTAL_FORMS": str(max(len(participants), 1)),
            "participants-INITIAL_FORMS": "0", "participants-MIN_NUM_FORMS": "0",
            "participants-MAX_NUM_FORMS": "1000"}
    for name, status in statuses.items():
        data[f"seat_{getattr(world.seats, name).pk}"] = status
    for index, row in enumerate(participants):
        for key, value in row.items():
            data[f"participants-{index}-{key}"] = value
    return data


def url(session):
    return reverse("panel:session_attendance", args=[session.identifier])


@pytest.fixture
def session(world):
    return f.SessionFactory(body=world.stl, number=97, date=datetime.date(2022, 4, 8))


def test_the_quorum_is_computed_stored_and_shown(login, world, session):
    client = login(world.staff)
    response = client.post(url(session), seat_data(
        world, session, guarantor="holder", public_bodies="alternate", civil_society="holder",
        facilitator="absent"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.quorum_present, session.quorum_required, session.has_quorum) == (3, 3, True)
    alternate = session.attendances.get(seat=world.seats.public_bodies)
    assert alternate.status == Attendance.Status.ALTERNATE and alternate.person == world.people.electoral
    page = client.get(reverse("panel:session_detail", args=[session.identifier])).content.decode()
    assert "3 asientos presentes; se requieren 3." in page and "Hubo quórum." in page


def test_without_enough_seats_there_is_no_quorum(login, world, session):
    login(world.staff).post(url(session), seat_data(
        world, session, guarantor="holder", public_bodies="absent", civil_society="absent", facilitator="absent"))
    session.refresh_from_db()
    assert (session.quorum_present, session.has_quorum) == (1, False)


def test_every_seat_must_be_marked(login, world, session):
    response = login(world.staff).post(url(session), seat_data(world, session, guarantor="holder"))
    assert response.status_code == 200
    field = f"seat_{world.seats.civil_society.pk}"
    assert response.context["form"].errors[field] == ["Indique si el asiento estuvo presente."]
    assert not session.attendances.exists()


def test_a_seat_without_an_alternate_cannot_have_one_standing_in(login, world, session):
    response = login(world.staff).post(url(session), seat_data(
        world, session, guarantor="alternate", public_bodies="holder", civil_society="holder", facilitator="absent"))
    assert "no tenía suplente" in response.context["form"].errors[f"seat_{world.seats.guarantor.pk}"][0]
    assert not session.attendances.exists()


def test_a_forged_status_is_refused_next_to_the_seat(login, world, session):
    response = login(world.staff).post(url(session), seat_data(
        world, session, guarantor="participant", public_bodies="holder", civil_society="holder", facilitator="absent"))
    assert "Seleccione una opción válida" in response.context["form"].errors[f"seat_{world.seats.guarantor.pk}"][0]
    assert not session.attendances.exists()


def test_an_alternate_does_not_stand_in_while_the_holder_takes_part(login, world, session):
    data = seat_data(world, session, [{"person": world.people.comptroller.pk}], guarantor="holder",
                     public_bodies="alternate", civil_society="holder", facilitator="absent")
    response = login(world.staff).post(url(session), data)
    assert response.status_code == 200
    assert "el titular asistió" in response.content.decode()
    assert not session.attendances.exists()


def test_participants_of_a_working_meeting_are_recorded(login, world):
    meeting = f.SessionFactory(body=world.group, kind="working_meeting", number=1)
    data = seat_data(world, meeting, [
        {"person": world.people.electoral.pk}, {"institution": world.infoem.pk}, {"note": "Sociedad civil"}])
    response = login(world.facilitator).post(url(meeting), data)
    assert response.status_code == 302
    rows = meeting.attendances.all()
    assert {(r.person, r.institution, r.note) for r in rows} == {
        (world.people.electoral, None, ""), (None, world.infoem, ""), (None, None, "Sociedad civil")}
    meeting.refresh_from_db()
    assert meeting.has_quorum is None


def test_a_person_of_another_stl_is_refused(login, world, other_world):
    meeting = f.SessionFactory(body=world.group, kind="working_meeting", number=1)
    data = seat_data(world, meeting, [{"person": other_world.people.guarantor.pk}])
    response = login(world.facilitator).post(url(meeting), data)
    assert response.status_code == 200
    assert "Seleccione una opción válida" in response.content.decode()
    assert not meeting.attendances.exists()


def test_the_second_of_two_recorders_is_refused_and_keeps_their_marks(login, world, session):
    client = login(world.staff)
    stale = seat_data(world, session, guarantor="holder", public_bodies="holder", civil_society="absent",
                      facilitator="absent")
    client.post(url(session), seat_data(world, session, guarantor="holder", public_bodies="holder",
                                        civil_society="holder", facilitator="holder"))
    response = client.post(url(session), stale)
    assert response.status_code == 200
    assert "Alguien más guardó" in response.content.decode()
    assert response.context["form"][f"seat_{world.seats.civil_society.pk}"].value() == "absent"
    session.refresh_from_db()
    assert session.quorum_present == 4


def test_attendance_that_would_undo_the_quorum_of_adopted_agreements_is_refused(login, world, session):
    client = login(world.staff)
    client.post(url(session), seat_data(world, session, guarantor="holder", public_bodies="holder",
                                        civil_society="holder", facilitator="absent"))
    f.AgreementFactory(session=session)
    session.refresh_from_db()
    response = client.post(url(session), seat_data(world, session, guarantor="holder", public_bodies="absent",
                                                   civil_society="absent", facilitator="absent"))
    assert "con esta asistencia no habría quórum" in response.content.decode()
    session.refresh_from_db()
    assert session.has_quorum is True


def test_the_page_has_the_hooks_of_the_live_count_and_no_inline_script(login, world, session):
    page = login(world.staff).get(url(session)).content.decode()
    assert 'data-quorum-required="3"' in page and 'data-voting-seats="4"' in page
    assert 'data-counts-for-quorum="1"' in page
    assert "js/quorum.js" in page
    assert "<script>" not in page and "onclick" not in page and 'style="' not in page


def test_a_double_submit_of_the_attendance_is_not_taken_for_a_concurrent_edit(login, world, session):
    client = login(world.staff)
    token = client.get(url(session)).context["form_token"]
    data = seat_data(world, session, guarantor="holder", public_bodies="holder", civil_society="holder",
                     facilitator="absent", form_token=token)
    first = client.post(url(session), data)
    second = client.post(url(session), data)
    assert first.status_code == second.status_code == 302
    assert session.attendances.count() == 4
