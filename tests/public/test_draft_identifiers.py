"""Public identifiers never carry a draft's wording: milestones, their updates, documents and their
versions get identifiers made from their final wording when they first become public."""

import pytest
from django.core.files.base import ContentFile

from tests import factories as f

WORD = "ZQXPRIMERTITULO"


def _publish_with_renamed_milestone(world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan, title="Compromiso definitivo")
    milestone = f.MilestoneFactory(commitment=commitment, order=1, title=f"Hito {WORD}")
    milestone.title = "Entregable definitivo"
    milestone.save()
    commitment.submit()
    f.adopted_agreement(world.stl).approve(commitment)
    milestone.refresh_from_db()
    milestone.evidence_file.save("evidencia.pdf", ContentFile(b"%PDF-1.4 evidencia"), save=True)
    milestone.record_progress(f.MilestoneUpdateFactory.build(milestone=milestone, completion_percent=30))
    commitment.publish()
    milestone.refresh_from_db()
    return commitment, milestone


@pytest.mark.django_db
def test_a_milestone_renamed_while_draft_gets_an_identifier_from_its_final_title(client, world):
    commitment, milestone = _publish_with_renamed_milestone(world)
    assert WORD.lower() not in milestone.identifier
    assert milestone.identifier.startswith("entregable-definitivo-")
    update = milestone.updates.get()
    assert WORD.lower() not in update.identifier
    for url in ("/datos/milestones.csv", "/datos/milestones-updates.csv", "/datos/registro-publico.json"):
        response = client.get(url)
        assert response.status_code == 200
        assert WORD.lower() not in response.content.decode().lower(), url
    response = client.get(f"/compromisos/{commitment.identifier}/hitos/1/evidencia")
    assert response.status_code == 200
    assert WORD.lower() not in response["Content-Disposition"].lower()
    assert f"evidencia-{milestone.identifier}.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_milestone_identifier_typed_by_a_person_is_kept(world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan)
    milestone = f.MilestoneFactory(commitment=commitment, order=1, identifier="pal-c01-h1", title="Uno")
    milestone.title = "Dos"
    milestone.save()
    commitment.submit()
    f.adopted_agreement(world.stl).approve(commitment)
    commitment.publish()
    milestone.refresh_from_db()
    assert milestone.identifier == "pal-c01-h1"


@pytest.mark.django_db
def test_a_document_renamed_before_its_first_approval_drops_the_draft_title(client, world):
    document = f.DocumentFactory(body=world.stl, title=f"Documento {WORD}")
    version = f.DocumentVersionFactory(document=document, number=1)
    assert WORD.lower() in version.identifier
    version.file.save("v1.pdf", ContentFile(b"%PDF-1.4 version"), save=True)
    document.title = "Metodología aprobada"
    document.save()
    f.adopted_agreement(world.stl).approve(version)
    document.refresh_from_db()
    version.refresh_from_db()
    assert document.identifier.startswith("metodologia-aprobada-")
    assert version.identifier.startswith(f"{document.identifier}-v1-")
    for url in ("/datos/documents.csv", "/datos/documents-versions.csv", "/datos/registro-publico.json",
                document.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert WORD.lower() not in response.content.decode().lower(), url


@pytest.mark.django_db
def test_a_public_document_keeps_its_identifier_when_a_later_version_is_approved(world):
    document = f.DocumentFactory(body=world.stl, title="Mecanismo")
    first = f.DocumentVersionFactory(document=document, number=1)
    f.adopted_agreement(world.stl).approve(first)
    identifier = document.identifier
    document.title = "Mecanismo de gobernanza"
    document.save()
    second = f.DocumentVersionFactory(document=document, number=2)
    f.adopted_agreement(world.stl).approve(second)
    document.refresh_from_db()
    assert document.identifier == identifier
