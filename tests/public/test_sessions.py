import pytest

from sessions.models import Session
from tests import factories as f
from tests.public.conftest import MARKER


@pytest.mark.django_db
def test_the_list_shows_public_sessions_meetings_and_events(client, world, public_record, drafts):
    meeting = f.SessionFactory(body=world.group, kind=Session.Kind.WORKING_MEETING, number=1,
                               date_certainty="illustrative")
    response = client.get("/sesiones/")
    listed = list(response.context["sessions"])
    assert public_record.session in listed and meeting in listed
    assert drafts.reserved not in listed
    assert "fecha ilustrativa" in response.content.decode()


@pytest.mark.django_db
def test_the_list_filters_by_kind_body_and_year(client, world, public_record):
    meeting = f.SessionFactory(body=world.group, kind=Session.Kind.WORKING_MEETING, number=1)
    assert list(client.get("/sesiones/?tipo=reuniones").context["sessions"]) == [meeting]
    assert list(client.get(f"/sesiones/?organo={world.group.identifier}").context["sessions"]) == [meeting]
    assert client.get("/sesiones/?anio=1999").context["page"].paginator.count == 0
    assert client.get("/sesiones/?anio=-5&tipo=zz&organo=nada&pagina=-2").status_code == 200


@pytest.mark.django_db
def test_the_session_page_has_attendance_agenda_agreements_and_minutes(client, world, public_record):
    text = client.get(public_record.session.get_absolute_url()).content.decode()
    assert "Tercera Sesión Ordinaria" in text
    assert "Asuntos a aprobar" in text
    assert "Ana Garante" in text and "Titular presente" in text and "Ausente" in text
    assert "Sí hubo quórum" in text
    assert public_record.agreement.code in text
    assert f"/sesiones/{public_record.session.identifier}/acta" in text


@pytest.mark.django_db
def test_the_minutes_download_as_a_file(client, public_record):
    response = client.get(f"/sesiones/{public_record.session.identifier}/acta")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 acta publica"


@pytest.mark.django_db
def test_a_reserved_session_its_minutes_and_agreements_are_not_found(client, drafts):
    assert client.get(drafts.reserved.get_absolute_url()).status_code == 404
    assert client.get(f"/sesiones/{drafts.reserved.identifier}/acta").status_code == 404
    agreement = drafts.reserved.agreements.get()
    assert client.get(agreement.get_absolute_url()).status_code == 404
    assert MARKER not in client.get("/acuerdos/?q=STL").content.decode()
