"""Both of Debian's Chromium binaries open the portal: the headless shell that runs the browser tests
and the full browser (/usr/bin/chromium), which the screenshots are taken with."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["chromium", "full_chromium"])
def any_page(request):
    context = request.getfixturevalue(request.param).new_context(locale="es-MX")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_the_home_page_opens_in_chromium(any_page, live_server, world):
    page = any_page
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Secretariado Técnico Local de Gobierno Abierto"
    assert page.locator("html").get_attribute("lang") == "es-MX"
    assert world.stl.name in page.content()
