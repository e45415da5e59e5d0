"""The open-data format: round trip, JSON Schema, the public cut, and bad files refused whole."""

import copy
import datetime
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from jsonschema import Draft202012Validator, FormatChecker

from commitments.models import Commitment, CommitmentChange, MilestoneChange
from opendata import format as opendata
from sessions.models import Attendance, Correction, Session
from tests import factories as f
from tests import snapshots
from tests.conftest import build_world
from workgroups.models import Institution

pytestmark = pytest.mark.django_db(transaction=False)

SCHEMA = json.loads((Path(settings.BASE_DIR) / "docs" / "open-data.schema.json").read_text(encoding="utf-8"))
DEMO = Path(settings.BASE_DIR) / "data" / "demo" / "stl-edomex-2019-2020.json"


def assert_valid(document):
    errors = list(Draft202012Validator(SCHEMA, format_checker=FormatChecker()).iter_errors(document))
    assert errors == [], [e.message for e in errors[:5]]


def export_text(public=False):
    out = io.StringIO()
    call_command("export_stl", *(["--public"] if public else []), stdout=out)
    return out.getvalue()


def wipe_database():
    """Empty every table of the four apps (history and many-to-many tables too) and the alerts that
    point to them, as a fresh database would be. DELETEs, not PostgreSQL's TRUNCATE: TRUNCATE gives
    each table new files, made and thrown away again when the test rolls back (hundreds of files for
    each call, most of a second, and a file system busy for the other test worker too); foreign keys
    are checked at the end of the test, as for every other write."""
    from django.apps import apps
    from django.db import connection

    models = [m for label in ("alerts", "workgroups", "stl_sessions", "commitments", "reports", "cocreation")
              for m in apps.get_app_config(label).get_models(include_auto_created=True)]
    statements = [f"DELETE FROM {connection.ops.quote_name(m._meta.db_table)}" for m in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(";\n".join(statements))  # one round trip (simple query protocol)
        else:
            for statement in statements:
                cursor.execute(statement)


def rich_record(world):
    """The world plus one of everything: attendance, votes, versions, commitments in every state."""
    session = f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=1, date=datetime.date(2020, 11, 3), start_time=datetime.time(10, 30),
                               modality=Session.Modality.HYBRID, link="https://example.org/sesion")
    f.AgendaItemFactory(session=session, order=1, title="Lista de asistencia")
    f.AgendaItemFactory(session=session, order=2, title="Aprobación")
    session.record_attendance([
        Attendance(seat=world.seats.guarantor, status="holder", person=world.people.guarantor),
        Attendance(seat=world.seats.public_bodies, status="alternate", person=world.people.electoral),
        Attendance(seat=world.seats.civil_society, status="holder"),
        Attendance(seat=world.seats.facilitator, status="absent"),
        Attendance(status="participant", note="Invitada de la academia"),
    ])
    agreement = f.adopted_agreement(world.stl, session=session, number=1, code="STL/SE/01/2020-01")
    for seat in (world.seats.guarantor, world.seats.public_bodies, world.seats.civil_society):
        f.VoteFactory(agreement=agreement, seat=seat)
    document = f.DocumentFactory(body=world.stl, title="Metodología")
    meeting = f.SessionFactory(body=world.group, kind=Session.Kind.WORKING_MEETING, number=1,
                               date=datetime.date(2020, 6, 18), date_certainty="illustrative")
    f.DocumentVersionFactory(document=document, number=1, drafted_in=meeting)
    approved = f.DocumentVersionFactory(document=document, number=2)
    agreement.approve(approved)
    agreement.approve(world.plan.route)
    f.RoutePhaseFactory(plan=world.plan, order=1, actual_start=datetime.date(2020, 1, 2), status="in_progress")
    draft = f.CommitmentFactory(axis=world.axis_ieem, title="Borrador MARCADOR-PRIVADO")
    published = f.published_commitment(world.axis_infoem, title="Compromiso publicado")
    milestone = f.MilestoneFactory(commitment=published, order=1)
    milestone.record_progress(f.MilestoneUpdateFactory.build(completion_percent=40,
                                                            evidence_url="https://example.org/evidencia"))
    f.MilestoneFactory(commitment=draft, order=1, title="Hito del borrador MARCADOR-PRIVADO")
    # A change approved by an agreement (one milestone changed, one removed, one added), one pending.
    removed = f.MilestoneFactory(commitment=published, order=2, title="Hito que se quita")
    change = CommitmentChange.objects.create(commitment=published, justification="Retraso del proveedor.",
                                             new_end_date=datetime.date(2022, 6, 30))
    MilestoneChange.objects.create(change=change, action="modify", milestone=milestone, order=1,
                                   title="Entregable corregido", end_date=datetime.date(2022, 3, 31))
    MilestoneChange.objects.create(change=change, action="remove", milestone=removed, order=2, title=removed.title)
    MilestoneChange.objects.create(change=change, action="add", order=3, title="Hito nuevo")
    agreement.approve(change)
    CommitmentChange.objects.create(commitment=published, justification="Propuesta MARCADOR-PRIVADO",
                                    new_start_date=datetime.date(2021, 2, 1))
    f.ProgrammeActivityFactory(institution=world.ieem, stl=world.stl, code="140109")
    # The minutes of the first session approved by a later one, then a fe de erratas of its agreement.
    session.circulate_minutes()
    later = f.session_with_quorum(world.stl, kind=Session.Kind.EXTRAORDINARY, number=3,
                                  date=datetime.date(2020, 12, 1), stream_url="https://example.org/vivo",
                                  recording_url="https://example.org/grabacion")
    approval = f.AgreementFactory(session=later, number=1, code="STL/SE/03/2020-01")
    approval.approve(session)
    correction = Correction(session=session, agreement=agreement, corrected_text="Texto corregido.",
                            reason="Errata de captura.", proposed_by=world.infoem)
    correction.propose()
    approval.approve(correction)
    Correction(session=session, kind="minutes", corrected_text="Propuesta MARCADOR-PRIVADO",
               reason="Motivo MARCADOR-PRIVADO").propose()
    upcoming = f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=9, status="scheduled",
                                date=datetime.date(2021, 2, 1), is_public=False)
    f.AgendaItemFactory(session=upcoming, order=1000, title="Propuesta", is_proposal=True, proposed_by=world.ieem)
    hidden = f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=2, is_public=False, title="Sesión reservada MARCADOR-PRIVADO")
    f.adopted_agreement(world.stl, session=hidden, number=1, code="STL/SE/02/2020-01",
                        title="Acuerdo reservado MARCADOR-PRIVADO")
    return published


