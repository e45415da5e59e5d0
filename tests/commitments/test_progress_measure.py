"""One measure of progress: the completion level follows from the milestones by a written rule; the
level recorded by hand is shown beside it and a disagreement is pointed out (public page and panel).
A finished plan stops counting delays at its end and says how its route ended."""

import datetime

import pytest

from commitments.models import Commitment, RoutePhase, completion_from_progress
from tests import factories as f

C = Commitment.Completion


@pytest.mark.parametrize("progress, level", [
    (None, None), (0, C.NOT_STARTED), (1, C.LIMITED), (43, C.LIMITED), (49.4, C.LIMITED), (50, C.SUBSTANTIAL),
    (99, C.SUBSTANTIAL), (100, C.COMPLETE)])
def test_the_level_follows_from_the_milestones(progress, level):
    assert completion_from_progress(progress) == level


@pytest.fixture
def disagreeing(world):
    commitment = f.published_commitment(world.axis_infoem, title="Todo hecho pero no iniciado")
    f.MilestoneFactory(commitment=commitment, order=1, completion_percent=100)
    agreeing = f.published_commitment(world.axis_infoem, title="Limitado de verdad")
    commitment.completion = C.NOT_STARTED
    commitment.save()
    agreeing.completion = C.LIMITED
    agreeing.save()
    f.MilestoneFactory(commitment=agreeing, order=1, completion_percent=43)
    return commitment, agreeing


@pytest.mark.django_db
def test_the_public_page_shows_both_levels_and_warns_when_they_disagree(client, disagreeing):
    commitment, agreeing = disagreeing
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Nivel de cumplimiento según sus hitos" in page
    assert "Completo" in page and "No iniciado" in page
    assert "No coincide con el avance de sus hitos." in page
    assert "«Limitado» de 1 % a 49 %" in page
    page = client.get(agreeing.get_absolute_url()).content.decode()
    assert "No coincide" not in page


@pytest.mark.django_db
def test_the_panel_warns_the_member_who_can_fix_it(client, world, other_world, disagreeing):
    commitment, agreeing = disagreeing
    url = f"/panel/compromisos/{commitment.identifier}/"
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(other_world.infoem_member.user)
    assert client.get(url).status_code == 404
    client.force_login(world.infoem_member.user)
    page = client.get(url).content.decode()
    assert "no coincide con el que dan sus hitos" in page
    assert "no coincide con el que dan" not in client.get(f"/panel/compromisos/{agreeing.identifier}/").content.decode()


@pytest.mark.django_db
def test_a_finished_plan_counts_delays_to_its_end_and_says_how_its_route_ended(client, world):
    plan = world.plan  # 2019–2021, long finished
    f.RoutePhaseFactory(plan=plan, order=1, name="Instalación", planned_start=datetime.date(2019, 10, 1),
                        planned_end=datetime.date(2019, 10, 15), actual_start=datetime.date(2019, 10, 1),
                        actual_end=datetime.date(2019, 10, 15), status=RoutePhase.Status.DONE)
    running = f.RoutePhaseFactory(plan=plan, order=2, name="Cocreación", planned_start=datetime.date(2020, 1, 1),
                                  planned_end=datetime.date(2021, 6, 30), actual_start=datetime.date(2020, 2, 1),
                                  status=RoutePhase.Status.IN_PROGRESS)
    assert running.delay_days == (datetime.date(2021, 12, 31) - datetime.date(2021, 6, 30)).days == 184
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "184 días de retraso al cierre del plan" in page
    assert "El plan terminó el 31 de diciembre de 2021" in page
    assert "1 de 2 fases concluidas" in page and "«Cocreación»" in page


@pytest.mark.django_db
def test_a_running_plan_counts_to_today(world):
    from django.utils import timezone

    year = timezone.localdate().year
    plan = f.ActionPlanFactory(stl=world.stl, start_year=year - 1, end_year=year + 1)
    phase = f.RoutePhaseFactory(plan=plan, order=1, planned_start=datetime.date(year - 1, 1, 1),
                                planned_end=datetime.date(year - 1, 6, 30), actual_start=datetime.date(year - 1, 1, 1),
                                status=RoutePhase.Status.IN_PROGRESS)
    assert phase.delay_days == (timezone.localdate() - datetime.date(year - 1, 6, 30)).days
    assert plan.route_outcome([phase]) is None
