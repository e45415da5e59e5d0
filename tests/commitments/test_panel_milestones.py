"""Milestones in the panel: defined while the commitment is a draft, their progress recorded once
it is approved, with evidence as a checked file (PDF, PNG, JPEG, 10 MB) or a link."""

import datetime
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Milestone, MilestoneUpdate
from tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def milestone_data(**overrides):
    data = {"order": 1, "title": "Micrositio publicado", "description": "", "start_date": "2021-01-01",
            "end_date": "2021-06-30", "form_token": str(uuid.uuid4())}
    data.update(overrides)
    return data


def progress_data(**overrides):
    data = {"date": "2021-03-01", "completion_percent": 60, "note": "Se publicó la primera versión.",
            "evidence_url": "", "form_token": str(uuid.uuid4())}
    data.update(overrides)
    return data


def test_a_milestone_is_added_to_a_draft(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    response = login(world.ieem_member).post(
        reverse("panel:milestone_create", args=[commitment.identifier]), milestone_data())
    assert response.status_code == 302
    assert commitment.milestones.get().title == "Micrositio publicado"


def test_the_same_milestone_form_sent_twice_adds_one(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    client = login(world.ieem_member)
    data = milestone_data()
    client.post(reverse("panel:milestone_create", args=[commitment.identifier]), data)
    client.post(reverse("panel:milestone_create", args=[commitment.identifier]), data)
    assert commitment.milestones.count() == 1


def test_two_milestones_cannot_share_an_order(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    f.MilestoneFactory(commitment=commitment, order=1)
    response = login(world.ieem_member).post(
        reverse("panel:milestone_create", args=[commitment.identifier]), milestone_data(order=1))
    assert response.status_code == 200
    assert "Ya hay un hito con ese orden en el compromiso." in response.content.decode()
    assert commitment.milestones.count() == 1


def test_a_milestone_of_a_published_commitment_is_not_redefined(login, world):
    commitment = f.published_commitment(world.axis_ieem)
    milestone = f.MilestoneFactory(commitment=commitment, order=1, title="Original")
    login(world.ieem_member).post(reverse("panel:milestone_edit", args=[milestone.identifier]),
                                  milestone_data(title="Cambiado", revision_seen=milestone.revision))
    milestone.refresh_from_db()
    assert milestone.title == "Original"


def test_progress_with_a_pdf_moves_the_milestone_forward(login, world):
    commitment = f.published_commitment(world.axis_ieem)
    milestone = f.MilestoneFactory(commitment=commitment, order=1)
    evidence = SimpleUploadedFile("informe.pdf", PDF, content_type="application/pdf")
    response = login(world.ieem_member).post(
        reverse("panel:milestone_progress", args=[milestone.identifier]),
        progress_data(evidence_file=evidence))
    assert response.status_code == 302
    milestone.refresh_from_db()
    update = milestone.updates.get()
    assert milestone.completion_percent == 60
    assert update.evidence_file.name.startswith("evidencias/") and update.evidence_file.name.endswith(".pdf")
    assert milestone.evidence_file.name == update.evidence_file.name
    assert update.history.first().history_user == world.ieem_member.user


def test_progress_with_a_png_or_a_link_is_accepted(login, world):
    milestone = f.MilestoneFactory(commitment=f.approved_commitment(world.axis_ieem), order=1)
    client = login(world.ieem_member)
    url = reverse("panel:milestone_progress", args=[milestone.identifier])
    client.post(url, progress_data(evidence_file=SimpleUploadedFile("foto.png", PNG)))
    client.post(url, progress_data(completion_percent=80, evidence_url="www.ejemplo.gob.mx/avance"))
    milestone.refresh_from_db()
    assert milestone.completion_percent == 80
    assert milestone.evidence_url == "https://www.ejemplo.gob.mx/avance"
    assert milestone.updates.count() == 2


@pytest.mark.parametrize("content,name,message", [
    (b"<html>no soy un pdf</html>", "informe.pdf", "no es un PDF, PNG, JPEG válido"),
    (b"", "vacio.pdf", "vacío"),
])
def test_a_bad_evidence_file_is_refused_next_to_the_field(login, world, content, name, message):
    milestone = f.MilestoneFactory(commitment=f.published_commitment(world.axis_ieem), order=1)
    response = login(world.ieem_member).post(
        reverse("panel:milestone_progress", args=[milestone.identifier]),
        progress_data(evidence_file=SimpleUploadedFile(name, content)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MilestoneUpdate.objects.exists()


def test_an_evidence_file_over_10_mb_is_refused(login, world, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    milestone = f.MilestoneFactory(commitment=f.published_commitment(world.axis_ieem), order=1)
    big = SimpleUploadedFile("grande.pdf", PDF + b"0" * 2048 + b"%%EOF")
    response = login(world.ieem_member).post(
        reverse("panel:milestone_progress", args=[milestone.identifier]), progress_data(evidence_file=big))
    assert "el máximo es" in response.content.decode()
    assert not MilestoneUpdate.objects.exists()


@pytest.mark.parametrize("percent", ["101", "-5", "mucho"])
def test_completion_outside_0_to_100_is_refused(login, world, percent):
    milestone = f.MilestoneFactory(commitment=f.published_commitment(world.axis_ieem), order=1)
    response = login(world.ieem_member).post(
        reverse("panel:milestone_progress", args=[milestone.identifier]),
        progress_data(completion_percent=percent))
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not MilestoneUpdate.objects.exists()


def test_a_progress_date_in_the_future_is_refused(login, world):
    milestone = f.MilestoneFactory(commitment=f.published_commitment(world.axis_ieem), order=1)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = login(world.ieem_member).post(
        reverse("panel:milestone_progress", args=[milestone.identifier]), progress_data(date=tomorrow))
    assert "La fecha del avance no puede ser futura." in response.content.decode()


def test_the_same_progress_form_sent_twice_records_one_update(login, world):
    milestone = f.MilestoneFactory(commitment=f.published_commitment(world.axis_ieem), order=1)
    client = login(world.ieem_member)
    data = progress_data()
    url = reverse("panel:milestone_progress", args=[milestone.identifier])
    client.post(url, data)
    client.post(url, data)
    assert milestone.updates.count() == 1


def test_progress_is_not_recorded_on_a_draft(login, world):
    milestone = f.MilestoneFactory(commitment=f.CommitmentFactory(axis=world.axis_ieem), order=1)
    login(world.ieem_member).post(reverse("panel:milestone_progress", args=[milestone.identifier]),
                                  progress_data())
    assert not MilestoneUpdate.objects.exists()
    assert Milestone.objects.get().completion_percent == 0


def test_a_draft_milestone_is_edited_and_a_stale_edit_is_refused(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    milestone = f.MilestoneFactory(commitment=commitment, order=1, title="Original")
    url = reverse("panel:milestone_edit", args=[milestone.identifier])
    seen = milestone.revision
    assert login(world.ieem_member).post(url, milestone_data(title="Primera", revision_seen=seen)).status_code == 302
    response = login(world.facilitator).post(url, milestone_data(title="Segunda", revision_seen=seen))
    assert "Alguien más guardó este registro" in response.content.decode()
    assert "Segunda" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.title == "Primera"
