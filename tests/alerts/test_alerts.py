"""Follow by e-mail: double opt-in, a daily digest of what happened, one-click unsubscribe, and a
form that cannot be turned against a stranger. Mail goes through a real SMTP server on loopback."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts.models import Notice, StrangerMailed, Subscriber, Subscription
from commitments.models import Commitment
from core.worker import run_pending_jobs
from sessions.models import Session
from tests import factories as f
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADDRESS = "ciudadana@example.org"


def later(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes)


def subscribe_url(**target):
    (param, value), = target.items()
    return f"{reverse('alerts:subscribe')}?{param}={value}"


def links(body):
    return re.findall(r"https://portal\.example\.org(/\S+)", body)


def subscribe_and_confirm(client, smtp, address=ADDRESS, **target):
    response = client.post(subscribe_url(**target), {"email": address})
    assert response.status_code == 200
    run_pending_jobs()
    confirmation = smtp.to(address)[-1]
    confirm_path = next(link for link in links(smtp.body(confirmation)) if "/confirmar/" in link)
    assert client.post(confirm_path).status_code == 200
    return confirmation


@pytest.fixture
def commitment(world):
    return f.published_commitment(world.axis_ieem, title="Presupuesto participativo abierto")


def test_a_visitor_confirms_then_gets_one_digest_a_day(client, smtp, world, commitment):
    page = client.get(subscribe_url(compromiso=commitment.identifier))
    assert page.status_code == 200
    assert "Presupuesto participativo abierto" in page.content.decode()

    response = client.post(subscribe_url(compromiso=commitment.identifier), {"email": " Ciudadana@Example.org "})
    assert "Revise su correo" in response.content.decode()
    assert smtp.messages == [], "sent by the background worker, not the request"
    run_pending_jobs()
    [confirmation] = smtp.to(ADDRESS)
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert confirmation["List-Unsubscribe"].strip().startswith("<https://portal.example.org/avisos/baja/")
    body = smtp.body(confirmation)
    assert "Presupuesto participativo abierto" in body
    confirm_path = next(link for link in links(body) if "/confirmar/" in link)

    # A mail scanner that opens the link confirms nothing; the person presses the button.
    assert client.get(confirm_path).status_code == 200
    assert Subscription.objects.confirmed().count() == 0
    assert "Listo" in client.post(confirm_path).content.decode()
    assert Subscription.objects.confirmed().count() == 1

    milestone = f.MilestoneFactory(commitment=commitment)
    milestone.record_progress(f.MilestoneUpdateFactory.build(completion_percent=40))
    assert Notice.objects.filter(kind=Notice.Kind.PROGRESS_CHANGED).count() == 1
    assert run_pending_jobs() == 0, "the digest waits a few minutes to gather a burst"
    run_pending_jobs(now=later(11))
    [_, digest] = smtp.to(ADDRESS)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = smtp.body(digest)
    assert "Se actualizó el avance del compromiso «Presupuesto participativo abierto»" in text
    assert f"https://portal.example.org{commitment.get_absolute_url()}" in text

    # More news the same day waits for tomorrow's digest.
    commitment.completion = Commitment.Completion.LIMITED
    commitment.save()
    run_pending_jobs(now=later(12 * 60))
    assert len(smtp.to(ADDRESS)) == 2
    run_pending_jobs(now=later(24 * 60 + 1))
    assert len(smtp.to(ADDRESS)) == 3
    assert "cumplimiento: Limitado" in smtp.body(smtp.to(ADDRESS)[-1])


def test_followers_of_an_stl_hear_of_sessions_agreements_and_publications(client, smtp, world):
    subscribe_and_confirm(client, smtp, stl=world.stl.identifier)
    session = f.SessionFactory(body=world.stl, status=Session.Status.SCHEDULED,
                               date=timezone.localdate() + datetime.timedelta(days=10))
    f.AgreementFactory(session=f.SessionFactory(body=world.stl), title="Acuerdo de prueba")
    f.published_commitment(world.axis_infoem, title="Compromiso nuevo del eje")
    private = f.SessionFactory(body=world.stl, status=Session.Status.SCHEDULED, is_public=False,
                               date=timezone.localdate() + datetime.timedelta(days=3))
    run_pending_jobs(now=later(11))
    digest = smtp.body(smtp.to(ADDRESS)[-1])
    assert "Se programó la" in digest and session.get_absolute_url() in digest
    assert "Se publicaron los acuerdos" in digest
    assert "Se publicó el compromiso «Compromiso nuevo del eje»" in digest
    assert private.get_absolute_url() not in digest, "a private session is not told"


def test_a_reserved_session_made_public_publishes_its_agreements(client, smtp, world):
    reserved = f.SessionFactory(body=world.stl, is_public=False)
    f.AgreementFactory(session=reserved, title="Acuerdo reservado")
    subscribe_and_confirm(client, smtp, stl=world.stl.identifier)
    assert run_pending_jobs(now=later(11)) == 0, "nothing public happened yet"
    reserved.is_public = True
    reserved.save()
    run_pending_jobs(now=later(11))
    digest = smtp.body(smtp.to(ADDRESS)[-1])
    assert "Se publicaron los acuerdos" in digest and reserved.get_absolute_url() in digest


def test_an_axis_follower_hears_only_of_that_axis(client, smtp, world, other_world):
    subscribe_and_confirm(client, smtp, eje=world.axis_ieem.identifier)
    f.published_commitment(world.axis_infoem, title="De otro eje")
    f.published_commitment(other_world.axis_ieem, title="De otro secretariado")
    assert run_pending_jobs(now=later(11)) == 0
    f.published_commitment(world.axis_ieem, title="Del eje seguido")
    run_pending_jobs(now=later(11))
    digest = smtp.body(smtp.to(ADDRESS)[-1])
    assert "Del eje seguido" in digest
    assert "De otro eje" not in digest and "De otro secretariado" not in digest


def test_drafts_imports_and_withdrawn_commitments_announce_nothing(client, smtp, world):
    subscribe_and_confirm(client, smtp, eje=world.axis_ieem.identifier)
    draft = f.CommitmentFactory(axis=world.axis_ieem, title="Borrador secreto")
    draft.completion = Commitment.Completion.LIMITED
    draft.save()
    imported = f.approved_commitment(world.axis_ieem, title="Importado")
    imported.status, imported.published_at = Commitment.Status.PUBLISHED, timezone.now()
    imported._change_reason = "Importación de datos abiertos"
    imported.save()
    withdrawn = f.published_commitment(world.axis_ieem, title="Retirado luego")
    withdrawn.withdraw("Se corrige la ficha.")
    run_pending_jobs(now=later(11))
    assert len(smtp.to(ADDRESS)) == 1, "only the confirmation: nothing public to tell"


def test_one_click_unsubscribe_deletes_the_address(smtp, world, commitment):
    client = Client(enforce_csrf_checks=True)
    client.get(subscribe_url(compromiso=commitment.identifier))
    token = client.cookies["csrftoken"].value
    client.post(subscribe_url(compromiso=commitment.identifier), {"email": ADDRESS, "csrfmiddlewaretoken": token})
    run_pending_jobs()
    confirmation = smtp.to(ADDRESS)[0]
    confirm_path = next(link for link in links(smtp.body(confirmation)) if "/confirmar/" in link)
    page = client.get(confirm_path)
    client.post(confirm_path, {"csrfmiddlewaretoken": page.cookies.get("csrftoken", client.cookies["csrftoken"]).value})
    assert Subscriber.objects.filter(email=ADDRESS, confirmed_at__isnull=False).exists()

    unsubscribe = confirmation["List-Unsubscribe"].strip().strip("<>").replace("https://portal.example.org", "")
    # RFC 8058: the mail client posts without any cookie or CSRF token.
    response = Client(enforce_csrf_checks=True).post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email=ADDRESS).exists()
    assert not Subscription.objects.exists()
    # The link again: a calm answer, nothing to delete.
    assert "ya se había dado de baja" in Client().post(unsubscribe).content.decode()


def test_leaving_one_subscription_keeps_the_others_and_the_address_goes_with_the_last(client, smtp, world,
                                                                                      commitment):
    subscribe_and_confirm(client, smtp, compromiso=commitment.identifier)
    subscribe_and_confirm(client, smtp, eje=world.axis_ieem.identifier)
    first, second = Subscription.objects.order_by("pk")
    page = client.get(reverse("alerts:unsubscribe", args=[first.token]))
    assert "Darme de baja" in page.content.decode()
    assert Subscription.objects.count() == 2, "opening the page removes nothing"
    client.post(reverse("alerts:unsubscribe", args=[first.token]))
    assert list(Subscription.objects.all()) == [second]
    client.post(reverse("alerts:unsubscribe", args=[second.token]))
    assert not Subscriber.objects.exists()


def test_a_stranger_is_mailed_at_most_once_however_the_form_is_abused(client, smtp, world, commitment, settings):
    stranger = "victima@example.org"
    for target in [{"compromiso": commitment.identifier}, {"eje": world.axis_ieem.identifier},
                   {"stl": world.stl.identifier}, {"compromiso": commitment.identifier}]:
        response = client.post(subscribe_url(**target), {"email": stranger}, REMOTE_ADDR="10.0.0.9")
        assert "Revise su correo" in response.content.decode(), "the same answer every time"
    run_pending_jobs()
    assert len(smtp.to(stranger)) == 1
    # Weeks later the unconfirmed request is forgotten (the address with it); the stranger still is not
    # written to again, and only a keyed digest of the address remains.
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=settings.STL_ALERTS_CONFIRM_DAYS + 1))
    client.post(subscribe_url(stl=world.stl.identifier), {"email": stranger}, REMOTE_ADDR="10.0.0.10")
    run_pending_jobs()
    assert len(smtp.to(stranger)) == 1
    assert not Subscriber.objects.filter(email=stranger).exists()
    assert StrangerMailed.objects.count() == 1
    assert stranger not in StrangerMailed.objects.get().digest


def test_requests_are_throttled_per_client_and_per_address(client, smtp, world, settings):
    settings.STL_ALERTS_REQUESTS_PER_CLIENT = 3
    settings.STL_ALERTS_REQUESTS_PER_ADDRESS = 2
    url = subscribe_url(stl=world.stl.identifier)
    for number in range(3):
        assert client.post(url, {"email": f"p{number}@example.org"}, REMOTE_ADDR="10.1.1.1").status_code == 200
    refused = client.post(url, {"email": "p9@example.org"}, REMOTE_ADDR="10.1.1.1")
    assert refused.status_code == 429
    assert "demasiadas solicitudes" in refused.content.decode()
    assert not Subscriber.objects.filter(email="p9@example.org").exists()

    for address in ["10.2.0.1", "10.2.0.2"]:
        assert client.post(url, {"email": "mismo@example.org"}, REMOTE_ADDR=address).status_code == 200
    assert client.post(url, {"email": "mismo@example.org"}, REMOTE_ADDR="10.2.0.3").status_code == 429
    run_pending_jobs()
    assert len(smtp.to("mismo@example.org")) == 1


def test_bad_input_gets_a_spanish_message_and_changes_nothing(client, world, commitment):
    response = client.post(subscribe_url(compromiso=commitment.identifier), {"email": "no-es-un-correo"})
    assert response.status_code == 200
    assert "Revise los campos marcados" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert client.get(reverse("alerts:subscribe")).status_code == 404
    assert client.get(subscribe_url(compromiso="no-existe")).status_code == 404
    draft = f.CommitmentFactory(axis=world.axis_ieem)
    assert client.get(subscribe_url(compromiso=draft.identifier)).status_code == 404, "no alerts on drafts"
    assert client.post(reverse("alerts:confirm", args=["clave-falsa"])).status_code == 404
    assert client.post(reverse("alerts:unsubscribe", args=["clave-falsa"])).status_code == 200
    assert not Subscriber.objects.exists()


def test_an_expired_confirmation_link_confirms_nothing(client, smtp, world, commitment, settings):
    client.post(subscribe_url(compromiso=commitment.identifier), {"email": ADDRESS})
    subscription = Subscription.objects.get()
    Subscription.objects.update(created_at=timezone.now() - datetime.timedelta(days=settings.STL_ALERTS_CONFIRM_DAYS + 1))
    assert client.post(reverse("alerts:confirm", args=[subscription.token])).status_code == 404
    assert Subscription.objects.confirmed().count() == 0


@pytest.mark.parametrize("actor", [None, "other_member", "infoem_member", "facilitator", "staff"])
def test_anyone_may_subscribe_and_nobody_sees_an_address_in_public(actor, request, client, smtp, world, commitment):
    if actor:
        account = request.getfixturevalue(actor) if actor == "other_member" else getattr(world, actor)
        client.force_login(account.user)
    subscribe_and_confirm(client, smtp, compromiso=commitment.identifier)
    anonymous = Client()
    for url in ["/", commitment.get_absolute_url(), "/datos/", "/datos/registro-publico.json"]:
        response = anonymous.get(url)
        assert ADDRESS not in response.content.decode(errors="replace"), url
    out = io.StringIO()
    call_command("export_stl", stdout=out)
    assert ADDRESS not in out.getvalue()


@pytest.fixture
def other_member(other_world):
    return other_world.infoem_member


def test_the_admin_shows_addresses_to_administrators_only_and_read_only(client, world, smtp, commitment):
    subscribe_and_confirm(client, smtp, compromiso=commitment.identifier)
    subscriber = Subscriber.objects.get()
    url = reverse("admin:alerts_subscriber_change", args=[subscriber.pk])
    client.force_login(world.infoem_member.user)
    assert client.get(url).status_code == 302
    admin = f.UserFactory(is_staff=True, is_superuser=True)
    admin.set_password(PASSWORD)
    admin.save()
    client.force_login(admin)
    page = client.get(url)
    assert page.status_code == 200 and ADDRESS in page.content.decode()
    assert client.get(reverse("admin:alerts_subscriber_add")).status_code == 403
    assert client.get(reverse("admin:alerts_subscriber_changelist") + "?q=ciudadana").status_code == 200


def test_commitment_axis_and_stl_pages_offer_to_follow_them(client, world, commitment):
    for page, query in [(commitment.get_absolute_url(), f"compromiso={commitment.identifier}"),
                        (world.axis_ieem.get_absolute_url(), f"eje={world.axis_ieem.identifier}"),
                        (world.stl.get_absolute_url(), f"stl={world.stl.identifier}"),
                        ("/", f"stl={world.stl.identifier}")]:
        html = client.get(page).content.decode()
        assert f'href="/avisos/?{query}"' in html, page
        assert client.get(f"/avisos/?{query}").status_code == 200


def settings_in_a_fresh_process(env):
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings as django_settings

    code = ("import json, django; django.setup(); from django.conf import settings as s; "
            "print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
            "s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL, s.STL_PUBLIC_URL]))")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DJANGO_", "DEFAULT_FROM"))}
    output = subprocess.run([sys.executable, "-c", code], env={**clean, "DJANGO_SETTINGS_MODULE": "stl_portal.settings",
                                                              **env},
                            cwd=django_settings.BASE_DIR, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_mail_goes_to_the_console_while_developing_and_through_smtp_from_the_environment():
    assert settings_in_a_fresh_process({"DJANGO_DEBUG": "1"})[0] == "django.core.mail.backends.console.EmailBackend"
    production = settings_in_a_fresh_process({
        "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50, "EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "avisos", "EMAIL_HOST_PASSWORD": "secreto", "EMAIL_USE_TLS": "1",
        "DEFAULT_FROM_EMAIL": "STL <avisos@example.org>", "STL_PUBLIC_URL": "https://stl.example.org"})
    assert production == ["django.core.mail.backends.smtp.EmailBackend", "smtp.example.org", 587, "avisos", "secreto",
                          True, "STL <avisos@example.org>", "https://stl.example.org"]
