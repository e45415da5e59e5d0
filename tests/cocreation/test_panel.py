"""The secretariat's side: open and publish a consultation, moderate inputs, answer each with its
reasons, link a proposal to the commitment it became; the permission ladder on every view."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cocreation.models import Consultation, Input
from core.worker import run_pending_jobs
from tests import factories as f
from tests.cocreation.conftest import make_input

pytestmark = pytest.mark.django_db


def panel_urls(consultation, item):
    return {
        "list": ("get", reverse("panel:consultation_list"), "read"),
        "create": ("get", reverse("panel:consultation_create"), "manage"),
        "detail": ("get", reverse("panel:consultation_detail", args=[consultation.identifier]), "read"),
        "edit": ("get", reverse("panel:consultation_edit", args=[consultation.identifier]), "manage"),
        "publish": ("post", reverse("panel:consultation_publish", args=[consultation.identifier]), "manage"),
        "moderate": ("post", reverse("panel:input_moderate", args=[item.identifier]), "manage"),
        "answer": ("get", reverse("panel:input_answer", args=[item.identifier]), "manage"),
    }


@pytest.mark.parametrize("page", ["list", "create", "detail", "edit", "publish", "moderate", "answer"])
def test_the_permission_ladder(client, login, world, other_world, consultation, page):
    item = make_input(consultation)
    method, url, needs = panel_urls(consultation, item)[page]
    call = getattr(client, method)
    assert call(url).status_code == 302 and "/cuentas/" in call(url)["Location"]  # anonymous → login
    login(other_world.staff)
    assert call(url).status_code in ({200} if page in ("list", "create") else {404})
    login(world.ieem_member)
    assert call(url).status_code == (200 if needs == "read" else 403)
    for account in (world.facilitator, world.staff):
        login(account)
        assert call(url).status_code in (200, 302)


def test_staff_open_and_publish_a_consultation_with_its_history(client, login, world):
    login(world.staff)
    today = timezone.localdate()
    data = {"title": "Consulta del compromiso de datos", "subject": "question", "working_table": world.table.pk,
            "question": "¿Qué datos deberían abrirse primero?", "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=15)).isoformat(), "rules": "Reglas.",
            "description": "", "draft_text": ""}
    response = client.post(reverse("panel:consultation_create"), data)
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.stl == world.stl and not consultation.is_published
    assert client.get(consultation.get_absolute_url()).status_code == 404
    client.post(reverse("panel:consultation_publish", args=[consultation.identifier]))
    consultation.refresh_from_db()
    assert consultation.is_published
    assert consultation.history.first().history_user == world.staff.user
    client.logout()
    assert "¿Qué datos deberían abrirse primero?" in client.get(consultation.get_absolute_url()).content.decode()


def test_a_consultation_needs_its_subject_and_no_other_stls_records(client, login, world, other_world):
    login(world.staff)
    today = timezone.localdate().isoformat()
    base = {"title": "Sin tema", "opens_on": today, "closes_on": today, "rules": "R"}
    response = client.post(reverse("panel:consultation_create"), {**base, "subject": "plan"})
    assert response.status_code == 400 and "Indique qué se somete a consulta" in response.content.decode()
    response = client.post(reverse("panel:consultation_create"), {**base, "subject": "plan",
                                                                  "plan": other_world.plan.pk})
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_moderation_publishes_its_reason_and_requires_one(client, login, world, consultation):
    item = make_input(consultation, comment="Un insulto")
    login(world.facilitator)
    url = reverse("panel:input_moderate", args=[item.identifier])
    client.post(url, {"action": "hide", "rule": "Regla 2", "reason": ""})
    item.refresh_from_db()
    assert not item.is_hidden
    client.post(url, {"action": "hide", "rule": "Regla 2", "reason": "Lenguaje ofensivo."})
    item.refresh_from_db()
    assert item.is_hidden and item.history.first().history_user == world.facilitator.user
    client.post(url, {"action": "show"})
    item.refresh_from_db()
    assert not item.is_hidden


def test_the_secretary_answers_each_input_and_the_page_counts_them(client, login, world, consultation):
    adopted = make_input(consultation, kind="proposal", comment="", problem="No hay datos abiertos",
                         solution="Un portal de datos", proposed_lead="INFOEM")
    make_input(consultation, email="b@example.org", comment="Otro comentario")
    unconfirmed = make_input(consultation, confirmed=False, email="c@example.org")
    commitment = f.published_commitment(world.axis_infoem, title="Portal de datos abiertos",
                                        lead_institution=world.infoem)
    login(world.staff)
    url = reverse("panel:input_answer", args=[adopted.identifier])
    response = client.post(url, {"response": "adopted", "reason": ""})
    assert response.status_code == 400 and "no se guardó nada" in response.content.decode()
    response = client.post(url, {"response": "adopted", "reason": "Se volvió un compromiso.",
                                 "commitment": commitment.identifier})
    assert response.status_code == 302
    adopted.refresh_from_db()
    assert adopted.response == Input.Response.ADOPTED and adopted.resulting_commitment == commitment
    assert adopted.history.first().history_user == world.staff.user
    # An unconfirmed input cannot be answered.
    response = client.post(reverse("panel:input_answer", args=[unconfirmed.identifier]),
                           {"response": "adopted", "reason": "x"})
    assert response.status_code == 400
    unconfirmed.refresh_from_db()
    assert unconfirmed.response == ""

    client.logout()
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "Se volvió un compromiso." in html and commitment.get_absolute_url() in html
    assert consultation.response_counts() == {"adopted": 1, "partly": 0, "not_adopted": 0, "unanswered": 1,
                                              "total": 2}
    assert "Aportaciones sin respuesta" in html
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Propuesta ciudadana que dio origen" in page and consultation.title in page


def test_another_stls_commitment_cannot_be_linked(client, login, world, other_world, consultation):
    item = make_input(consultation)
    foreign = f.published_commitment(other_world.axis_ieem, lead_institution=other_world.ieem)
    login(world.staff)
    response = client.post(reverse("panel:input_answer", args=[item.identifier]),
                           {"response": "adopted", "reason": "x", "commitment": foreign.identifier})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.resulting_commitment is None


def test_no_e_mail_address_is_ever_shown_in_the_panel(client, login, world, consultation):
    item = make_input(consultation, email="secreta@example.org")
    login(world.staff)
    assert "secreta@example.org" not in client.get(
        reverse("panel:consultation_detail", args=[consultation.identifier])).content.decode()
    history = client.get(reverse("panel:history", args=["cocreation.input", item.identifier]))
    assert history.status_code == 200
    assert "secreta@example.org" not in history.content.decode()


def test_the_author_is_told_once_when_the_input_is_answered(client, login, world, consultation):
    item = make_input(consultation, email="autora@example.org")
    login(world.staff)
    url = reverse("panel:input_answer", args=[item.identifier])
    client.post(url, {"response": "not_adopted", "reason": "Fuera del alcance."})
    client.post(url, {"response": "partly_adopted", "reason": "Lo reconsideramos."})
    assert run_pending_jobs() == 1
    assert [m.to for m in mail.outbox] == [["autora@example.org"]]
    # The job sends the answer as it stands when it runs.
    assert "Lo reconsideramos." in mail.outbox[0].body and item.get_absolute_url() in mail.outbox[0].body
