"""docs/permissions.md, cell by cell: for every action of the sessions panel, every actor (anonymous,
an account of another STL, a member of an institution, the facilitator, staff) gets what the table
says, and a refused actor changes nothing (no history row is written anywhere in the sessions app).

Each action builds the record in the state the action needs, so a refusal is the permission and
never a missing precondition."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions.models import (
    AgendaItem,
    Agreement,
    Attendance,
    Correction,
    DocumentVersion,
    MinutesRemark,
    Session,
    Vote,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "other_stl", "infoem_member", "ieem_member", "facilitator", "staff"]
SECRETARIAT = {"facilitator", "staff"}
EVERY_MEMBER = {"infoem_member", "ieem_member", "facilitator", "staff"}
TRACKED = [Session, AgendaItem, Attendance, Agreement, Vote, Correction, MinutesRemark, DocumentVersion]


def history_rows():
    return sum(model.history.count() for model in TRACKED)


def present(world, session):
    """Attendance with quorum: the INFOEM's guarantor seat and two more present, the IEEM absent."""
    session.record_attendance([
        Attendance(seat=world.seats.guarantor, status=Attendance.Status.HOLDER, person=world.people.guarantor),
        Attendance(seat=world.seats.public_bodies, status=Attendance.Status.HOLDER,
                   person=world.people.comptroller),
        Attendance(seat=world.seats.civil_society, status=Attendance.Status.HOLDER),
        Attendance(seat=world.seats.facilitator, status=Attendance.Status.ABSENT),
    ])
    session.refresh_from_db()
    return session


def scheduled(world, days_ahead=30, **kwargs):
    session = f.SessionFactory(body=world.stl, status=Session.Status.SCHEDULED, is_public=False,
                               date=timezone.localdate() + datetime.timedelta(days=days_ahead),
                               start_time=datetime.time(10), **kwargs)
    f.AgendaItemFactory(session=session, order=1, title="Lista de asistencia")
    return session


def held(world, number=40, date=datetime.date(2022, 3, 1)):
    return present(world, f.SessionFactory(body=world.stl, number=number, date=date))


def circulated(world):
    session = held(world)
    session.circulate_minutes()
    return session


def locked(world):
    session = circulated(world)
    f.AgreementFactory(session=session, number=1, code="STL/SO/40/2022-01", text="Texto con errata.")
    later = held(world, number=41, date=datetime.date(2022, 4, 1))
    approving = f.AgreementFactory(session=later, number=1, code="STL/SO/41/2022-01")
    approving.approve(session)
    session.refresh_from_db()
    return session


def agenda_data(**extra):
    return {"agenda-TOTAL_FORMS": "0", "agenda-INITIAL_FORMS": "0", "agenda-MIN_NUM_FORMS": "0",
            "agenda-MAX_NUM_FORMS": "1000", **extra}


def session_post(world, session=None):
    return agenda_data(body=world.stl.pk, kind="ordinary", number="", date="2021-05-04", status="held",
                       modality="videoconference", link="https://example.org/sala", is_public="on",
                       revision_seen=session.revision if session else "")


def attendance_post(world, session):
    return {"revision_seen": session.revision, "participants-TOTAL_FORMS": "0", "participants-INITIAL_FORMS": "0",
            "participants-MIN_NUM_FORMS": "0", "participants-MAX_NUM_FORMS": "1000",
            f"seat_{world.seats.guarantor.pk}": "holder", f"seat_{world.seats.public_bodies.pk}": "holder",
            f"seat_{world.seats.civil_society.pk}": "holder", f"seat_{world.seats.facilitator.pk}": "absent"}


def agreement_post(**extra):
    return {"number": "1", "code": "STL/SO/40/2022-01", "title": "Aprobación", "text": "Se aprueba.",
            "result": "adopted", **extra}


