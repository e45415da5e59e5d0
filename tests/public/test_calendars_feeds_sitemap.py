import datetime

import pytest
from icalendar import Calendar

from tests import factories as f
from tests.public.conftest import MARKER, body_of


@pytest.mark.django_db
def test_the_calendar_lists_public_sessions_as_icalendar_events(client, world, public_record, drafts):
    response = client.get("/calendario.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    uids = {str(e["uid"]).split("@")[0] for e in events}
    assert public_record.session.identifier in uids and drafts.reserved.identifier not in uids
    event = next(e for e in events if str(e["uid"]).startswith(public_record.session.identifier))
    assert event.decoded("dtstart") == datetime.date(2020, 4, 8)
    assert MARKER not in body_of(response)


@pytest.mark.django_db
def test_there_is_a_calendar_per_body_and_per_axis(client, world, public_record):
    meeting = f.SessionFactory(body=world.table, kind="working_meeting", number=1,
                               start_time=datetime.time(10, 30))
    body = Calendar.from_ical(client.get(f"/organos/{world.table.identifier}/calendario.ics").content)
    assert [str(e["uid"]).split("@")[0] for e in body.walk("VEVENT")] == [meeting.identifier]
    start = body.walk("VEVENT")[0].decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (10, 30, "America/Mexico_City")
    axis = Calendar.from_ical(client.get(f"/ejes/{world.axis_ieem.identifier}/calendario.ics").content)
    uids = {str(e["uid"]).split("@")[0] for e in axis.walk("VEVENT")}
    assert {meeting.identifier, public_record.session.identifier} <= uids


@pytest.mark.django_db
def test_the_agreement_feed_is_atom_with_the_public_agreements(client, public_record, drafts):
    response = client.get("/acuerdos/canal.atom")
    text = body_of(response)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert public_record.agreement.code in text and MARKER not in text
    assert response["ETag"] and response["Last-Modified"]


@pytest.mark.django_db
def test_the_commitment_feed_lists_published_commitments_by_last_update(client, public_record, drafts):
    text = body_of(client.get("/compromisos/canal.atom"))
    assert text.index("Compromiso con nombre definitivo") < text.index("Datos abiertos electorales")
    assert MARKER not in text


@pytest.mark.django_db
def test_the_sitemap_lists_public_pages_only(client, public_record, drafts):
    text = body_of(client.get("/sitemap.xml"))
    assert f"/compromisos/{public_record.commitment.identifier}/" in text
    assert f"/sesiones/{public_record.session.identifier}/" in text
    assert drafts.draft.identifier not in text and drafts.reserved.identifier not in text
