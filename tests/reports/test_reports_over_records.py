"""Every report of both records, read back from its PDF: the demo record (STL Estado de México) and a
second, fictional one (tests/fixtures/stl-valle-alto-2019-2023.json: past 2020, a second action
plan, ordinary sessions beyond the tenth, commitments led by institutions without a seat, an
alternate replaced mid-year, a date marked illustrative).

Each institution that appears in an STL's records, and the STL itself, year by year: the Spanish
(no bare «de Instituto», no sentence twice), certainty (no illustrative date stated as fact; the
report is preliminary when it uses one), facts only from their period, and the layout (page count,
no page under a third full except the last).
"""

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from core.grammar import bare_names
from core.pdf import write_pdf
from core.spanish import long_date
from opendata.format import import_document
from reports.activity import build_report, institutions_of, year_period
from reports.render import report_html
from sessions.models import Session
from tests.pdfs import pdf_pages
from tests.reports.conftest import squash
from workgroups.models import Body

# The module's reports are made once (fixture below) on one test worker (the module is one work unit of
# pytest-xdist, started first: tests/scheduling.py); the tests only read them, but pytest-django sets
# up the test database only for modules that ask for it.
pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "stl-valle-alto-2019-2023.json"
YEARS = {"stl-edomex": range(2019, 2022), "stl-valle-alto": range(2019, 2024)}
STATIC_DIRS = [str(d) for d in settings.STATICFILES_DIRS]

# A4 in points and the page's content area (margins of static/css/report.css: 22 mm top, 24 mm bottom).
PAGE_TOP = 841.89 - 22 * 72 / 25.4
PAGE_BOTTOM = 24 * 72 / 25.4
MAX_PAGES = 12


class ProseParser(HTMLParser):
    """The sentences of the report's prose: paragraphs and list items outside tables."""

    def __init__(self):
        super().__init__()
        self.depth_table = 0
        self.stack = []
        self.blocks = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.depth_table += 1
        if tag in ("p", "li") and not self.depth_table:
            self.stack.append([])

    def handle_endtag(self, tag):
        if tag == "table":
            self.depth_table -= 1
        if tag in ("p", "li") and self.stack and not self.depth_table:
            self.blocks.append(squash("".join(self.stack.pop())))

    def handle_data(self, data):
        if self.stack:
            self.stack[-1].append(data)


def sentences(html):
    parser = ProseParser()
    parser.feed(html)
    found = []
    for block in parser.blocks:
        found.extend(s.strip() for s in re.split(r"(?<=[.])\s+(?=[A-ZÁÉÍÓÚÑ¿«])", block) if len(s.strip()) > 20)
    return found


def read_pages(data):
    """Each page's text and how full its content area is (0–1, from the bottom of its lowest word)."""
    texts, fills = [], []
    for page in pdf_pages(data):
        lowest = [page.height - word.bottom for word in page.words
                  if PAGE_BOTTOM < page.height - word.bottom < PAGE_TOP]
        texts.append(page.text)
        fills.append((PAGE_TOP - min(lowest)) / (PAGE_TOP - PAGE_BOTTOM) if lowest else 0)
    return texts, fills


def unhyphen(text):
    """Words that WeasyPrint hyphenated in narrow table cells, joined again."""
    return text.replace("\u2010 ", "")


def body_of(texts):
    """The text of the pages without the running header and footer (drawn after each page's body)."""
    pages = []
    for text in texts:
        cuts = [i for i in (text.rfind("Generado el "), text.rfind(" · ")) if i > 0]
        pages.append(text[:min(cuts)] if cuts else text)
    return squash(" ".join(pages))


@pytest.fixture(scope="module")
def every_report(django_db_setup, django_db_blocker):
    """Both records loaded, and every report of each (institution or STL, year) made once: its data,
    its HTML and what its PDF says. Rolled back when the module ends."""
    made = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        import_document(json.loads(FIXTURE.read_text(encoding="utf-8")), reason="Prueba")
        for stl_id, years in YEARS.items():
            stl = Body.objects.get(identifier=stl_id)
            subjects = [None, *institutions_of(stl)]
            illustrative = {long_date(s.date) for s in Session.objects.of_stl(stl).filter(date_certainty="illustrative")}
            for institution in subjects:
                for year in years:
                    report = build_report(institution, stl, *year_period(year))
                    html = report_html(report)
                    texts, fills = read_pages(write_pdf(html, STATIC_DIRS, settings.STATIC_URL))
                    key = (stl_id, institution.identifier if institution else "stl", year)
                    made[key] = {
                        "preliminary": report.preliminary, "html": html, "pages": len(texts),
                        "fills": fills, "first_page": squash(texts[0]),
                        "text": unhyphen(squash(" ".join(texts))),
                        "body": unhyphen(body_of(texts)), "illustrative_dates": illustrative,
                        "fingerprint": report.fingerprint,
                    }
        yield made
        transaction.set_rollback(True)


