"""Shared form behaviour: uploads judged by content, and optimistic locking on records."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from core.forms import RecordForm
from core.uploads import check_upload, checked
from tests.factories import InstitutionFactory
from workgroups.models import Institution

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(content, name="acta.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_real_pdf_passes_and_gets_a_neutral_name():
    f = checked(upload(PDF, "../../etc/x.pdf.html"))
    assert f.name == "archivo.pdf"


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b"%PDF-1.4 but no end marker", b"\x89PNG\r\n\x1a\n..."],
)
def test_html_disguised_as_pdf_and_other_types_are_refused(content):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(content))
    assert error.value.code == "bad_type"
    assert "PDF" in str(error.value.messages[0])


def test_an_image_is_accepted_only_where_images_are():
    png = upload(b"\x89PNG\r\n\x1a\n" + b"0" * 20, "foto.png")
    assert check_upload(png, kinds=("pdf", "png")) == "png"


def test_empty_and_oversized_files_are_refused():
    with pytest.raises(ValidationError) as error:
        check_upload(upload(b""))
    assert error.value.code == "empty"
    with override_settings(UPLOAD_MAX_BYTES=1024), pytest.raises(ValidationError) as error:
        check_upload(upload(PDF + b"0" * 2000))
    assert error.value.code == "too_big"
    assert "máximo" in error.value.messages[0]


class InstitutionForm(RecordForm):
    class Meta:
        model = Institution
        fields = ["name", "acronym", "kind"]


@pytest.mark.django_db
def test_the_second_of_two_editors_is_refused_and_keeps_what_they_typed():
    institution = InstitutionFactory(name="Original")
    first = InstitutionForm(instance=institution)
    seen = first.initial["revision_seen"]
    data = {"name": "Primera edición", "acronym": institution.acronym, "kind": institution.kind, "revision_seen": seen}
    saved = InstitutionForm(data, instance=Institution.objects.get(pk=institution.pk))
    assert saved.is_valid() and saved.save_checked() is not None

    late = InstitutionForm({**data, "name": "Segunda edición"}, instance=Institution.objects.get(pk=institution.pk))
    assert late.is_valid()
    assert late.save_checked() is None
    assert "Alguien más guardó" in late.non_field_errors()[0]
    assert late["name"].value() == "Segunda edición"
    institution.refresh_from_db()
    assert institution.name == "Primera edición"


@pytest.mark.django_db
def test_a_new_record_is_saved_with_history():
    form = InstitutionForm({"name": "Nueva", "acronym": "NV", "kind": "public_body"})
    assert form.is_valid()
    obj = form.save_checked()
    assert obj.pk and obj.history.count() == 1
