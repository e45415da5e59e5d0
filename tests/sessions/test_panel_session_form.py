"""Recording and editing a session in the panel: suggested number, agenda, minutes checked by
content, optimistic locking, one record per double submit, and fields the form does not offer."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from sessions.forms import SessionForm
from sessions.models import AgendaItem, Session
from tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def session_data(world, **overrides):
    data = {
        "body": world.stl.pk, "kind": "ordinary", "number": "", "date": "2021-04-08", "start_time": "10:00",
        "status": "held", "modality": "videoconference", "place": "", "link": "https://example.org/sala",
        "title": "", "summary": "Aprobación de la metodología.", "is_public": "on",
        "agenda-TOTAL_FORMS": "2", "agenda-INITIAL_FORMS": "0", "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-order": "", "agenda-0-title": "Lista de asistencia y quórum",
        "agenda-1-order": "", "agenda-1-title": "Metodología",
    }
    data.update(overrides)
    return data


def edit_data(session, **overrides):
    items = list(session.agenda_items.all())
    data = {
        "body": session.body_id, "kind": session.kind, "number": session.number,
        "date": session.date.isoformat(), "start_time": "", "status": session.status,
        "modality": session.modality, "place": session.place, "link": session.link, "title": session.title,
        "summary": session.summary, "is_public": "on" if session.is_public else "",
        "revision_seen": session.revision,
        "agenda-TOTAL_FORMS": str(len(items)), "agenda-INITIAL_FORMS": str(len(items)),
        "agenda-MIN_NUM_FORMS": "0", "agenda-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        data.update({f"agenda-{index}-id": item.pk, f"agenda-{index}-session": session.pk,
                     f"agenda-{index}-order": item.order, f"agenda-{index}-title": item.title})
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def create_url():
    return reverse("panel:session_create")


def test_a_member_records_a_session_with_its_agenda_and_the_next_free_number(login, world):
    f.SessionFactory(body=world.stl, kind="ordinary", number=2, date=datetime.date(2021, 4, 2))
    client = login(world.facilitator)
    response = client.post(create_url(), session_data(world, date="2021-04-08"))
    session = Session.objects.get(body=world.stl, year=2021, number=3)
    assert response.status_code == 302
    assert response.url == reverse("panel:session_detail", args=[session.identifier])
    assert session.display_name == "Tercera Sesión Ordinaria"
    assert [(i.order, i.title) for i in session.agenda_items.all()] == [
        (1, "Lista de asistencia y quórum"), (2, "Metodología")]
    assert session.history.first().history_user == world.facilitator.user


def test_the_form_page_offers_only_the_bodies_of_the_accounts_stl(login, world, other_world):
    page = login(world.staff).get(create_url()).content.decode()
    assert world.group.name in page and world.table.name in page
    assert other_world.stl.short_name not in page


def test_a_body_of_another_stl_in_the_post_is_refused_next_to_the_field(login, world, other_world):
    response = login(world.staff).post(create_url(), session_data(world, body=other_world.stl.pk))
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert "Seleccione una opción válida" in response.content.decode()
    assert not Session.objects.filter(year=2021).exists()


def test_a_taken_number_is_refused_with_the_next_free_one(login, world):
    f.SessionFactory(body=world.stl, kind="ordinary", number=1, date=datetime.date(2021, 1, 10))
    response = login(world.staff).post(create_url(), session_data(world, number="1", date="2021-03-01"))
    assert response.status_code == 200
    assert "el siguiente número libre es 2" in response.context["form"].errors["number"][0]
    assert Session.objects.filter(year=2021).count() == 1


@pytest.mark.parametrize("overrides, field, message", [
    ({"kind": "ordinary", "body": "group"}, "kind", "Solo un secretariado celebra sesiones formales"),
    ({"kind": "installation", "number": "2"}, "number", "La sesión de instalación lleva el número 1"),
    ({"modality": "in_person", "place": ""}, "place", "Indique el lugar"),
    ({"date": "31/02/2020"}, "date", "fecha válida"),
    ({"link": "javascript:alert(1)"}, "link", "URL válida"),
    ({"number": "0"}, "number", "mayor o igual a 1"),
    ({"status": "approved"}, "status", "Seleccione una opción válida"),
])
def test_bad_input_is_answered_next_to_the_field_and_nothing_is_saved(login, world, overrides, field, message):
    if overrides.get("body") == "group":
        overrides["body"] = world.group.pk
    response = login(world.staff).post(create_url(), session_data(world, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert "No se guardó nada" in response.content.decode()
    assert not Session.objects.filter(year=2021).exists() and not AgendaItem.objects.exists()


def test_two_agenda_items_with_the_same_number_are_refused(login, world):
    response = login(world.staff).post(create_url(), session_data(
        world, **{"agenda-0-order": "1", "agenda-1-order": "1"}))
    assert response.status_code == 200
    assert "Ya hay un punto con ese número" in response.content.decode()
    assert not Session.objects.filter(year=2021).exists()


def test_minutes_in_pdf_are_stored_under_a_generated_name(login, world):
    minutes = SimpleUploadedFile("../../acta final.pdf", PDF, content_type="application/pdf")
    login(world.staff).post(create_url(), {**session_data(world), "minutes": minutes})
    session = Session.objects.get(year=2021)
    assert session.minutes.name.startswith("actas/") and session.minutes.name.endswith(".pdf")
    assert "acta final" not in session.minutes.name
    session.minutes.delete(save=False)


@pytest.mark.parametrize("content, name", [
    (b"<html><script>alert(1)</script></html>", "acta.pdf"),
    (b"%PDF-1.4 <html>no end marker</html>", "acta.pdf"),
    (b"PK\x03\x04 a word document", "acta.docx"),
])
def test_minutes_that_are_not_a_pdf_are_refused_by_content(login, world, content, name):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = login(world.staff).post(create_url(), {**session_data(world), "minutes": upload})
    assert response.status_code == 200
    assert "no es un PDF válido" in response.context["form"].errors["minutes"][0]
    assert not Session.objects.filter(year=2021).exists()


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_minutes_over_the_limit_are_refused(login, world):
    upload = SimpleUploadedFile("acta.pdf", PDF + b"0" * 4096, content_type="application/pdf")
    response = login(world.staff).post(create_url(), {**session_data(world), "minutes": upload})
    assert "el máximo es" in response.context["form"].errors["minutes"][0]
    assert not Session.objects.filter(year=2021).exists()


def test_a_double_submit_creates_one_session_and_lands_on_it(login, world):
    client = login(world.staff)
    token = client.get(create_url()).context["form_token"]
    first = client.post(create_url(), session_data(world, number="1", form_token=token))
    second = client.post(create_url(), session_data(world, number="1", form_token=token))
    assert Session.objects.filter(year=2021).count() == 1
    assert second.status_code == 302 and second.url == first.url


def test_a_repeated_post_without_a_token_is_stopped_by_the_number(login, world):
    client = login(world.staff)
    client.post(create_url(), session_data(world, number="4"))
    again = client.post(create_url(), session_data(world, number="4"))
    assert again.status_code == 200
    assert "number" in again.context["form"].errors
    assert Session.objects.filter(year=2021).count() == 1


def test_fields_the_form_does_not_offer_are_ignored(login, world):
    login(world.staff).post(create_url(), session_data(
        world, is_example="on", quorum_present="9", has_quorum="True", identifier="falso", revision="99",
        year="1999"))
    session = Session.objects.get(year=2021)
    assert session.is_example is False
    assert session.quorum_present is None and session.has_quorum is None
    assert session.identifier != "falso" and session.year == 2021 and session.revision == 1


def test_a_member_edits_the_session_and_its_agenda(login, world):
    session = f.SessionFactory(body=world.stl, number=93, date=datetime.date(2022, 4, 8))
    first = f.AgendaItemFactory(session=session, order=1, title="Primero")
    second = f.AgendaItemFactory(session=session, order=2, title="Segundo")
    data = edit_data(session, summary="Resumen nuevo", **{"agenda-0-order": 2, "agenda-1-order": 1,
                                                          "agenda-1-DELETE": ""})
    response = login(world.staff).post(reverse("panel:session_edit", args=[session.identifier]), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.summary == "Resumen nuevo"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.order, second.order) == (2, 1)


def test_an_agenda_item_is_removed(login, world):
    session = f.SessionFactory(body=world.stl, number=93, date=datetime.date(2022, 4, 8))
    f.AgendaItemFactory(session=session, order=1, title="Se queda")
    f.AgendaItemFactory(session=session, order=2, title="Se va")
    data = edit_data(session, **{"agenda-1-DELETE": "on"})
    login(world.staff).post(reverse("panel:session_edit", args=[session.identifier]), data)
    assert [i.title for i in session.agenda_items.all()] == ["Se queda"]


def test_the_second_of_two_editors_is_refused_and_keeps_what_they_typed(login, world):
    session = f.SessionFactory(body=world.stl, number=93, date=datetime.date(2022, 4, 8), summary="Original")
    url = reverse("panel:session_edit", args=[session.identifier])
    stale = edit_data(session, summary="Lo que escribió la segunda persona")
    client = login(world.staff)
    assert client.post(url, edit_data(session, summary="Primera edición")).status_code == 302
    response = client.post(url, stale)
    assert response.status_code == 200
    assert "Alguien más guardó" in response.content.decode()
    assert "Lo que escribió la segunda persona" in response.content.decode()
    session.refresh_from_db()
    assert session.summary == "Primera edición"


def test_a_session_with_agreements_stays_a_held_formal_session(login, world):
    agreement = f.adopted_agreement(world.stl)
    session = agreement.session
    url = reverse("panel:session_edit", args=[session.identifier])
    response = login(world.staff).post(url, edit_data(session, status="scheduled"))
    assert response.status_code == 200
    assert "ya tiene acuerdos" in response.context["form"].errors["status"][0]
    session.refresh_from_db()
    assert session.status == "held"


def test_the_body_does_not_change_once_attendance_is_recorded(login, world):
    session = f.SessionFactory(body=world.stl, kind="ordinary", number=91, date=datetime.date(2022, 4, 8))
    f.AttendanceFactory(session=session)
    data = edit_data(session, body=world.group.pk, kind="working_meeting")
    response = login(world.staff).post(reverse("panel:session_edit", args=[session.identifier]), data)
    assert "body" in response.context["form"].errors
    session.refresh_from_db()
    assert session.body == world.stl


def test_the_form_suggests_the_next_number_when_left_empty(world):
    f.SessionFactory(body=world.group, kind="working_meeting", number=4, date=datetime.date(2020, 8, 1))
    form = SessionForm(session_data(world, body=world.group.pk, kind="working_meeting", date="2020-09-01"),
                       stl=world.stl)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["number"] == 5


def test_the_form_page_lists_the_next_free_numbers_of_this_year(login, world):
    from django.utils import timezone

    this_year = timezone.localdate().year
    f.SessionFactory(body=world.stl, kind="ordinary", number=4, date=datetime.date(this_year, 1, 20))
    f.SessionFactory(body=world.group, kind="working_meeting", number=9, date=datetime.date(this_year - 1, 5, 2))
    response = login(world.staff).get(create_url())
    numbers = {(body, str(kind)): number for body, kind, number in response.context["next_numbers"]}
    assert numbers[(world.stl, "Sesión ordinaria")] == 5
    assert numbers[(world.group, "Reunión de trabajo")] == 1
    assert (world.group, "Sesión ordinaria") not in numbers


def test_a_double_submit_of_an_edit_is_not_taken_for_a_concurrent_edit(login, world):
    session = f.SessionFactory(body=world.stl, number=93, date=datetime.date(2022, 4, 8), summary="Original")
    url = reverse("panel:session_edit", args=[session.identifier])
    client = login(world.staff)
    token = client.get(url).context["form_token"]
    data = edit_data(session, summary="Una sola vez", form_token=token)
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 302 and again.url == reverse("panel:session_detail", args=[session.identifier])
    session.refresh_from_db()
    assert session.summary == "Una sola vez"


def test_minutes_are_linked_from_the_detail_page_and_can_be_removed(login, world):
    client = login(world.staff)
    client.post(create_url(), {**session_data(world), "minutes": SimpleUploadedFile("a.pdf", PDF)})
    session = Session.objects.get(year=2021)
    stored = session.minutes.name
    page = client.get(reverse("panel:session_detail", args=[session.identifier])).content.decode()
    assert session.minutes.url in page and "Descargar el acta (PDF)" in page
    storage = session.minutes.storage
    response = client.post(reverse("panel:session_edit", args=[session.identifier]),
                           edit_data(session, **{"minutes-clear": "on"}))
    assert response.status_code == 302
    session.refresh_from_db()
    assert not session.minutes
    storage.delete(stored)


def test_too_many_files_in_one_post_are_refused_with_400_and_nothing_saved(login, world):
    client = login(world.staff)
    client.raise_request_exception = False
    before = Session.objects.count()
    files = {f"archivo{n}": SimpleUploadedFile(f"a{n}.pdf", PDF, content_type="application/pdf") for n in range(12)}
    response = client.post(create_url(), {**session_data(world), **files})
    assert response.status_code == 400
    assert "No se guardó nada" in response.content.decode()
    assert Session.objects.count() == before