def test_every_institution_in_the_records_and_the_stl_get_every_year(every_report):
    valle = {key[1] for key in every_report if key[0] == "stl-valle-alto"}
    # Institutions without a seat are there too: the court, the health services, the university.
    assert {"stl", "iaiva", "contraloria-va", "finanzas-va", "cedh-va", "pj-va", "tja-va", "uava",
            "servicios-salud-va"} == valle
    assert {key[1] for key in every_report if key[0] == "stl-edomex"} == {"stl", "ieem", "infoem", "contraloria-edomex"}
    assert len(every_report) == 4 * 3 + 9 * 5


def test_no_bare_names_and_no_sentence_twice(every_report):
    problems = []
    for key, made in every_report.items():
        bare = bare_names(made["text"]) + bare_names(made["html"])
        if bare:
            problems.append((key, "bare", sorted(set(bare))))
        said = sentences(made["html"])
        twice = sorted({s for s in said if said.count(s) > 1})
        if twice:
            problems.append((key, "twice", twice))
    assert problems == [], "\n".join(map(str, problems))


def test_an_illustrative_date_never_appears_without_its_caveat(every_report):
    problems = []
    for key, made in every_report.items():
        for date in made["illustrative_dates"]:
            for match in re.finditer(re.escape(date), made["text"]):
                around = made["text"][max(0, match.start() - 200):match.end() + 200].lower()
                if "por confirmar" not in around and "ilustrativ" not in around:
                    problems.append((key, date))
    assert problems == []
    assert "25 de febrero de 2021" not in every_report[("stl-valle-alto", "stl", 2021)]["text"]
    assert "Se celebró la Quinta Sesión Ordinaria del STL Valle Alto (fecha por confirmar" in (
        every_report[("stl-valle-alto", "stl", 2021)]["body"])


def test_a_report_built_on_an_illustrative_date_says_it_is_preliminary_on_its_first_page(every_report):
    for key, made in every_report.items():
        assert ("Versión preliminar" in made["first_page"]) == made["preliminary"], key
    assert every_report[("stl-valle-alto", "stl", 2021)]["preliminary"]
    assert every_report[("stl-edomex", "ieem", 2020)]["preliminary"]  # its meetings' dates are illustrative
    assert not every_report[("stl-valle-alto", "stl", 2023)]["preliminary"]


def test_a_2023_fact_never_appears_in_a_2021_report(every_report):
    facts_2023 = ["Décima Tercera Sesión Ordinaria", "Representante de la Academia", "1 de febrero de 2023",
                  "Guía aprobada por el pleno", "Décima Cuarta"]
    for key, made in every_report.items():
        if key[0] == "stl-valle-alto" and key[2] <= 2022:
            assert [fact for fact in facts_2023 if fact in made["body"]] == [], key
    stl_2023 = every_report[("stl-valle-alto", "stl", 2023)]["body"]
    assert "Décima Tercera Sesión Ordinaria" in stl_2023 and "Representante de la Academia" in stl_2023
    assert "no ocupó un asiento" in every_report[("stl-valle-alto", "uava", 2022)]["body"]
    assert "La Universidad Autónoma de Valle Alto (UAVA) integra el Secretariado" in (
        every_report[("stl-valle-alto", "uava", 2023)]["body"])


def test_ordinary_sessions_beyond_the_tenth_and_the_second_plan(every_report):
    body = every_report[("stl-valle-alto", "stl", 2022)]["body"]
    assert "El 22 de septiembre de 2022 se celebró la Décima Primera Sesión Ordinaria del STL Valle Alto" in body
    assert "Décima Segunda Sesión Ordinaria" in body
    assert "Segundo Plan de Acción Local de Valle Alto 2022-2024" in body
    assert "Primer Plan de Acción Local de Valle Alto 2020-2021" not in body.split("Ruta de los planes")[1]
    route = body.split("Ruta de los planes de acción")[1]
    assert "Implementación En curso" in route and "Evaluación Pendiente" in route


def test_an_alternate_replaced_mid_year(every_report):
    cedh = every_report[("stl-valle-alto", "cedh-va", 2021)]["body"]
    assert ("La Comisión Estatal de Derechos Humanos de Valle Alto (CEDHVA) integra el Secretariado Técnico "
            "Local de Gobierno Abierto de Valle Alto con el carácter de Representante Suplente de los Entes "
            "Públicos (suplente), desde el 1 de julio de 2021.") in cedh
    assert ("Secretaría de Finanzas de Valle Alto (SEFIVA) (suplente, desde el 10 de septiembre de 2019 y hasta "
            "el 30 de junio de 2021)") in cedh
    assert "Suplente en funciones" in cedh and "Patricia Olvera Cruz" in cedh
    finanzas = every_report[("stl-valle-alto", "finanzas-va", 2021)]["body"]
    assert ("La Secretaría de Finanzas de Valle Alto (SEFIVA) integró el Secretariado Técnico Local de Gobierno "
            "Abierto de Valle Alto") in finanzas and "y hasta el 30 de junio de 2021." in finanzas
    assert "no ocupó un asiento" in every_report[("stl-valle-alto", "finanzas-va", 2022)]["body"]
    assert "no ocupó un asiento" in every_report[("stl-valle-alto", "cedh-va", 2020)]["body"]


