import csv
import io
import json
import re

import pytest

from opendata import format as opendata
from tests.public.conftest import MARKER, body_of


@pytest.mark.django_db
def test_the_data_page_describes_every_dataset_field_and_the_licence(client, public_record):
    text = client.get("/datos/").content.decode()
    assert "CC BY 4.0" in text
    for entity in opendata.ENTITIES:
        assert f'id="ds-{entity.key}"' in text
        assert f"/datos/{entity.key}.csv" in text and f"/datos/{entity.key}.json" in text
    assert "<code>public_problem</code>" in text and "Problema público" in text
    assert "<code>email</code>" not in text  # private fields are not offered
    assert "/datos/sessions-attendance.csv" in text


@pytest.mark.django_db
def test_the_public_record_is_the_same_document_as_export_stl_public(client, public_record, drafts):
    response = client.get("/datos/registro-publico.json")
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(body_of(response)) == json.loads(opendata.dumps(opendata.export_document(public=True)))
    assert MARKER not in body_of(response)


@pytest.mark.django_db
def test_a_dataset_downloads_as_csv_with_one_row_per_record(client, public_record, drafts):
    response = client.get("/datos/commitments.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(body_of(response).lstrip("\ufeff"))))
    assert sorted(row["title"] for row in rows) == ["Compromiso con nombre definitivo",
                                                    "Datos abiertos electorales"]
    assert "submitted_at" not in rows[0]


@pytest.mark.django_db
def test_a_nested_list_downloads_with_the_id_of_its_parent(client, public_record):
    rows = list(csv.DictReader(io.StringIO(body_of(client.get("/datos/sessions-attendance.csv")).lstrip("\ufeff"))))
    mine = [row for row in rows if row["sessions_id"] == public_record.session.identifier]
    assert len(mine) == 4
    assert all(row["seat"] for row in rows)
    from sessions.models import Attendance
    assert len(rows) == Attendance.objects.filter(session__is_public=True).count()


@pytest.mark.django_db
def test_a_dataset_downloads_as_json(client, public_record):
    data = json.loads(body_of(client.get("/datos/agreements.json")))
    assert data["scope"] == "public"
    assert {a["code"] for a in data["records"]} >= {public_record.agreement.code}


@pytest.mark.django_db
def test_an_unknown_dataset_is_not_found(client, public_record):
    assert client.get("/datos/passwords.csv").status_code == 404
    assert client.get("/datos/popolo/users.json").status_code == 404


@pytest.mark.django_db
def test_popolo_has_organizations_people_memberships_events_motions_and_votes(client, world, public_record):
    data = json.loads(body_of(client.get("/datos/popolo.json")))
    assert {o["id"] for o in data["organizations"]} >= {world.stl.identifier, world.ieem.identifier}
    assert all(set(p) == {"id", "name"} for p in data["persons"])
    electoral = next(m for m in data["memberships"] if m["person_id"] == world.people.electoral.identifier)
    assert electoral["on_behalf_of_id"] == world.ieem.identifier
    assert electoral["organization_id"] == world.stl.identifier and electoral["role"] == "alternate"
    event = next(e for e in data["events"] if e["id"] == public_record.session.identifier)
    assert event["name"] == "Tercera Sesión Ordinaria" and len(event["attendees"]) == 4
    motion = next(m for m in data["motions"] if m["id"] == public_record.agreement.identifier)
    assert motion["result"] == "pass" and motion["legislative_session_id"] == public_record.session.identifier
    vote_event = next(v for v in data["vote_events"] if v["motion_id"] == public_record.agreement.identifier)
    assert vote_event["counts"] == [{"option": "yes", "value": 1}]
    assert vote_event["votes"][0]["voter_id"] == world.people.guarantor.identifier
    part = json.loads(body_of(client.get("/datos/popolo/motions.json")))
    assert part["motions"] == data["motions"]


@pytest.mark.django_db
def test_downloads_answer_304_when_nothing_changed(client, public_record):
    first = client.get("/datos/commitments.csv")
    assert first["ETag"] and first["Last-Modified"]
    assert client.get("/datos/commitments.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    public_record.commitment.objective = "Cambio"
    public_record.commitment.save()
    assert client.get("/datos/commitments.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.django_db
def test_the_data_page_lists_the_allowed_values_of_coded_fields(client, public_record):
    text = client.get("/datos/").content.decode()
    assert "«co_created», «proactive»" in text
    assert "«not_started», «limited», «substantial», «complete»" in text
    # A description that ends in a period is followed by its values without a second one.
    assert "se lee «fecha por confirmar». Valores: «certain», «illustrative», «unknown»" in text
    assert ".. Valores" not in text


def test_every_dataset_description_on_the_data_page_is_a_sentence(client, public_record):
    text = client.get("/datos/").content.decode()
    descriptions = re.findall(r"<p>([^<]*) <span class=\"muted\">\d+ registros? publicados?\.</span></p>", text)
    assert len(descriptions) > 10 and "Avances de hitos." in descriptions
    assert [d for d in descriptions if not d.endswith(".")] == []
