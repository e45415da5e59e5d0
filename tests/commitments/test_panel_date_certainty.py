"""A member marks a date as illustrative or unknown in the panel forms (commitment, milestone,
progress, draft version); staff mark a membership's dates in the admin. Each save leaves a history row
with its user; the page shows the form's choice; another STL's member changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commitments.models import Commitment
from sessions.models import DocumentVersion
from tests import factories as f
from tests.commitments.test_panel_commitment_form import draft_data, edit_data
from tests.commitments.test_panel_milestones import milestone_data, progress_data

pytestmark = pytest.mark.django_db


def test_the_commitment_form_offers_and_saves_the_certainty_of_its_dates(login, world):
    client = login(world.ieem_member)
    page = client.get(reverse("panel:commitment_create")).content.decode()
    assert 'name="start_date_certainty"' in page and "advertencia «fecha ilustrativa»" in page
    response = client.post(reverse("panel:commitment_create"), draft_data(
        world, start_date_certainty="illustrative", end_date_certainty="unknown"))
    assert response.status_code == 302
    commitment = Commitment.objects.get(title="Micrositio de datos electorales abiertos")
    assert (commitment.start_date_certainty, commitment.end_date_certainty) == ("illustrative", "unknown")
    detail = client.get(reverse("panel:commitment_detail", args=[commitment.identifier])).content.decode()
    assert "1 de enero de 2021" in detail and "fecha ilustrativa" in detail and "fecha por confirmar" in detail
    assert "31 de diciembre de 2021" not in detail
    client.post(reverse("panel:commitment_edit", args=[commitment.identifier]),
                edit_data(commitment, end_date_certainty="certain"))
    commitment.refresh_from_db()
    assert commitment.end_date_certainty == "certain"
    assert commitment.history.first().history_user == world.ieem_member.user


def test_an_edit_that_does_not_send_the_certainty_keeps_it(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem, start_date_certainty="illustrative")
    response = login(world.ieem_member).post(reverse("panel:commitment_edit", args=[commitment.identifier]),
                                             edit_data(commitment, title="Título nuevo"))
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.title == "Título nuevo" and commitment.start_date_certainty == "illustrative"


def test_a_member_of_another_stl_cannot_mark_the_dates(login, world, other_world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    response = login(other_world.ieem_member).post(
        reverse("panel:commitment_edit", args=[commitment.identifier]),
        edit_data(commitment, start_date_certainty="unknown"))
    assert response.status_code in (403, 404)
    commitment.refresh_from_db()
    assert commitment.start_date_certainty == "certain"


def test_milestone_and_progress_forms_mark_their_dates(login, world):
    client = login(world.ieem_member)
    draft = f.CommitmentFactory(axis=world.axis_ieem)
    client.post(reverse("panel:milestone_create", args=[draft.identifier]),
                milestone_data(end_date_certainty="illustrative"))
    assert draft.milestones.get().end_date_certainty == "illustrative"
    published = f.published_commitment(world.axis_ieem)
    milestone = f.MilestoneFactory(commitment=published, order=1)
    response = client.post(reverse("panel:milestone_progress", args=[milestone.identifier]),
                           progress_data(date_certainty="unknown"))
    assert response.status_code == 302
    update = milestone.updates.get()
    assert update.date_certainty == "unknown"
    assert update.history.first().history_user == world.ieem_member.user


def test_an_illustrative_date_without_a_date_is_explained_and_nothing_is_saved(login, world):
    draft = f.CommitmentFactory(axis=world.axis_ieem)
    response = login(world.ieem_member).post(reverse("panel:milestone_create", args=[draft.identifier]),
                                             milestone_data(end_date="", end_date_certainty="illustrative"))
    assert response.status_code == 200
    assert "Una fecha ilustrativa necesita una fecha" in response.content.decode()
    assert not draft.milestones.exists()


def test_a_draft_version_takes_the_certainty_of_its_meeting_unless_told(login, world):
    meeting = f.SessionFactory(body=world.group, kind="working_meeting", number=4, date=datetime.date(2020, 8, 20),
                               date_certainty="illustrative", is_public=False)
    client = login(world.ieem_member)
    url = reverse("panel:draft_version_create", args=[meeting.identifier])
    assert 'name="date_certainty"' in client.get(url).content.decode()
    client.post(url, {"new_title": "Propuesta A", "new_kind": "axis_document", "date": "2020-08-20"})
    client.post(url, {"new_title": "Propuesta B", "new_kind": "axis_document", "date": "2020-08-20",
                      "date_certainty": "unknown"})
    client.post(url, {"new_title": "Propuesta C", "new_kind": "axis_document", "date": "2020-08-27"})
    got = dict(DocumentVersion.objects.values_list("document__title", "date_certainty"))
    assert got == {"Propuesta A": "illustrative", "Propuesta B": "unknown", "Propuesta C": "certain"}


def test_staff_mark_a_membership_s_dates_in_the_admin(client, world, django_user_model):
    admin = django_user_model.objects.create_superuser("admin-certeza", "a@example.org", "x")
    client.force_login(admin)
    membership = world.memberships.civil
    url = reverse("admin:workgroups_membership_change", args=[membership.pk])
    page = client.get(url).content.decode()
    assert 'name="start_date_certainty"' in page and 'name="end_date_certainty"' in page


def _bulk_file(rows, with_certainty=True):
    import csv
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = ["hito", "compromiso", "entregable", "avance_actual", "nuevo_avance", "fecha", "que_se_hizo",
              "enlace_evidencia"]
    writer.writerow(header + (["certeza_fecha"] if with_certainty else []))
    for row in rows:
        writer.writerow(row if with_certainty else row[:8])
    return SimpleUploadedFile("avance.csv", buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")


def test_bulk_progress_takes_an_optional_certainty_column(login, world):
    published = f.published_commitment(world.axis_ieem)
    first = f.MilestoneFactory(commitment=published, order=1)
    second = f.MilestoneFactory(commitment=published, order=2)
    client = login(world.staff)
    template = client.get(reverse("panel:bulk_progress_template")).content.decode("utf-8-sig")
    assert template.splitlines()[0].endswith(",certeza_fecha")
    bad = client.post(reverse("panel:bulk_progress"), {"file": _bulk_file([
        [first.identifier, "", "", 0, 40, "2021-03-15", "Avance", "", "quizás"]])})
    assert "«certeza_fecha» debe ser" in "\n".join(bad.context["problems"])
    response = client.post(reverse("panel:bulk_progress"), {"file": _bulk_file([
        [first.identifier, "", "", 0, 40, "2021-03-15", "Avance", "", "ilustrativa"],
        [second.identifier, "", "", 0, 20, "2021-03-16", "Avance", "", ""]])})
    assert "fecha ilustrativa" in response.content.decode()
    client.post(reverse("panel:bulk_progress_confirm"), {"key": response.context["key"]})
    assert first.updates.get().date_certainty == "illustrative"
    assert second.updates.get().date_certainty == "certain"
    # A file made from the template before the column existed still loads, with certain dates.
    third = f.MilestoneFactory(commitment=published, order=3)
    response = client.post(reverse("panel:bulk_progress"), {"file": _bulk_file([
        [third.identifier, "", "", 0, 10, "2021-03-17", "Avance", "", ""]], with_certainty=False)})
    client.post(reverse("panel:bulk_progress_confirm"), {"key": response.context["key"]})
    assert third.updates.get().date_certainty == "certain"


def test_a_draft_version_of_a_meeting_whose_date_nobody_knows_is_unknown_too(login, world):
    meeting = f.SessionFactory(body=world.group, kind="working_meeting", number=5, date=datetime.date(2020, 9, 3),
                               date_certainty="unknown", is_public=False)
    client = login(world.ieem_member)
    url = reverse("panel:draft_version_create", args=[meeting.identifier])
    client.post(url, {"new_title": "Propuesta D", "new_kind": "axis_document", "date": "2020-09-03"})
    assert DocumentVersion.objects.get(document__title="Propuesta D").date_certainty == "unknown"


def test_the_plan_page_never_shows_a_route_phase_s_unknown_planned_date(client, world):
    f.RoutePhaseFactory(plan=world.plan, order=8, name="Fase con fechas dudosas",
                        planned_start=datetime.date(2020, 2, 3), planned_start_certainty="illustrative",
                        planned_end=datetime.date(2020, 8, 21), planned_end_certainty="unknown")
    html = client.get(world.plan.get_absolute_url()).content.decode()
    assert "Fase con fechas dudosas" in html
    assert "3 de febrero de 2020" in html and "fecha ilustrativa" in html
    assert "21 de agosto de 2020" not in html and "fecha por confirmar" in html


def test_an_illustrative_planned_date_needs_a_date(world):
    phase = f.RoutePhaseFactory(plan=world.plan, order=8, planned_start=datetime.date(2020, 2, 3), planned_end=None)
    phase.planned_start_certainty = "illustrative"
    phase.planned_end_certainty = "illustrative"
    with pytest.raises(ValidationError) as error:
        phase.full_clean()
    assert "planned_end_certainty" in error.value.message_dict  # an illustrative date needs a date
