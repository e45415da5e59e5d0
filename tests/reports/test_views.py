"""The staff pages at /informes/: the permission ladder, the form's errors, the preview, the texts
with their history, the PDF, and what happens when rendering fails."""

import datetime

import pytest
from django.urls import reverse

from core.pdf import PDFRenderError
from core.worker import run_pending_jobs
from reports import activity
from reports import jobs as report_jobs
from reports.models import ReportFile, ReportText
from sessions.models import Session
from tests import factories as f
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<script>alert("x")</script>\n'
    '<img src=file:///etc/passwd onerror=alert(1)>\n'
    '<a href="javascript:alert(1)">clic</a>\n'
    'body { background: url(http://example.com/robo.png) }'
)


def urls(world, institution=None, year=2020):
    args = [(institution or world.ieem).identifier, f"{year}-01-01", f"{year}-12-31"]
    return {
        "index": reverse("reports:index"),
        "preview": reverse("reports:preview", args=args),
        "text": reverse("reports:text", args=args),
        "pdf": reverse("reports:pdf", args=args),
    }


@pytest.fixture
def fast_pdf(monkeypatch):
    """A stand-in for the PDF renderer where the test is about access, not about the PDF."""
    monkeypatch.setattr(report_jobs, "report_pdf", lambda report: b"%PDF-1.7 prueba")


def generated_pdf(client, world, institution=None, year=2020):
    """Ask for the PDF as staff do, let the background job make it, and download it."""
    response = client.post(urls(world, institution, year)["pdf"])
    assert response.status_code == 302
    report_file = ReportFile.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert run_pending_jobs() == 1
    report_file.refresh_from_db()
    return report_file, client.get(reverse("reports:file_download", args=[report_file.pk]))


