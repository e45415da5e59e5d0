"""The design system in a real browser: every public page type passes axe-core (WCAG 2.1 AA) at a
phone's 390 px and a desktop's 1280 px, the phone menu and the filters open without JavaScript, and
nothing is wider than the phone's screen except inside a scrolling table."""

import datetime

import pytest
from django.utils import timezone

from sessions.models import Session
from tests import factories as f
from tests import snapshots
from tests.browser.conftest import axe_violations, new_page
from tests.public.conftest import build_public_record

pytestmark = pytest.mark.django_db(transaction=True)

PAGE_TYPES = ["/", "/compromisos/", "commitment", "/ejes/", "axis", "/plan/", "plan", "/sesiones/", "session",
              "/acuerdos/", "agreement", "/documentos/", "document", "/organos/", "body", "/datos/", "follow"]


@pytest.fixture
def public_record(world, _worlds):
    def build():
        record = build_public_record(world)
        f.SessionFactory(body=world.stl, status=Session.Status.SCHEDULED, title="Sesión por venir",
                         date=timezone.localdate() + datetime.timedelta(days=20))
        return record

    return snapshots.world_for(_worlds, "public_record_and_a_session_to_come", build)


def url_of(kind, world, record):
    return {
        "commitment": record.commitment.get_absolute_url(), "axis": world.axis_ieem.get_absolute_url(),
        "plan": world.plan.get_absolute_url(), "session": record.session.get_absolute_url(),
        "agreement": record.agreement.get_absolute_url(), "document": record.document.get_absolute_url(),
        "body": world.stl.get_absolute_url(), "follow": f"/avisos/?compromiso={record.commitment.identifier}",
    }.get(kind, kind)


@pytest.fixture
def browser_at(chromium):
    contexts = []

    def open_page(width, javascript=True):
        page = new_page(chromium, viewport={"width": width, "height": 800}, java_script_enabled=javascript,
                        is_mobile=width < 600)
        contexts.append(page.context)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_public_page_type_passes_axe_at_phone_and_desktop_width(reading_page, live_server, world,
                                                                      public_record, kind, width):
    page = reading_page(width)
    response = page.goto(live_server.url + url_of(kind, world, public_record))
    assert response.status == 200
    assert axe_violations(page) == []
    # Nothing pushes the page sideways: only a table's own region may scroll.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_phone_menu_and_the_filters_open_without_javascript(browser_at, live_server, world, public_record):
    page = browser_at(390, javascript=False)
    page.goto(live_server.url + "/compromisos/")
    sessions_link = page.locator(".menu-phone").get_by_role("link", name="Sesiones")
    assert not sessions_link.is_visible()
    assert not page.locator(".menu-desktop").is_visible()
    page.get_by_text("Menú").click()
    assert sessions_link.is_visible()
    assert page.locator(".menu-phone a[aria-current]").inner_text() == "Compromisos"

    cumplimiento = page.get_by_label("Nivel de cumplimiento")
    assert not cumplimiento.is_visible(), "the filters fold away behind one button"
    page.locator(".filter-more > summary").click()
    cumplimiento.select_option(value="limited")
    page.get_by_role("button", name="Aplicar").click()
    assert "cumplimiento=limited" in page.url
    assert page.get_by_label("Nivel de cumplimiento").is_visible(), "open while a filter is applied"


def test_the_desktop_header_shows_every_section_with_the_current_one_marked(browser_at, live_server, world,
                                                                            public_record):
    page = browser_at(1280)
    page.goto(live_server.url + public_record.session.get_absolute_url())
    header = page.locator(".menu-desktop")
    assert header.is_visible() and not page.locator(".menu-phone").is_visible()
    names = header.get_by_role("link").all_inner_texts()
    assert names[:10] == ["Compromisos", "Ejes", "Plan y ruta", "Sesiones", "Acuerdos", "Documentos", "Órganos",
                          "Consultas", "Datos abiertos", "Buscar"]
    assert header.locator("a[aria-current]").inner_text() == "Sesiones"


def test_a_chart_keeps_readable_text_on_a_phone(browser_at, live_server, world, public_record):
    page = browser_at(390)
    page.goto(live_server.url + world.plan.get_absolute_url())
    sizes = page.evaluate("""() => [...document.querySelectorAll('svg.chart text')]
        .map(t => t.getBoundingClientRect().height)""")
    assert sizes, "the plan page draws its charts"
    assert min(sizes) >= 12, sizes


@pytest.mark.parametrize("width", [390, 1000, 1280])
def test_every_badge_stays_inside_its_card(browser_at, live_server, world, public_record, width):
    page = browser_at(width)
    page.goto(live_server.url + "/compromisos/")
    outside = page.evaluate("""() => [...document.querySelectorAll('.card .badge')].filter(badge => {
        const card = badge.closest('.card').getBoundingClientRect(), box = badge.getBoundingClientRect();
        return box.left < card.left || box.right > card.right;
    }).map(badge => badge.textContent)""")
    assert page.locator(".card .badge").count() > 0
    assert outside == []
