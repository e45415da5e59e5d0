"""Draft documents a meeting worked on: a new draft version of an existing document (its earlier
versions are kept) or of a new one, with its file checked by content."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sessions.models import Document, DocumentVersion
from tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def meeting(world):
    return f.SessionFactory(body=world.group, kind="working_meeting", number=3, date=datetime.date(2020, 8, 20),
                            is_public=False)


def url(session):
    return reverse("panel:draft_version_create", args=[session.identifier])


def pdf(name="borrador.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_new_version_of_an_existing_document_keeps_the_earlier_ones(login, world, meeting):
    document = f.DocumentFactory(body=world.table, title="Diagnóstico del eje")
    first = f.DocumentVersionFactory(document=document, number=1)
    response = login(world.ieem_member).post(url(meeting), {
        "document": document.pk, "date": "2020-08-20", "notes": "Ajustes de la mesa", "file": pdf()})
    assert response.status_code == 302
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    new = versions[1]
    assert new.status == DocumentVersion.Status.DRAFT and new.drafted_in == meeting
    assert new.file.name.startswith("documentos/") and new.file.name.endswith(".pdf")
    assert first in versions
    new.file.delete(save=False)


def test_a_new_document_starts_at_version_one_in_the_meetings_body(login, world, meeting):
    login(world.ieem_member).post(url(meeting), {"new_title": "Propuesta de compromiso", "new_kind": "axis_document",
                                                 "date": "2020-08-20"})
    document = Document.objects.get(title="Propuesta de compromiso")
    assert document.body == world.group
    assert document.versions.get().number == 1


def test_the_meeting_page_lists_the_documents_it_worked_on(login, world, meeting):
    client = login(world.ieem_member)
    client.post(url(meeting), {"new_title": "Minuta de trabajo", "new_kind": "other", "date": "2020-08-20"})
    page = client.get(reverse("panel:session_detail", args=[meeting.identifier])).content.decode()
    assert "Minuta de trabajo, versión 1" in page and "Borrador" in page


@pytest.mark.parametrize("post, field, message", [
    ({}, "document", "Elija el documento o escriba el título"),
    ({"document": "both", "new_title": "Otro"}, "new_title", "no ambos"),
    ({"new_title": "Diagnóstico del eje"}, "new_title", "Ya existe un documento con ese título"),
    ({"document": "other_stl"}, "document", "Seleccione una opción válida"),
    ({"new_title": "Nuevo", "file": "html"}, "file", "no es un PDF válido"),
    ({"new_title": "Nuevo", "date": "ayer"}, "date", "fecha válida"),
])
def test_bad_input_is_answered_next_to_the_field_and_nothing_is_saved(login, world, other_world, meeting,
                                                                      post, field, message):
    existing = f.DocumentFactory(body=world.stl, title="Diagnóstico del eje")
    foreign = f.DocumentFactory(body=other_world.stl)
    data = {"date": "2020-08-20", "new_kind": "other", **post}
    if data.get("document") == "both":
        data["document"] = existing.pk
    if data.get("document") == "other_stl":
        data["document"] = foreign.pk
    if data.get("file") == "html":
        data["file"] = pdf("borrador.pdf", b"<html><body>no soy un PDF</body></html>")
    response = login(world.ieem_member).post(url(meeting), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not DocumentVersion.objects.exists()
    assert Document.objects.count() == 2


def test_the_status_cannot_be_forged_to_approved(login, world, meeting):
    login(world.ieem_member).post(url(meeting), {"new_title": "Borrador", "new_kind": "other", "date": "2020-08-20",
                                                 "status": "approved", "approved_by": "1", "number": "9"})
    version = DocumentVersion.objects.get()
    assert version.status == DocumentVersion.Status.DRAFT and version.approved_by is None and version.number == 1


def test_a_double_submit_adds_one_version(login, world, meeting):
    client = login(world.ieem_member)
    token = client.get(url(meeting)).context["form_token"]
    for _ in range(2):
        client.post(url(meeting), {"new_title": "Una vez", "new_kind": "other", "date": "2020-08-20",
                                   "form_token": token})
    assert DocumentVersion.objects.count() == 1 and Document.objects.filter(title="Una vez").count() == 1
