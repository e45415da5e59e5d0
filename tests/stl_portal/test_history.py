"""Every model of the four apps keeps its history, with the user who made the change."""

import pytest
from django.apps import apps
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

APP_LABELS = ("workgroups", "stl_sessions", "commitments", "reports", "cocreation")


def tracked_models():
    """Models a person edits. A model that is its own log (each row written once by the portal, like
    a report PDF request) says so with `is_own_log = True` and keeps no history table."""
    return [model for label in APP_LABELS for model in apps.get_app_config(label).get_models()
            if not model.__name__.startswith("Historical") and not getattr(model, "is_own_log", False)]


def test_own_log_models_are_read_only_in_the_admin(rf):
    from django.contrib import admin

    own_logs = [model for label in APP_LABELS for model in apps.get_app_config(label).get_models()
                if getattr(model, "is_own_log", False)]
    assert own_logs, "ReportFile is its own log"
    request = rf.get("/")
    request.user = f.UserFactory(is_staff=True, is_superuser=True)
    for model in own_logs:
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)


def test_every_model_has_history():
    missing = [model.__name__ for model in tracked_models() if not hasattr(model, "history")]
    assert missing == []


def test_every_model_is_in_the_admin_with_history_search_and_filters():
    from django.contrib import admin
    from simple_history.admin import SimpleHistoryAdmin

    for model in tracked_models():
        model_admin = admin.site._registry.get(model)
        assert model_admin is not None, model.__name__
        assert isinstance(model_admin, SimpleHistoryAdmin), model.__name__
        assert model_admin.search_fields, model.__name__


def test_a_change_through_the_admin_records_its_user(client, world):
    admin_user = f.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    institution = world.ieem
    url = reverse("admin:workgroups_institution_change", args=[institution.pk])
    response = client.post(url, {"name": "Instituto Electoral del Estado de México", "acronym": "IEEM",
                                 "kind": "public_body", "website": "", "identifier": institution.identifier})
    assert response.status_code == 302, response.content[:500]
    latest = institution.history.first()
    assert latest.name == "Instituto Electoral del Estado de México"
    assert latest.history_user == admin_user
    changes = latest.diff_against(latest.prev_record).changes
    assert {change.field for change in changes} >= {"name"}


def test_the_admin_lists_every_model_in_spanish(client):
    admin_user = f.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Compromisos", "Sesiones", "Acuerdos", "Instituciones", "Fases de la ruta", "Ejes"):
        assert text in html
    for model in tracked_models():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert client.get(changelist, {"q": "prueba"}).status_code == 200, changelist
