"""The panel's background jobs page (/panel/trabajos/): staff see their STL's jobs and why one failed."""

import pytest
from django.urls import reverse

from core.worker import run_pending_jobs
from reports.jobs import render_report_pdf
from reports.models import ReportFile
from tests import factories as f
from tests import jobs_for_tests

pytestmark = pytest.mark.django_db

URL = reverse("panel:job_list")


def queue_report(world):
    report_file = ReportFile.objects.create(stl=world.stl, institution=world.ieem, start_date="2020-01-01",
                                            end_date="2020-12-31", requested_by=world.staff.user)
    render_report_pdf.enqueue(str(report_file.pk))
    return report_file


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("actor", ["ieem_member", "infoem_member", "facilitator"])
def test_members_and_the_facilitator_are_refused(login, world, actor):
    assert login(getattr(world, actor)).get(URL).status_code == 403


def test_staff_see_their_stls_jobs_and_not_another_stls(login, world, other_world):
    queue_report(world)
    queue_report(other_world)
    jobs_for_tests.fails_for_good.enqueue()
    page = login(world.staff).get(URL).content.decode()
    assert page.count("PDF del informe de actividades") == 1
    assert "En cola" in page
    assert "falla sin remedio" not in page, "jobs of no STL are for administrators"


def test_administrators_see_every_job_and_the_reason_of_a_failure(login, world, other_world):
    queue_report(world)
    queue_report(other_world)
    jobs_for_tests.fails_for_good.enqueue()
    run_pending_jobs()
    admin = f.AccountFactory(stl=world.stl, role="staff", institution=None,
                             user=f.UserFactory(username="administracion", is_superuser=True, is_staff=True))
    page = login(admin).get(URL).content.decode()
    assert page.count("PDF del informe de actividades") == 2
    assert "Prueba: falla sin remedio" in page and "no hay nada que reintentar" in page
    assert "Hay 1 trabajo fallido" in page


def test_the_panel_menu_leads_staff_to_the_jobs(login, world):
    page = login(world.staff).get(reverse("panel:home")).content.decode()
    assert f'href="{URL}"' in page
    assert f'href="{URL}"' not in login(world.ieem_member).get(reverse("panel:home")).content.decode()
