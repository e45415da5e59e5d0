"""Both of Debian's Chromium binaries open the portal: the headless shell that runs the browser tests
and the full browser (/usr/bin/chromium), which the screenshots are taken with."""

import pytest

from tests.browser.conftest import opened_page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["chromium", "full_chromium"])
def any_page(request):
    with opened_page(request.getfixturevalue(request.param)) as page:
        yield page


def test_the_home_page_opens_in_chromium(any_page, live_server, world):
    page = any_page
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Secretariado Técnico Local de Gobierno Abierto"
    assert page.locator("html").get_attribute("lang") == "es-MX"
    assert world.stl.name in page.content()
