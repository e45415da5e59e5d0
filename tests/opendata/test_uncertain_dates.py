"""The certainty of each date travels in the open data: export → import keeps it, the public
datasets (JSON, CSV, Popolo) carry it, a file written before the fields existed imports with every
date certain, and a value outside the catalogue is refused whole."""

import copy
import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from django.conf import settings

from commitments.models import Commitment, Milestone, MilestoneUpdate, RoutePhase
from opendata import format as opendata
from opendata.format import ImportRefused
from sessions.models import DocumentVersion, Session
from tests import factories as f
from tests.opendata.test_opendata import assert_valid, wipe_database
from workgroups.models import Membership

pytestmark = pytest.mark.django_db


def uncertain_record(world):
    membership = world.memberships.civil
    membership.start_date_certainty = "illustrative"
    membership.end_date, membership.end_date_certainty = None, "unknown"
    membership.save()
    commitment = f.published_commitment(world.axis_ieem, title="Compromiso con fechas dudosas",
                                        start_date_certainty="illustrative", end_date_certainty="unknown")
    milestone = f.MilestoneFactory(commitment=commitment, order=1, end_date_certainty="illustrative")
    f.MilestoneUpdateFactory(milestone=milestone, date_certainty="unknown")
    document = f.DocumentFactory(body=world.stl, title="Documento con versión de fecha ilustrativa")
    version = f.DocumentVersionFactory(document=document, number=1, date_certainty="illustrative")
    f.adopted_agreement(world.stl).approve(version)
    return commitment


def certainties():
    return {
        "membership": Membership.objects.values_list("start_date_certainty", "end_date_certainty")
        .get(identifier=Membership.objects.filter(start_date_certainty="illustrative").get().identifier),
        "commitment": Commitment.objects.values_list("start_date_certainty", "end_date_certainty").get(
            title="Compromiso con fechas dudosas"),
        "milestone": list(Milestone.objects.values_list("start_date_certainty", "end_date_certainty")),
        "update": list(MilestoneUpdate.objects.values_list("date_certainty", flat=True)),
        "version": list(DocumentVersion.objects.values_list("date_certainty", flat=True)),
    }


def test_export_import_keeps_every_certainty(world):
    uncertain_record(world)
    before = certainties()
    assert before == {"membership": ("illustrative", "unknown"), "commitment": ("illustrative", "unknown"),
                      "milestone": [("certain", "illustrative")], "update": ["unknown"], "version": ["illustrative"]}
    document = opendata.export_document()
    assert_valid(json.loads(json.dumps(document)))
    [published] = [c for c in document["commitments"] if c["title"] == "Compromiso con fechas dudosas"]
    assert (published["start_date_certainty"], published["end_date_certainty"]) == ("illustrative", "unknown")
    assert document["milestones"][0]["updates"][0]["date_certainty"] == "unknown"
    wipe_database()
    opendata.import_document(json.loads(json.dumps(document)))
    assert certainties() == before


def test_the_public_datasets_carry_the_certainty(client, world):
    uncertain_record(world)
    rows = list(csv.DictReader(io.StringIO(client.get("/datos/commitments.csv").content.decode("utf-8-sig"))))
    assert [(r["start_date_certainty"], r["end_date_certainty"]) for r in rows] == [("illustrative", "unknown")]
    memberships = client.get("/datos/popolo/memberships.json").json()
    assert ("illustrative", "unknown") in [
        (m["start_date_certainty"], m["end_date_certainty"]) for m in memberships["memberships"]]


def test_a_file_written_before_the_certainty_fields_imports_with_certain_dates(world):
    uncertain_record(world)
    document = opendata.export_document()
    wipe_database()
    old = copy.deepcopy(document)
    for key in ("memberships", "commitments", "milestones"):
        for record in old[key]:
            record.pop("start_date_certainty"), record.pop("end_date_certainty")
    for milestone in old["milestones"]:
        for update in milestone["updates"]:
            update.pop("date_certainty")
    for doc in old["documents"]:
        for version in doc["versions"]:
            version.pop("date_certainty")
    assert_valid(old)
    opendata.import_document(old)
    assert set(Commitment.objects.values_list("start_date_certainty", flat=True)) == {"certain"}
    assert set(MilestoneUpdate.objects.values_list("date_certainty", flat=True)) == {"certain"}
    assert set(DocumentVersion.objects.values_list("date_certainty", flat=True)) == {"certain"}


