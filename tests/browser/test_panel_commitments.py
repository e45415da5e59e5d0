"""In Chromium: log in (and be refused after too many wrong passwords), publish an approved
commitment, and record a milestone's progress with a PDF as evidence."""

import re

import pytest
from playwright.sync_api import expect

from commitments.models import Commitment
from tests import factories as f
from tests.browser.conftest import browser_login

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_member_logs_in_and_reaches_the_panel(page, live_server, world):
    browser_login(page, live_server, world.ieem_member)
    page.wait_for_url(re.compile(r"/panel/$"))
    assert page.locator("h1").inner_text() == "Panel de integrantes"
    expect(page.get_by_role("button", name="Salir")).to_be_visible()


def test_too_many_wrong_passwords_lock_the_login_and_say_so(page, live_server, world):
    for _attempt in range(10):
        browser_login(page, live_server, world.ieem_member, password="no-es-la-clave")
    browser_login(page, live_server, world.ieem_member)
    alert = page.locator("#bloqueo")
    assert "Demasiados intentos fallidos" in alert.inner_text()
    assert "/cuentas/entrar/" in page.url


def test_a_member_publishes_an_approved_commitment(page, live_server, world):
    agreement = f.adopted_agreement(world.stl, code="STL/SO/03/2020-07")
    commitment = f.approved_commitment(world.axis_ieem, agreement=agreement, title="Datos electorales abiertos")
    browser_login(page, live_server, world.ieem_member)
    page.wait_for_url(re.compile(r"/panel/$"))
    page.goto(f"{live_server.url}/panel/compromisos/")
    page.get_by_role("link", name="Datos electorales abiertos").click()
    expect(page.get_by_text("Aprobado por el acuerdo STL/SO/03/2020-07")).to_be_visible()
    page.get_by_role("button", name="Publicar").click()
    expect(page.get_by_text("Compromiso publicado.")).to_be_visible()
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PUBLISHED
    page.get_by_role("link", name="Ver la página pública").click()
    assert page.locator("h1").inner_text() == "Datos electorales abiertos"


def test_a_member_records_milestone_progress_with_a_pdf(page, live_server, world, tmp_path):
    commitment = f.published_commitment(world.axis_ieem, title="Micrositio de resultados")
    milestone = f.MilestoneFactory(commitment=commitment, order=1, title="Micrositio publicado")
    evidence = tmp_path / "evidencia.pdf"
    evidence.write_bytes(PDF)
    browser_login(page, live_server, world.ieem_member)
    page.wait_for_url(re.compile(r"/panel/$"))
    page.goto(f"{live_server.url}/panel/compromisos/{commitment.identifier}/")
    page.get_by_role("link", name="Registrar avance Micrositio publicado").click()
    page.get_by_label("Avance (%)").fill("75")
    page.get_by_label("Qué se hizo").fill("Se publicó la primera versión del micrositio.")
    page.get_by_label("Archivo de evidencia").set_input_files(str(evidence))
    page.get_by_role("button", name="Registrar avance").click()
    expect(page.get_by_text("Avance registrado.")).to_be_visible()
    milestone.refresh_from_db()
    assert milestone.completion_percent == 75
    assert milestone.evidence_file.name.endswith(".pdf")
    expect(page.get_by_text("Avance: 75 %")).to_be_visible()


def test_without_javascript_a_bad_draft_is_explained_and_a_good_one_is_saved(chromium, live_server, world):
    context = chromium.new_context(locale="es-MX", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        browser_login(page, live_server, world.ieem_member)
        page.wait_for_url(re.compile(r"/panel/$"))
        page.goto(f"{live_server.url}/panel/compromisos/nuevo/")
        page.get_by_label("Título").fill("Observatorio ciudadano")
        page.get_by_label("Fecha de inicio").fill("2021-12-31")
        page.get_by_label("Fecha de término").fill("2021-01-01")
        page.get_by_role("button", name="Guardar").click()
        expect(page.get_by_text("Revise los campos marcados; no se guardó nada.")).to_be_visible()
        expect(page.get_by_text("La fecha de término no puede ser anterior a la fecha de inicio.")).to_be_visible()
        assert page.get_by_label("Título").input_value() == "Observatorio ciudadano"
        page.get_by_label("Eje").select_option(label="Fortalecimiento de la Democracia")
        page.get_by_label("Institución responsable").select_option(label=world.ieem.display_name)
        page.get_by_label("Fecha de término").fill("2022-01-01")
        page.get_by_role("button", name="Guardar").click()
        expect(page.get_by_text("Borrador guardado.")).to_be_visible()
        assert Commitment.objects.get().title == "Observatorio ciudadano"
    finally:
        context.close()


def test_the_commitment_page_fits_a_phone(phone_page, live_server, world):
    commitment = f.published_commitment(world.axis_ieem, title="Compromiso en el teléfono")
    f.MilestoneFactory(commitment=commitment, order=1)
    browser_login(phone_page, live_server, world.ieem_member)
    phone_page.wait_for_url(re.compile(r"/panel/$"))
    for path in ("/panel/", "/panel/compromisos/", f"/panel/compromisos/{commitment.identifier}/"):
        phone_page.goto(live_server.url + path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375, path
