import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from sessions.models import Agreement, Attendance, Session
from tests import factories as f
from workgroups.models import Body

pytestmark = pytest.mark.django_db


def test_numbering_is_unique_per_body_kind_and_year(world):
    f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=1, date=datetime.date(2022, 4, 2))
    with pytest.raises(IntegrityError):
        f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=1, date=datetime.date(2022, 11, 3))


def test_the_same_number_may_return_another_year_or_kind(world):
    f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=1, date=datetime.date(2021, 11, 11))
    f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=1, date=datetime.date(2022, 4, 2))
    f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=1, date=datetime.date(2022, 4, 2))
    assert Session.objects.filter(number=1, body=world.stl).count() >= 3


def test_a_duplicate_number_is_a_validation_error_with_a_spanish_message(world):
    f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=2, date=datetime.date(2022, 4, 2))
    session = Session(body=world.stl, kind=Session.Kind.ORDINARY, number=2, date=datetime.date(2022, 5, 1),
                      modality=Session.Modality.IN_PERSON)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "Ya existe" in str(error.value)


def test_annual_numbering_starts_again_each_year():
    stl = f.STLFactory(session_numbering=Body.Numbering.ANNUAL)
    f.SessionFactory(body=stl, kind=Session.Kind.ORDINARY, number=1, date=datetime.date(2019, 11, 11))
    assert Session.objects.next_number(stl, Session.Kind.ORDINARY, datetime.date(2020, 4, 2)) == 1
    assert Session.objects.next_number(stl, Session.Kind.ORDINARY, datetime.date(2019, 12, 1)) == 2


def test_continuous_numbering_carries_over_the_years():
    stl = f.STLFactory(session_numbering=Body.Numbering.CONTINUOUS)
    f.SessionFactory(body=stl, kind=Session.Kind.ORDINARY, number=1, date=datetime.date(2019, 11, 11))
    assert Session.objects.next_number(stl, Session.Kind.ORDINARY, datetime.date(2020, 4, 2)) == 2


def test_sessions_are_named_with_their_number_in_words(world):
    session = f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=3, date=datetime.date(2020, 4, 8))
    assert session.display_name == "Tercera Sesión Ordinaria"
    assert session.long_date == "8 de abril de 2020"


def test_only_an_stl_holds_formal_sessions(world):
    session = Session(body=world.group, kind=Session.Kind.ORDINARY, number=1, date=datetime.date(2020, 6, 1),
                      modality=Session.Modality.IN_PERSON)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "kind" in error.value.message_dict


def present_rows(world, **statuses):
    seats = world.seats
    people = {"guarantor": world.people.guarantor, "public_bodies": world.people.comptroller,
              "civil_society": world.people.civil, "facilitator": world.people.facilitator}
    rows = []
    for name, status in statuses.items():
        person = people[name]
        if status == Attendance.Status.ALTERNATE:
            person = world.people.electoral
        if status == Attendance.Status.ABSENT:
            person = None
        rows.append(Attendance(seat=getattr(seats, name), status=status, person=person))
    return rows


def test_quorum_is_worked_out_from_the_seats_present_and_stored(world):
    session = f.SessionFactory(body=world.stl)
    session.record_attendance(present_rows(
        world, guarantor="holder", public_bodies="holder", civil_society="absent", facilitator="absent"))
    session.refresh_from_db()
    assert (session.quorum_present, session.quorum_required, session.has_quorum) == (2, 3, False)
    session.record_attendance(present_rows(
        world, guarantor="holder", public_bodies="holder", civil_society="holder", facilitator="absent"))
    session.refresh_from_db()
    assert (session.quorum_present, session.quorum_required, session.has_quorum) == (3, 3, True)


def test_an_alternate_stands_in_for_an_absent_holder(world):
    session = f.SessionFactory(body=world.stl)
    session.record_attendance(present_rows(
        world, guarantor="holder", public_bodies="alternate", civil_society="holder", facilitator="absent"))
    session.refresh_from_db()
    assert session.quorum_present == 3
    assert session.has_quorum is True


def test_an_alternate_does_not_count_when_the_holder_attends(world):
    session = f.SessionFactory(body=world.stl)
    rows = present_rows(world, guarantor="holder", public_bodies="alternate", civil_society="absent")
    rows.append(Attendance(status=Attendance.Status.PARTICIPANT, person=world.people.comptroller))
    with pytest.raises(ValidationError) as error:
        session.record_attendance(rows)
    assert error.value.code == "holder_present"
    assert session.attendances.count() == 0


def test_only_the_seats_alternate_can_stand_in(world):
    session = f.SessionFactory(body=world.stl)
    rows = [Attendance(seat=world.seats.guarantor, status=Attendance.Status.ALTERNATE, person=world.people.civil)]
    with pytest.raises(ValidationError):
        session.record_attendance(rows)


def test_a_seat_appears_once_in_the_attendance(world):
    session = f.SessionFactory(body=world.stl)
    rows = present_rows(world, guarantor="holder") + present_rows(world, guarantor="absent")
    with pytest.raises(ValidationError) as error:
        session.record_attendance(rows)
    assert error.value.code == "duplicate_seat"


