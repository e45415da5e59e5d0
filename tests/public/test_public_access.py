"""Public pages need no login, set no cookie for a visitor, and look the same to any member."""

import pytest

from tests.public.test_no_drafts_leak import public_patterns


def pages_of(public_record, world):
    urls = [f"/{route}" for route, _p in public_patterns() if "<" not in route]
    return urls + [public_record.commitment.get_absolute_url(), public_record.session.get_absolute_url(),
                   public_record.agreement.get_absolute_url(), public_record.document.get_absolute_url(),
                   world.axis_ieem.get_absolute_url(), world.plan.get_absolute_url(), world.stl.get_absolute_url()]


@pytest.mark.django_db
def test_an_anonymous_visitor_reads_every_public_page_without_a_cookie(client, world, public_record):
    for url in pages_of(public_record, world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, f"{url} sets {list(response.cookies)}"
        assert "csrfmiddlewaretoken" not in response.content.decode("utf-8", "replace"), url


@pytest.mark.django_db
def test_a_member_of_another_stl_reads_the_same_public_pages(client, login, world, other_world, public_record):
    login(other_world.infoem_member)
    for url in pages_of(public_record, world):
        # With two STLs, a record's plain address moves (301) to its STL's site.
        assert client.get(url, follow=True).status_code == 200, url


@pytest.mark.django_db
def test_public_pages_refuse_to_change_anything(client, world, public_record):
    for url in ["/", "/compromisos/", public_record.commitment.get_absolute_url(), "/datos/commitments.csv"]:
        assert client.post(url).status_code in (403, 405), url
