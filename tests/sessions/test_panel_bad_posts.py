"""Whatever arrives in a POST, the sessions panel answers with a page or a redirect, never a 500,
and saves nothing it should not."""

import datetime

import pytest
from django.urls import reverse

from sessions.models import AgendaItem, Agreement, Session
from tests import factories as f

pytestmark = pytest.mark.django_db

GARBAGE = [
    {},
    {"body": "x", "kind": "?", "number": "-1", "date": "0000-00-00", "start_time": "25:99"},
    {"agenda-TOTAL_FORMS": "99999", "agenda-INITIAL_FORMS": "abc", "participants-TOTAL_FORMS": "-4"},
    {"revision_seen": "-5", "form_token": "'; DROP TABLE x; --", "number": "1e9", "code": "x" * 500},
    {"document": "999999", "new_title": "\x00", "date": "ayer", "approve_axes": ["a", "999999"]},
    {"seat_1": "holder", "seat_999999": "holder", "participants-0-person": "999999",
     "participants-TOTAL_FORMS": "1", "participants-INITIAL_FORMS": "0"},
]


@pytest.fixture
def urls(world):
    session = f.SessionFactory(body=world.stl, number=85, date=datetime.date(2022, 4, 8))
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/85/2020-01")
    return [
        reverse("panel:session_create"),
        reverse("panel:session_edit", args=[session.identifier]),
        reverse("panel:session_attendance", args=[session.identifier]),
        reverse("panel:agreement_create", args=[session.identifier]),
        reverse("panel:agreement_edit", args=[session.identifier, agreement.identifier]),
        reverse("panel:draft_version_create", args=[session.identifier]),
    ]


@pytest.mark.parametrize("payload", GARBAGE)
def test_garbage_posts_never_cause_a_server_error(login, world, urls, payload):
    client = login(world.staff)
    sessions, agreements = Session.objects.count(), Agreement.objects.count()
    for url in urls:
        response = client.post(url, payload)
        assert response.status_code == 200, (url, response.status_code)
    assert (Session.objects.count(), Agreement.objects.count()) == (sessions, agreements)


def test_an_agenda_item_of_another_session_cannot_be_edited_through_this_one(login, world, other_world):
    session = f.SessionFactory(body=world.stl, number=85, date=datetime.date(2022, 4, 8))
    foreign = f.AgendaItemFactory(session=f.SessionFactory(body=other_world.stl, number=85, date=datetime.date(2022, 4, 8)), order=1, title="Ajeno")
    data = {"body": world.stl.pk, "kind": "ordinary", "number": "85", "date": session.date.isoformat(),
            "status": "held", "modality": "videoconference", "revision_seen": session.revision,
            "agenda-TOTAL_FORMS": "1", "agenda-INITIAL_FORMS": "1", "agenda-MIN_NUM_FORMS": "0",
            "agenda-MAX_NUM_FORMS": "1000", "agenda-0-id": foreign.pk, "agenda-0-order": "1",
            "agenda-0-title": "Cambiado"}
    response = login(world.staff).post(reverse("panel:session_edit", args=[session.identifier]), data)
    assert response.status_code in (200, 302)
    foreign.refresh_from_db()
    assert foreign.title == "Ajeno" and foreign.session.body == other_world.stl
    assert not AgendaItem.objects.filter(session=session).exists()


def test_a_post_claiming_thousands_of_agenda_rows_builds_no_more_than_the_maximum(login, world, urls):
    """absolute_max: Django's default would build (and show again) up to a thousand forms past the
    maximum for such a post."""
    response = login(world.staff).post(urls[1], {"agenda-TOTAL_FORMS": "99999", "agenda-INITIAL_FORMS": "0"})
    assert response.status_code == 200
    formset = response.context["agenda"]
    assert len(formset.forms) == 200
    assert "Por favor, envíe 200 formularios como máximo." in response.content.decode()
