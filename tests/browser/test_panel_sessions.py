"""The technical secretariat records a session in the browser: the session, its attendance with the
live quorum, and two agreements that approve an axis and a commitment; a session's life from
scheduled to announced, with agenda rows added without JavaScript and a member's proposed point;
its minutes approved by a later session and corrected by a fe de erratas."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from commitments.models import Axis, Commitment
from sessions.models import Agreement, Session
from tests import factories as f
from tests.browser.conftest import PHONE, browser_login, opened_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_secretariat_records_a_session_with_attendance_and_two_agreements_that_approve(page, live_server,
                                                                                          world):
    axis = f.AxisFactory(plan=world.plan, lead_institution=world.infoem, name="Apertura Municipal")
    commitment = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan, title="Observatorio Ciudadano")
    commitment.submit()

    browser_login(page, live_server, world.facilitator)
    page.goto(f"{live_server.url}/panel/sesiones/nueva/")
    page.locator("#id_kind").select_option("ordinary")
    page.locator("#id_date").fill("2021-03-15")
    page.locator("#id_status").select_option("held")
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
    with opened_page(chromium, java_script_enabled=False, **PHONE) as page:
        yield page


def test_attendance_is_recorded_on_a_phone_without_javascript(phone_without_javascript, live_server, world):
    page = phone_without_javascript
    session = f.SessionFactory(body=world.stl, number=1, date=datetime.date(2021, 6, 1))
    browser_login(page, live_server, world.staff)
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
    browser_login(page, live_server, world.facilitator)
    page.goto(f"{live_server.url}/panel/sesiones/nueva/")
    page.locator("#id_body").select_option(str(world.group.pk))
    page.locator("#id_kind").select_option("working_meeting")
    page.locator("#id_date").fill("2020-08-20")
    page.locator("#id_status").select_option("held")
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


def test_a_session_is_scheduled_with_more_agenda_rows_without_javascript_then_announced(
        phone_without_javascript, page, live_server, world):
    from django.utils import timezone

    day = timezone.localdate() + datetime.timedelta(days=20)
    phone = phone_without_javascript
    browser_login(phone, live_server, world.staff)
    phone.goto(f"{live_server.url}/panel/sesiones/nueva/")
    phone.locator("#id_kind").select_option("ordinary")
    phone.locator("#id_date").fill(day.isoformat())
    phone.locator("#id_start_time").fill("10:00")
    phone.locator("#id_place").fill("Sala de sesiones del INFOEM")
    for index, title in enumerate(["Lista de asistencia", "Informe del facilitador", "Asuntos generales"]):
        phone.locator(f"#id_agenda-{index}-title").fill(title)
    phone.get_by_role("button", name="Agregar más renglones al orden del día").click()
    expect(phone.locator("#id_agenda-2-title")).to_have_value("Asuntos generales")
    phone.locator("#id_agenda-3-title").fill("Clausura")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.get_by_role("button", name="Registrar", exact=True).click()
    phone.get_by_text("como programada y no pública").wait_for()
    session = Session.objects.get(body=world.stl, date=day)
    assert session.agenda_items.count() == 4 and not session.is_public
    phone.get_by_role("button", name="Publicar la convocatoria").click()
    phone.get_by_text("Se publicó la convocatoria").wait_for()

    browser_login(page, live_server, world.ieem_member)
    page.goto(f"{live_server.url}/panel/sesiones/{session.identifier}/")
    assert page.get_by_role("link", name="Editar datos, orden del día y acta").count() == 0
    page.get_by_role("link", name="Proponer un punto del orden del día").click()
    page.get_by_label("Punto que propone").fill("Informe de la mesa de democracia")
    page.get_by_role("button", name="Proponer el punto").click()
    page.get_by_text("Se registró su propuesta").wait_for()
    page.goto(f"{live_server.url}{session.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Primera Sesión Ordinaria")
    expect(page.locator("main")).to_contain_text("Clausura")
    expect(page.locator("main")).not_to_contain_text("Informe de la mesa de democracia")


def test_minutes_approved_by_a_later_session_and_a_fe_de_erratas_in_the_browser(page, live_server, world):
    from sessions.models import Attendance

    def with_quorum(number, day):
        session = f.SessionFactory(body=world.stl, number=number, date=day)
        session.record_attendance([
            Attendance(seat=world.seats.guarantor, status="holder", person=world.people.guarantor),
            Attendance(seat=world.seats.public_bodies, status="holder", person=world.people.comptroller),
            Attendance(seat=world.seats.civil_society, status="holder"),
            Attendance(seat=world.seats.facilitator, status="absent"),
        ])
        return session

    first = with_quorum(7, datetime.date(2022, 3, 1))
    agreement = f.AgreementFactory(session=first, number=1, code="STL/SO/07/2022-01", title="Metodología",
                                   text="Se aprueba la Metodolgía.")
    later = with_quorum(8, datetime.date(2022, 4, 1))
    browser_login(page, live_server, world.staff)
    page.goto(f"{live_server.url}/panel/sesiones/{first.identifier}/")
    page.get_by_role("button", name="Circular el acta para observaciones").click()
    page.get_by_text("El acta se circuló").wait_for()
    page.goto(f"{live_server.url}/panel/sesiones/{later.identifier}/acuerdos/nuevo/")
    expect(page.get_by_role("group", name="Votación por asiento").get_by_label("Facilitador")).to_have_value("absent")
    page.get_by_label("Asunto").fill("Aprobación del acta de la sesión anterior")
    page.get_by_label("Texto del acuerdo").fill("Se aprueba el acta de la Séptima Sesión Ordinaria.")
    page.get_by_label("Por unanimidad").check()
    page.get_by_label("Acta que aprueba").select_option(str(first.pk))
    page.get_by_role("button", name="Registrar el acuerdo").click()
    page.get_by_text("Se registró el acuerdo").wait_for()
    first.refresh_from_db()
    assert first.minutes_status == "approved"

    page.goto(f"{live_server.url}/panel/sesiones/{first.identifier}/")
    assert page.get_by_role("link", name=re.compile("Editar el acuerdo")).count() == 0
    page.get_by_role("link", name=re.compile("Proponer una fe de erratas")).first.click()
    page.get_by_label("Acuerdo corregido").select_option(str(agreement.pk))
    page.get_by_label("Texto corregido").fill("Se aprueba la Metodología.")
    page.get_by_label("Motivo").fill("Error de captura en el nombre del documento.")
    page.get_by_role("button", name="Proponer la fe de erratas").click()
    page.get_by_text("Se registró la fe de erratas propuesta").wait_for()
    agreement.refresh_from_db()
    assert agreement.text == "Se aprueba la Metodolgía."
