"""The history every record keeps (core/records.py): one manager class per model, made once."""

import pytest
from django.apps import apps

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
