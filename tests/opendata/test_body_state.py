"""The STL's state (INEGI key, issue 15) in the open-data format: exported, imported, optional in
files written before it, refused when it is not one of the 32."""

import json

import pytest

from opendata import format as opendata
from tests.opendata.test_opendata import DEMO, assert_valid, wipe_database
from workgroups.models import Body


@pytest.mark.django_db
def test_the_state_goes_out_and_comes_back(world):
    world.stl.state = "08"
    world.stl.save()
    document = json.loads(json.dumps(opendata.export_document()))
    assert_valid(document)
    bodies = {body["id"]: body for body in document["bodies"]}
    assert bodies[world.stl.identifier]["state"] == "08"
    assert bodies[world.group.identifier]["state"] == ""
    wipe_database()
    opendata.import_document(document)
    assert Body.objects.get(identifier=world.stl.identifier).state_code == "08"


@pytest.mark.django_db
def test_a_file_without_states_imports_and_reads_the_state_from_the_jurisdiction():
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    assert all("state" not in body for body in document["bodies"])
    opendata.import_document(document)
    stl = Body.objects.stls().get()
    assert stl.state == "" and stl.state_code == "15"  # «Estado de México»


@pytest.mark.django_db
def test_a_state_that_is_not_one_of_the_32_is_refused():
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    next(body for body in document["bodies"] if body["kind"] == "stl")["state"] = "33"
    with pytest.raises(opendata.ImportRefused):
        opendata.import_document(document)
    assert not Body.objects.exists()


@pytest.mark.django_db
def test_only_an_stl_has_a_state(world):
    from django.core.exceptions import ValidationError

    world.group.state = "15"
    with pytest.raises(ValidationError) as error:
        world.group.full_clean()
    assert "state" in error.value.message_dict
    world.stl.state = "15"
    world.stl.full_clean()
