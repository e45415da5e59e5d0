"""The panel list of the STL's sessions: every kind, public or not, of the STL and its bodies only,
in a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_lists_every_kind_including_private_ones(login, world, other_world):
    private = f.SessionFactory(body=world.stl, number=90, date=datetime.date(2022, 4, 8), is_public=False)
    meeting = f.SessionFactory(body=world.group, kind="working_meeting", number=8, date_certainty="illustrative")
    event = f.SessionFactory(body=world.table, kind="public_event", number=1, title="Presentación del estudio")
    foreign = f.SessionFactory(body=other_world.stl, number=90, date=datetime.date(2022, 4, 8))
    page = login(world.ieem_member).get(reverse("panel:session_list")).content.decode()
    for session in (private, meeting, event):
        assert reverse("panel:session_detail", args=[session.identifier]) in page
    assert foreign.identifier not in page
    assert "No público" in page and "fecha ilustrativa" in page and "Presentación del estudio" in page


def test_it_filters_by_kind(login, world):
    meeting = f.SessionFactory(body=world.group, kind="working_meeting", number=8)
    response = login(world.ieem_member).get(reverse("panel:session_list"), {"tipo": "working_meeting"})
    assert [s.pk for s in response.context["sessions"]] == [meeting.pk]
    unknown = login(world.ieem_member).get(reverse("panel:session_list"), {"tipo": "<script>"})
    assert unknown.status_code == 200 and unknown.context["kind"] == ""


def count_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("panel:session_list")).status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_sessions(login, world, django_assert_max_num_queries):
    client = login(world.ieem_member)
    few = count_queries(client)
    for number in range(1, 21):
        f.SessionFactory(body=world.group, kind="working_meeting", number=number,
                         date=datetime.date(2020, 6, 1) + datetime.timedelta(days=number))
    assert count_queries(client) == few
    with django_assert_max_num_queries(few):
        client.get(reverse("panel:session_list"))


def test_the_detail_page_does_a_constant_number_of_queries(login, world):
    session = f.SessionFactory(body=world.stl, number=90, date=datetime.date(2022, 4, 8))
    client = login(world.ieem_member)
    url = reverse("panel:session_detail", args=[session.identifier])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    f.AgreementFactory(session=session, number=1, code="STL/SO/90/2020-01")
    one = queries()
    for number in range(2, 6):
        agreement = f.AgreementFactory(session=session, number=number, code=f"STL/SO/90/2020-{number:02d}")
        f.VoteFactory(agreement=agreement, seat=world.seats.guarantor)
        f.AgendaItemFactory(session=session, order=number)
    assert queries() == one
