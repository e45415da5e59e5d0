"""The design system's server side: the header names every public section and marks the current
one, filters fold away and count their options, sessions to come stand apart from past ones, charts
keep readable text on a phone, the favicon and the web app manifest, the design page (debug only)."""

import datetime
import json
import re
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.utils import timezone

from core.charts import Bar, progress_bars, route_timeline
from core.icons import PATHS, icon_svg
from sessions.models import Session
from stl_portal import site
from tests import factories as f

SECTIONS = ["/compromisos/", "/ejes/", "/plan/", "/sesiones/", "/acuerdos/", "/documentos/", "/organos/", "/datos/"]


def current_links(html):
    return re.findall(r'<a href="([^"]+)" aria-current="(page|true)"', html)


@pytest.mark.django_db
def test_the_header_lists_every_public_section_and_marks_the_current_one(client, world, public_record):
    for section in SECTIONS:
        html = client.get(section).content.decode()
        for other in SECTIONS:
            assert f'href="{other}"' in html, (section, other)
        # The phone menu and the desktop bar both mark it; only one of them is displayed.
        assert current_links(html) == [(section, "page"), (section, "page")], section
    detail = client.get(public_record.commitment.get_absolute_url()).content.decode()
    assert current_links(detail) == [("/compromisos/", "true")] * 2
    assert current_links(client.get("/").content.decode()) == []


@pytest.mark.django_db
def test_the_phone_menu_is_a_details_element_that_needs_no_javascript(client, world):
    html = client.get("/").content.decode()
    menu = html.split('<details class="menu-phone">')[1].split("</details>")[0]
    assert "<summary>" in menu and "Menú" in menu and 'href="/documentos/"' in menu
    assert "<script" not in html


@pytest.mark.django_db
def test_every_page_has_a_favicon_and_a_web_app_manifest(client, world):
    html = client.get("/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    assert 'rel="manifest" href="/manifest.webmanifest"' in html
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert manifest["lang"] == "es-MX" and manifest["start_url"] == "/"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]


@pytest.mark.django_db
def test_filters_fold_behind_one_button_and_open_when_one_is_applied(client, world, public_record):
    html = client.get("/compromisos/").content.decode()
    assert '<details class="filter-more">' in html
    assert html.index('name="q"') < html.index('<details class="filter-more">'), "the search stays in sight"
    applied = client.get(f"/compromisos/?eje={world.axis_ieem.identifier}").content.decode()
    assert '<details class="filter-more" open>' in applied
    assert "Filtros (1 activo)" in applied


@pytest.mark.django_db
def test_filter_options_show_how_many_records_they_hold(client, world):
    f.published_commitment(world.axis_ieem, title="Uno")
    f.published_commitment(world.axis_ieem, title="Dos")
    f.CommitmentFactory(axis=world.axis_infoem, title="Borrador que no cuenta")
    html = client.get("/compromisos/").content.decode()
    # Each axis names its plan (several plans share axis names), then its count.
    assert f"Fortalecimiento de la Democracia ({world.plan.name}) (2)</option>" in html
    assert f"Cultura de Gobierno Abierto ({world.plan.name}) (0)</option>" in html
    assert "Cocreado (2)</option>" in html
    sessions = client.get("/sesiones/").content.decode()
    assert re.search(r"Sesiones formales \(\d+\)</option>", sessions)


@pytest.mark.django_db
def test_sessions_to_come_stand_apart_from_past_ones(client, world):
    soon = f.SessionFactory(body=world.stl, status=Session.Status.SCHEDULED, title="La que viene",
                            date=timezone.localdate() + datetime.timedelta(days=7))
    past = f.SessionFactory(body=world.stl, date=datetime.date(2020, 4, 8))
    f.SessionFactory(body=world.stl, status=Session.Status.SCHEDULED, is_public=False,
                     date=timezone.localdate() + datetime.timedelta(days=3))
    response = client.get("/sesiones/")
    assert response.context["upcoming"] == [soon]
    assert past in response.context["sessions"] and soon not in response.context["sessions"]
    html = response.content.decode()
    upcoming, previous = html.split('id="anteriores"')
    assert soon.get_absolute_url() in upcoming and "Programada" in upcoming
    assert past.get_absolute_url() in previous and soon.get_absolute_url() not in previous


def rendered_font_sizes(svg, screen_width):
    """The text sizes, in CSS pixels, of a chart drawn across ``screen_width`` pixels."""
    view_width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    return [float(size) * screen_width / view_width for size in re.findall(r'font-size="([\d.]+)"', svg)]


def test_charts_keep_readable_text_at_390_px():
    phone_content_width = 390 - 2 * 16
    bars = progress_bars([Bar("Un eje con un nombre bastante largo para un teléfono", 40), Bar("Otro", None)],
                         "Avance", "c")
    phases = [SimpleNamespace(order=1, name="Instalación del Secretariado Técnico Local y su reglamento",
                              planned_start=datetime.date(2019, 1, 1), planned_end=datetime.date(2019, 6, 1),
                              actual_start=datetime.date(2019, 2, 1), actual_end=datetime.date(2019, 7, 1))]
    for svg in (bars, route_timeline(phases, "r", today=datetime.date(2020, 1, 1))):
        sizes = rendered_font_sizes(svg, phone_content_width)
        assert sizes and min(sizes) >= 12, sizes


def test_icons_are_decorative_unless_labelled_and_unknown_names_fail_loudly():
    assert 'aria-hidden="true"' in icon_svg("mail")
    labelled = icon_svg("calendar", "Calendario")
    assert 'role="img" aria-label="Calendario"' in labelled and "aria-hidden" not in labelled
    assert "style=" not in "".join(icon_svg(name) for name in PATHS), "the CSP forbids inline style"
    with pytest.raises(KeyError):
        icon_svg("no-existe")


@pytest.mark.django_db
def test_the_design_page_shows_every_component_only_while_debugging(rf, client):
    assert client.get("/diseno/").status_code == 404
    request = rf.get("/diseno/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with override_settings(DEBUG=False), pytest.raises(Exception) as refused:
        site.design_system(request)
    assert refused.type.__name__ == "Http404"
    with override_settings(DEBUG=True):
        html = site.design_system(request).content.decode()
    for component in ["badge-level-complete", "badge-light-late", "badge-session-scheduled", "badge-state-published",
                      "card-session", "filter-more", "table class=\"stack\"", "scroll-hint", "svg xmlns", "--space-7"]:
        assert component in html, component
    for name in PATHS:
        assert f"icon-{name}" in html, name


def test_the_print_stylesheet_hides_the_chrome_and_keeps_records_whole():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text(encoding="utf-8")
    printing = css.split("@media print")[1]
    for rule in [".site-header", ".filters", ".pagination", ".follow", "break-inside: avoid", 'attr(href)']:
        assert rule in printing, rule
