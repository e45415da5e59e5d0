"""A state's IT office onboards a new STL with one command: the secretariat, its seats, an empty
plan, and its first staff account, invited by e-mail to choose a password."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from commitments.models import ActionPlan
from core.worker import run_pending_jobs
from workgroups.models import Account, Body, Seat

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Una-contraseña-nueva-2027"


def onboard(captured, **overrides):
    options = {"name": "Secretariado Técnico Local de Gobierno Abierto de Jalisco", "short_name": "STL Jalisco",
               "jurisdiction": "Jalisco", "institution": "Instituto de Transparencia de Jalisco",
               "institution_acronym": "ITEI", "staff_username": "itei-secretaria",
               "staff_email": "secretaria@itei.example.org", "staff_name": "Ana Pérez Gómez",
               "plan_name": "Plan de Acción Local de Gobierno Abierto 2027-2029", "plan_start": 2027,
               "plan_end": 2029, "base_url": "https://gobiernoabierto.example.org"}
    options.update(overrides)
    out = io.StringIO()
    with captured(execute=True):
        call_command("onboard_stl", stdout=out, **options)
    return out.getvalue()


def invitation_link(message):
    return re.search(r"https://gobiernoabierto\.example\.org(/cuentas/invitacion/\S+/)", message.body).group(1)


def test_a_new_stl_with_its_seats_plan_and_invited_staff(django_capture_on_commit_callbacks, client):
    out = onboard(django_capture_on_commit_callbacks)
    stl = Body.objects.get(kind=Body.Kind.STL, identifier="stl-jalisco")
    assert "STL Jalisco" in stl.short_name and "creado" in out
    assert stl.children.filter(kind=Body.Kind.OPERATIONAL_GROUP).count() == 1
    assert sorted(stl.seats.values_list("role", flat=True)) == sorted(
        [Seat.Role.GUARANTOR, Seat.Role.PUBLIC_BODIES, Seat.Role.CIVIL_SOCIETY, Seat.Role.FACILITATOR])
    assert not stl.seats.get(role=Seat.Role.FACILITATOR).counts_for_quorum
    plan = ActionPlan.objects.get(stl=stl)
    assert plan.status == ActionPlan.Status.IN_CONSTRUCTION and (plan.start_year, plan.end_year) == (2027, 2029)
    account = Account.objects.get(user__username="itei-secretaria")
    assert account.stl == stl and account.role == Account.Role.STAFF
    assert account.institution.acronym == "ITEI"
    assert account.institution.stl == stl and account.person.stl == stl  # its own in the open data
    assert not account.user.has_usable_password()
    assert stl.history.first().history_change_reason.startswith("Alta del secretariado")

    assert mail.outbox == []  # the invitation is a background job
    assert run_pending_jobs() == 1
    [message] = mail.outbox
    assert message.to == ["secretaria@itei.example.org"]
    assert "Secretariado Técnico Local de Gobierno Abierto de Jalisco" in message.body
    assert "itei-secretaria" in message.body

    link = invitation_link(message)
    form_page = client.get(link, follow=True)
    assert "Elija su contraseña" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                                         "new_password2": NEW_PASSWORD}, follow=True)
    assert "Contraseña guardada" in done.content.decode()
    assert client.login(username="itei-secretaria", password=NEW_PASSWORD)
    panel = client.get(reverse("panel:home"))
    assert panel.status_code == 200

    client.logout()
    again = client.get(link, follow=True)
    assert "El enlace ya no sirve" in again.content.decode()


def test_an_existing_institution_is_reused(django_capture_on_commit_callbacks, world):
    onboard(django_capture_on_commit_callbacks, institution=world.infoem.acronym, plan_name="")
    account = Account.objects.get(user__username="itei-secretaria")
    assert account.institution == world.infoem
    world.infoem.refresh_from_db()
    assert world.infoem.stl is None  # another STL's institution does not become the new STL's
    assert not ActionPlan.objects.filter(stl=account.stl).exists()


def test_a_refused_onboarding_writes_nothing(django_capture_on_commit_callbacks, world):
    bodies, users = Body.objects.count(), get_user_model().objects.count()
    with pytest.raises(CommandError) as refused:
        onboard(django_capture_on_commit_callbacks, staff_username=world.staff.user.username)
    assert "No se dio de alta nada" in str(refused.value) and "Ya existe una cuenta" in str(refused.value)
    with pytest.raises(CommandError) as refused:
        onboard(django_capture_on_commit_callbacks, plan_start=2030, plan_end=2027)
    assert Body.objects.count() == bodies and get_user_model().objects.count() == users
    assert run_pending_jobs() == 0 and mail.outbox == []


def test_the_invitation_needs_a_public_address(django_capture_on_commit_callbacks):
    with pytest.raises(CommandError, match="--base-url"):
        onboard(django_capture_on_commit_callbacks, base_url="")
    assert not Body.objects.filter(identifier="stl-jalisco").exists()
