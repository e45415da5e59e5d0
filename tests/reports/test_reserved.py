"""Reserved is reserved (issue 15): a report meant to be published leaves out reserved (non-public)
sessions and working meetings and their counts; staff produce an internal version that includes them,
stored apart in ``ReportFile`` and marked «no publicar» on every page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from core.worker import run_pending_jobs
from reports import wording
from reports.activity import build_report, year_period
from reports.models import ReportFile
from sessions.models import Attendance, Session
from tests import factories as f
from tests.pdfs import pdf_pages
from tests.reports.conftest import squash

pytestmark = pytest.mark.django_db

MARK = "Versión interna: incluye sesiones reservadas; no publicar"
SECRET_AGREEMENT = "Convenio reservado con la fiscalía"
SECRET_MEETING_DRAFT = "Borrador reservado de lineamientos"
APPROVED_AXIS = "Eje aprobado en sesión reservada"
APPROVED_COMMITMENT = "Compromiso aprobado en sesión reservada"
NEUTRAL = "por acuerdo del Secretariado"


def approve_axis_and_commitment(world, agreement):
    """An axis and a commitment led by the IEEM, approved by ``agreement``."""
    axis = f.AxisFactory(plan=world.plan, name=APPROVED_AXIS, lead_institution=world.ieem, order=3)
    axis.approve_by(agreement)
    commitment = f.CommitmentFactory(axis=axis, plan=world.plan, title=APPROVED_COMMITMENT)
    commitment.submit()
    commitment.approve_by(agreement)
    return axis, commitment


@pytest.fixture
def reserved(world):
    """A year with public and reserved records of the STL and of its operational group, in which the
    IEEM takes part; the reserved ones carry words that must never reach the version to publish."""
    public = f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=1, date=datetime.date(2021, 3, 4))
    f.AgreementFactory(session=public, number=1, code="STL/SO/01/2021-01", title="Programa anual público",
                       proposed_by=world.ieem)
    secret = f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=7,
                              date=datetime.date(2021, 6, 9), is_public=False)
    secret_agreement = f.AgreementFactory(session=secret, number=1, code="STL/SE/07/2021-01", title=SECRET_AGREEMENT,
                                          text=f"Se aprueba el {SECRET_AGREEMENT}.", proposed_by=world.ieem)
    # The reserved agreement also approved public records: an axis and a commitment led by the IEEM.
    # The version to publish tells that they were approved, never by which agreement nor in which session.
    approve_axis_and_commitment(world, secret_agreement)[1].publish()
    # A reserved formal session of the year before: in the background of the internal version only.
    f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=8, date=datetime.date(2020, 8, 1),
                     is_public=False)
    f.MembershipFactory(seat=None, body=world.group, institution=world.ieem, person=None, role="participant",
                        start_date=datetime.date(2020, 1, 1))
    meetings = []
    for number, month, public_meeting in ((1, 2, True), (2, 5, False), (3, 9, False)):
        meeting = f.SessionFactory(body=world.group, kind=Session.Kind.WORKING_MEETING, number=number,
                                   date=datetime.date(2021, month, 10), is_public=public_meeting)
        f.AttendanceFactory(session=meeting, institution=world.ieem, status=Attendance.Status.PARTICIPANT,
                            note="Instituto electoral" if public_meeting else "Invitado reservado")
        meetings.append(meeting)
    document = f.DocumentFactory(body=world.group, title=SECRET_MEETING_DRAFT)
    f.DocumentVersionFactory(document=document, drafted_in=meetings[1], number=1)
    return {"secret": secret, "meetings": meetings}


@pytest.mark.parametrize("subject", ["ieem", "stl"])
def test_the_version_to_publish_leaves_out_reserved_sessions_and_their_counts(world, reserved, subject):
    institution = world.ieem if subject == "ieem" else None
    public = build_report(institution, world.stl, *year_period(2021))
    internal = build_report(institution, world.stl, *year_period(2021), internal=True)
    assert reserved["secret"] not in [entry.session for entry in public.annex]
    assert reserved["secret"] in [entry.session for entry in internal.annex]
    assert public.meetings_count == 1 and internal.meetings_count == 3
    assert 8 not in [e.session.number for e in public.background]
    assert [e.session.number for e in internal.background if e.session.number == 8] == [8]
    assert len(internal.background) == len(public.background) + 1
    assert public.drafts == [] and [v.document.title for v in internal.drafts] == [SECRET_MEETING_DRAFT]
    if institution is not None:
        assert [a.code for _, a, _ in public.own_agreements] == ["STL/SO/01/2021-01"]
        assert [a.code for _, a, _ in internal.own_agreements] == ["STL/SO/01/2021-01", "STL/SE/07/2021-01"]
        assert public.meeting_participants == {world.group.pk: ["Instituto electoral"]}
    assert public.fingerprint != internal.fingerprint
    assert not public.internal and internal.internal


def test_with_no_reserved_record_the_versions_still_have_their_own_fingerprints(world):
    f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=1, date=datetime.date(2021, 3, 4))
    period = year_period(2021)
    assert (build_report(None, world.stl, *period).fingerprint
            != build_report(None, world.stl, *period, internal=True).fingerprint)


def _pdf(client, url):
    response = client.post(url)
    assert response.status_code == 302
    report_file = ReportFile.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert run_pending_jobs() == 1
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.DONE, report_file.error
    download = client.get(reverse("reports:file_download", args=[report_file.pk]))
    pages = [squash(page.text) for page in pdf_pages(b"".join(download.streaming_content))]
    return report_file, download, pages


@pytest.mark.parametrize("subject", ["ieem", "secretariado"])
def test_staff_get_both_pdfs_stored_apart_and_only_the_internal_one_is_marked(login, world, reserved, subject):
    client = login(world.staff)
    args = [subject if subject == "secretariado" else world.ieem.identifier, "2021-01-01", "2021-12-31"]
    pdf_url = reverse("reports:pdf", args=args)

    public_file, public_download, public_pages = _pdf(client, pdf_url)
    public_text = " ".join(public_pages)
    assert not public_file.internal and public_download["X-Report-Version"] == "publica"
    assert MARK not in public_text
    for secret in (SECRET_AGREEMENT, "STL/SE/07/2021-01", "Séptima Sesión Extraordinaria",
                   "Octava Sesión Extraordinaria", "Reunión de trabajo 2", "Reunión de trabajo 3",
                   SECRET_MEETING_DRAFT, "Invitado reservado",
                   # no working meeting carries its number: «1» with 2 and 3 left out shows a gap
                   "Reunión de trabajo 1"):
        assert secret not in public_text, secret
    # What the reserved agreement approved is told, without it.
    assert APPROVED_COMMITMENT in public_text and NEUTRAL in public_text
    if subject == "secretariado":
        assert APPROVED_AXIS in public_text

    internal_file, internal_download, internal_pages = _pdf(client, pdf_url + "?version=interna")
    internal_text = " ".join(internal_pages)
    assert internal_file.internal and internal_download["X-Report-Version"] == "interna"
    assert internal_file.filename.endswith("-interna.pdf") and internal_file.filename != public_file.filename
    assert internal_file.fingerprint != public_file.fingerprint
    assert SECRET_AGREEMENT in internal_text and "Séptima Sesión Extraordinaria" in internal_text
    if subject == "ieem":
        assert "se aprobó mediante el acuerdo STL/SE/07/2021-01" in internal_text
    else:
        assert "(acuerdo STL/SE/07/2021-01)" in internal_text
    assert "Reunión de trabajo 2" in internal_text and NEUTRAL not in internal_text
    assert len(internal_pages) >= 2
    assert all(MARK in page for page in internal_pages), "the mark is on every page"

    # Each version lists and offers only its own files: the two are never confused.
    listing = client.get(pdf_url).content.decode()
    assert str(public_file.pk) in listing and str(internal_file.pk) not in listing
    listing = client.get(pdf_url + "?version=interna").content.decode()
    assert str(internal_file.pk) in listing and str(public_file.pk) not in listing
    preview = client.get(reverse("reports:preview", args=args)).content.decode()
    assert str(internal_file.pk) not in preview and SECRET_AGREEMENT not in preview
    preview = client.get(reverse("reports:preview", args=args) + "?version=interna").content.decode()
    assert str(internal_file.pk) in preview and SECRET_AGREEMENT in preview and "no publicar" in preview
    assert "Versión interna" in client.get(internal_file.get_absolute_url()).content.decode()


def test_the_form_offers_the_internal_version(login, world):
    client = login(world.staff)
    page = client.get(reverse("reports:index")).content.decode()
    assert 'value="interna"' in page and "Versión" in page
    response = client.get(reverse("reports:index"), {"institution": world.ieem.identifier, "year": 2021,
                                                     "version": "interna"})
    assert response.status_code == 302 and response["Location"].endswith("?version=interna")
    response = client.get(reverse("reports:index"), {"institution": world.ieem.identifier, "year": 2021})
    assert response.status_code == 302 and "version" not in response["Location"]
    response = client.get(reverse("reports:index"), {"institution": world.ieem.identifier, "year": 2021,
                                                     "version": "todo"})
    assert response.status_code == 400 and "Elija la versión" in response.content.decode()


def test_the_permission_ladder_of_the_internal_version(login, world, other_world, reserved):
    args = [world.ieem.identifier, "2021-01-01", "2021-12-31"]
    pages = [reverse("reports:preview", args=args) + "?version=interna",
             reverse("reports:pdf", args=args) + "?version=interna"]
    for page in pages:
        assert Client().get(page).status_code == 302
        assert login(other_world.staff).get(page).status_code == 404
        for actor in (world.ieem_member, world.facilitator):
            assert login(actor).get(page).status_code == 403
        assert login(world.staff).get(page).status_code == 200
    for actor, status in ((other_world.staff, 404), (world.ieem_member, 403), (world.facilitator, 403)):
        assert login(actor).post(pages[1]).status_code == status
    assert not ReportFile.objects.exists()
    assert login(world.staff).post(pages[1]).status_code == 302
    assert ReportFile.objects.get().internal


@pytest.mark.parametrize("subject", ["ieem", "secretariado"])
def test_the_published_report_says_what_a_reserved_agreement_approved_without_naming_it(
        login, world, reserved, subject):
    client = login(world.staff)
    args = [subject if subject == "secretariado" else world.ieem.identifier, "2021-01-01", "2021-12-31"]
    url = reverse("reports:preview", args=args)
    public = squash(client.get(url).content.decode())
    internal = squash(client.get(url + "?version=interna").content.decode())
    for secret in ("STL/SE/07/2021-01", "Séptima Sesión Extraordinaria", reserved["secret"].identifier):
        assert secret not in public, secret
    assert APPROVED_COMMITMENT in public and APPROVED_COMMITMENT in internal
    if subject == "ieem":  # the institution's report tells each commitment in a sentence
        assert f"«{APPROVED_COMMITMENT}»" in public and "se aprobó por acuerdo del Secretariado" in public
        assert "se aprobó mediante el acuerdo STL/SE/07/2021-01" in internal
    else:  # the STL's report tells the axes approved in the period
        assert f"El eje «{APPROVED_AXIS}»" in public and "se incorporó por acuerdo del Secretariado." in public
        assert "se incorporó en la Séptima Sesión Extraordinaria (acuerdo STL/SE/07/2021-01)" in internal
    # Working meetings: the internal version numbers them; the published one does not.
    assert "Reunión de trabajo 1" not in public and "Reunión de trabajo" in public
    assert "Reunión de trabajo 1" in internal and "Reunión de trabajo 2" in internal


def test_a_public_agreement_is_still_named_in_the_published_report(world):
    session = f.SessionFactory(body=world.stl, kind=Session.Kind.ORDINARY, number=2, date=datetime.date(2021, 4, 6))
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/02/2021-01")
    _axis, commitment = approve_axis_and_commitment(world, agreement)

    report = build_report(world.ieem, world.stl, *year_period(2021))
    entry = next(e for e in report.commitments if e.commitment == commitment)
    assert "se aprobó mediante el acuerdo STL/SO/02/2021-01" in wording.commitment_sentence(report, entry)
    report = build_report(None, world.stl, *year_period(2021))
    assert "(acuerdo STL/SO/02/2021-01)" in wording.axis_sentence(report, report.axes[-1])


def test_meetings_keep_their_numbers_unless_their_body_held_a_reserved_one(world):
    """Numbers are left out only where a gap would tell of a reserved meeting: the operational group
    held one, so its meetings go unnumbered (in the body and in the annex of unconfirmed dates); the
    working table held none, so its meetings keep their numbers."""
    for body, number, public, month in ((world.group, 1, True, 2), (world.group, 2, False, 3),
                                        (world.table, 1, True, 4), (world.table, 2, True, 5)):
        meeting = f.SessionFactory(body=body, kind=Session.Kind.WORKING_MEETING, number=number, is_public=public,
                                   date=datetime.date(2021, month, 10), date_certainty="illustrative")
        f.AttendanceFactory(session=meeting, institution=world.ieem, status=Attendance.Status.PARTICIPANT)

    public = build_report(world.ieem, world.stl, *year_period(2021))
    names = {(entry.session.body_id, entry.name) for entry in public.annex}
    assert (world.group.pk, "Reunión de trabajo") in names
    assert (world.table.pk, "Reunión de trabajo 1") in names and (world.table.pk, "Reunión de trabajo 2") in names
    labels = [wording.uncertain_record(item) for item in public.uncertain_dates if item.kind == "session"]
    assert not any(label.startswith("Reunión de trabajo 1 del Grupo") for label in labels), labels
    assert any(label.startswith("Reunión de trabajo 2 de la Mesa") or label.startswith("Reunión de trabajo 2 ")
               for label in labels), labels

    internal = build_report(world.ieem, world.stl, *year_period(2021), internal=True)
    assert (world.group.pk, "Reunión de trabajo 2") in {(e.session.body_id, e.name) for e in internal.annex}
