"""A visitor searches from the home page without accents and reads a plan's dashboard in Chromium;
axe-core finds no WCAG 2.1 AA violation on the search page, the dashboard and a data dictionary,
at desktop and phone widths, and the dashboard's chart text stays readable at 390 px."""

import pytest
from playwright.sync_api import expect

from tests import snapshots
from tests.browser.conftest import PHONE, axe_violations
from tests.public.conftest import build_public_record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def public_record(world, _worlds):
    return snapshots.world_for(_worlds, "public_record", lambda: build_public_record(world))


def test_a_visitor_searches_from_the_home_page_without_accents(page, live_server, public_record):
    page.goto(live_server.url + "/")
    page.get_by_label("Buscar compromisos, acuerdos, sesiones y documentos").fill("ELECTORALES")
    page.get_by_role("button", name="Buscar", exact=True).click()
    page.wait_for_url("**/buscar/?q=ELECTORALES")
    expect(page.get_by_role("heading", name="Compromisos (1)")).to_be_visible()
    assert page.locator("mark").first.inner_text().lower() == "electorales"


def test_a_visitor_reads_the_dashboard_and_its_tables(page, live_server, world, public_record):
    page.goto(live_server.url + world.plan.get_absolute_url())
    page.get_by_role("link", name="Tablero de seguimiento del plan").click()
    page.wait_for_url("**/tablero/")
    expect(page.get_by_role("heading", name="Hitos: semáforo")).to_be_visible()
    assert page.locator("svg.chart").count() == 4
    expect(page.get_by_role("table", name="Hitos por semáforo")).to_be_visible()


PAGES = ["/buscar/?q=datos", "dashboard", "/datos/commitments/", "/datos/"]


def _path(path, world):
    return f"/plan/{world.plan.identifier}/tablero/" if path == "dashboard" else path


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation_on_the_new_pages(reading_page, live_server, world, public_record, path):
    page = reading_page(1280, 900)
    page.goto(live_server.url + _path(path, world))
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation_on_the_new_pages_on_a_phone(reading_page, live_server, world, public_record,
                                                            path):
    phone_page = reading_page(PHONE["viewport"]["width"], PHONE["viewport"]["height"])
    phone_page.goto(live_server.url + _path(path, world))
    assert axe_violations(phone_page) == []


def test_the_dashboard_chart_text_stays_readable_on_a_phone(phone_page, live_server, world, public_record):
    phone_page.goto(live_server.url + _path("dashboard", world))
    sizes = phone_page.evaluate("""() => [...document.querySelectorAll('svg.chart-narrow text')]
        .map(t => t.getBoundingClientRect().height)""")
    assert sizes and min(sizes) >= 12  # CSS pixels of rendered text, not the 6 px of a shrunk chart
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
