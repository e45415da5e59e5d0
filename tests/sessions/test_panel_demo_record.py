"""The sessions panel on the demo record of the Estado de México: every page of every session opens,
and the edit forms accept the record as it stands (so nothing loaded from open data is unreachable)."""


import pytest
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from sessions.forms import AttendanceForm
from sessions.models import Session
from workgroups.models import Account

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_member(demo_record, client):
    account = Account.objects.get(user__username="demo-facilitador")
    client.force_login(account.user)
    return client


def test_every_panel_page_of_every_demo_session_opens(demo_member):
    sessions = list(Session.objects.all())
    assert len(sessions) >= 15
    page = demo_member.get(reverse("panel:session_list"))
    assert page.status_code == 200
    for session in sessions:
        for name in ("panel:session_detail", "panel:session_edit", "panel:session_attendance",
                     "panel:agreement_create", "panel:draft_version_create"):
            assert demo_member.get(reverse(name, args=[session.identifier])).status_code == 200, (name, session)
        for agreement in session.agreements.all():
            url = reverse("panel:agreement_edit", args=[session.identifier, agreement.identifier])
            assert demo_member.get(url).status_code == 200


def test_the_demo_attendance_is_shown_as_recorded(demo_member):
    for session in Session.objects.formal():
        form = AttendanceForm(session=session)
        recorded = {row.seat_id: row.status for row in session.attendances.all() if row.seat_id}
        for seat in form.seats:
            if seat.pk in recorded:
                assert form[form.seat_field(seat)].value() == recorded[seat.pk]


def as_post(*forms):
    """What a browser would send back for these forms, untouched."""
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or isinstance(value, FieldFile) or value is False:
                continue
            data[field.html_name] = "on" if value is True else (
                value.isoformat() if hasattr(value, "isoformat") else value)
    return data


def test_every_demo_session_saves_back_unchanged_through_the_edit_form(demo_member):
    for session in Session.objects.all():
        url = reverse("panel:session_edit", args=[session.identifier])
        page = demo_member.get(url)
        agenda = page.context["agenda"]
        data = as_post(page.context["form"], agenda.management_form, *agenda.forms)
        response = demo_member.post(url, data)
        assert response.status_code == 302, (session, response.context["form"].errors,
                                             [f.errors for f in response.context["agenda"]])