@pytest.mark.parametrize("page", ["index", "preview", "text", "pdf"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, world, page):
    response = client.get(urls(world)[page])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", ["index", "preview", "text", "pdf"])
@pytest.mark.parametrize("actor", ["ieem_member", "infoem_member", "facilitator"])
def test_members_and_the_facilitator_cannot_report(login, world, page, actor, fast_pdf):
    assert login(getattr(world, actor)).get(urls(world)[page]).status_code == 403


@pytest.mark.parametrize("page", ["preview", "text", "pdf"])
def test_staff_of_another_stl_cannot_report_on_an_institution_outside_it(login, world, other_world, page,
                                                                          fast_pdf):
    assert login(other_world.staff).get(urls(world)[page]).status_code == 404
    response = login(other_world.staff).post(urls(world)["text"], {"opening": "x", "closing": ""})
    assert response.status_code == 404
    assert not ReportText.objects.exists()


def test_staff_of_another_stl_do_not_see_this_stls_institutions_in_the_form(login, world, other_world):
    response = login(other_world.staff).get(reverse("reports:index"),
                                            {"institution": world.ieem.identifier, "year": 2020})
    assert response.status_code == 400
    assert "no forma parte de su secretariado" in response.content.decode()
    assert f'value="{world.ieem.identifier}"' not in response.content.decode()
    assert f'value="{other_world.ieem.identifier}"' in response.content.decode()


@pytest.mark.parametrize("page", ["index", "preview", "text"])
def test_staff_see_the_pages(login, world, page):
    response = login(world.staff).get(urls(world)[page])
    assert response.status_code == 200


def test_staff_ask_for_the_pdf_watch_it_being_made_and_download_it(login, world):
    client = login(world.staff)
    response = client.post(urls(world)["pdf"])
    report_file = ReportFile.objects.get()
    assert response["Location"] == report_file.get_absolute_url()
    assert report_file.status == ReportFile.Status.QUEUED and report_file.requested_by == world.staff.user
    page = client.get(report_file.get_absolute_url()).content.decode()
    assert "En cola" in page and "<progress" in page and "Actualizar el avance" in page
    assert client.get(reverse("reports:file_status", args=[report_file.pk])).json()["in_progress"] is True
    assert client.get(reverse("reports:file_download", args=[report_file.pk])).status_code == 404
    # A second click while it is being made leads to the same file, not another job.
    assert client.post(urls(world)["pdf"])["Location"] == report_file.get_absolute_url()
    assert ReportFile.objects.count() == 1

    assert run_pending_jobs() == 1
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.DONE and report_file.progress == 100
    page = client.get(report_file.get_absolute_url()).content.decode()
    assert "Descargar el PDF" in page and report_file.fingerprint in page
    listing = client.get(urls(world)["pdf"]).content.decode()
    assert "Listo" in listing and str(report_file.pk) in listing
    assert "Descargar el último PDF" in client.get(urls(world)["preview"]).content.decode()
    response = client.get(reverse("reports:file_download", args=[report_file.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="informe-' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(b"".join(response.streaming_content))
    assert world.ieem.name in text and response["X-Report-Fingerprint"] in text


@pytest.mark.parametrize("actor", ["ieem_member", "facilitator"])
def test_only_staff_of_the_same_stl_reach_a_pdf(login, world, other_world, actor, fast_pdf):
    report_file, _ = generated_pdf(login(world.staff), world)
    pages = [reverse(name, args=[report_file.pk]) for name in
             ("reports:file", "reports:file_status", "reports:file_download")]
    for page in pages:
        assert login(getattr(world, actor)).get(page).status_code == 403
        assert login(other_world.staff).get(page).status_code == 404
    assert login(world.staff).post(urls(world)["pdf"]).status_code == 302
    assert login(other_world.staff).post(urls(world)["pdf"]).status_code == 404
    assert login(world.ieem_member).post(urls(world)["pdf"]).status_code == 403
    assert ReportFile.objects.count() == 2


def test_the_request_is_a_post_with_its_csrf_token(world, client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.staff.user)
    assert strict.post(urls(world)["pdf"]).status_code == 403
    assert not ReportFile.objects.exists()


def test_choosing_an_institution_and_a_year_leads_to_the_preview(login, world):
    response = login(world.staff).get(reverse("reports:index"),
                                      {"institution": world.ieem.identifier, "year": "2020"})
    assert response.status_code == 302 and response["Location"] == urls(world)["preview"]
    response = login(world.staff).get(reverse("reports:index"), {
        "institution": world.ieem.identifier, "start": "2020-03-01", "end": "2020-06-30"})
    assert response["Location"] == reverse("reports:preview", args=[world.ieem.identifier, "2020-03-01",
                                                                    "2020-06-30"])


@pytest.mark.parametrize(("data", "message"), [
    ({"institution": "no-existe", "year": "2020"}, "no forma parte de su secretariado"),
    ({"institution": "{ieem}", "year": "20"}, "Escriba un año entre 2000 y"),
    ({"institution": "{ieem}", "year": "99999"}, "Escriba un año entre 2000 y"),
    ({"institution": "{ieem}", "year": "dos mil"}, "Escriba el año con cuatro cifras"),
    ({"institution": "{ieem}"}, "Indique el año o un periodo con fechas"),
    ({"institution": "{ieem}", "start": "2020-06-01", "end": "2020-01-01"}, "no puede ser anterior a la inicial"),
    ({"institution": "{ieem}", "start": "2020-06-01"}, "Indique también la fecha final"),
    ({"institution": "{ieem}", "end": "2020-06-01"}, "Indique también la fecha inicial"),
    ({"institution": "{ieem}", "start": "2000-01-01", "end": "2020-12-31"}, "no puede ser mayor de 5 años"),
    ({"institution": "{ieem}", "start": "1492-10-12", "end": "1492-12-31"}, "La fecha debe caer entre 2000 y"),
    ({"institution": "{ieem}", "start": "2020-02-30", "end": "2020-12-31"}, "Escriba una fecha válida"),
    ({"year": "2020"}, "Elija la institución del informe"),
])
def test_bad_choices_get_a_clear_spanish_message(login, world, data, message):
    data = {k: v.format(ieem=world.ieem.identifier) for k, v in data.items()}
    response = login(world.staff).get(reverse("reports:index"), data)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("period", [("2020-13-01", "2020-12-31"), ("2020-12-31", "2020-01-01"),
                                    ("1990-01-01", "2020-12-31")])
def test_a_malformed_period_in_the_address_is_not_found(login, world, period):
    url = reverse("reports:preview", args=[world.ieem.identifier, *period])
    assert login(world.staff).get(url).status_code == 404


def test_the_preview_states_the_records(login, world):
    # The world's own sessions are numbered by a factory sequence in 2020; this one is alone in 2021.
    session = f.SessionFactory(body=world.stl, number=3, date=datetime.date(2021, 4, 8))
    f.AgreementFactory(session=session, number=1, code="STL/SO/03/2021-01", text="Se aprueba la Metodología.")
    f.ProgrammeActivityFactory(institution=world.ieem, stl=world.stl, year=2021, code="140109",
                               name="Gobierno Abierto")
    content = login(world.staff).get(urls(world, year=2021)["preview"]).content.decode()
    assert "El 8 de abril de 2021 se celebró la Tercera Sesión Ordinaria" in content
    assert "en la que se adoptó el acuerdo STL/SO/03/2021-01, por el que se aprueba la Metodología." in content
    assert "140109" in content


def test_staff_write_the_opening_and_closing_words_with_history(login, world):
    client = login(world.staff)
    response = client.post(urls(world)["text"], {"opening": "Palabras de inicio.", "closing": "Cierre."})
    assert response.status_code == 302 and response["Location"] == urls(world)["preview"]
    text = ReportText.objects.get(institution=world.ieem, stl=world.stl)
    response = client.post(urls(world)["text"], {"opening": "Inicio corregido.", "closing": "Cierre.",
                                                 "revision_seen": text.revision})
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.opening == "Inicio corregido."
    assert [h.history_user for h in text.history.all()] == [world.staff.user, world.staff.user]
    page = client.get(urls(world)["text"]).content.decode()
    assert "Historial de cambios" in page and world.staff.user.username in page
    preview = client.get(urls(world)["preview"]).content.decode()
    assert "Inicio corregido." in preview and "Cierre." in preview


def test_a_stale_edit_of_the_words_is_refused_and_keeps_what_was_typed(login, world):
    text = f.ReportTextFactory(institution=world.ieem, stl=world.stl, opening="Original.")
    seen = text.revision
    text.opening = "Otra persona."
    text.save()
    response = login(world.staff).post(urls(world)["text"], {"opening": "Lo mío.", "closing": "",
                                                             "revision_seen": seen})
    assert response.status_code == 400
    assert "Alguien más guardó" in response.content.decode()
    assert "Lo mío." in response.content.decode()
    text.refresh_from_db()
    assert text.opening == "Otra persona."


def test_overlong_words_are_refused(login, world):
    response = login(world.staff).post(urls(world)["text"], {"opening": "x" * 20_001, "closing": ""})
    assert response.status_code == 400
    assert not ReportText.objects.exists()


def test_hostile_words_are_shown_as_text_in_the_preview_and_the_pdf(login, world):
    f.ReportTextFactory(institution=world.ieem, stl=world.stl, opening=HOSTILE, closing=HOSTILE)
    client = login(world.staff)
    page = client.get(urls(world)["preview"]).content.decode()
    for raw in ("<script>alert", "<img src=file", 'href="javascript:', " onerror=alert(1)>"):
        assert raw not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    _, response = generated_pdf(client, world)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    text = pdf_text(content)
    assert '<script>alert("x")</script>' in text  # printed as words, not run
    assert "url(http://example.com/robo.png)" in text
    assert b"/URI" not in content  # no link was made
    assert b"root:x:" not in content


def test_hostile_record_text_is_shown_as_text_too(login, world):
    session = f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=1,
                                date=datetime.date(2020, 5, 5))
    f.AgreementFactory(session=session, number=1, code="STL/SE/01/2020-01", text=HOSTILE)
    page = login(world.staff).get(urls(world)["preview"]).content.decode()
    assert "<img src=file" not in page and "&lt;img src=file:///etc/passwd" in page


def test_a_failed_render_gives_a_clear_message_and_the_portal_keeps_serving(login, world, monkeypatch):
    def failing(report):
        raise PDFRenderError("La generación del PDF tardó más de 90 segundos y se detuvo.")

    monkeypatch.setattr(report_jobs, "report_pdf", failing)
    client = login(world.staff)
    report_file, download = generated_pdf(client, world)
    assert report_file.status == ReportFile.Status.FAILED and download.status_code == 404
    page = client.get(report_file.get_absolute_url()).content.decode()
    assert "No se pudo generar" in page and "La generación del PDF tardó más de 90 segundos" in page
    assert client.get(urls(world)["preview"]).status_code == 200


def test_a_real_timeout_reaches_staff_as_a_message(login, world, settings):
    settings.REPORT_PDF_TIMEOUT = 0.01
    report_file, _ = generated_pdf(login(world.staff), world)
    assert report_file.status == ReportFile.Status.FAILED
    assert "tardó más de" in report_file.error


def test_an_unexpected_failure_is_retried_then_shown_as_failed(login, world, monkeypatch):
    def crashing(report):
        raise OSError("disco lleno")

    monkeypatch.setattr(report_jobs, "report_pdf", crashing)
    client = login(world.staff)
    report_file, _ = generated_pdf(client, world)
    assert report_file.status == ReportFile.Status.RUNNING, "waiting for another attempt"
    far = datetime.datetime(2999, 1, 1, tzinfo=datetime.UTC)
    run_pending_jobs(now=far)
    run_pending_jobs(now=far)
    report_file.refresh_from_db()
    assert report_file.status == ReportFile.Status.FAILED
    assert "tras varios intentos" in report_file.error
    jobs_page = client.get(reverse("panel:job_list")).content.decode()
    assert "PDF del informe de actividades" in jobs_page and "Falló" in jobs_page and "disco lleno" in jobs_page


def test_a_too_large_period_gets_a_clear_message(login, world, monkeypatch):
    monkeypatch.setattr(activity, "MAX_SESSIONS", 0)
    f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=1,
                      date=datetime.date(2020, 5, 5))
    client = login(world.staff)
    response = client.get(urls(world)["preview"])
    assert response.status_code == 413
    assert "Elija un periodo más corto" in response.content.decode()
    report_file, _ = generated_pdf(client, world)
    assert report_file.status == ReportFile.Status.FAILED
    assert "Elija un periodo más corto" in client.get(report_file.get_absolute_url()).content.decode()


def test_staff_check_a_filed_copy_by_its_fingerprint(login, world):
    client = login(world.staff)
    filed = generated_pdf(client, world)[1]["X-Report-Fingerprint"]
    page = client.get(urls(world)["preview"], {"huella": filed.upper()}).content.decode()
    assert "La huella coincide" in page
    session = f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=1,
                                date=datetime.date(2020, 9, 9))
    assert session.pk
    page = client.get(urls(world)["preview"], {"huella": filed}).content.decode()
    assert "La huella no coincide" in page


def test_staff_record_who_signs_with_history_and_it_closes_the_pdf(login, world):
    client = login(world.staff)
    response = client.post(urls(world)["text"], {
        "opening": "", "closing": "Sin más por el momento.", "place": "Toluca de Lerdo, Estado de México",
        "document_date": "2021-01-15", "signer_name": "Mtra. Ana Pérez López",
        "signer_post": "Titular de la Unidad de Transparencia"})
    assert response.status_code == 302
    text = ReportText.objects.get(institution=world.ieem, stl=world.stl)
    assert (text.signer_name, text.signer_post) == ("Mtra. Ana Pérez López", "Titular de la Unidad de Transparencia")
    assert text.history.get().history_user == world.staff.user
    _file, response = generated_pdf(client, world)
    body = pdf_text(b"".join(response.streaming_content))
    assert "Toluca de Lerdo, Estado de México, a 15 de enero de 2021." in body
    closing = body.index("Sin más por el momento.")
    assert closing < body.index("Atentamente,") < body.index("Mtra. Ana Pérez López") < body.index(
        "Titular de la Unidad de Transparencia")
    response = client.post(urls(world)["text"], {"document_date": "2021-02-30", "signer_name": "Otra", "revision_seen": text.revision})
    assert response.status_code == 400 and "Escriba una fecha válida" in response.content.decode()
    text.refresh_from_db()
    assert text.document_date == datetime.date(2021, 1, 15) and text.signer_name == "Mtra. Ana Pérez López"


def stl_urls(world, year=2020):
    args = ["secretariado", f"{year}-01-01", f"{year}-12-31"]
    return {name: reverse(f"reports:{name}", args=args) for name in ("preview", "text", "pdf")}


def test_staff_pick_the_stls_own_annual_report_at_the_index(login, world):
    client = login(world.staff)
    page = client.get(reverse("reports:index")).content.decode()
    assert 'value="secretariado"' in page and "informe anual del secretariado" in page
    response = client.get(reverse("reports:index"), {"institution": "secretariado", "year": 2020})
    assert response.status_code == 302 and response["Location"] == stl_urls(world)["preview"]
    preview = client.get(stl_urls(world)["preview"]).content.decode()
    assert "Informe anual de actividades del " + world.stl.name in preview
    assert "Avance de los compromisos por eje e institución" in preview
    report_file, response = generated_pdf_of(client, stl_urls(world)["pdf"])
    assert report_file.institution is None and report_file.stl == world.stl
    assert response.status_code == 200 and "informe-secretariado-" in response["Content-Disposition"]
    assert client.post(stl_urls(world)["text"], {"closing": "Cierre del año."}).status_code == 302
    assert ReportText.objects.get(institution=None, stl=world.stl).closing == "Cierre del año."


@pytest.mark.parametrize("actor", ["ieem_member", "infoem_member", "facilitator"])
def test_only_staff_reach_the_stls_report(login, world, other_world, actor):
    for page in ("preview", "text", "pdf"):
        assert login(getattr(world, actor)).get(stl_urls(world)[page]).status_code == 403
    # Staff of another STL get their own STL's report at the same address, never this one's.
    content = login(other_world.staff).get(stl_urls(world)["preview"]).content.decode()
    assert world.stl.name not in content and other_world.stl.name in content


def test_an_institution_without_a_seat_that_leads_a_commitment_gets_its_report(login, world):
    court = f.InstitutionFactory(name="Tribunal Superior de Justicia del Estado de Prueba", acronym="TSJ")
    axis = f.AxisFactory(plan__stl=world.stl)
    f.CommitmentFactory(plan=axis.plan, axis=axis, lead_institution=court, status="draft")
    client = login(world.staff)
    index = client.get(reverse("reports:index")).content.decode()
    assert f'value="{court.identifier}"' not in index, "a draft is not yet in the STL's public records"
    approved = f.CommitmentFactory(plan=axis.plan, axis=axis, lead_institution=court, status="draft")
    type(approved).objects.filter(pk=approved.pk).update(status="approved")
    index = client.get(reverse("reports:index")).content.decode()
    assert f'value="{court.identifier}"' in index
    preview = client.get(urls(world, court)["preview"]).content.decode()
    assert "Informe de actividades del Tribunal Superior de Justicia del Estado de Prueba (TSJ)" in preview
    assert "no ocupó un asiento" in preview


def generated_pdf_of(client, pdf_url):
    response = client.post(pdf_url)
    assert response.status_code == 302
    report_file = ReportFile.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert run_pending_jobs() == 1
    report_file.refresh_from_db()
    return report_file, client.get(reverse("reports:file_download", args=[report_file.pk]))
