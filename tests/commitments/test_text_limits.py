"""The free texts of the action plan have length limits: in the model (forms, admin, imports), in
the panel's forms (with a Spanish message) and in the open-data schema."""

import copy
import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commitments.models import NARRATIVE_LENGTH, SHORT_TEXT_LENGTH, Commitment, Milestone, MilestoneUpdate
from opendata import format as opendata
from tests import factories as f
from tests.commitments.test_panel_commitment_form import draft_data

pytestmark = pytest.mark.django_db

HUGE = "x" * (10 * 1024 * 1024)


def test_the_model_refuses_a_ten_megabyte_public_problem(world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan)
    commitment.public_problem = HUGE
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "public_problem" in error.value.message_dict
    commitment.public_problem = "p" * NARRATIVE_LENGTH
    commitment.full_clean()


@pytest.mark.parametrize("model, field, limit", [
    (Commitment, "public_problem", NARRATIVE_LENGTH), (Commitment, "objective", NARRATIVE_LENGTH),
    (Commitment, "solution", NARRATIVE_LENGTH), (Commitment, "relevance_technology", SHORT_TEXT_LENGTH),
    (Commitment, "other_actors", 1000), (Commitment, "withdrawal_reason", SHORT_TEXT_LENGTH),
    (Milestone, "description", SHORT_TEXT_LENGTH), (MilestoneUpdate, "note", SHORT_TEXT_LENGTH),
])
def test_every_free_text_has_a_limit_stated_in_the_open_data_schema(model, field, limit):
    assert model._meta.get_field(field).max_length == limit
    schema = opendata.build_schema()["$defs"]
    key = {Commitment: "commitments", Milestone: "milestones"}.get(model)
    if key:
        assert schema[key]["properties"][field]["maxLength"] == limit
    else:
        assert schema["milestones"]["properties"]["updates"]["items"]["properties"][field]["maxLength"] == limit


def test_the_panel_form_refuses_a_huge_text_in_spanish_and_saves_nothing(login, world):
    client = login(world.ieem_member)
    response = client.post(reverse("panel:commitment_create"),
                           draft_data(world, public_problem="x" * (NARRATIVE_LENGTH + 1),
                                      form_token=str(uuid.uuid4())))
    assert response.status_code == 200
    errors = response.context["form"].errors["public_problem"]
    assert "5000" in errors[0] and "caracteres" in errors[0]
    assert f'maxlength="{NARRATIVE_LENGTH}"' in response.content.decode()
    assert not Commitment.objects.exists()


def test_an_import_with_an_over_long_text_is_refused(world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan)
    document = opendata.export_document()
    commitment.delete()
    bad = copy.deepcopy(document)
    bad["commitments"][0]["public_problem"] = "x" * (NARRATIVE_LENGTH + 1)
    with pytest.raises(opendata.ImportRefused) as refused:
        opendata.import_document(json.loads(json.dumps(bad)))
    assert "texto demasiado largo (máximo 5000 caracteres)" in "\n".join(refused.value.messages)
