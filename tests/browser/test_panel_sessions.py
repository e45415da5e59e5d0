"""A member records a session in the browser: the session, its attendance with the live quorum,
and two agreements that approve an axis and a commitment."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from commitments.models import Axis, Commitment
from sessions.models import Agreement, Session
from tests import factories as f
from tests.browser.conftest import browser_login

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_records_a_session_with_attendance_and_two_agreements_that_approve(page, live_server, world):
    axis = f.AxisFactory(plan=world.plan, lead_institution=world.infoem, name="Apertura Municipal")
    commitment = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan, title="Observatorio Ciudadano")
    commitment.submit()

    browser_login(page, live_server, world.ieem_member)
    page.goto(f"{live_server.url}/panel/sesiones/nueva/")
    page.locator("#id_kind").select_option("ordinary")
    page.locator("#id_date").fill("2021-03-15")
    page.locator("#id_start_time").fill("10:00")
    page.locator("#id_modality").select_option("in_person")
    page.locator("#id_place").fill("Sala de sesiones del INFOEM")
    page.locator("#id_agenda-0-title").fill("Lista de asistencia y declaración de quórum")
    page.locator("#id_agenda-1-title").fill("Aprobación del eje y del compromiso")
    page.get_by_role("button", name="Registrar").click()
    page.get_by_role("heading", name="Primera Sesión Ordinaria").wait_for()
    session = Session.objects.get(body=world.stl, year=2021)
    assert session.number == 1

    page.get_by_role("link", name="Registrar asistencia").click()
    live = page.locator("#quorum-live")
    expect(live).to_contain_text("Aún no hay quórum")
    for seat, choice in (("órgano garante", "Titular presente"), ("entes públicos", "Suplente en funciones"),
                         ("sociedad civil", "Titular presente"), ("Facilitador", "Ausente")):
        page.get_by_role("group", name=seat).get_by_label(choice).check()
    expect(live).to_contain_text("Asientos presentes ahora: 3 de 4; se requieren 3. Hay quórum.")
    page.get_by_role("button", name="Guardar asistencia").click()
    page.get_by_text("Hubo quórum.", exact=True).wait_for()

    for title, thing in (("Aprobación del eje Apertura Municipal", "Apertura Municipal"),
                         ("Aprobación del compromiso Observatorio Ciudadano", "Observatorio Ciudadano")):
        page.get_by_role("link", name="Registrar un acuerdo").click()
        expect(page.get_by_label("Clave")).to_have_value(re.compile(r"^STL/SO/01/2021-0[12]$"))
        page.get_by_label("Asunto").fill(title)
        page.get_by_label("Texto del acuerdo").fill("Se aprueba por unanimidad de los presentes.")
        page.get_by_label("Por unanimidad").check()
        page.get_by_label(thing).check()
        page.get_by_role("button", name="Registrar el acuerdo").click()
        page.get_by_text("Se registró el acuerdo").wait_for()

    assert list(Agreement.objects.filter(session=session).values_list("code", flat=True).order_by("number")) == [
        "STL/SO/01/2021-01", "STL/SO/01/2021-02"]
    axis.refresh_from_db()
    commitment.refresh_from_db()
    assert axis.status == Axis.Status.APPROVED and axis.approved_by.code == "STL/SO/01/2021-01"
    assert commitment.status == Commitment.Status.APPROVED and commitment.approved_by.code == "STL/SO/01/2021-02"
    assert page.get_by_text("Apertura Municipal").count() >= 1


@pytest.fixture
def phone_without_javascript(chromium):
    context = chromium.new_context(locale="es-MX", viewport={"width": 375, "height": 740}, is_mobile=True,
                                   java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_attendance_is_recorded_on_a_phone_without_javascript(phone_without_javascript, live_server, world):
    page = phone_without_javascript
    session = f.SessionFactory(body=world.stl, number=1, date=datetime.date(2021, 6, 1))
    browser_login(page, live_server, world.infoem_member)
    page.goto(f"{live_server.url}/panel/sesiones/{session.identifier}/asistencia/")
    assert page.locator("#quorum-live").is_hidden()
    for seat, choice in (("órgano garante", "Titular presente"), ("entes públicos", "Titular presente"),
                         ("sociedad civil", "Ausente"), ("Facilitador", "Ausente")):
        page.get_by_role("group", name=seat).get_by_label(choice).check()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    page.get_by_role("button", name="Guardar asistencia").click()
    page.get_by_text("No hubo quórum.", exact=True).wait_for()
    session.refresh_from_db()
    assert (session.quorum_present, session.has_quorum) == (2, False)


def test_a_working_meeting_records_who_took_part_and_a_draft_document(page, live_server, world, tmp_path):
    from sessions.models import DocumentVersion

    draft = tmp_path / "borrador.pdf"
    draft.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    browser_login(page, live_server, world.ieem_member)
    page.goto(f"{live_server.url}/panel/sesiones/nueva/")
    page.locator("#id_body").select_option(str(world.group.pk))
    page.locator("#id_kind").select_option("working_meeting")
    page.locator("#id_date").fill("2020-08-20")
    page.locator("#id_modality").select_option("videoconference")
    page.locator("#id_is_public").uncheck()
    page.locator("#id_agenda-0-title").fill("Revisión del diagnóstico del eje")
    page.get_by_role("button", name="Registrar").click()
    page.get_by_role("heading", name="Reunión de trabajo 1").wait_for()

    page.get_by_role("link", name="Registrar asistencia").click()
    page.locator("#id_participants-0-person").select_option(label="Elena Electoral")
    page.locator("#id_participants-1-note").fill("Sociedad civil")
    page.get_by_role("button", name="Guardar asistencia").click()
    page.get_by_text("Se guardó la asistencia.").wait_for()

    page.get_by_role("link", name="Agregar un documento trabajado").click()
    page.locator("#id_new_title").fill("Diagnóstico de la mesa")
    page.locator("#id_file").set_input_files(str(draft))
    page.get_by_role("button", name="Agregar la versión").click()
    page.get_by_text("Diagnóstico de la mesa, versión 1").wait_for()

    meeting = Session.objects.get(body=world.group, kind="working_meeting")
    assert meeting.is_public is False
    assert {str(row.person or row.note) for row in meeting.attendances.all()} == {"Elena Electoral", "Sociedad civil"}
    version = DocumentVersion.objects.get(drafted_in=meeting)
    assert version.status == DocumentVersion.Status.DRAFT and version.file.name.endswith(".pdf")
    version.file.delete(save=False)
