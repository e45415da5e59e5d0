"""An institution that ends on a date with a successor (issue 14): the activity report shows the name
valid at each date. Facts before the date stay under the old name, facts after it come under the new
one, and nothing recorded before changes: a report of a period before the succession reads the same
after it as before."""

import datetime
import re

import pytest

from cocreation.succession import end_institution
from reports.activity import build_report, year_period
from reports.render import report_html
from sessions.models import Attendance, Session
from tests import factories as f
from workgroups.models import Institution

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 7, 1)
NEW = "Transparencia para el Pueblo"


def text_of(report):
    html = report_html(report, today=datetime.date(2022, 1, 15))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def succession(world):
    """The guarantor (world.infoem) leads a commitment and an axis, sits in a session before the date
    and is charged with an agreement there; from 1 July 2021 «Transparencia para el Pueblo» succeeds it,
    sits in a later session and is charged with its agreement."""
    old = world.infoem
    commitment = f.published_commitment(world.axis_infoem, title="Portal de obligaciones abierto",
                                        lead_institution=old, start_date=datetime.date(2020, 1, 1),
                                        end_date=datetime.date(2022, 12, 31))
    before = f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=1, date=datetime.date(2021, 3, 4))
    f.AttendanceFactory(session=before, seat=world.seats.guarantor, institution=old, person=world.people.guarantor,
                        status=Attendance.Status.HOLDER, note="")
    f.AgreementFactory(session=before, number=1, code="STL/SO/01/2021-01", charged_to=old,
                       text="Se encarga la revisión del portal.")
    reports_before = {key: text_of(build_report(*args)) for key, args in {
        "old-2020": (old, world.stl, *year_period(2020)),
        "stl-2020": (None, world.stl, *year_period(2020)),
    }.items()}
    new = f.InstitutionFactory(name=NEW, acronym="TP", kind=Institution.Kind.GUARANTOR)
    end_institution(old, DAY, new)
    after = f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=2, date=datetime.date(2021, 9, 2))
    f.AttendanceFactory(session=after, seat=world.seats.guarantor, institution=new, status=Attendance.Status.HOLDER,
                        note="")
    f.AgreementFactory(session=after, number=1, code="STL/SO/02/2021-01", charged_to=new,
                       text="Se encarga la publicación del informe.")
    return {"old": old, "new": new, "commitment": commitment, "before": reports_before}


def test_a_report_of_a_period_before_the_succession_reads_as_it_did(world, succession):
    old = succession["old"]
    for key, args in {"old-2020": (old, world.stl, *year_period(2020)),
                      "stl-2020": (None, world.stl, *year_period(2020))}.items():
        now = text_of(build_report(*args))
        assert NEW not in now, key
        # The membership's end, learned later, may be stated; nothing else differs.
        assert (re.sub(r"Huella SHA-256[^.]*|desde el 15 de octubre de 2019[^)]*", "", now)
                == re.sub(r"Huella SHA-256[^.]*|desde el 15 de octubre de 2019[^)]*", "", succession["before"][key])), key
    report = build_report(old, world.stl, *year_period(2020))
    assert [entry.commitment for entry in report.commitments] == [succession["commitment"]]
    assert report.commitments[0].role == "lead"


def test_the_year_of_the_succession_names_each_fact_under_the_institution_of_its_date(world, succession):
    old, new = succession["old"], succession["new"]
    stl_report = build_report(None, world.stl, *year_period(2021))
    seat_holders = [(m.institution, m.start_date, m.end_date) for m in stl_report.composition
                    if m.seat_id == world.seats.guarantor.pk]
    assert seat_holders == [(old, datetime.date(2019, 10, 15), datetime.date(2021, 6, 30)), (new, DAY, None)]
    entry = stl_report.commitments[0]
    assert entry.lead == new and [lead for lead, _since, _until in entry.leads] == [old, new]
    text = text_of(stl_report)
    assert f"Portal de obligaciones abierto TP (hasta el 30 de junio de 2021: {old.acronym})" in text

    old_report = build_report(old, world.stl, *year_period(2021))
    assert ("lo encabeza Transparencia para el Pueblo (TP); hasta el 30 de junio de 2021 lo encabezó el Órgano "
            "garante de prueba" in text_of(old_report))
    assert [a.code for _entry, a, _roles in old_report.own_agreements] == ["STL/SO/01/2021-01"]
    assert [entry.commitment for entry in old_report.commitments] == [succession["commitment"]]
    assert old_report.commitments[0].role == "lead", "it led the commitment until 30 June"
    attended = [e.session.number for e in old_report.attendance]
    assert attended == [1]

    new_report = build_report(new, world.stl, *year_period(2021))
    assert [a.code for _entry, a, _roles in new_report.own_agreements] == ["STL/SO/02/2021-01"]
    assert [e.session.number for e in new_report.attendance] == [2]
    assert [entry.role for entry in new_report.commitments] == ["lead"]
    assert build_report(new, world.stl, *year_period(2020)).commitments == [], "it did not exist in 2020"
