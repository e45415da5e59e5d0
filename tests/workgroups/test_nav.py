"""The header shows a logged-in person the parts of the panel their role opens, on every page."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("url_name", ["panel:home", "public:home"])
def test_staff_see_reports_and_accounts_in_the_header(world, login, url_name):
    page = login(world.staff).get(reverse(url_name)).content.decode()
    assert reverse("reports:index") in page
    assert reverse("panel:account_list") in page
    assert reverse("panel:session_list") in page


@pytest.mark.parametrize("url_name", ["panel:home", "public:home"])
def test_members_do_not_see_staff_links(world, login, url_name):
    page = login(world.ieem_member).get(reverse(url_name)).content.decode()
    assert reverse("reports:index") not in page
    assert reverse("panel:account_list") not in page
    assert reverse("panel:commitment_list") in page


def test_session_panel_page_links_to_its_history(world, login):
    from tests.factories import SessionFactory

    session = SessionFactory(body=world.stl)
    page = login(world.ieem_member).get(reverse("panel:session_detail", args=[session.identifier])).content.decode()
    assert reverse("panel:history", args=["stl_sessions.session", session.identifier]) in page
