"""Gathering the report: only the records, a fixed number of queries, a fingerprint of what was used."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import activity
from reports.activity import ReportTooLarge, build_report, period_label, year_period
from sessions.models import Session
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_sessions_come_in_date_order_with_their_names_and_dates_in_spanish(demo):
    report = build_report(demo.ieem, demo.stl, *year_period(2020))
    assert [(e.name, e.date_text) for e in report.account] == [
        ("Segunda Sesión Ordinaria", "2 de abril de 2020"),
        ("Tercera Sesión Ordinaria", "8 de abril de 2020"),
        ("Presentación del «Estudio sobre la Calidad de la Ciudadanía en el Estado de México»", "9 de julio de 2020"),
        ("Cuarta Sesión Ordinaria", "3 de noviembre de 2020"),
    ]
    assert [e.name for e in report.background] == ["Primera Sesión Ordinaria"]
    assert report.installation.date == datetime.date(2019, 10, 15)
    assert [(a.name, a.lead_institution.acronym) for a in report.axes] == [
        ("Fortalecimiento de la Democracia", "IEEM"), ("Cultura de Gobierno Abierto", "INFOEM")]
    assert report.meetings_count == 9 and report.meetings_since == "junio de 2020"
    assert {v.get_status_display() for v in report.drafts} == {"Borrador"}
    assert [(a.code, a.year) for a in report.activities] == [("140109", 2020)]


def test_a_shorter_period_holds_only_its_own_sessions(demo):
    report = build_report(demo.ieem, demo.stl, datetime.date(2020, 4, 1), datetime.date(2020, 4, 5))
    assert [e.name for e in report.account] == ["Segunda Sesión Ordinaria"]
    assert report.meetings == [] and report.axes[0].name == "Fortalecimiento de la Democracia"
    assert report.period_label == "del 1 de abril de 2020 al 5 de abril de 2020"


def test_an_institution_sees_only_the_bodies_it_takes_part_in(world):
    meeting_elsewhere = f.SessionFactory(body=world.table, kind=Session.Kind.WORKING_MEETING, number=1,
                                         date=datetime.date(2020, 5, 5))
    report = build_report(world.contraloria, world.stl, *year_period(2020))
    assert meeting_elsewhere not in [e.session for e in report.annex]
    undated = f.MembershipFactory(seat=None, body=world.table, institution=world.contraloria, person=None,
                                  role="participant", start_date=None)
    report = build_report(world.contraloria, world.stl, *year_period(2020))
    assert meeting_elsewhere not in [e.session for e in report.annex], "no start date is not «always»"
    undated.start_date = datetime.date(2020, 6, 1)
    undated.save()
    report = build_report(world.contraloria, world.stl, *year_period(2020))
    assert meeting_elsewhere not in [e.session for e in report.annex], "it joined after the meeting"
    undated.start_date = datetime.date(2020, 1, 1)
    undated.save()
    report = build_report(world.contraloria, world.stl, *year_period(2020))
    assert meeting_elsewhere in [e.session for e in report.annex]


def test_the_fingerprint_is_stable_and_changes_when_a_used_record_changes(demo):
    period = year_period(2020)
    first = build_report(demo.ieem, demo.stl, *period).fingerprint
    assert build_report(demo.ieem, demo.stl, *period).fingerprint == first
    assert len(first) == 64 and int(first, 16) >= 0

    session = Session.objects.get(identifier="stl-edomex-so-2020-4")
    session.save()  # saved without a change: same facts, same fingerprint
    assert build_report(demo.ieem, demo.stl, *period).fingerprint == first

    session.summary += " Corrección."
    session.save()
    changed = build_report(demo.ieem, demo.stl, *period).fingerprint
    assert changed != first

    activity_record = demo.ieem.programme_activities.get()
    activity_record.name = "Otro nombre"
    activity_record.save()
    assert build_report(demo.ieem, demo.stl, *period).fingerprint not in (first, changed)


def test_a_record_outside_the_report_does_not_change_its_fingerprint(demo):
    period = year_period(2020)
    first = build_report(demo.ieem, demo.stl, *period).fingerprint
    example = Session.objects.get(identifier="stl-edomex-se-2021-1-ejemplo")
    example.summary = "Otro texto."
    example.save()
    assert build_report(demo.ieem, demo.stl, *period).fingerprint == first


def _add_year(world, sessions, agreements_each):
    for number in range(1, sessions + 1):
        session = f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=number,
                                   date=datetime.date(2021, 1, 1) + datetime.timedelta(days=number))
        for index in range(1, agreements_each + 1):
            f.AgreementFactory(session=session, number=index,
                               code=f"STL/SE/{number:02d}/2021-{index:02d}")
        f.SessionFactory(body=world.group, kind=Session.Kind.WORKING_MEETING, number=number,
                         date=datetime.date(2021, 1, 1) + datetime.timedelta(days=number))


def test_gathering_takes_the_same_number_of_queries_whatever_the_size(world):
    f.MembershipFactory(seat=None, body=world.group, institution=world.ieem, person=None,
                        role="participant", start_date=datetime.date(2020, 1, 1))
    f.ProgrammeActivityFactory(institution=world.ieem, stl=world.stl, year=2021)
    _add_year(world, 2, 1)
    with CaptureQueriesContext(connection) as small:
        report = build_report(world.ieem, world.stl, *year_period(2021))
    assert len(report.annex) == 4
    _add_year_more = [f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=n,
                                       date=datetime.date(2021, 6, n)) for n in range(1, 11)]
    for session in _add_year_more:
        f.AgreementFactory(session=session, number=1, code=f"STL/SO/{session.number:02d}/2021-01")
        f.AgreementFactory(session=session, number=2, code=f"STL/SO/{session.number:02d}/2021-02")
    with CaptureQueriesContext(connection) as large:
        report = build_report(world.ieem, world.stl, *year_period(2021))
    assert len(report.annex) == 14
    assert len(large.captured_queries) == len(small.captured_queries) <= 20


def test_periods_that_are_reversed_or_too_long_are_refused(world):
    with pytest.raises(ValueError, match="anterior"):
        build_report(world.ieem, world.stl, datetime.date(2020, 5, 1), datetime.date(2020, 1, 1))
    with pytest.raises(ValueError, match="no puede ser mayor de 5 años"):
        build_report(world.ieem, world.stl, datetime.date(2000, 1, 1), datetime.date(2020, 1, 1))


def test_a_period_with_too_many_records_is_refused_with_a_clear_message(world, monkeypatch):
    monkeypatch.setattr(activity, "MAX_SESSIONS", 2)
    _add_year(world, 2, 1)
    with pytest.raises(ReportTooLarge, match="Elija un periodo más corto"):
        build_report(world.ieem, world.stl, *year_period(2021))


def test_a_calendar_year_is_named_by_its_number():
    assert period_label(*year_period(2020)) == "2020"
    assert period_label(datetime.date(2020, 1, 1), datetime.date(2021, 12, 31)) == (
        "del 1 de enero de 2020 al 31 de diciembre de 2021")