def build(action, world):
    """(url, POST data) of ``action`` on a record in the state it needs."""
    if action == "session_create":
        return reverse("panel:session_create"), session_post(world)
    if action == "session_edit_make_public":
        session = f.SessionFactory(body=world.stl, is_public=False, date=datetime.date(2021, 5, 4))
        return reverse("panel:session_edit", args=[session.identifier]), session_post(world, session)
    if action in ("session_announce", "session_mark_held", "session_discard"):
        session = scheduled(world) if action != "session_mark_held" else scheduled(world, days_ahead=0)
        return reverse(f"panel:{action}", args=[session.identifier]), {"reason": "Registrada dos veces."}
    if action == "attendance":
        session = f.SessionFactory(body=world.stl, number=40, date=datetime.date(2022, 3, 1))
        return reverse("panel:session_attendance", args=[session.identifier]), attendance_post(world, session)
    if action == "agreement_create":
        session = held(world)
        return reverse("panel:agreement_create", args=[session.identifier]), agreement_post()
    if action == "agreement_edit":
        agreement = f.AgreementFactory(session=held(world), number=1, code="STL/SO/40/2022-01")
        return (reverse("panel:agreement_edit", args=[agreement.session.identifier, agreement.identifier]),
                agreement_post(text="Otro texto", revision_seen=agreement.revision))
    if action == "approve_another_institutions_commitment":
        commitment = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan)
        commitment.submit()
        session = held(world)
        return (reverse("panel:agreement_create", args=[session.identifier]),
                agreement_post(approve_commitments=[commitment.pk]))
    if action == "minutes_circulate":
        return reverse("panel:minutes_circulate", args=[held(world).identifier]), {}
    if action == "minutes_publish":
        session = locked(world)
        return reverse("panel:minutes_publish", args=[session.identifier]), {}
    if action == "agenda_include":
        session = scheduled(world)
        item = AgendaItem.objects.create(session=session, order=1000, title="Propuesta", is_proposal=True,
                                         proposed_by=world.infoem)
        return reverse("panel:agenda_include", args=[session.identifier, item.pk]), {}
    if action == "agenda_propose":
        return (reverse("panel:agenda_propose", args=[scheduled(world).identifier]),
                {"title": "Informe de la mesa", "description": ""})
    if action == "minutes_remark":
        return (reverse("panel:minutes_remark", args=[circulated(world).identifier]),
                {"text": "Falta la intervención de la sociedad civil."})
    if action == "correction_create":
        session = locked(world)
        agreement = session.agreements.get()
        return (reverse("panel:correction_create", args=[session.identifier]),
                {"kind": "agreement_text", "agreement": agreement.pk, "corrected_text": "Texto sin errata.",
                 "reason": "Error de captura."})
    if action == "draft_version_create":
        meeting = f.SessionFactory(body=world.group, kind="working_meeting", number=1)
        return (reverse("panel:draft_version_create", args=[meeting.identifier]),
                {"new_title": "Documento del eje", "new_kind": "axis_document", "date": "2020-07-01"})
    raise AssertionError(action)


# action → who may do it (everyone else is refused). The same table as docs/permissions.md.
TABLE = {
    "session_create": SECRETARIAT,
    "session_edit_make_public": SECRETARIAT,
    "session_announce": SECRETARIAT,
    "session_mark_held": SECRETARIAT,
    "session_discard": SECRETARIAT,
    "attendance": SECRETARIAT,
    "agreement_create": SECRETARIAT,
    "agreement_edit": SECRETARIAT,
    "approve_another_institutions_commitment": SECRETARIAT,
    "minutes_circulate": SECRETARIAT,
    "minutes_publish": SECRETARIAT,
    "agenda_include": SECRETARIAT,
    "agenda_propose": EVERY_MEMBER,
    "minutes_remark": {"infoem_member", "facilitator", "staff"},  # the IEEM was not present
    "correction_create": EVERY_MEMBER,
    "draft_version_create": EVERY_MEMBER,
}


def client_for(actor, client, world, other_world):
    if actor == "anonymous":
        return client
    account = other_world.staff if actor == "other_stl" else getattr(world, actor)
    client.force_login(account.user)
    return client


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", list(TABLE))
def test_the_permission_table_holds_cell_by_cell(client, world, other_world, action, actor):
    url, data = build(action, world)
    before = history_rows()
    response = client_for(actor, client, world, other_world).post(url, data)
    if actor == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif actor == "other_stl":
        if action == "session_create":
            # Their own secretariat may record sessions, but not in this STL's bodies.
            assert response.status_code == 200
            assert "errorlist" in response.content.decode()
        else:
            assert response.status_code == 404  # another STL's records do not exist for them
    elif actor in TABLE[action]:
        assert response.status_code == 302, (action, actor, response.status_code)
        assert "/cuentas/" not in response.url
        assert history_rows() > before, f"{action} by {actor} wrote nothing"
        return
    else:
        assert response.status_code == 403, (action, actor, response.status_code)
    assert history_rows() == before, f"{action} refused to {actor} still wrote something"


def test_a_commitment_is_approved_only_in_a_session_with_quorum(world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan)
    commitment.submit()
    without = f.AgreementFactory(session=f.SessionFactory(body=world.stl, number=50), number=1, code="X-1")
    with pytest.raises(Exception, match="quórum"):
        without.approve(commitment)
    commitment.refresh_from_db()
    assert commitment.status == commitment.Status.DRAFT
    f.adopted_agreement(world.stl, code="X-2").approve(commitment)
    commitment.refresh_from_db()
    assert commitment.status == commitment.Status.APPROVED


def test_a_member_sees_the_session_but_no_recording_buttons(login, world):
    session = held(world)
    page = login(world.infoem_member).get(reverse("panel:session_detail", args=[session.identifier])).content.decode()
    assert reverse("panel:session_edit", args=[session.identifier]) not in page
    assert reverse("panel:agreement_create", args=[session.identifier]) not in page
    page = login(world.staff).get(reverse("panel:session_detail", args=[session.identifier])).content.decode()
    assert reverse("panel:session_edit", args=[session.identifier]) in page
