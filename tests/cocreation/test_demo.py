"""The demo record shows co-creation: a closed consultation whose inputs all have an answer, an
assessed commitment, and alerts on the panel's start page; every such record is marked as an example."""

import pytest
from django.urls import reverse

from cocreation.models import Assessment, Consultation, Input
from workgroups.models import Account

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_closed_consultation_with_answered_inputs(demo_record, client):
    consultation = Consultation.objects.get()
    assert consultation.is_example and consultation.is_closed()
    assert consultation.response_counts() == {"adopted": 1, "partly": 1, "not_adopted": 1, "unanswered": 0,
                                              "total": 3}
    assert all(item.is_example for item in Input.objects.all())
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert "Ejemplo: no es una consulta real" in html and "La consulta cerró" in html
    commitment = Input.objects.get(response="adopted").resulting_commitment
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Propuesta ciudadana que dio origen" in page and "Colectivo Datos Mexiquenses" in page


def test_the_demo_has_an_assessed_commitment(demo_record, client):
    assessment = Assessment.objects.get()
    assert "ejemplo" in assessment.assessor.lower()
    html = client.get(assessment.commitment.get_absolute_url()).content.decode()
    assert "Evaluación (indicadores del MRI de OGP)" in html and "Moderado" in html


def test_the_demo_panel_start_page_shows_alerts(demo_record, client):
    staff = Account.objects.get(user__username="demo-personal")
    client.force_login(staff.user)
    html = client.get(reverse("panel:home")).content.decode()
    assert "Obligaciones de OGP Local" in html and "Qué hacer" in html


def test_the_demo_inception_report_counts_the_answers_to_the_consultation(demo_record):
    from cocreation.documents import inception_report
    from commitments.models import ActionPlan

    report = inception_report(ActionPlan.objects.get(), public=True)
    values = {item.key: item.value for section in report.sections for item in section.items}
    assert values["consultations"] == [
        "Consulta sobre el borrador del compromiso de datos abiertos de participación (ejemplo) (11 de enero de "
        "2021 – 12 de febrero de 2021): 3 aportaciones; 1 adoptadas, 1 en parte, 1 no adoptadas, 0 sin respuesta"]


def test_the_demo_shows_which_alerts_and_why_not_the_stale_site(demo_record):
    """What the README says: the demo's records are written on the day load_demo runs, so its public
    site is up to date and the «sitio no actualizado» alert cannot show honestly; the others do."""
    from django.utils import timezone

    from cocreation.compliance import alerts_for
    from workgroups.models import Body

    kinds = {alert.kind for alert in alerts_for(Body.objects.get(identifier="stl-edomex"), timezone.localdate())}
    assert "site" not in kinds
    assert {"forum", "milestone", "end_report"} <= kinds
