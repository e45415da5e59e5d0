"""The error pages are short, Spanish, in the portal's layout and show nothing internal."""

import pytest
from django.core.exceptions import PermissionDenied
from django.views.defaults import permission_denied


@pytest.mark.django_db
def test_a_missing_page_answers_the_spanish_404(client):
    response = client.get("/compromisos/no-existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "No encontramos esta página" in html
    assert 'lang="es-MX"' in html and "Traceback" not in html


@pytest.mark.django_db
def test_a_refusal_answers_the_spanish_403(rf):
    request = rf.get("/panel/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "No tiene permiso para ver esta página" in response.content.decode()
