"""Two submits at the same instant: the form's own checks pass for both, the database's uniqueness
stops the second, and the person sees a message next to the number instead of a server error."""

import datetime

import pytest

from sessions.forms import AgendaFormSet, AgreementForm, SessionForm
from sessions.models import Agreement, Session
from sessions.panel_views import _save_agreement, _save_session
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_session_number_taken_meanwhile_is_a_form_error(world):
    data = {"body": world.stl.pk, "kind": "extraordinary", "number": "1", "date": "2021-07-01", "status": "held",
            "modality": "videoconference", "agenda-TOTAL_FORMS": "0", "agenda-INITIAL_FORMS": "0"}
    form = SessionForm(data, stl=world.stl)
    agenda = AgendaFormSet(data, instance=Session(), prefix="agenda")
    assert form.is_valid() and agenda.is_valid()
    f.SessionFactory(body=world.stl, kind="extraordinary", number=1, date=datetime.date(2021, 6, 1))
    assert _save_session(form, agenda) is None
    assert "al mismo tiempo" in form.errors["number"][0]
    assert Session.objects.filter(kind="extraordinary", year=2021).count() == 1


def test_an_agreement_number_taken_meanwhile_is_a_form_error(world):
    session = f.SessionFactory(body=world.stl, number=84, date=datetime.date(2022, 4, 8))
    session.has_quorum = True
    session.save()
    form = AgreementForm({"number": "1", "code": "STL/SO/84/2020-01", "title": "A", "text": "B",
                          "result": "adopted"}, session=session)
    assert form.is_valid(), form.errors
    f.AgreementFactory(session=session, number=1, code="STL/SO/84/2020-99")
    assert _save_agreement(form) is None
    assert "al mismo tiempo" in form.errors["number"][0]
    assert Agreement.objects.filter(session=session).count() == 1
    assert form.instance.pk is None
