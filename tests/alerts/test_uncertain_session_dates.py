"""A notice (and so the e-mail digest) never states an illustrative session date as a fact."""

import datetime

import pytest
from django.utils import timezone

from alerts import notices
from alerts.models import Notice
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_notice_says_a_session_date_is_illustrative(world):
    day = timezone.localdate() + datetime.timedelta(days=20)
    session = f.SessionFactory(body=world.stl, kind="ordinary", number=7, status="scheduled", date=day,
                               date_certainty="illustrative")
    notices.session_scheduled(session)
    notices.agreements_published(session)
    texts = list(Notice.objects.filter(session=session).values_list("text", flat=True))
    assert any(text.endswith("(fecha ilustrativa).") for text in texts)
    assert any("(fecha ilustrativa))." in text for text in texts)
    session.date_certainty = "certain"
    notices.session_scheduled(session)
    assert Notice.objects.filter(session=session, text__contains="ilustrativa").count() == len(texts)