def build_rich_world():
    world = build_world()
    return SimpleNamespace(world=world, published=rich_record(world))


@pytest.fixture
def rich_world(_worlds):
    """``world`` with ``rich_record(world)``, built together once per test worker and then inserted again
    row for row (tests/snapshots.py). Not a snapshot on top of ``world``: rich_record changes world's
    rows (the route it approves), which a snapshot never replays."""
    return snapshots.world_for(_worlds, "rich_world", build_rich_world)


def test_export_import_export_gives_the_same_bytes(rich_world):
    first = export_text()
    document = json.loads(first)
    assert_valid(document)
    wipe_database()
    opendata.import_document(document)
    assert export_text() == first


def without_logos(text):
    """An exported file as it reads after an import: the STLs' logo files are not imported."""
    document = json.loads(text)
    for body in document["bodies"]:
        body["logo"] = None
    return opendata.dumps(document)


def test_the_demo_record_round_trips_and_validates():
    call_command("load_demo", stdout=io.StringIO())
    first = export_text()
    assert_valid(json.loads(first))
    wipe_database()
    opendata.import_document(json.loads(first))
    assert export_text() == without_logos(first)


def test_the_export_has_every_list_and_the_required_fields(rich_world):
    document = json.loads(export_text())
    for key in ("bodies", "institutions", "people", "memberships", "sessions", "agreements", "documents",
                "action_plans", "route_phases", "axes", "commitments", "milestones"):
        assert isinstance(document[key], list) and document[key], key
    session = document["sessions"][0]
    assert {"kind", "number", "date"} <= set(session)
    assert session["kind"] in {"installation", "ordinary", "extraordinary", "working_meeting", "public_event"}
    commitment = document["commitments"][0]
    assert {"title", "kind", "status"} <= set(commitment)
    datetime.date.fromisoformat(session["date"])


