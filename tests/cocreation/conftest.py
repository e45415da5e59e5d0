"""Consultations for the co-creation tests, built on the ``world`` of tests/conftest.py."""

import datetime

import pytest
from django.utils import timezone

from cocreation.models import Consultation, Input
from tests import factories as f
from workgroups.models import Account


def make_consultation(world, published=True, opens=-5, closes=10, **kwargs):
    today = timezone.localdate()
    fields = {"stl": world.stl, "title": "Consulta sobre el borrador del plan", "subject": Consultation.Subject.PLAN,
              "plan": world.plan, "draft_text": "Texto del borrador sometido a consulta.",
              "opens_on": today + datetime.timedelta(days=opens),
              "closes_on": today + datetime.timedelta(days=closes), **kwargs}
    consultation = Consultation(**fields)
    consultation.full_clean()
    consultation.save()
    if published:
        consultation.publish()
    return consultation


def make_input(consultation, confirmed=True, **kwargs):
    fields = {"author_name": "Lucía Vecina", "email": "lucia@example.org", "kind": Input.Kind.COMMENT,
              "comment": "Que las sesiones se transmitan en vivo.", **kwargs}
    item = Input(consultation=consultation, **fields)
    item.full_clean()
    item.save()
    if confirmed:
        item.confirm()
    return item


@pytest.fixture
def consultation(world):
    return make_consultation(world)


@pytest.fixture
def monitor(world):
    return f.AccountFactory(stl=world.stl, role=Account.Role.MONITOR, institution=None,
                            user=f.UserFactory(username=f"monitor{world.stl.pk}"))