def test_recording_the_attendance_again_replaces_it_and_a_refused_list_changes_nothing(world):
    session = f.SessionFactory(body=world.stl)
    session.record_attendance(present_rows(world, guarantor="holder", public_bodies="holder"))
    session.record_attendance(present_rows(world, guarantor="absent", public_bodies="holder",
                                           civil_society="holder"))
    recorded = sorted((row.seat_id, row.status) for row in session.attendances.all())
    assert recorded == sorted([(world.seats.guarantor.pk, "absent"), (world.seats.public_bodies.pk, "holder"),
                               (world.seats.civil_society.pk, "holder")])
    with pytest.raises(ValidationError) as error:
        session.record_attendance(present_rows(world, civil_society="holder") + present_rows(world, civil_society="absent"))
    assert error.value.code == "duplicate_seat"
    assert sorted((row.seat_id, row.status) for row in session.attendances.all()) == recorded


def test_each_attendance_row_is_checked_without_asking_the_database_for_its_uniqueness(world):
    session = f.SessionFactory(body=world.stl)
    with CaptureQueriesContext(connection) as queries:
        session.record_attendance(present_rows(world, guarantor="holder", public_bodies="holder",
                                               civil_society="holder", facilitator="holder"))
    asked = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in asked if '"_check"' in sql or 'WHERE "stl_sessions_attendance"."identifier"' in sql]
    assert session.attendances.count() == 4


def test_a_seat_of_another_body_is_refused(world, other_world):
    session = f.SessionFactory(body=world.stl)
    rows = [Attendance(seat=other_world.seats.guarantor, status=Attendance.Status.HOLDER)]
    with pytest.raises(ValidationError):
        session.record_attendance(rows)


def test_working_meetings_adopt_no_agreements(world):
    meeting = f.SessionFactory(body=world.group, kind=Session.Kind.WORKING_MEETING)
    agreement = Agreement(session=meeting, number=1, code="X", title="X", text="X")
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "session" in error.value.message_dict


def test_a_scheduled_session_adopts_no_agreements(world):
    session = f.SessionFactory(body=world.stl, status=Session.Status.SCHEDULED)
    agreement = Agreement(session=session, number=1, code="X", title="X", text="X")
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert "result" in error.value.message_dict


def test_a_session_without_quorum_adopts_no_agreements(world):
    session = f.SessionFactory(body=world.stl)
    session.record_attendance(present_rows(world, guarantor="holder", public_bodies="absent",
                                           civil_society="absent", facilitator="absent"))
    agreement = Agreement(session=session, number=1, code="X", title="X", text="X")
    with pytest.raises(ValidationError) as error:
        agreement.full_clean()
    assert error.value.error_dict["result"][0].code == "no_quorum"


def test_agreement_codes_are_unique_within_an_stl(world, other_world):
    first = f.adopted_agreement(world.stl, code="STL/SO/01/2020-01")
    clash = Agreement(session=first.session, number=99, code="STL/SO/01/2020-01", title="X", text="X")
    with pytest.raises(ValidationError):
        clash.full_clean()
    elsewhere = f.SessionFactory(body=other_world.stl)
    Agreement(session=elsewhere, number=1, code="STL/SO/01/2020-01", title="X", text="X").full_clean()


def test_suggested_agreement_code(world):
    session = f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=3, date=datetime.date(2020, 4, 8))
    assert Agreement.suggest_code(session, 1) == "STL/SO/03/2020-01"


def test_an_agreement_approves_a_document_version_and_the_version_links_back(world):
    version = f.DocumentVersionFactory(document=f.DocumentFactory(body=world.stl))
    agreement = f.adopted_agreement(world.stl)
    agreement.approve(version)
    version.refresh_from_db()
    assert version.status == "approved"
    assert version.approved_by == agreement
    assert version in agreement.approved_things()


def test_an_agreement_of_another_stl_approves_nothing(world, other_world):
    version = f.DocumentVersionFactory(document=f.DocumentFactory(body=world.stl))
    with pytest.raises(ValidationError) as error:
        f.adopted_agreement(other_world.stl).approve(version)
    assert error.value.code == "other_stl"
    version.refresh_from_db()
    assert version.status == "draft"


def test_a_rejected_agreement_approves_nothing(world):
    version = f.DocumentVersionFactory(document=f.DocumentFactory(body=world.stl))
    agreement = f.adopted_agreement(world.stl, result=Agreement.Result.REJECTED)
    with pytest.raises(ValidationError) as error:
        agreement.approve(version)
    assert error.value.code == "not_adopted"


def test_an_agreement_of_a_session_not_held_approves_nothing(world):
    version = f.DocumentVersionFactory(document=f.DocumentFactory(body=world.stl))
    agreement = f.adopted_agreement(world.stl)
    agreement.session.status = Session.Status.CANCELLED
    agreement.session.save()
    with pytest.raises(ValidationError) as error:
        agreement.approve(version)
    assert error.value.code == "session_not_held"


def test_an_approved_version_without_agreement_is_invalid(world):
    version = f.DocumentVersionFactory(document=f.DocumentFactory(body=world.stl), status="approved")
    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert "approved_by" in error.value.message_dict


def test_the_route_and_the_plan_are_approved_by_agreement(world):
    agreement = f.adopted_agreement(world.stl)
    agreement.approve(world.plan.route)
    agreement.approve(world.plan)
    world.plan.refresh_from_db()
    assert world.plan.route_approved_by == agreement
    assert world.plan.approved_by == agreement
    assert world.plan in agreement.approved_things()


def test_votes_belong_to_seats_of_the_session_body(world, other_world):
    agreement = f.adopted_agreement(world.stl)
    vote = f.VoteFactory.build(agreement=agreement, seat=other_world.seats.guarantor)
    with pytest.raises(ValidationError):
        vote.full_clean()
