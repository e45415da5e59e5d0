"""The report pages in Debian's Chromium: on a phone, without JavaScript, staff reach the preview."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests import snapshots
from tests.browser.conftest import PHONE, browser_login, opened_page
from workgroups.models import Account, Institution

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_live(transactional_db, _worlds):
    """The demo record, committed for the live server, with a known password for its staff account
    (loaded by the first test of a worker, inserted again from its snapshot for the next)."""

    def build():
        call_command("load_demo", stdout=io.StringIO())
        staff = Account.objects.select_related("user").get(user__username="demo-personal")
        staff.user.set_password("contraseña-de-prueba-1")
        staff.user.save()
        return SimpleNamespace(staff=staff, ieem=Institution.objects.get(identifier="ieem"))

    return snapshots.world_for(_worlds, "demo_live", build)


@pytest.fixture
def phone_without_js(chromium):
    with opened_page(chromium, java_script_enabled=False, **PHONE) as page:
        yield page


def test_staff_choose_an_institution_and_read_the_preview_on_a_phone_without_javascript(
        phone_without_js, live_server, demo_live):
    page = phone_without_js
    browser_login(page, live_server, demo_live.staff)
    page.goto(f"{live_server.url}/informes/")
    page.get_by_label("Informe de").select_option(label=demo_live.ieem.display_name)
    page.get_by_label("Año").fill("2020")
    page.get_by_role("button", name="Ver el informe").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Informe de actividades del Instituto Electoral")
    assert "El 8 de abril de 2020 se celebró la Tercera Sesión Ordinaria" in page.content()
    expect(page.get_by_role("button", name="Generar el PDF")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_a_bad_period_is_explained_next_to_the_field(phone_without_js, live_server, demo_live):
    page = phone_without_js
    browser_login(page, live_server, demo_live.staff)
    page.goto(f"{live_server.url}/informes/")
    page.get_by_label("Informe de").select_option(label=demo_live.ieem.display_name)
    page.get_by_label("Año").fill("")
    page.get_by_label("Desde").fill("2020-06-01")
    page.get_by_label("Hasta").fill("2020-01-01")
    page.get_by_role("button", name="Ver el informe").click()
    error = page.get_by_role("alert")
    assert "no puede ser anterior a la inicial" in error.inner_text()
    assert page.get_by_label("Hasta").get_attribute("aria-invalid") == "true"


def test_staff_ask_for_the_pdf_and_the_page_follows_it_until_it_can_be_downloaded(page, live_server, demo_live):
    from playwright.sync_api import expect

    from core.worker import run_pending_jobs

    browser_login(page, live_server, demo_live.staff)
    page.goto(f"{live_server.url}/informes/ieem/2020-01-01/2020-12-31/")
    page.get_by_role("button", name="Generar el PDF").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PDF del informe")
    expect(page.locator("#report-file-status")).to_contain_text("En cola")
    assert run_pending_jobs() == 1  # the worker beside the server
    download_link = page.get_by_role("link", name="Descargar el PDF")
    expect(download_link).to_be_visible(timeout=20_000)  # the page's script saw it finish
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.startswith("informe-ieem-2020-01-01")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"


def test_staff_choose_the_internal_version_on_a_phone_and_every_page_says_so(phone_without_js, live_server,
                                                                              demo_live):
    """Reserved is reserved: the version is chosen on the form; the internal one says «no publicar»,
    and the page that follows its PDF says so too."""
    page = phone_without_js
    browser_login(page, live_server, demo_live.staff)
    page.goto(f"{live_server.url}/informes/")
    page.get_by_label("Informe de").select_option(label=demo_live.ieem.display_name)
    page.get_by_label("Año").fill("2020")
    page.get_by_label("Interna: incluye las sesiones y reuniones reservadas").check()
    page.get_by_role("button", name="Ver el informe").click()
    assert page.url.endswith("?version=interna")
    expect(page.locator(".report-internal-banner")).to_contain_text(
        "Versión interna: incluye sesiones reservadas; no publicar")
    expect(page.get_by_role("button", name="Generar el PDF interno")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.get_by_role("button", name="Generar el PDF interno").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PDF del informe")
    expect(page.locator(".report-internal-banner")).to_contain_text("Versión interna")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
