"""A visitor browses the public portal in Chromium: from the home page to a commitment and the
session that approved it, filters and searches, downloads a CSV; axe-core finds no WCAG 2.1 AA
violation on the home, list and detail pages."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import snapshots
from tests.browser.conftest import PHONE, axe_violations
from tests.public.conftest import build_drafts, build_public_record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def public_record(world, _worlds):
    return snapshots.world_for(_worlds, "public_record", lambda: build_public_record(world))


@pytest.fixture
def drafts(world, public_record):
    return build_drafts(world, public_record)


def test_a_visitor_goes_from_the_home_page_to_a_commitment_and_its_approving_session(
        page, live_server, public_record):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Datos abiertos electorales").click()
    page.wait_for_url(f"**{public_record.commitment.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Datos abiertos electorales"
    expect(page.get_by_role("heading", name="Catálogo de datos publicado")).to_be_visible()
    page.locator("a.approving-session").click()
    page.wait_for_url(f"**{public_record.session.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Tercera Sesión Ordinaria"
    expect(page.get_by_role("cell", name="Ana Garante")).to_be_visible()


def test_a_visitor_filters_and_searches_the_commitments(page, live_server, world, public_record, drafts):
    page.goto(live_server.url + "/compromisos/")
    page.get_by_label("Buscar").fill("definitivo")
    page.get_by_role("button", name="Buscar").click()
    titles = page.locator(".card-title").all_inner_texts()
    assert titles == ["Compromiso con nombre definitivo"]
    page.goto(live_server.url + "/compromisos/")
    page.get_by_text("Filtros", exact=True).click()  # the filters fold behind one button (a <details>)
    page.get_by_label("Ordenar por").select_option(label="Mayor avance")
    page.get_by_label("Eje").select_option(value=world.axis_ieem.identifier)
    page.get_by_role("button", name="Aplicar").click()
    assert page.locator(".card-title").first.inner_text() == "Datos abiertos electorales"
    assert "orden=avance" in page.url


def test_a_visitor_downloads_a_csv(page, live_server, public_record):
    page.goto(live_server.url + "/datos/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="commitments.csv", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "commitments.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["title"] for row in rows] == ["Datos abiertos electorales"]


@pytest.mark.parametrize("path", ["/", "/compromisos/", "detail", "/sesiones/", "/datos/", "plan"])
def test_axe_finds_no_wcag_21_aa_violation(reading_page, live_server, world, public_record, path):
    if path == "detail":
        path = public_record.commitment.get_absolute_url()
    elif path == "plan":
        path = world.plan.get_absolute_url()
    page = reading_page(1280, 900)
    page.goto(live_server.url + path)
    assert axe_violations(page) == []


@pytest.mark.parametrize("kind", ["new page", "reading page"])
def test_axe_reports_a_violation_when_there_is_one(page, reading_page, live_server, public_record, kind):
    """Whether axe-core comes with the check (a new page) or with the page itself (a reading page's
    init script), the check finds what is wrong and stays on the page as it is."""
    if kind == "reading page":
        page = reading_page(1280, 900)
    page.goto(live_server.url + "/")
    assert page.evaluate("typeof axe") == ("object" if kind == "reading page" else "undefined")
    page.evaluate("document.documentElement.removeAttribute('lang')")
    assert "html-has-lang" in [violation[0] for violation in axe_violations(page)]
    page.evaluate("document.documentElement.setAttribute('lang', 'es-MX')")
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/", "/compromisos/", "detail", "session"])
def test_axe_finds_no_violation_on_a_phone(reading_page, live_server, public_record, path):
    if path == "detail":
        path = public_record.commitment.get_absolute_url()
    elif path == "session":
        path = public_record.session.get_absolute_url()
    phone_page = reading_page(PHONE["viewport"]["width"], PHONE["viewport"]["height"])
    phone_page.goto(live_server.url + path)
    assert axe_violations(phone_page) == []
