"""Consultations, inputs and assessments in the open-data format: round trip, schema, the public
cut (no unconfirmed or hidden inputs), no e-mail address ever, and files from before still import."""

import datetime

import pytest

from cocreation.models import Assessment, Input
from opendata import format as opendata
from tests import factories as f
from tests.cocreation.conftest import make_consultation, make_input
from tests.opendata.test_opendata import assert_valid, wipe_database

pytestmark = pytest.mark.django_db


def cocreation_record(world):
    commitment = f.published_commitment(world.axis_ieem, title="Datos abiertos", lead_institution=world.ieem)
    consultation = make_consultation(world, opens=-30, closes=-2, is_example=True)
    adopted = make_input(consultation, kind="proposal", comment="", problem="P", solution="S",
                         proposed_lead="INFOEM", email="uno@example.org")
    adopted.answer("adopted", "Se adoptó.", commitment)
    hidden = make_input(consultation, comment="OCULTO", email="dos@example.org")
    hidden.hide("Regla 2", "Insultos.")
    make_input(consultation, confirmed=False, comment="SIN-CONFIRMAR", email="tres@example.org")
    make_consultation(world, published=False, title="Consulta en borrador")
    Assessment.objects.create(commitment=commitment, stage="end", assessed_on=datetime.date(2021, 12, 1),
                              assessor="Evaluadora", verifiable=True, relevant=True, relevant_access=True,
                              potential_impact="moderate", completion="complete", opened_government="major")
    return commitment


def test_the_round_trip_keeps_consultations_inputs_and_assessments(world):
    cocreation_record(world)
    first = opendata.dumps(opendata.export_document())
    document = opendata.parse(first)
    assert_valid(document)
    assert len(document["consultations"]) == 2 and len(document["inputs"]) == 3
    assert document["assessments"][0]["starred"] is True
    for address in ("uno@example.org", "dos@example.org", "tres@example.org"):
        assert address not in first
    wipe_database()
    opendata.import_document(document)
    assert opendata.dumps(opendata.export_document()) == first
    assert Input.objects.get(response="adopted").resulting_commitment.title == "Datos abiertos"


def test_the_public_cut_has_only_confirmed_visible_inputs_of_published_consultations(world):
    cocreation_record(world)
    text = opendata.dumps(opendata.export_document(public=True))
    document = opendata.parse(text)
    assert_valid(document)
    assert [c["title"] for c in document["consultations"]] == ["Consulta sobre el borrador del plan"]
    assert [i["response"] for i in document["inputs"]] == ["adopted"]
    for secret in ("OCULTO", "SIN-CONFIRMAR", "Consulta en borrador", "uno@example.org"):
        assert secret not in text


def test_a_file_from_before_co_creation_still_imports(world):
    cocreation_record(world)
    document = opendata.export_document()
    for key in ("consultations", "inputs", "assessments"):
        del document[key]
    assert_valid(document)
    wipe_database()
    counts = opendata.import_document(document)
    assert counts["consultations"] == 0 and not Input.objects.exists()


def test_a_bad_assessment_is_refused_whole(world):
    cocreation_record(world)
    document = opendata.export_document()
    document["assessments"][0]["potential_impact"] = "enorme"
    wipe_database()
    with pytest.raises(opendata.ImportRefused) as refused:
        opendata.import_document(document)
    assert "assessments[0]" in refused.value.messages[0]