def test_agreements_list_what_they_approve(rich_world):
    document = json.loads(export_text())
    agreement = next(a for a in document["agreements"] if a["code"] == "STL/SE/01/2020-01")
    assert {item["type"] for item in agreement["approves"]} == {"document_version", "route", "commitment_change"}


def test_the_public_export_leaves_out_everything_not_public(rich_world):
    published = rich_world.published
    text = export_text(public=True)
    document = json.loads(text)
    assert_valid(document)
    assert document["scope"] == "public"
    assert "MARCADOR-PRIVADO" not in text
    assert [c["id"] for c in document["commitments"]] == [published.identifier]
    assert all("email" not in person for person in document["people"])
    assert "@example.org" not in text
    assert all(v["status"] == "approved" for d in document["documents"] for v in d["versions"])
    assert all("submitted_at" not in c for c in document["commitments"])


def test_the_command_writes_to_a_file(world, tmp_path):
    target = tmp_path / "datos.json"
    call_command("export_stl", "--public", "--output", str(target), stderr=io.StringIO())
    assert json.loads(target.read_text(encoding="utf-8"))["scope"] == "public"


def test_the_committed_schema_matches_the_models():
    call_command("open_data_schema", "--check")


def test_a_large_file_shows_progress(tmp_path):
    document = json.loads(json.dumps(opendata.export_document()))
    document["institutions"] = [{"id": f"inst-{n:05d}", "name": f"Institución {n}"} for n in range(1200)]
    path = tmp_path / "grande.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    err = io.StringIO()
    call_command("import_stl", str(path), stdout=io.StringIO(), stderr=err)
    assert "institutions: 500/1200" in err.getvalue()
    assert "institutions: 1200/1200" in err.getvalue()
    assert Institution.objects.count() == 1200


# Bad files: each is refused whole, with a message naming the record and the field. -------------


@pytest.fixture
def good_document():
    return json.loads(DEMO.read_text(encoding="utf-8"))


def record(document, key, ident):
    return next(item for item in document[key] if item["id"] == ident)


def refuse(document_or_text, *expected):
    with pytest.raises(opendata.ImportRefused) as refused:
        document = opendata.parse(document_or_text) if isinstance(document_or_text, str) else document_or_text
        opendata.import_document(document)
    text = "\n".join(refused.value.messages)
    for part in expected:
        assert part in text, text
    assert Institution.objects.count() == 0
    assert Session.objects.count() == 0
    assert Commitment.objects.count() == 0
    assert Institution.history.count() == 0
    return text


def test_a_file_written_before_the_session_workflow_still_imports_as_it_meant(good_document):
    """Files of version 1 without the fields added since: sessions were public and held by default."""
    good_document.pop("corrections")
    for body in good_document["bodies"]:
        body.pop("notice_days", None)
        body.pop("notice_days_extraordinary", None)
    for session in good_document["sessions"]:
        for name in ("is_public", "status", "minutes_status", "announced_at", "stream_url", "recording_url",
                     "minutes_circulated_at", "minutes_published_at", "minutes_pdf"):
            session.pop(name, None)
        for item in session["agenda"]:
            item.pop("is_proposal", None)
            item.pop("proposed_by", None)
    for agreement in good_document["agreements"]:
        agreement.pop("minutes_of", None)
    opendata.import_document(good_document)
    assert Session.objects.count() == 16
    assert set(Session.objects.values_list("is_public", "status").distinct()) == {(True, "held")}
    assert all(session.minutes_status == "draft" for session in Session.objects.all())


