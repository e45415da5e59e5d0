"""Every dated record can say its date is illustrative or unknown, and its public page says so: the
illustrative date with «fecha ilustrativa» beside it, the unknown one never shown («fecha por
confirmar» instead)."""

import datetime

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_membership_s_uncertain_dates_on_the_body_page_and_the_home_page(client, world):
    world.memberships.civil.start_date = datetime.date(2019, 10, 16)
    world.memberships.civil.start_date_certainty = "illustrative"
    world.memberships.civil.save()
    world.memberships.facilitator.start_date = datetime.date(2019, 10, 17)
    world.memberships.facilitator.start_date_certainty = "unknown"
    world.memberships.facilitator.save()
    for url in (world.stl.get_absolute_url(), "/"):
        text = client.get(url).content.decode()
        assert "16 de octubre de 2019" in text and "fecha ilustrativa" in text, url
        assert "17 de octubre de 2019" not in text, url
        assert "fecha por confirmar" in text, url
        assert "15 de octubre de 2019" in text, url  # a certain date is shown as it was


def test_a_commitment_s_milestone_s_and_update_s_uncertain_dates_on_its_page(client, world):
    commitment = f.published_commitment(world.axis_ieem, start_date=datetime.date(2021, 2, 3),
                                        start_date_certainty="illustrative", end_date=datetime.date(2021, 11, 29),
                                        end_date_certainty="unknown")
    milestone = f.MilestoneFactory(commitment=commitment, order=1, start_date=datetime.date(2021, 2, 4),
                                   end_date=datetime.date(2021, 5, 6), end_date_certainty="illustrative")
    f.MilestoneUpdateFactory(milestone=milestone, date=datetime.date(2021, 3, 7), date_certainty="unknown")
    f.MilestoneUpdateFactory(milestone=milestone, date=datetime.date(2021, 4, 8), date_certainty="illustrative")
    text = client.get(commitment.get_absolute_url()).content.decode()
    for shown in ("3 de febrero de 2021", "4 de febrero de 2021", "6 de mayo de 2021", "8 de abril de 2021"):
        assert shown in text, shown
    for hidden in ("29 de noviembre de 2021", "7 de marzo de 2021"):
        assert hidden not in text, hidden
    assert text.count("fecha ilustrativa") >= 4  # the commitment's start (twice: card and period), the term, an update
    assert text.count("fecha por confirmar") >= 3  # the commitment's end (twice) and an update


def test_a_document_version_s_uncertain_date_on_the_document_page(client, world):
    document = f.DocumentFactory(body=world.stl, title="Lineamientos de prueba")
    agreement = f.adopted_agreement(world.stl)
    f.DocumentVersionFactory(document=document, number=1, date=datetime.date(2020, 7, 9), status="approved",
                             approved_by=agreement, date_certainty="illustrative")
    f.DocumentVersionFactory(document=document, number=2, date=datetime.date(2020, 8, 10), status="approved",
                             approved_by=agreement, date_certainty="unknown")
    text = client.get(document.get_absolute_url()).content.decode()
    assert "9 de julio de 2020" in text and "fecha ilustrativa" in text
    assert "10 de agosto de 2020" not in text and "fecha por confirmar" in text


def test_the_dashboard_says_an_illustrative_term_and_does_not_call_an_unknown_one_overdue(client, world):
    commitment = f.published_commitment(world.axis_ieem)
    f.MilestoneFactory(commitment=commitment, order=1, title="Hito de término ilustrativo",
                       end_date=datetime.date(2021, 5, 6), end_date_certainty="illustrative")
    f.MilestoneFactory(commitment=commitment, order=2, title="Hito de término desconocido",
                       end_date=datetime.date(2021, 5, 7), end_date_certainty="unknown")
    text = client.get(f"/plan/{world.plan.identifier}/tablero/").content.decode()
    assert "6 de mayo de 2021 (fecha ilustrativa)" in text
    assert "Hito de término desconocido" not in text.split("Hitos atrasados")[1].split("</ul>")[0]


def test_the_public_history_never_shows_an_unknown_date(client, world):
    commitment = f.published_commitment(world.axis_ieem)
    commitment.end_date, commitment.end_date_certainty = datetime.date(2022, 9, 14), "unknown"
    commitment.save()
    milestone = f.MilestoneFactory(commitment=commitment, order=1)
    f.MilestoneUpdateFactory(milestone=milestone, date=timezone.localdate(), date_certainty="unknown")
    text = client.get(commitment.get_absolute_url()).content.decode()
    history = text.split('class="history"')[1].split("</ol>")[0]
    assert "Certeza del término" in history and "fecha por confirmar" in history
    assert "2022-09-14" not in text and "14 de septiembre de 2022" not in text
    [progress] = [item for item in history.split("<li>") if "Avance del hito" in item]
    assert progress.startswith('<span class="badge badge-example">fecha por confirmar</span>')
    assert "<time" not in progress


def test_an_illustrative_session_date_says_so_wherever_its_sessions_and_agreements_are_listed(client, world):
    meeting = f.SessionFactory(body=world.group, kind="working_meeting", number=1, date=datetime.date(2020, 6, 18),
                               date_certainty="illustrative")
    session = f.SessionFactory(body=world.stl, kind="ordinary", number=5, date=datetime.date(2021, 2, 25),
                               date_certainty="illustrative")
    agreement = f.adopted_agreement(world.stl, session=session, number=1, code="STL/SO/05/2021-01")
    body_page = client.get(world.group.get_absolute_url()).content.decode()
    assert f'{meeting.display_name}</a> — 18 de junio de 2020 <span class="badge badge-example">fecha ilustrativa' in body_page
    for url in (agreement.get_absolute_url(), "/acuerdos/", "/"):
        text = client.get(url).content.decode()
        assert '25 de febrero de 2021 <span class="badge badge-example">fecha ilustrativa</span>' in text, url
