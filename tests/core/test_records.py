"""What every record shares (core/records.py): its history, with one manager class per model made
once, and a clean that does not ask the database again for the rows the record already holds."""

import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Commitment, Milestone
from core.records import CachedHistoryDescriptor, Record
from tests import factories as f

pytestmark = pytest.mark.django_db


def record_models():
    return [model for model in apps.get_models() if issubclass(model, Record)]


def test_every_record_model_reads_its_history_through_the_cached_descriptor():
    assert len(record_models()) > 10
    for model in record_models():
        assert isinstance(model.__dict__["history"], CachedHistoryDescriptor), model
        assert type(model.history) is type(model.history), model


def test_a_record_and_its_model_read_the_same_history_rows():
    institution = f.InstitutionFactory(name="Instituto de prueba", acronym="IP")
    institution.name = "Instituto de prueba renombrado"
    institution.save()
    assert [row.name for row in institution.history.order_by("history_id")] == [
        "Instituto de prueba", "Instituto de prueba renombrado"]
    assert institution.history.count() == type(institution).history.filter(id=institution.pk).count() == 2
    assert institution.history.model is type(institution).history.model


EXISTS = re.compile(r'SELECT 1 AS "a" FROM "(\w+)" WHERE "\1"\."id" = \d+ LIMIT 1')


def existence_queries(record):
    """The queries of ``record.full_clean()`` that ask whether a row it points at exists."""
    with CaptureQueriesContext(connection) as captured:
        record.full_clean()
    return [query["sql"] for query in captured if EXISTS.fullmatch(query["sql"])]


def test_a_record_holding_the_saved_rows_it_points_at_does_not_ask_whether_they_exist():
    milestone = f.MilestoneFactory()
    assert existence_queries(milestone) == []
    # Read again, it holds only the keys: each is looked up, as Django does.
    fresh = Milestone.objects.get(pk=milestone.pk)
    assert len(existence_queries(fresh)) == 1
    fresh.commitment_id = Commitment.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    with pytest.raises(ValidationError) as error:
        fresh.full_clean()
    assert "commitment" in error.value.message_dict


def test_a_held_row_that_is_unsaved_or_outside_the_keys_choices_is_still_refused():
    axis = f.AxisFactory()
    axis.working_table = f.STLFactory()  # the key allows working tables only
    with pytest.raises(ValidationError) as error:
        axis.full_clean()
    assert "working_table" in error.value.message_dict
    axis.working_table = f.WorkingTableFactory(parent=axis.plan.stl)
    axis.full_clean()
    milestone = f.MilestoneFactory.build(commitment=f.CommitmentFactory.build())
    with pytest.raises(ValidationError) as error:
        milestone.full_clean()
    assert "commitment" in error.value.message_dict