def test_the_good_demo_file_imports(good_document):
    assert "commitment_changes" not in good_document  # written before that list existed
    counts = opendata.import_document(good_document)
    assert counts["sessions"] == 16


def test_bad_file_not_json():
    refuse('{"format": "portal-stl/datos-abiertos", "bodies": [', "no es JSON válido", "línea 1")


def test_bad_file_not_the_format(good_document):
    good_document["format"] = "otro"
    refuse(good_document, "«format»")


def test_bad_file_wrong_type(good_document):
    record(good_document, "sessions", "stl-edomex-so-2020-3")["number"] = "tres"
    refuse(good_document, "sessions[", "«stl-edomex-so-2020-3»", "campo «number»", "número entero")


def test_bad_file_impossible_date(good_document):
    record(good_document, "sessions", "stl-edomex-so-2020-2")["date"] = "2020-02-30"
    refuse(good_document, "«stl-edomex-so-2020-2»", "campo «date»", "fecha")


def test_bad_file_unknown_reference(good_document):
    record(good_document, "axes", "eje-cultura-gobierno-abierto")["lead_institution"] = "no-existe"
    refuse(good_document, "axes[", "«eje-cultura-gobierno-abierto»", "campo «lead_institution»", "«no-existe»")


def test_bad_file_duplicate_identifiers(good_document):
    good_document["institutions"].append(copy.deepcopy(good_document["institutions"][0]))
    refuse(good_document, "institutions", "«infoem»", "repetido")


def test_bad_file_commitment_published_without_approval(good_document):
    commitment = record(good_document, "commitments", "ejemplo-datos-abiertos-participacion")
    commitment["approved_by"] = None
    refuse(good_document, "commitments[", "«ejemplo-datos-abiertos-participacion»", "campo «approved_by»")


def test_bad_file_end_before_start(good_document):
    commitment = record(good_document, "commitments", "ejemplo-red-municipal-gobierno-abierto")
    commitment["end_date"] = "2020-01-01"
    refuse(good_document, "«ejemplo-red-municipal-gobierno-abierto»", "campo «end_date»", "anterior")


def test_bad_file_unknown_choice(good_document):
    record(good_document, "sessions", "stl-edomex-so-2019-1")["kind"] = "secret"
    refuse(good_document, "«stl-edomex-so-2019-1»", "campo «kind»", "valor no permitido")


def test_bad_file_unknown_field(good_document):
    record(good_document, "bodies", "stl-edomex")["color"] = "verde"
    refuse(good_document, "bodies[0] «stl-edomex»", "campo «color»", "desconocido")


def test_bad_file_missing_required_field(good_document):
    del record(good_document, "agreements", "stl-edomex-so-2020-2-a1")["text"]
    refuse(good_document, "«stl-edomex-so-2020-2-a1»", "campo «text»", "obligatorio")


def test_bad_file_agreement_of_a_working_meeting(good_document):
    record(good_document, "agreements", "stl-edomex-so-2020-2-a1")["session"] = "grupo-operativo-rt-2020-1"
    refuse(good_document, "«stl-edomex-so-2020-2-a1»", "campo «session»", "sesiones formales")


def test_bad_file_duplicate_session_number(good_document):
    record(good_document, "sessions", "stl-edomex-so-2020-3")["number"] = 2
    refuse(good_document, "«stl-edomex-so-2020-3»", "Ya existe una sesión")


def test_bad_file_quorum_that_does_not_match_the_attendance(good_document):
    record(good_document, "sessions", "stl-edomex-se-2021-1-ejemplo")["quorum_present"] = 4
    refuse(good_document, "«stl-edomex-se-2021-1-ejemplo»", "campo «quorum_present»", "asistencia")


