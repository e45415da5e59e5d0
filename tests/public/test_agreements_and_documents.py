import pytest

from tests.public.conftest import MARKER


@pytest.mark.django_db
def test_the_agreement_list_searches_code_title_and_text(client, public_record):
    response = client.get("/acuerdos/?q=mecanismo")
    assert [a.code for a in response.context["agreements"]] == ["STL/SO/03/2020-02"]


@pytest.mark.django_db
def test_an_agreement_page_shows_what_it_approved_and_the_votes(client, public_record, drafts):
    text = client.get(public_record.agreement.get_absolute_url()).content.decode()
    assert public_record.commitment.get_absolute_url() in text
    assert drafts.renamed.get_absolute_url() in text
    assert "A favor" in text
    assert MARKER not in text  # the approved-but-unpublished commitment is left out


@pytest.mark.django_db
def test_documents_show_approved_versions_only(client, public_record, drafts):
    listed = client.get("/documentos/").context["documents"]
    assert [d.title for d in listed] == ["Mecanismo de Gobernanza"]
    response = client.get(public_record.document.get_absolute_url())
    assert [v.number for v in response.context["versions"]] == [1]
    assert MARKER not in response.content.decode()
    assert client.get(drafts.only_drafts.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_an_approved_version_downloads_and_a_draft_version_does_not(client, public_record, drafts):
    identifier = public_record.document.identifier
    response = client.get(f"/documentos/{identifier}/versiones/1/archivo")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 mecanismo"
    assert client.get(f"/documentos/{identifier}/versiones/2/archivo").status_code == 404
