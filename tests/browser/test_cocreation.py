"""In Chromium: a citizen sends a proposal to a consultation and confirms it from the e-mailed link;
the secretary answers it and links the commitment it became; axe-core finds no WCAG 2.1 AA violation
on the consultation pages, the form and the secretary's pages, on a desktop and on a phone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cocreation.models import Input
from core.worker import run_pending_jobs
from tests import factories as f
from tests.browser.conftest import axe_violations, browser_login
from tests.cocreation.conftest import make_consultation, make_input

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_citizen_sends_a_proposal_and_confirms_it(page, live_server, world):
    consultation = make_consultation(world, title="Consulta del plan de gobierno abierto")
    page.goto(live_server.url + consultation.get_absolute_url())
    assert axe_violations(page) == []
    page.get_by_role("link", name="Enviar un comentario o una propuesta").click()
    assert axe_violations(page) == []
    page.get_by_label("Propuesta").check()
    page.get_by_role("textbox", name="Nombre o seudónimo").fill("Observatorio Ciudadano")
    page.get_by_label("Correo electrónico").fill("observatorio@example.org")
    page.get_by_label("Problema que identifica").fill("Las actas tardan meses en publicarse.")
    page.get_by_label("Solución que propone").fill("Publicar cada acta a los diez días de la sesión.")
    page.get_by_label("Quién podría encabezarla").fill("La secretaría técnica")
    page.get_by_label("Acepto que mi aportación se publique").check()
    page.get_by_role("button", name="Enviar").click()
    expect(page.get_by_role("heading", name="Revise su correo")).to_be_visible()
    item = Input.objects.get()
    assert item.confirmed_at is None

    assert run_pending_jobs() == 1
    link = re.search(r"https?://\S+(/consultas/confirmar/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirmar mi aportación").click()
    expect(page.get_by_text("Su aportación quedó confirmada")).to_be_visible()
    page.get_by_role("link", name="Ver su aportación en la consulta").click()
    expect(page.get_by_text("Publicar cada acta a los diez días de la sesión.")).to_be_visible()
    assert "observatorio@example.org" not in page.content()
    assert axe_violations(page) == []


def test_the_secretary_answers_an_input_and_links_its_commitment(page, live_server, world):
    consultation = make_consultation(world, title="Consulta del plan", opens=-30, closes=-1)
    make_input(consultation, kind="proposal", comment="", problem="No hay datos", solution="Abrirlos",
               author_name="Vecina")
    f.published_commitment(world.axis_ieem, title="Datos abiertos electorales", lead_institution=world.ieem)
    browser_login(page, live_server, world.staff)
    page.wait_for_url(re.compile(r"/panel/$"))
    expect(page.get_by_role("heading", name="Obligaciones de OGP Local")).to_be_visible()
    expect(page.get_by_text("cerró el").first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Responder consultas").click()
    page.wait_for_url(re.compile(r"/panel/consultas/$"))
    page.get_by_role("link", name="Consulta del plan").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Responder", exact=True).click()
    assert axe_violations(page) == []
    page.get_by_label("Adoptada", exact=True).check()
    page.get_by_label("Razones (se publican)").fill("La propuesta se volvió el compromiso de datos abiertos.")
    page.get_by_label("Compromiso al que dio origen").select_option(label="Datos abiertos electorales")
    page.get_by_role("button", name="Publicar la respuesta").click()
    expect(page.get_by_text("Respuesta publicada.")).to_be_visible()
    page.goto(live_server.url + consultation.get_absolute_url())
    expect(page.get_by_text("La propuesta se volvió el compromiso de datos abiertos.")).to_be_visible()
    page.get_by_role("link", name="Datos abiertos electorales").click()
    expect(page.get_by_role("heading", name="Propuesta ciudadana que dio origen")).to_be_visible()
    assert axe_violations(page) == []


def test_the_consultation_pages_on_a_phone(phone_page, live_server, world):
    consultation = make_consultation(world)
    make_input(consultation).answer("partly_adopted", "En parte.")
    for path in (consultation.get_absolute_url(), f"/consultas/{consultation.identifier}/participar/", "/consultas/"):
        phone_page.goto(live_server.url + path)
        assert axe_violations(phone_page) == []
        assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
