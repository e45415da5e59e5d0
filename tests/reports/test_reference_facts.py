"""From the demo record, the IEEM's 2020 report states every fact of the reference report
(../shared/reference: the report the IEEM wrote by hand), read back out of the PDF."""

import pytest

from reports.activity import build_report, year_period
from reports.render import report_pdf
from sessions.models import Session
from tests.factories import ReportTextFactory
from tests.pdfs import pdf_text
from tests.reports.conftest import pdf_body_text

# Each fact of the reference report, as the PDF must state it (white space normalised).
REFERENCE_FACTS = {
    "title names the institution": "Informe de actividades del Instituto Electoral del Estado de México (IEEM)",
    "title names the STL": "Secretariado Técnico Local de Gobierno Abierto del Estado de México",
    "title names the period": "Periodo: 2020",
    "installed on 15 October 2019": "El 15 de octubre de 2019 se llevó a cabo la Sesión de Instalación",
    "INFOEM for the guarantor": "Representante del órgano garante: Instituto de Transparencia",
    "Contraloría for the public bodies": "Representante de los entes públicos: Contraloría del Estado de México",
    "a civil-society representative": "Representante de la Sociedad Civil",
    "a facilitator": "Facilitador (titular",
    "IEEM as alternate of the public bodies": (
        "El Instituto Electoral del Estado de México (IEEM) integra el Secretariado Técnico Local de Gobierno "
        "Abierto del Estado de México con el carácter de Representante Suplente de los Entes Públicos"),
    "first ordinary session on 11 November 2019": "El 11 de noviembre de 2019 se celebró la Primera Sesión Ordinaria",
    "it approved the governance mechanism": "por el que se aprueba el Mecanismo de Gobernanza",
    "and the route of the 2019-2021 plan": "Ruta para la elaboración del Plan de Acción Local de Gobierno Abierto 2019-2021",
    "second ordinary session on 2 April 2020": "El 2 de abril de 2020 se celebró la Segunda Sesión Ordinaria",
    "it added the democracy axis led by the IEEM": (
        "El eje «Fortalecimiento de la Democracia», a cargo del Instituto Electoral del Estado de México "
        "(IEEM), se incorporó en la Segunda Sesión Ordinaria"),
    "third ordinary session on 8 April 2020": "El 8 de abril de 2020 se celebró la Tercera Sesión Ordinaria",
    "it approved the methodology": (
        "Metodología para la Construcción del 1er Plan de Acción de Gobierno Abierto del Estado de México"),
    "phases of co-created commitments": "las fases para construir los compromisos cocreados",
    "the figure of proactive commitments": "la figura de los compromisos proactivos",
    "the study presented on 9 July 2020": (
        "El 9 de julio de 2020 se llevó a cabo la Presentación del «Estudio sobre la Calidad de la "
        "Ciudadanía en el Estado de México»"),
    "by videoconference": "en la modalidad de videoconferencia",
    "within the democracy table": "como parte de los trabajos del eje «Fortalecimiento de la Democracia»",
    "fourth ordinary session on 3 November 2020": "El 3 de noviembre de 2020 se celebró la Cuarta Sesión Ordinaria",
    "it added the open-government-culture axis of the INFOEM": (
        "El eje «Cultura de Gobierno Abierto», a cargo del Instituto de Transparencia"),
    "presented by the INFOEM": "presentado por el INFOEM",
    # The demo marks the meetings' dates as illustrative: the count is stated, their dates are not.
    "nine working meetings in 2020": "se llevaron a cabo nueve reuniones de trabajo",
    "of the operational group": "Grupo Operativo de Trabajo del STL Estado de México",
    "with the facilitator, civil society, the guarantor's and the IEEM's staff": (
        "Asistieron: Facilitador; Personal del IEEM; Personal del órgano garante; Representación de la "
        "sociedad civil"),
    "the meetings' dates are not confirmed": "el registro no confirma sus fechas exactas",
    "so the report is preliminary": "Versión preliminar. El registro marca como ilustrativas, no confirmadas, las fechas de nueve reuniones de trabajo del Grupo Operativo",
    "documents of the axes drafted jointly": "Proyecto de documento del eje «Fortalecimiento de la Democracia»",
    "which are still drafts": "no han sido aprobados formalmente ni tienen carácter definitivo",
    "activity 140109 of the annual programme": (
        "Actividad: 140109 «Elaboración del proyecto de Gobierno Abierto, a través de la participación de "
        "la ciudadanía», incluida en el Programa Anual de Actividades de la Unidad de Transparencia del IEEM, "
        "para el año 2020"),
    "an annex of sessions and agreements": "Anexo. Sesiones y acuerdos del periodo",
    "the annex lists agreement codes": "STL/SO/03/2020-01",
}


# The reference's last paragraph is the unit's own appraisal: staff write it as the closing words.
CLOSING = ("Los trabajos del STL y del grupo operativo no se interrumpieron por la pandemia de COVID-19: "
           "se aprovecharon las herramientas tecnológicas.")


@pytest.fixture
def ieem_2020(demo):
    ReportTextFactory(institution=demo.ieem, stl=demo.stl, opening="Presentación de la Unidad.",
                      closing=CLOSING)
    report = build_report(demo.ieem, demo.stl, *year_period(2020))
    pdf = report_pdf(report)
    return report, pdf_body_text(pdf, "Informe de actividades del IEEM · 2020"), pdf_text(pdf)


def test_the_pdf_states_every_fact_of_the_reference_report(ieem_2020):
    report, body, text = ieem_2020
    missing = [name for name, fact in REFERENCE_FACTS.items() if fact not in body and fact not in text]
    assert missing == []
    assert f"Huella SHA-256 de los registros usados: {report.fingerprint}" in text
    assert "Presentación de la Unidad." in body and CLOSING in body


def test_every_page_carries_the_institution_its_number_and_the_fingerprint(ieem_2020):
    report, body, text = ieem_2020
    pages = text.count("Página ")
    assert pages >= 2
    for number in range(1, pages + 1):
        assert f"Página {number} de {pages}" in text
    # The fingerprint and the generation date in the footer of every page, never in the body.
    assert text.count(report.fingerprint) == pages
    assert text.count("a partir de los registros del portal") == pages
    assert report.fingerprint not in body
    # The title names the institution and the STL once; the running header from page 2 on.
    assert text.count("Informe de actividades del IEEM · 2020") == pages - 1
    assert body.count("Informe de actividades del Instituto Electoral") == 1


def test_a_changed_record_changes_the_text(demo):
    session = Session.objects.get(identifier="stl-edomex-so-2020-3")
    session.date = session.date.replace(day=9)
    session.save()
    axis = demo.ieem.led_axes.get()
    axis.name = "Democracia Participativa"
    axis.save()
    text = pdf_text(report_pdf(build_report(demo.ieem, demo.stl, *year_period(2020))))
    assert "El 9 de abril de 2020 se celebró la Tercera Sesión Ordinaria" in text
    assert "El 8 de abril de 2020" not in text
    # (the sentence of the session may break across a page, with the footer between its halves)
    assert "El eje «Democracia Participativa», a cargo del Instituto Electoral del Estado de México (IEEM), se incorporó" in text
