"""The citizen's side of a consultation: send an input, confirm it by e-mail, see it published;
spam protection and bad input never save anything."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from cocreation.models import Input
from core.worker import run_pending_jobs
from tests.cocreation.conftest import make_consultation, make_input

pytestmark = pytest.mark.django_db

COMMENT = {"kind": "comment", "author_name": "Vecina Atenta", "email": "vecina@example.org",
           "comment": "Propongo publicar las actas en formato abierto.", "accept": "on"}


def send(client, consultation, **changes):
    return client.post(reverse("cocreation:input_create", args=[consultation.identifier]), {**COMMENT, **changes})


def confirmation_link(message):
    return re.search(r"https?://\S+/consultas/confirmar/\S+/", message.body).group(0)


def test_a_citizen_sends_an_input_that_counts_only_once_confirmed_by_e_mail(client, consultation):
    page = client.get(reverse("cocreation:input_create", args=[consultation.identifier]))
    assert page.status_code == 200 and "Nombre o seudónimo" in page.content.decode()

    response = send(client, consultation)
    assert response.status_code == 302
    item = Input.objects.get()
    assert item.confirmed_at is None and item.confirmation_digest == ""
    public_url = consultation.get_absolute_url()
    assert "Propongo publicar" not in client.get(public_url).content.decode()

    assert run_pending_jobs() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["vecina@example.org"]
    link = confirmation_link(mail.outbox[0])
    path = link.split("://", 1)[1].split("/", 1)[1]
    # Opening the link (a mail scanner would) confirms nothing; the button does.
    assert "Confirmar mi aportación" in client.get("/" + path).content.decode()
    item.refresh_from_db()
    assert item.confirmed_at is None
    assert "ya se publica" in client.post("/" + path).content.decode()
    item.refresh_from_db()
    assert item.confirmed_at is not None
    assert "ya estaba confirmada" in client.post("/" + path).content.decode()

    html = client.get(public_url).content.decode()
    assert "Propongo publicar" in html and "Vecina Atenta" in html
    assert "vecina@example.org" not in html
    assert "Aún sin respuesta" in html


def test_a_wrong_key_is_a_404(client, consultation):
    assert client.get(reverse("cocreation:input_confirm", args=["no-es-una-clave"])).status_code == 404
    assert client.post(reverse("cocreation:input_confirm", args=["x" * 300])).status_code == 404


def test_a_proposal_says_problem_and_solution(client, consultation):
    response = send(client, consultation, kind="proposal", comment="", problem="Nadie sabe cuándo sesionan",
                    solution="")
    assert response.status_code == 400
    assert "qué problema ve y qué solución propone" in response.content.decode()
    assert not Input.objects.exists()
    response = send(client, consultation, kind="proposal", comment="", problem="Nadie sabe cuándo sesionan",
                    solution="Un calendario público", proposed_lead="La contraloría")
    assert response.status_code == 302
    assert Input.objects.get().kind == Input.Kind.PROPOSAL


def test_the_honeypot_keeps_robots_out_without_telling_them(client, consultation):
    response = send(client, consultation, sitio_web="http://spam.example")
    assert response.status_code == 302
    assert not Input.objects.exists() and run_pending_jobs() == 0


def test_one_address_sends_a_few_inputs_an_hour(client, consultation):
    for _n in range(Input.PER_ADDRESS_PER_HOUR):
        assert send(client, consultation).status_code == 302
    response = send(client, consultation)
    assert response.status_code == 429
    assert "varias aportaciones de este correo" in response.content.decode()
    assert Input.objects.count() == Input.PER_ADDRESS_PER_HOUR


def test_one_client_sends_a_bounded_number_of_inputs_an_hour(client, consultation):
    for n in range(Input.PER_CLIENT_PER_HOUR):
        assert send(client, consultation, email=f"persona{n}@example.org").status_code == 302
    response = send(client, consultation, email="otra@example.org")
    assert response.status_code == 429
    assert "desde esta conexión" in response.content.decode()


def test_a_closed_or_unpublished_consultation_takes_no_input(client, world):
    closed = make_consultation(world, opens=-20, closes=-1)
    response = send(client, closed)
    assert response.status_code == 400 and "no está abierta" in response.content.decode()
    draft = make_consultation(world, published=False, title="Borrador de consulta")
    assert send(client, draft).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert not Input.objects.exists()


def test_garbage_never_gives_a_500(client, consultation):
    url = reverse("cocreation:input_create", args=[consultation.identifier])
    for data in ({}, {"kind": "otra"}, {"email": "no-es-correo", "kind": "comment"},
                 {**COMMENT, "comment": "x" * 6000}, {**COMMENT, "accept": ""}):
        assert client.post(url, data).status_code == 400
    assert not Input.objects.exists()


def test_hidden_and_unconfirmed_inputs_never_show_their_text(client, consultation):
    make_input(consultation, confirmed=False, comment="TEXTO-SIN-CONFIRMAR")
    hidden = make_input(consultation, comment="TEXTO-OCULTO", email="otro@example.org")
    hidden.hide("Regla 2", "Contiene insultos.")
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "TEXTO-SIN-CONFIRMAR" not in html and "TEXTO-OCULTO" not in html
    assert "Contiene insultos." in html and "Regla 2" in html
    assert "@example.org" not in html


def test_published_consultations_are_in_the_sitemap(client, world, consultation):
    draft = make_consultation(world, published=False, title="Borrador de consulta")
    xml = client.get("/sitemap.xml").content.decode()
    assert consultation.get_absolute_url() in xml and draft.get_absolute_url() not in xml
    assert "/consultas/</loc>" in xml
