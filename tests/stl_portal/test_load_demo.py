"""The demo record: the facts of the STL of the Estado de México, 2019–2020, loaded once."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from commitments.models import Axis, Commitment
from reports.models import ProgrammeActivity
from sessions.models import DocumentVersion, Session
from workgroups.models import Account, Body, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_output(demo_record, db):
    """What load_demo printed; the record is loaded once for the module (``demo_record``) and each test
    runs in a savepoint within it."""
    return demo_record


def test_it_holds_the_installation_and_the_four_ordinary_sessions(demo_output):
    stl = Body.objects.get(identifier="stl-edomex")
    formal = Session.objects.filter(body=stl, is_example=False).formal().order_by("date")
    assert [(s.display_name, s.date.isoformat()) for s in formal] == [
        ("Sesión de Instalación", "2019-10-15"),
        ("Primera Sesión Ordinaria", "2019-11-11"),
        ("Segunda Sesión Ordinaria", "2020-04-02"),
        ("Tercera Sesión Ordinaria", "2020-04-08"),
        ("Cuarta Sesión Ordinaria", "2020-11-03"),
    ]


def test_each_ordinary_session_approved_what_the_record_says(demo_output):
    def approved(session_id):
        session = Session.objects.get(identifier=session_id)
        return [str(thing) for agreement in session.agreements.all() for thing in agreement.approved_things()]

    assert approved("stl-edomex-so-2019-1") == [
        "Mecanismo de Gobernanza del Secretariado Técnico Local, versión 1",
        "Plan de Acción Local de Gobierno Abierto del Estado de México 2019-2021",
    ]
    assert approved("stl-edomex-so-2020-2") == ["Fortalecimiento de la Democracia"]
    assert approved("stl-edomex-so-2020-3") == [
        "Metodología para la Construcción del 1er Plan de Acción de Gobierno Abierto del Estado de México, versión 1"]
    assert approved("stl-edomex-so-2020-4") == ["Cultura de Gobierno Abierto"]


def test_the_two_axes_and_who_leads_them(demo_output):
    axes = {axis.name: axis.lead_institution.acronym for axis in Axis.objects.public()}
    assert axes == {"Fortalecimiento de la Democracia": "IEEM", "Cultura de Gobierno Abierto": "INFOEM"}


def test_the_ieem_is_the_alternate_of_the_public_bodies_seat(demo_output):
    membership = Membership.objects.get(institution__acronym="IEEM", body__identifier="stl-edomex")
    assert membership.role == Membership.Role.ALTERNATE
    assert membership.seat.role == "public_bodies"
    assert membership.label == "Representante Suplente de los Entes Públicos"
    assert membership.start_date.isoformat() == "2019-10-15"


def test_the_study_was_presented_by_videoconference(demo_output):
    event = Session.objects.get(kind=Session.Kind.PUBLIC_EVENT)
    assert event.date.isoformat() == "2020-07-09"
    assert event.modality == Session.Modality.VIDEOCONFERENCE
    assert "Estudio sobre la Calidad de la Ciudadanía en el Estado de México" in event.title
    assert event.body.axes.get().name == "Fortalecimiento de la Democracia"


def test_nine_working_meetings_since_june_2020_with_illustrative_dates(demo_output):
    meetings = Session.objects.filter(kind=Session.Kind.WORKING_MEETING).order_by("date")
    assert meetings.count() == 9
    assert meetings.first().date.isoformat() >= "2020-06-01"
    assert meetings.last().date.isoformat() <= "2020-11-30"
    assert all(m.date_certainty == "illustrative" for m in meetings)
    assert {m.body.kind for m in meetings} == {Body.Kind.OPERATIONAL_GROUP}


def test_their_documents_are_drafts_and_never_public(demo_output):
    drafts = DocumentVersion.objects.filter(drafted_in__kind=Session.Kind.WORKING_MEETING)
    assert drafts.exists()
    assert set(drafts.values_list("status", flat=True)) == {"draft"}
    assert not DocumentVersion.objects.public().filter(pk__in=drafts).exists()


def test_the_ieem_activity_140109(demo_output):
    activity = ProgrammeActivity.objects.get(code="140109")
    assert activity.institution.acronym == "IEEM"
    assert activity.year == 2020
    assert activity.unit == "Unidad de Transparencia"
    assert activity.name == "Elaboración del proyecto de Gobierno Abierto, a través de la participación de la ciudadanía"


def test_draft_commitments_are_not_public_and_examples_are_marked(demo_output):
    assert Commitment.objects.filter(status="draft").count() >= 2
    published = Commitment.objects.published()
    assert published.count() >= 2
    assert all(c.is_example and c.milestones.exists() for c in published)
    assert all(s.is_example for s in Session.objects.filter(agreements__approved_commitments__isnull=False))


def test_one_account_per_role_with_a_random_password_printed_once(demo_output):
    accounts = Account.objects.all()
    assert {a.role for a in accounts} == set(Account.Role.values)
    assert get_user_model().objects.filter(is_superuser=True).count() == 1
    printed = dict(re.findall(r"^\s+(demo-[\w-]+)\s+.*?\s(\S+)$", demo_output, re.M))
    assert len(printed) == 6  # two members, facilitator, staff, monitor, administrator
    for username, password in printed.items():
        assert get_user_model().objects.get(username=username).check_password(password)
    assert len(set(printed.values())) == 6


def test_loading_twice_changes_nothing(demo_output):
    from opendata.format import dumps, export_document

    before = dumps(export_document())
    users = list(get_user_model().objects.values_list("username", "password"))
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "no se cambió nada" in out.getvalue()
    assert dumps(export_document()) == before
    assert list(get_user_model().objects.values_list("username", "password")) == users
    assert "demo-" not in out.getvalue().replace("demo-", "", 0) or "contraseñas no cambiaron" in out.getvalue()


def test_demo_records_carry_their_history(demo_output):
    session = Session.objects.get(identifier="stl-edomex-so-2020-3")
    assert session.history.first().history_change_reason == "Registro de demostración"