def test_an_institution_without_a_seat_reports_what_it_leads(every_report):
    court = every_report[("stl-valle-alto", "pj-va", 2023)]["body"]
    assert "El Poder Judicial del Estado de Valle Alto (PJVA) no ocupó un asiento" in court
    assert "«Versiones públicas de sentencias en lenguaje claro»" in court
    assert ("«Versiones públicas de sentencias en lenguaje claro» forma parte del eje «Salud Abierta»; lo encabeza "
            "el Poder Judicial del Estado de Valle Alto (PJVA); se aprobó mediante el acuerdo STLVA/SO/11/2022-01; su "
            "avance al 31 de diciembre de 2023 es de 65 % (promedio de sus hitos).") in court
    assert "20 de marzo de 2023: 100 %. Guía aprobada por el pleno." in court
    assert "https://pj.valle-alto.example/guia" in court.replace(" ", "")
    court_2021 = every_report[("stl-valle-alto", "pj-va", 2021)]["body"]
    assert "sentencias" not in court_2021
    assert "Acuerdo STLVA/SO/06/2021-01, Eje «Justicia Abierta» (aprobado), propuesto por el PJVA y a su cargo" in (
        court_2021)
    # Co-implements (named among the other actors) without leading.
    tribunal = every_report[("stl-valle-alto", "tja-va", 2023)]["body"]
    assert ("lo encabeza el Poder Judicial del Estado de Valle Alto (PJVA) y el TJAVA participa en su "
            "implementación") in tribunal
    health = every_report[("stl-valle-alto", "servicios-salud-va", 2022)]["body"]
    assert "Informe de actividades de los Servicios de Salud de Valle Alto" in health
    assert "Compromisos proactivos «Tablero público de abasto de medicamentos» forma parte" in health


def test_co_created_and_proactive_commitments_are_reported_apart(every_report):
    finanzas = every_report[("stl-valle-alto", "finanzas-va", 2021)]["body"]
    co_created = finanzas.index("Compromisos cocreados")
    proactive = finanzas.index("Compromisos proactivos")
    assert co_created < finanzas.index("«Portal de datos abiertos presupuestales» forma parte", co_created) < proactive
    assert "El registro no consigna compromisos proactivos de la SEFIVA aprobados al 31 de diciembre de 2021." in finanzas
    assert "15 de abril de 2021: 40 %" in finanzas and "30 de septiembre de 2021: 100 %" in finanzas
    # Progress in 2020 is not progress of 2021, but counts at the end of 2021.
    assert "30 de noviembre de 2020" not in finanzas
    assert "su avance al 31 de diciembre de 2021 es de 100 %" in finanzas
    assert "su avance al 31 de diciembre de 2020 es de 50 %" in every_report[("stl-valle-alto", "finanzas-va", 2020)]["body"]


def test_a_period_with_nothing_says_so_plainly(every_report):
    body = every_report[("stl-valle-alto", "uava", 2020)]["body"]
    assert ("El registro no consigna actividad de la Universidad Autónoma de Valle Alto (UAVA) en el STL Valle "
            "Alto durante el periodo 2020") in body


def test_the_stls_report_covers_its_year(every_report):
    body = every_report[("stl-valle-alto", "stl", 2021)]["body"]
    assert body.startswith("Informe anual de actividades del Secretariado Técnico Local de Gobierno Abierto de Valle Alto")
    assert "Avance de los compromisos por eje e institución" in body
    assert "Eje «Datos Abiertos»" in body
    html = every_report[("stl-valle-alto", "stl", 2021)]["html"]
    assert re.search(r"<td>Portal de datos abiertos presupuestales</td><td>SEFIVA</td><td>Cocreado</td><td>2</td>"
                     r"<td>100 %</td>", html)
    assert re.search(r"<td>Transparencia proactiva en auditorías</td><td>Contraloría del Estado de Valle Alto</td>"
                     r"<td>Proactivo</td><td>1</td><td>100 %</td>", html)
    assert "Foro «Justicia Abierta en Valle Alto»" in body
    edomex = every_report[("stl-edomex", "stl", 2020)]["body"]
    assert "se llevaron a cabo nueve reuniones de trabajo del Grupo Operativo de Trabajo" in edomex


def test_the_layout_of_every_pdf(every_report):
    problems = []
    for key, made in every_report.items():
        if not 1 <= made["pages"] <= MAX_PAGES:
            problems.append((key, "pages", made["pages"]))
        thin = [round(fill, 2) for fill in made["fills"][:-1] if fill < 1 / 3]
        if thin:
            problems.append((key, "near-empty page", thin))
        if made["text"].count(made["fingerprint"]) != made["pages"]:
            problems.append((key, "fingerprint not in every footer"))
        if made["fingerprint"] in made["body"]:
            problems.append((key, "fingerprint in the body"))
    assert problems == []
