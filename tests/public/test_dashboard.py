"""The follow-up dashboard of a plan (/plan/<id>/tablero/ and its CSV) and the home page's summary
of the current plan."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.models import Commitment
from tests import factories as f
from tests.public.conftest import MARKER

C = Commitment.Completion


@pytest.fixture
def plan_data(world):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    first = f.published_commitment(world.axis_infoem, title="Datos abiertos municipales")
    f.MilestoneFactory(commitment=first, order=1, completion_percent=100, end_date=today - 30 * day)  # done
    f.MilestoneFactory(commitment=first, order=2, completion_percent=20, end_date=today - day)  # late
    second = f.published_commitment(world.axis_ieem, title="Consulta ciudadana")
    f.MilestoneFactory(commitment=second, order=1, completion_percent=10, end_date=today + 10 * day)  # at risk
    f.MilestoneFactory(commitment=second, order=2, completion_percent=60, end_date=today + 10 * day)  # on time
    f.MilestoneFactory(commitment=second, order=3, completion_percent=0, start_date=None, end_date=None)  # no date
    second.completion = C.COMPLETE  # declared by hand; the milestones say «Limitado» (average 23 %)
    second.save()
    draft = f.CommitmentFactory(axis=world.axis_ieem, title=f"Borrador {MARKER}")
    f.MilestoneFactory(commitment=draft, order=1, completion_percent=0, end_date=today - day)
    return world.plan


@pytest.mark.django_db
def test_the_dashboard_counts_levels_axes_institutions_and_the_traffic_light(client, plan_data):
    response = client.get(f"/plan/{plan_data.identifier}/tablero/")
    assert response.status_code == 200
    context = response.context
    assert context["total"].count == 2
    levels = {str(label): (derived, declared) for label, derived, declared in context["levels"]}
    # By milestones: 60 % → Sustancial, 23 % → Limitado; declared: No iniciado and Completo.
    assert levels["Sustancial"] == (1, 0) and levels["Limitado"] == (1, 0)
    assert levels["No iniciado"] == (0, 1) and levels["Completo"] == (0, 1)
    assert context["disagreements"] == 2
    assert {key: n for key, _label, _rule, n in context["lights"]} == {
        "done": 1, "late": 1, "at_risk": 1, "on_time": 1, "no_date": 1}
    assert {g.name: (g.count, g.progress) for g in context["by_axis"]} == {
        "Fortalecimiento de la Democracia": (1, 23), "Cultura de Gobierno Abierto": (1, 60)}
    assert sum(g.count for g in context["by_institution"]) == 2
    page = response.content.decode()
    assert MARKER not in page
    charts = page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart')  # not the icons
    assert charts == 4 and page.count("<table") >= 4  # a table beside every chart
    assert "termina en los próximos 60 días y lleva menos de la mitad (50 %) de avance" in page
    assert "«Limitado» de 1 % a 49 %" in page


@pytest.mark.django_db
def test_the_dashboard_csv_has_the_same_figures(client, plan_data):
    response = client.get(f"/plan/{plan_data.identifier}/tablero.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["sección", "categoría", "indicador", "valor"]
    assert ["Hitos (semáforo)", "Atrasado", "hitos", "1"] in rows
    assert ["Cumplimiento según hitos", "Limitado", "compromisos", "1"] in rows
    assert ["Cumplimiento declarado", "Completo", "compromisos", "1"] in rows
    assert MARKER not in response.content.decode()


@pytest.mark.django_db
def test_the_dashboard_neutralises_formulas_in_the_csv(client, world):
    f.published_commitment(world.axis_infoem, title="x")
    world.axis_infoem.name = "=HYPERLINK(\"http://mal\")"
    world.axis_infoem.save()
    body = client.get(f"/plan/{world.plan.identifier}/tablero.csv").content.decode("utf-8-sig")
    assert "\"'=HYPERLINK(\"\"http://mal\"\")\"" in body
    assert "\"=HYPERLINK" not in body


@pytest.mark.django_db
def test_the_dashboard_is_public_and_a_missing_plan_is_404(client, world, other_world, plan_data):
    url = f"/plan/{plan_data.identifier}/tablero/"
    for account in (None, other_world.infoem_member, world.infoem_member, world.staff):
        if account:
            client.force_login(account.user)
        assert client.get(url, follow=True).status_code == 200  # on its STL's site (two STLs)
    assert client.get("/plan/no-existe/tablero/").status_code == 404
    assert client.get("/plan/no-existe/tablero.csv").status_code == 404
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_the_dashboard_makes_a_constant_number_of_queries(client, plan_data, world):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [f"/plan/{plan_data.identifier}/tablero/", f"/plan/{plan_data.identifier}/tablero.csv", "/"]
    small = [count(url) for url in urls]
    other_institution = f.InstitutionFactory(name="Poder Judicial")
    for n in range(8):
        commitment = f.published_commitment(world.axis_infoem, title=f"Más {n}", lead_institution=other_institution)
        f.MilestoneFactory(commitment=commitment, order=1, completion_percent=n * 10,
                           end_date=timezone.localdate() - datetime.timedelta(days=n))
    assert [count(url) for url in urls] == small


@pytest.mark.django_db
def test_the_home_page_summarises_the_current_plan_and_links_the_others(client, world, plan_data):
    year = timezone.localdate().year
    current = f.ActionPlanFactory(stl=world.stl, name="Plan de Acción Local 2025-2027", start_year=year - 1,
                                  end_year=year + 1)
    axis = f.approved_axis(current, name="Cultura de Gobierno Abierto", lead_institution=world.infoem)
    f.published_commitment(axis, title="Compromiso del plan en curso")
    response = client.get("/")
    assert [plan.pk for plan in response.context["current_plans"]] == [current.pk]
    assert [plan.pk for plan in response.context["other_plans"]] == [world.plan.pk]
    assert [a.pk for a in response.context["axes"]] == [axis.pk]  # only the current plan's axes
    page = response.content.decode()
    assert f"/plan/{current.identifier}/tablero/" in page and f"/plan/{world.plan.identifier}/tablero/" in page
    assert "Plan de Acción Local 2025-2027" in page


@pytest.mark.django_db
def test_the_axis_filter_names_the_plan_of_each_axis(client, world):
    year = timezone.localdate().year
    current = f.ActionPlanFactory(stl=world.stl, name="PAL 2025-2027", start_year=year - 1, end_year=year + 1)
    f.approved_axis(current, name="Cultura de Gobierno Abierto", lead_institution=world.infoem)
    page = client.get("/compromisos/").content.decode()
    assert "Cultura de Gobierno Abierto (PAL 2025-2027)" in page
    assert f"Cultura de Gobierno Abierto ({world.plan.name})" in page
