"""The IRM indicators of a commitment, recorded by the monitoring role and shown publicly."""

import pytest
from django.urls import reverse

from cocreation.models import Assessment
from tests import factories as f

pytestmark = pytest.mark.django_db

DATA = {"stage": "end", "assessed_on": "2021-12-15", "assessor": "Evaluadora independiente, Universidad",
        "verifiable": "on", "relevant": "on", "relevant_access": "on", "potential_impact": "moderate",
        "completion": "substantial", "opened_government": "marginal", "explanation": "Avanzó casi todo.",
        "opened_government_explanation": "", "lessons": "Calendario realista.",
        "evidence": "https://example.org/evidencia\nActa de la sesión"}


@pytest.fixture
def commitment(world):
    return f.published_commitment(world.axis_ieem, title="Datos electorales abiertos", lead_institution=world.ieem)


@pytest.mark.parametrize("page", ["list", "create", "edit"])
def test_the_permission_ladder(client, login, world, other_world, monitor, commitment, page):
    assessment = Assessment.objects.create(commitment=commitment, assessed_on="2021-01-10", assessor="X",
                                           potential_impact="minor")
    url = {"list": reverse("panel:assessment_list"),
           "create": reverse("panel:assessment_create", args=[commitment.identifier]),
           "edit": reverse("panel:assessment_edit", args=[assessment.identifier])}[page]
    assert client.get(url).status_code == 302
    login(other_world.staff)
    assert client.get(url).status_code == (200 if page == "list" else 404)
    for account in (world.ieem_member, world.staff, world.facilitator):
        login(account)
        assert client.get(url).status_code == (200 if page == "list" else 403)
    login(monitor)
    assert client.get(url).status_code == 200


def test_the_monitor_records_the_indicators_and_the_public_sees_them(client, login, world, monitor, commitment):
    login(monitor)
    response = client.post(reverse("panel:assessment_create", args=[commitment.identifier]), DATA)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.starred and assessment.history.first().history_user == monitor.user
    client.logout()
    html = client.get(commitment.get_absolute_url()).content.decode()
    for text in ("Fin del compromiso", "Moderado", "Sustancial", "Marginal", "Destacado", "Calendario realista.",
                 'href="https://example.org/evidencia"'):
        assert text in html


def test_bad_indicators_are_refused_with_a_message(client, login, monitor, commitment):
    login(monitor)
    url = reverse("panel:assessment_create", args=[commitment.identifier])
    for changes, message in (({"relevant_access": ""}, "a qué valor de OGP"),
                             ({"completion": ""}, "Al cierre se evalúa"),
                             ({"assessed_on": "2999-01-01"}, "no puede ser futura"),
                             ({"potential_impact": "enorme"}, "Seleccione una opción válida")):
        response = client.post(url, {**DATA, **changes})
        assert response.status_code == 400 and message in response.content.decode(), changes
    assert not Assessment.objects.exists()


def test_starred_needs_every_indicator(commitment):
    assessment = Assessment(commitment=commitment, assessed_on="2021-01-10", assessor="X", verifiable=True,
                            relevant=True, relevant_access=True, potential_impact="minor", completion="complete")
    assert not assessment.compute_starred()
    assessment.potential_impact = "transformative"
    assert assessment.compute_starred()
    assessment.completion = "limited"
    assert not assessment.compute_starred()


def test_a_draft_commitments_assessment_is_not_public(client, world):
    draft = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan, title="Borrador")
    Assessment.objects.create(commitment=draft, assessed_on="2021-01-10", assessor="X", potential_impact="minor")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert not Assessment.objects.public().exists()
