"""OGP Local's documents from the records: the end-of-commitment report and the inception report,
as a page that lists what the records lack, as a PDF and as open data."""

import datetime
import json

import pytest
from django.urls import reverse

from cocreation.documents import end_of_commitment_report, inception_report
from cocreation.models import Assessment
from core.worker import run_pending_jobs
from reports.models import ReportFile
from tests import factories as f
from tests.cocreation.conftest import make_consultation, make_input
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment(world):
    commitment = f.published_commitment(world.axis_ieem, title="Datos electorales abiertos",
                                        lead_institution=world.ieem, public_problem="Nadie reutiliza los datos")
    f.MilestoneFactory(commitment=commitment, order=1, title="Catálogo", completion_percent=100,
                       evidence_url="https://example.org/catalogo")
    return commitment


def test_the_end_report_is_filled_from_the_records_and_lists_what_is_missing(world, commitment):
    report = end_of_commitment_report(commitment)
    assert any("Quién evalúa" in label for label in report.missing)
    Assessment.objects.create(commitment=commitment, stage="end", assessed_on=datetime.date(2021, 12, 20),
                              assessor="Evaluadora de la sociedad civil", verifiable=True, relevant=True,
                              relevant_access=True, potential_impact="moderate", completion="complete",
                              opened_government="major", explanation="Se cumplió.", lessons="Planear mejor.",
                              opened_government_explanation="Los datos se usan.")
    consultation = make_consultation(world)
    make_input(consultation).answer("adopted", "Sí", commitment)
    data = end_of_commitment_report(commitment).as_data()
    values = {field["key"]: field["value"] for section in data["sections"] for field in section["fields"]}
    assert values["assessor"] == "Evaluadora de la sociedad civil"
    assert values["completion"] == "Completo" and values["opened_government"] == "Importante"
    assert values["evidence"] == ["https://example.org/catalogo"]
    assert values["origin"] == ["Lucía Vecina, «Consulta sobre el borrador del plan»"]
    assert data["missing"] == []


def test_the_inception_report_covers_the_forum_the_site_and_each_commitments_design(world, commitment):
    Assessment.objects.create(commitment=commitment, stage="design", assessed_on=datetime.date(2021, 5, 1),
                              assessor="X", verifiable=True, relevant=True, relevant_participation=True,
                              potential_impact="transformative")
    draft = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan, title="Borrador secreto")
    report = inception_report(world.plan, public=True)
    titles = [section.title for section in report.sections]
    assert "Compromiso: Datos electorales abiertos" in titles
    assert not any(draft.title in title for title in titles)
    values = {item.key: item.value for section in report.sections for item in section.items}
    assert values["multi_stakeholder"] == "Sí" and values["potential"] == "Transformador"
    assert any("antes de las reuniones" in label for label in report.missing)


@pytest.mark.parametrize("page", ["end", "inception"])
def test_the_permission_ladder_of_the_pages(client, login, world, other_world, commitment, page):
    url = (reverse("panel:end_report", args=[commitment.identifier]) if page == "end"
           else reverse("panel:inception_report", args=[world.plan.identifier]))
    assert client.get(url).status_code == 302
    login(other_world.staff)
    assert client.get(url).status_code == 404
    for account in (world.ieem_member, world.staff):
        login(account)
        response = client.get(url)
        assert response.status_code == 200 and "No consta en el registro" in response.content.decode()


def test_the_pdf_is_made_from_the_same_fields(client, login, world, commitment):
    login(world.staff)
    response = client.post(reverse("reports:ogp_end_pdf", args=[commitment.identifier]))
    report_file = ReportFile.objects.get()
    assert response.status_code == 302 and response["Location"] == report_file.get_absolute_url()
    assert run_pending_jobs() == 1
    report_file.refresh_from_db()
    response = client.get(reverse("reports:file_download", args=[report_file.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content))
    assert "Informe de fin de compromiso" in text and "Datos electorales abiertos" in text
    assert "No consta en el registro" in text


def test_the_open_data_of_the_documents_is_public_only_for_public_records(client, world, commitment):
    response = client.get(reverse("public:end_report_json", args=[commitment.identifier]))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["kind"] == "end_of_commitment" and "missing" not in data
    draft = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan, title="Borrador")
    assert client.get(reverse("public:end_report_json", args=[draft.identifier])).status_code == 404
    plan = json.loads(client.get(reverse("public:inception_report_json", args=[world.plan.identifier])).content)
    assert "Borrador" not in json.dumps(plan, ensure_ascii=False)