def test_a_certainty_outside_the_catalogue_is_refused_whole(world):
    uncertain_record(world)
    document = json.loads(json.dumps(opendata.export_document()))
    wipe_database()
    document["milestones"][0]["updates"][0]["date_certainty"] = "casi-segura"
    with pytest.raises(ImportRefused) as refused:
        opendata.import_document(document)
    assert "date_certainty" in "\n".join(refused.value.messages)
    assert not Commitment.objects.exists()


def test_an_illustrative_date_without_a_date_is_refused_whole(world):
    uncertain_record(world)
    document = json.loads(json.dumps(opendata.export_document()))
    wipe_database()
    [civil] = [m for m in document["memberships"] if m["start_date_certainty"] == "illustrative"]
    civil["start_date"] = None
    with pytest.raises(ImportRefused) as refused:
        opendata.import_document(document)
    assert "Una fecha ilustrativa necesita una fecha" in "\n".join(refused.value.messages)
    assert not Membership.objects.exists()


VALLE_ALTO = Path(settings.BASE_DIR, "tests", "fixtures", "stl-valle-alto-2019-2023.json")


def test_sessions_and_route_phases_travel_with_their_certainty(client, world):
    session = f.SessionFactory(body=world.stl, kind="extraordinary", number=7, date_certainty="unknown")
    phase = f.RoutePhaseFactory(plan=world.plan, order=9, planned_start=datetime.date(2020, 1, 1),
                                planned_start_certainty="illustrative", planned_end_certainty="unknown")
    document = json.loads(json.dumps(opendata.export_document()))
    assert_valid(document)
    [exported] = [s for s in document["sessions"] if s["id"] == session.identifier]
    assert exported["date_certainty"] == "unknown" and "date_is_illustrative" not in exported
    [route] = [p for p in document["route_phases"] if p["id"] == phase.identifier]
    assert (route["planned_start_certainty"], route["planned_end_certainty"]) == ("illustrative", "unknown")
    events = client.get("/datos/popolo/events.json").json()["events"]
    assert [e["date_certainty"] for e in events if e["id"] == session.identifier] == ["unknown"]
    wipe_database()
    opendata.import_document(document)
    assert Session.objects.get(identifier=session.identifier).date_certainty == "unknown"
    assert RoutePhase.objects.values_list("planned_start_certainty", "planned_end_certainty").get(
        identifier=phase.identifier) == ("illustrative", "unknown")


def test_an_older_file_s_illustrative_booleans_import_as_illustrative():
    document = json.loads(VALLE_ALTO.read_text(encoding="utf-8"))
    assert document["version"] == 1
    marked = {s["id"] for s in document["sessions"] if s["date_is_illustrative"]}
    phases = {p["id"] for p in document["route_phases"] if p["dates_are_illustrative"]}
    assert marked and phases
    opendata.import_document(document)
    for identifier, certainty in Session.objects.values_list("identifier", "date_certainty"):
        assert certainty == ("illustrative" if identifier in marked else "certain"), identifier
    for identifier, start, end in RoutePhase.objects.values_list(
            "identifier", "planned_start_certainty", "planned_end_certainty"):
        assert {start, end} == ({"illustrative"} if identifier in phases else {"certain"}), identifier
    schema = json.loads(Path(settings.BASE_DIR, "docs", "open-data.schema.json").read_text(encoding="utf-8"))
    assert "date_certainty" in schema["$defs"]["sessions"]["properties"]
    assert "date_is_illustrative" not in schema["$defs"]["sessions"]["properties"]


def test_an_older_boolean_that_is_not_a_boolean_is_refused_whole():
    document = json.loads(VALLE_ALTO.read_text(encoding="utf-8"))
    document["sessions"][0]["date_is_illustrative"] = "sí"
    with pytest.raises(ImportRefused) as refused:
        opendata.import_document(document)
    assert "date_is_illustrative" in "\n".join(refused.value.messages)
    assert not Session.objects.exists()
