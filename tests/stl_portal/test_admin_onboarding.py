"""«Dar de alta un secretariado» in the admin: the same onboarding as ``manage.py onboard_stl``."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail

from commitments.models import ActionPlan
from core.worker import run_pending_jobs
from workgroups.models import Account, Body, Institution, Seat

pytestmark = pytest.mark.django_db
URL = "/admin/alta-secretariado/"


def form(**overrides):
    data = {"name": "Secretariado Técnico Local de Gobierno Abierto de Jalisco", "short_name": "STL Jalisco",
            "jurisdiction": "Jalisco", "identifier": "", "session_prefix": "STL", "institution": "",
            "new_institution_name": "Instituto de Transparencia de Jalisco", "new_institution_acronym": "ITEI",
            "staff_username": "itei-secretaria", "staff_email": "secretaria@itei.example.org",
            "staff_name": "Ana Pérez Gómez", "plan_name": "Plan de Acción Local 2027-2029", "plan_start": "2027",
            "plan_end": "2029", "base_url": "https://gobiernoabierto.example.org"}
    data.update(overrides)
    return data


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("raiz", "raiz@example.org", "clave-de-raiz-123")


def test_the_ladder(client, login, world, superuser):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # A panel account (not admin staff) is sent to the admin's login too; staff of an STL as well.
    for account in (world.ieem_member, world.staff):
        response = login(account).get(URL)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    # An administrator without the right to add bodies and accounts is refused.
    clerk = get_user_model().objects.create_user("capturista", password="x-clave-123", is_staff=True)
    client.force_login(clerk)
    assert client.get(URL).status_code == 403
    assert client.post(URL, form()).status_code == 403
    assert not Body.objects.filter(identifier="stl-jalisco").exists()
    for codename in ("add_body", "add_account", "add_institution"):
        clerk.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label="workgroups"))
    clerk = get_user_model().objects.get(pk=clerk.pk)
    client.force_login(clerk)
    assert client.get(URL).status_code == 200
    client.force_login(superuser)
    page = client.get(URL).content.decode()
    assert "Dar de alta un secretariado" in page
    # The bodies' list in the admin links to it.
    assert URL in client.get("/admin/workgroups/body/").content.decode()


def test_an_administrator_onboards_an_stl_and_its_staff_is_invited(client, superuser,
                                                                   django_capture_on_commit_callbacks):
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form())
    stl = Body.objects.get(kind=Body.Kind.STL, identifier="stl-jalisco")
    assert response.status_code == 302 and response["Location"] == f"/admin/workgroups/body/{stl.pk}/change/"
    assert stl.children.filter(kind=Body.Kind.OPERATIONAL_GROUP).count() == 1
    assert stl.seats.filter(role=Seat.Role.FACILITATOR, counts_for_quorum=False).exists() and stl.seats.count() == 4
    plan = ActionPlan.objects.get(stl=stl)
    assert plan.status == ActionPlan.Status.IN_CONSTRUCTION and plan.commitments.count() == 0
    account = Account.objects.get(user__username="itei-secretaria")
    assert account.stl == stl and account.role == Account.Role.STAFF and account.institution.acronym == "ITEI"
    assert not account.user.has_usable_password()
    assert stl.history.first().history_change_reason == "Alta del secretariado (administración)"
    assert stl.history.first().history_user == superuser
    assert run_pending_jobs() == 1
    [message] = mail.outbox
    assert message.to == ["secretaria@itei.example.org"]
    assert "https://gobiernoabierto.example.org/cuentas/invitacion/" in message.body


def test_an_existing_institution_and_no_plan(client, superuser, world, django_capture_on_commit_callbacks):
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form(institution=world.infoem.pk, new_institution_name="", plan_name=""))
    account = Account.objects.get(user__username="itei-secretaria")
    assert account.institution == world.infoem and not ActionPlan.objects.filter(stl=account.stl).exists()


@pytest.mark.parametrize("overrides, message", [
    ({"staff_username": "__existing__"}, "Ya existe una cuenta"),
    ({"name": "__existing__"}, "Ya existe un secretariado con ese nombre."),
    ({"new_institution_name": ""}, "Escoja una institución existente o escriba el nombre de la nueva."),
    ({"plan_start": ""}, "Indique los años de inicio y término del plan."),
    ({"staff_email": "no-es-correo"}, "Introduzca una dirección de correo electrónico válida."),
    ({"identifier": "__existing__"}, "ya está en uso"),
])
def test_bad_input_is_refused_in_spanish_and_writes_nothing(client, superuser, world, overrides, message):
    existing = {"staff_username": world.staff.user.username, "name": world.stl.name,
                "identifier": world.stl.identifier}
    overrides = {key: existing[key] if value == "__existing__" else value for key, value in overrides.items()}
    counts = (Body.objects.count(), Institution.objects.count(), get_user_model().objects.count(),
              ActionPlan.objects.count())
    client.force_login(superuser)
    response = client.post(URL, form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert counts == (Body.objects.count(), Institution.objects.count(), get_user_model().objects.count(),
                      ActionPlan.objects.count())
