"""The report's certainty rule covers every dated record: a membership's, a commitment's, a progress
update's or a draft version's date that the records mark illustrative or unknown is never stated in
the body, the report is preliminary (first page) and its annex lists each such date."""

import datetime

import pytest

from commitments.models import Commitment
from reports.activity import build_report, year_period
from reports.render import report_html
from sessions.models import Session
from tests import factories as f
from tests.reports.conftest import squash

pytestmark = pytest.mark.django_db


def _annex(html):
    return html.split("Fechas por confirmar: el informe las usa")[1]


def _body(html):
    return html.split("Anexo. Sesiones y acuerdos del periodo")[0]


def test_a_certain_record_is_stated_and_the_report_is_not_preliminary(world):
    report = build_report(world.ieem, world.stl, *year_period(2019))
    html = squash(report_html(report))
    assert not report.preliminary and report.uncertain_dates == []
    assert "desde el 15 de octubre de 2019" in html
    assert "Fechas por confirmar" not in html


def test_an_uncertain_membership_date_is_not_stated_and_the_annex_lists_it(world):
    electoral = world.memberships.electoral
    electoral.start_date, electoral.start_date_certainty = datetime.date(2019, 10, 16), "illustrative"
    electoral.save()
    civil = world.memberships.civil
    civil.end_date, civil.end_date_certainty = datetime.date(2019, 11, 21), "unknown"
    civil.save()
    for institution in (world.ieem, None):
        report = build_report(institution, world.stl, *year_period(2019))
        html = squash(report_html(report))
        assert report.preliminary
        assert "16 de octubre de 2019" not in html and "21 de noviembre de 2019" not in html
        assert "desde una fecha por confirmar" in _body(html)
        assert "Versión preliminar" in html and "que se enumeran en el anexo" in html
        annex = _annex(html)
        assert "Representante Suplente de los Entes Públicos" in annex and "Inicio de la integración" in annex
        assert "Ilustrativa: no consta en los documentos" in annex
    assert "y hasta una fecha por confirmar" in _body(html)  # the STL's composition, with the civil seat
    assert "Desconocida: el registro no la consigna" in _annex(html)


def test_an_uncertain_progress_date_is_not_stated_and_the_annex_lists_it(world):
    commitment = f.approved_commitment(world.axis_ieem, start_date=datetime.date(2020, 1, 1),
                                       end_date=datetime.date(2020, 12, 31))
    milestone = f.MilestoneFactory(commitment=commitment, order=1, title="Micrositio publicado")
    f.MilestoneUpdateFactory(milestone=milestone, date=datetime.date(2020, 3, 17), completion_percent=40,
                             date_certainty="illustrative")
    f.MilestoneUpdateFactory(milestone=milestone, date=datetime.date(2020, 5, 19), completion_percent=60)
    report = build_report(world.ieem, world.stl, *year_period(2020))
    html = squash(report_html(report))
    assert commitment.status == Commitment.Status.APPROVED and report.commitments
    assert "17 de marzo de 2020" not in html
    assert "19 de mayo de 2020: 60 %" in html  # the certain one is stated
    assert "Por confirmar: 40 %" in html
    assert report.preliminary
    annex = _annex(html)
    assert "Avance de 40 % del hito «Micrositio publicado»" in annex and "Fecha del avance" in annex


def test_a_draft_version_s_uncertain_date_is_not_stated_and_the_annex_lists_it(world):
    meeting = f.SessionFactory(body=world.group, kind=Session.Kind.WORKING_MEETING, number=1,
                               date=datetime.date(2020, 6, 18), status=Session.Status.HELD)
    f.MembershipFactory(seat=None, body=world.group, institution=world.ieem, person=None, role="participant",
                        start_date=datetime.date(2020, 1, 1))
    document = f.DocumentFactory(body=world.group, title="Proyecto del eje de prueba")
    f.DocumentVersionFactory(document=document, number=1, date=datetime.date(2020, 6, 19), drafted_in=meeting,
                             date_certainty="unknown")
    report = build_report(world.ieem, world.stl, *year_period(2020))
    html = squash(report_html(report))
    assert report.drafts and report.preliminary
    assert "19 de junio de 2020" not in html
    assert "Proyecto del eje de prueba: versión 1 (borrador)" in html
    assert "Proyecto del eje de prueba, versión 1" in _annex(html) and "Fecha de la versión" in _annex(html)


def test_an_unknown_session_date_is_never_stated_and_the_annex_lists_it(world):
    session = f.session_with_quorum(world.stl, kind=Session.Kind.EXTRAORDINARY, number=3,
                                    date=datetime.date(2020, 9, 23), status=Session.Status.HELD)
    session.date_certainty = "unknown"
    session.save()
    f.adopted_agreement(world.stl, session=session, number=1, code="STL/SE/03/2020-01")
    report = build_report(None, world.stl, *year_period(2020))
    html = squash(report_html(report))
    assert session in report.illustrative_sessions and report.preliminary
    assert "23 de septiembre de 2020" not in html
    assert "Tercera Sesión Extraordinaria" in _body(html) and "STL/SE/03/2020-01" in html
    assert "Versión preliminar. El registro no confirma la fecha de la Tercera Sesión Extraordinaria" in html
    annex = _annex(html)
    assert "Tercera Sesión Extraordinaria" in annex and "Fecha de la sesión" in annex
    assert "Desconocida: el registro no la consigna" in annex


def test_a_route_phase_s_unknown_planned_dates_are_never_stated(world):
    f.RoutePhaseFactory(plan=world.plan, order=9, name="Fase sin calendario", planned_start=datetime.date(2020, 2, 3),
                        planned_end=datetime.date(2020, 8, 21), planned_start_certainty="unknown",
                        planned_end_certainty="unknown")
    report = build_report(None, world.stl, *year_period(2020))
    html = squash(report_html(report))
    assert "3 de febrero de 2020" not in html and "21 de agosto de 2020" not in html
    assert "Previstas: por confirmar (el registro no las consigna)" in html
    assert "Fase 9 de la ruta, «Fase sin calendario»" in _annex(html)
