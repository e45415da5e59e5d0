import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_home_page_opens_in_chromium(page, live_server, world):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Secretariado Técnico Local de Gobierno Abierto"
    assert page.locator("html").get_attribute("lang") == "es-MX"
    assert world.stl.name in page.content()
