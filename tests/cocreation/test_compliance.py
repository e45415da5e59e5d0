"""The compliance calendar: each of OGP Local's obligations the records show late becomes an alert
that says what to do and links to it, on the panel's start page and in the weekly e-mail to staff."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cocreation.compliance import alerts_for
from cocreation.models import Assessment
from core.worker import run_pending_jobs
from tests import factories as f
from tests.cocreation.conftest import make_consultation, make_input

pytestmark = pytest.mark.django_db


def kinds(world, today=None):
    return [alert.kind for alert in alerts_for(world.stl, today or timezone.localdate())]


def test_a_forum_that_has_not_met_in_six_months_and_a_stale_site(world):
    # The world's sessions are from 2020; seen from 200 days on, nothing public changed either.
    today = timezone.localdate()
    assert {"forum", "site"} <= set(kinds(world, today + datetime.timedelta(days=200)))
    f.SessionFactory(body=world.stl, date=today - datetime.timedelta(days=10), number=99, is_public=True)
    assert "forum" not in kinds(world) and "site" not in kinds(world)


def test_an_overdue_milestone_and_a_due_end_of_commitment_report(world):
    today = timezone.localdate()
    commitment = f.published_commitment(world.axis_ieem, lead_institution=world.ieem,
                                        start_date=today - datetime.timedelta(days=400),
                                        end_date=today - datetime.timedelta(days=5))
    f.MilestoneFactory(commitment=commitment, order=1, end_date=today - datetime.timedelta(days=30),
                       completion_percent=50)
    alerts = alerts_for(world.stl, today)
    found = {alert.kind: alert for alert in alerts}
    assert found["milestone"].url == reverse("panel:commitment_detail", args=[commitment.identifier])
    assert found["end_report"].url == reverse("panel:assessment_create", args=[commitment.identifier])
    assert found["end_report"].due == commitment.end_date + datetime.timedelta(days=30)
    Assessment.objects.create(commitment=commitment, stage="end", assessed_on=today, assessor="X",
                              potential_impact="minor", completion="limited")
    assert "end_report" not in kinds(world)


def test_a_closed_consultation_with_unanswered_inputs(world):
    consultation = make_consultation(world, opens=-30, closes=-10)
    item = make_input(consultation)
    make_input(consultation, confirmed=False, email="b@example.org")
    alert = next(a for a in alerts_for(world.stl, timezone.localdate()) if a.kind == "consultation")
    assert "1 aportaciones sin respuesta" in alert.what
    item.answer("not_adopted", "Fuera del alcance del plan.")
    assert "consultation" not in kinds(world)


def test_the_panel_start_page_shows_the_alerts_with_what_to_do(client, login, world):
    login(world.ieem_member)
    html = client.get(reverse("panel:home")).content.decode()
    assert "Obligaciones de OGP Local" in html
    assert "Convoque y registre una sesión del secretariado." in html
    assert reverse("panel:session_create") in html


def test_the_weekly_e_mail_goes_to_staff(world):
    world.staff.user.email = "personal@example.org"
    world.staff.user.save()
    out = io.StringIO()
    call_command("send_compliance_digest", stdout=out)
    assert "correos en cola" in out.getvalue()
    assert run_pending_jobs() >= 1
    sent = [m for m in mail.outbox if m.to == ["personal@example.org"]]
    assert len(sent) == 1
    assert "Convoque y registre una sesión" in sent[0].body and "/panel/sesiones/nueva/" in sent[0].body


def test_a_public_site_not_updated_in_the_period_ogp_asks_shows_on_the_panel_start_page(client, login, world):
    """The demo cannot show this alert honestly (load_demo writes its records on the day it runs; see
    the README), so it is built here: every public record last changed 130 days ago."""
    from commitments.models import Commitment, Milestone
    from core.spanish import long_date
    from sessions.models import DocumentVersion, Session

    f.published_commitment(world.axis_ieem, lead_institution=world.ieem)
    stale = timezone.now() - datetime.timedelta(days=130)
    for model in (Session, Commitment, Milestone, DocumentVersion):
        model.objects.update(updated_at=stale)  # an update() leaves no auto_now behind
    login(world.ieem_member)
    html = client.get(reverse("panel:home")).content.decode()
    assert f"El sitio público y el repositorio no se actualizan desde el {long_date(stale.date())}" in html
    assert "Publique los documentos aprobados, las sesiones y los avances del periodo." in html
    assert f'href="{reverse("panel:session_list")}"' in html
    f.SessionFactory(body=world.stl, date=timezone.localdate(), number=98, is_public=True)
    assert "no se actualizan desde" not in client.get(reverse("panel:home")).content.decode()