def test_bad_file_alternate_standing_in_for_a_holder_who_attended(good_document):
    session = record(good_document, "sessions", "stl-edomex-se-2021-1-ejemplo")
    session["attendance"].append({"seat": None, "status": "participant", "person": None,
                                  "institution": "contraloria-edomex", "note": ""})
    good_document["people"].append({"id": "titular-contraloria", "name": "Titular", "email": ""})
    record(good_document, "memberships", "stl-edomex-integracion-contraloria")["person"] = "titular-contraloria"
    session["attendance"][-1]["person"] = "titular-contraloria"
    refuse(good_document, "«stl-edomex-se-2021-1-ejemplo»", "campo «attendance»", "suplente")


def test_bad_file_approval_list_that_does_not_match(good_document):
    agreement = record(good_document, "agreements", "stl-edomex-so-2020-4-a1")
    agreement["approves"] = [{"type": "axis", "id": "eje-fortalecimiento-democracia"}]
    refuse(good_document, "«stl-edomex-so-2020-4-a1»", "campo «approves»")


def test_bad_file_naive_datetime(good_document):
    record(good_document, "commitments", "ejemplo-datos-abiertos-participacion")["published_at"] = "2021-03-25T17:00:00"
    refuse(good_document, "«ejemplo-datos-abiertos-participacion»", "campo «published_at»", "zona horaria")


def test_bad_file_path_escaping_the_media_folder(good_document):
    record(good_document, "sessions", "stl-edomex-so-2020-3")["minutes"] = "../../etc/passwd"
    refuse(good_document, "«stl-edomex-so-2020-3»", "campo «minutes»")


def test_bad_file_identifier_already_in_the_database(good_document):
    opendata.import_document(copy.deepcopy(good_document))
    before = Institution.objects.count()
    with pytest.raises(opendata.ImportRefused) as refused:
        opendata.import_document(good_document)
    assert "ya existe" in refused.value.messages[0]
    assert Institution.objects.count() == before


def test_the_command_reports_a_refused_file(tmp_path, good_document):
    good_document["sessions"][0]["date"] = "2019-13-01"
    path = tmp_path / "malo.json"
    path.write_text(json.dumps(good_document), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_stl", str(path), stdout=io.StringIO())
    assert "no se escribió nada" in str(error.value)
    assert "campo «date»" in str(error.value)
    assert Session.objects.count() == 0


def test_the_command_refuses_a_missing_file():
    with pytest.raises(CommandError) as error:
        call_command("import_stl", "/nonexistent/datos.json")
    assert "No existe" in str(error.value)


def _import_command(tmp_path, text):
    path = tmp_path / "archivo.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("import_stl", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Institution.objects.count() == 0 and Institution.history.count() == 0
    return str(error.value)


def test_bad_file_with_a_nul_character_is_refused_with_a_message(good_document, tmp_path):
    record(good_document, "sessions", "stl-edomex-so-2020-3")["summary"] = "Resumen\u0000oculto"
    text = refuse(good_document, "carácter nulo", "campo «summary»")
    assert "sessions[" in text
    message = _import_command(tmp_path, json.dumps(good_document))
    assert "no se escribió nada" in message and "carácter nulo" in message


def test_bad_file_nested_200000_deep_is_refused_with_a_message(tmp_path):
    text = '{"format": "portal-stl/datos-abiertos", "institutions": ' + "[" * 200_000 + "]" * 200_000 + "}"
    refuse(text, "anida listas u objetos")
    assert "anida listas u objetos" in _import_command(tmp_path, text)


def test_bad_file_nested_deeper_than_the_format_but_parseable_is_refused(good_document):
    good_document["institutions"][0]["name"] = json.loads("[" * 500 + "]" * 500)
    refuse(good_document, "anida listas u objetos")
