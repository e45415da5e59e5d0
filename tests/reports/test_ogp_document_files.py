"""OGP Local's documents (end-of-commitment report, inception report) as PDFs made in the background
like the activity report: asked for from the document's page, followed on a progress page, kept in
``ReportFile`` with their kind, downloaded by the members of the STL, listed at /panel/trabajos/."""


import pytest
from django.test import Client
from django.urls import reverse

from core.pdf import PDFRenderError
from core.worker import run_pending_jobs
from reports import jobs as report_jobs
from reports.models import ReportFile
from tests import factories as f
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(world):
    return f.published_commitment(world.axis_ieem, title="Datos electorales abiertos", lead_institution=world.ieem,
                                  public_problem="Nadie reutiliza los datos")


def pdf_urls(world, commitment):
    return {"end": reverse("reports:ogp_end_pdf", args=[commitment.identifier]),
            "inception": reverse("reports:ogp_inception_pdf", args=[world.plan.identifier])}


def download_text(response):
    return pdf_text(b"".join(response.streaming_content))


@pytest.mark.parametrize("kind", ["end", "inception"])
def test_a_member_asks_for_the_pdf_follows_it_and_downloads_the_kept_file(login, world, commitment, kind):
    client = login(world.ieem_member)
    url = pdf_urls(world, commitment)[kind]
    page_url = (reverse("panel:end_report", args=[commitment.identifier]) if kind == "end"
                else reverse("panel:inception_report", args=[world.plan.identifier]))
    # The document's page offers the button; the old «?formato=pdf» leads to the PDFs, making none.
    page = client.get(page_url).content.decode()
    assert f'action="{url}"' in page and "Generar el PDF" in page
    response = client.get(page_url, {"formato": "pdf"})
    assert response.status_code == 302 and response["Location"] == url
    assert not ReportFile.objects.exists()

    response = client.post(url)
    report_file = ReportFile.objects.get()
    assert response["Location"] == report_file.get_absolute_url()
    assert report_file.kind == ("end_of_commitment" if kind == "end" else "inception")
    assert (report_file.commitment, report_file.plan) == ((commitment, None) if kind == "end" else (None, world.plan))
    assert report_file.status == ReportFile.Status.QUEUED and report_file.requested_by == world.ieem_member.user
    progress = client.get(report_file.get_absolute_url()).content.decode()
    assert "En cola" in progress and "<progress" in progress and "Actualizar el avance" in progress
    assert client.get(reverse("reports:file_status", args=[report_file.pk])).json()["in_progress"] is True
    assert client.get(reverse("reports:file_download", args=[report_file.pk])).status_code == 404
    assert client.post(url)["Location"] == report_file.get_absolute_url(), "a second click follows the first"
    assert ReportFile.objects.count() == 1

    assert run_pending_jobs() == 1
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.DONE and report_file.file and len(report_file.fingerprint) == 64
    assert "Descargar el PDF" in client.get(report_file.get_absolute_url()).content.decode()
    assert str(report_file.pk) in client.get(url).content.decode()
    download = client.get(reverse("reports:file_download", args=[report_file.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert f'filename="informe-{"fin" if kind == "end" else "inicio"}-' in download["Content-Disposition"]
    text = download_text(download)
    assert ("Informe de fin de compromiso" if kind == "end" else "Informe de inicio") in text
    assert "Datos electorales abiertos" in text


def test_the_pdf_is_never_made_in_the_request(login, world, commitment, monkeypatch):
    made = []
    monkeypatch.setattr(report_jobs, "document_pdf", lambda document: made.append(document) or b"%PDF-1.7 x")
    client = login(world.staff)
    client.post(pdf_urls(world, commitment)["end"])
    assert made == []
    assert run_pending_jobs() == 1 and len(made) == 1
    assert ReportFile.objects.get().fingerprint == report_jobs.document_fingerprint(made[0])


def test_a_failed_render_is_told_on_the_progress_page(login, world, commitment, monkeypatch):
    def fail(document):
        raise PDFRenderError("El PDF tardó demasiado en generarse.")

    monkeypatch.setattr(report_jobs, "document_pdf", fail)
    client = login(world.staff)
    client.post(pdf_urls(world, commitment)["inception"])
    assert run_pending_jobs() == 1
    report_file = ReportFile.objects.get()
    assert report_file.status == ReportFile.Status.FAILED
    assert "tardó demasiado" in client.get(report_file.get_absolute_url()).content.decode()
    assert client.get(reverse("reports:file_download", args=[report_file.pk])).status_code == 404


@pytest.mark.parametrize("kind", ["end", "inception"])
def test_the_permission_ladder(login, world, other_world, commitment, kind, monkeypatch):
    monkeypatch.setattr(report_jobs, "document_pdf", lambda document: b"%PDF-1.7 x")
    url = pdf_urls(world, commitment)[kind]
    anonymous = Client()
    assert anonymous.get(url).status_code == 302 and anonymous.post(url).status_code == 302
    assert login(other_world.staff).get(url).status_code == 404
    assert login(other_world.staff).post(url).status_code == 404
    assert not ReportFile.objects.exists()
    for actor in (world.ieem_member, world.infoem_member, world.facilitator, world.staff):
        client = login(actor)
        assert client.get(url).status_code == 200
    response = login(world.infoem_member).post(url)
    assert response.status_code == 302
    assert run_pending_jobs() == 1
    report_file = ReportFile.objects.get()
    pages = [reverse(name, args=[report_file.pk]) for name in
             ("reports:file", "reports:file_status", "reports:file_download")]
    for page in pages:
        assert anonymous.get(page).status_code == 302
        assert login(other_world.staff).get(page).status_code == 404
        assert login(other_world.ieem_member).get(page).status_code == 404
        for actor in (world.ieem_member, world.facilitator, world.staff):
            assert login(actor).get(page).status_code == 200


def test_staff_see_the_job_on_the_jobs_page(login, world, commitment):
    client = login(world.staff)
    client.post(pdf_urls(world, commitment)["end"])
    assert "PDF de un documento de OGP Local" in client.get(reverse("panel:job_list")).content.decode()
