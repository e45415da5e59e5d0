"""Justified changes to an approved commitment (milestones, dates, lead institution): proposed by the
lead institution or staff, approved by an agreement of a session, applied only then and shown on
the public page with what changed, when and by which agreement."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commitments.models import Commitment, CommitmentChange, Milestone, MilestoneChange
from sessions.models import Agreement
from tests import factories as f
from tests.sessions.test_panel_agreements import data as agreement_data
from tests.sessions.test_panel_agreements import hold_with_quorum

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world):
    commitment = f.published_commitment(world.axis_ieem, title="Micrositio electoral")
    first = f.MilestoneFactory(commitment=commitment, order=1, title="Diagnóstico",
                               start_date=datetime.date(2021, 1, 1), end_date=datetime.date(2021, 3, 31))
    second = f.MilestoneFactory(commitment=commitment, order=2, title="Micrositio en línea",
                                start_date=datetime.date(2021, 4, 1), end_date=datetime.date(2021, 6, 30))
    return commitment, first, second


@pytest.fixture
def session(world):
    return hold_with_quorum(world, f.SessionFactory(body=world.stl, number=97, date=datetime.date(2022, 5, 9)))


def propose(commitment, **fields):
    items = fields.pop("items", [])
    change = CommitmentChange(commitment=commitment, justification="El proveedor entregó tarde.", **fields)
    change.full_clean()
    change.save()
    for item in items:
        item.change = change
        item.full_clean()
        item.save()
    return change


def test_an_approved_change_applies_and_keeps_what_it_replaced(world, published, session):
    commitment, first, second = published
    change = propose(commitment, new_end_date=datetime.date(2022, 6, 30), new_lead_institution=world.infoem, items=[
        MilestoneChange(action="modify", milestone=second, order=2, title="Micrositio en línea",
                        start_date=datetime.date(2021, 4, 1), end_date=datetime.date(2022, 3, 31)),
        MilestoneChange(action="remove", milestone=first, order=1, title=first.title),
        MilestoneChange(action="add", order=1, title="Consulta pública", start_date=datetime.date(2021, 2, 1),
                        end_date=datetime.date(2021, 5, 31)),
    ])
    commitment.refresh_from_db()
    assert commitment.end_date == datetime.date(2021, 12, 31)  # nothing applies before the approval
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/97/2022-01")
    agreement.approve(change)
    commitment.refresh_from_db()
    change.refresh_from_db()
    assert change.status == CommitmentChange.Status.APPROVED and change.approved_by == agreement
    assert commitment.end_date == datetime.date(2022, 6, 30) and commitment.lead_institution == world.infoem
    assert change.old_end_date == datetime.date(2021, 12, 31) and change.old_lead_institution == world.ieem
    assert [(m.order, m.title, m.end_date) for m in commitment.milestones.all()] == [
        (1, "Consulta pública", datetime.date(2021, 5, 31)), (2, "Micrositio en línea", datetime.date(2022, 3, 31))]
    modified = change.milestone_changes.get(action="modify")
    assert modified.old_end_date == datetime.date(2021, 6, 30)
    assert change in agreement.approved_things()
    assert commitment.status == Commitment.Status.PUBLISHED


def test_a_change_that_cannot_apply_changes_nothing(world, published, session):
    commitment, first, _second = published
    first.record_progress(f.MilestoneUpdateFactory.build(milestone=first, completion_percent=20))
    change = propose(commitment, new_end_date=datetime.date(2022, 6, 30), items=[
        MilestoneChange(action="remove", milestone=first, order=1, title=first.title)])
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/97/2022-01")
    with pytest.raises(ValidationError, match="tiene avances registrados"):
        agreement.approve(change)
    commitment.refresh_from_db()
    change.refresh_from_db()
    assert commitment.end_date == datetime.date(2021, 12, 31)
    assert change.status == CommitmentChange.Status.PROPOSED
    assert Milestone.objects.filter(pk=first.pk).exists()


def test_a_draft_takes_no_change_request_and_another_stl_cannot_approve(world, other_world, published):
    draft = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan)
    with pytest.raises(ValidationError, match="compromiso ya aprobado"):
        propose(draft, new_end_date=datetime.date(2022, 1, 1))
    change = propose(published[0], new_end_date=datetime.date(2022, 1, 1))
    with pytest.raises(ValidationError, match="otro secretariado"):
        f.adopted_agreement(other_world.stl).approve(change)


# The panel ------------------------------------------------------------------------------------


def create_url(commitment):
    return reverse("panel:commitment_change_create", args=[commitment.identifier])


def change_post(commitment, milestones, **overrides):
    values = {"justification": "El proveedor entregó tres meses tarde.", "form_token": str(uuid.uuid4()),
              "lead_institution": commitment.lead_institution_id,
              "start_date": commitment.start_date.isoformat(), "end_date": commitment.end_date.isoformat(),
              "hitos-TOTAL_FORMS": str(len(milestones) + 2), "hitos-INITIAL_FORMS": str(len(milestones)),
              "hitos-MIN_NUM_FORMS": "0", "hitos-MAX_NUM_FORMS": "60"}
    for index, milestone in enumerate(milestones):
        values.update({f"hitos-{index}-milestone": milestone.identifier, f"hitos-{index}-order": milestone.order,
                       f"hitos-{index}-title": milestone.title,
                       f"hitos-{index}-start_date": milestone.start_date.isoformat(),
                       f"hitos-{index}-end_date": milestone.end_date.isoformat()})
    values.update(overrides)
    return values


def test_the_permission_ladder_of_proposing_a_change(client, login, world, other_world, published):
    commitment = published[0]
    url = create_url(commitment)
    assert client.get(url).status_code == 302 and "/cuentas/entrar/" in client.get(url)["Location"]
    assert login(other_world.ieem_member).get(url).status_code == 404
    assert login(world.infoem_member).get(url).status_code == 403  # not the lead institution
    assert login(world.facilitator).get(url).status_code == 403
    assert login(world.ieem_member).get(url).status_code == 200  # the lead institution
    assert login(world.staff).get(url).status_code == 200
    response = login(world.infoem_member).post(url, change_post(commitment, published[1:]))
    assert response.status_code == 403 and not CommitmentChange.objects.exists()


def test_the_lead_institution_proposes_a_change_and_staff_record_its_approval(login, world, published, session):
    commitment, first, second = published
    client = login(world.ieem_member)
    page = client.get(create_url(commitment)).content.decode()
    assert "Micrositio en línea" in page and "Justificación" in page
    response = client.post(create_url(commitment), change_post(commitment, [first, second], **{
        "end_date": "2022-06-30", "hitos-1-end_date": "2022-03-31",
        "hitos-2-order": "3", "hitos-2-title": "Informe final", "hitos-2-end_date": "2022-06-30"}))
    change = CommitmentChange.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("panel:commitment_change_detail", args=[change.identifier])
    assert change.new_end_date == datetime.date(2022, 6, 30) and change.new_start_date is None
    assert change.new_lead_institution is None
    assert sorted(change.milestone_changes.values_list("action", "title")) == [
        ("add", "Informe final"), ("modify", "Micrositio en línea")]
    assert change.history.first().history_user == world.ieem_member.user
    detail = client.get(change.get_absolute_url()).content.decode()
    assert "En espera de aprobación" in detail and reverse("panel:session_list") in detail
    commitment.refresh_from_db()
    assert commitment.end_date == datetime.date(2021, 12, 31)

    # The technical secretariat records the agreement that approves it.
    form_page = login(world.staff).get(reverse("panel:agreement_create", args=[session.identifier]))
    assert change in form_page.context["form"].fields["approve_commitment_changes"].queryset
    response = login(world.staff).post(reverse("panel:agreement_create", args=[session.identifier]),
                                       agreement_data(code="STL/SO/97/2022-01",
                                                      approve_commitment_changes=[change.pk]))
    assert response.status_code == 302
    change.refresh_from_db()
    commitment.refresh_from_db()
    assert change.status == CommitmentChange.Status.APPROVED
    assert change.approved_by == Agreement.objects.get(session=session)
    assert commitment.end_date == datetime.date(2022, 6, 30)
    assert commitment.milestones.get(order=3).title == "Informe final"
    assert commitment.history.first().history_user == world.staff.user


def test_a_change_with_nothing_changed_or_bad_input_is_refused_in_spanish(login, world, published):
    commitment, first, second = published
    client = login(world.ieem_member)
    response = client.post(create_url(commitment), change_post(commitment, [first, second]))
    assert "No cambió nada" in response.content.decode()
    response = client.post(create_url(commitment), change_post(commitment, [first, second], justification="",
                                                               end_date="2020-01-01"))
    errors = response.context["form"].errors
    assert "Explique por qué cambia el compromiso." in errors["justification"]
    assert "anterior a la fecha de inicio" in errors["end_date"][0]
    response = client.post(create_url(commitment), change_post(commitment, [first, second], **{
        "hitos-2-order": "2", "hitos-2-title": "Otro"}))
    assert "Ya hay un hito con ese orden" in response.content.decode()
    assert not CommitmentChange.objects.exists()


def test_the_permission_ladder_of_a_change_page_and_its_withdrawal(client, login, world, other_world, published):
    change = propose(published[0], new_end_date=datetime.date(2022, 1, 1))
    url = change.get_absolute_url()
    withdraw = reverse("panel:commitment_change_withdraw", args=[change.identifier])
    assert client.get(url).status_code == 302
    assert login(other_world.staff).get(url).status_code == 404
    assert login(other_world.staff).post(withdraw).status_code == 404
    assert login(world.infoem_member).get(url).status_code == 200
    assert login(world.infoem_member).post(withdraw).status_code == 403
    assert login(world.ieem_member).get(withdraw).status_code == 405
    assert login(world.ieem_member).post(withdraw).status_code == 302
    change.refresh_from_db()
    assert change.status == CommitmentChange.Status.WITHDRAWN


# The public page and the open data --------------------------------------------------------------


def test_the_public_page_shows_the_commitment_as_approved_and_changed(client, world, published, session):
    commitment, _first, second = published
    pending = propose(commitment, new_start_date=datetime.date(2021, 2, 1))
    pending.justification = "ZQXPENDIENTE"
    pending.save()
    change = propose(commitment, new_end_date=datetime.date(2022, 6, 30), items=[
        MilestoneChange(action="modify", milestone=second, order=2, title="Micrositio publicado",
                        start_date=second.start_date, end_date=second.end_date)])
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/97/2022-01", title="Cambio aprobado")
    agreement.approve(change)
    text = client.get(commitment.get_absolute_url()).content.decode()
    assert "Aprobado y modificado" in text and "Cambios aprobados" in text
    assert "El proveedor entregó tarde." in text and "STL/SO/97/2022-01" in text
    assert agreement.get_absolute_url() in text
    assert "31 de diciembre de 2021" in text and "30 de junio de 2022" in text  # before and after
    assert "Micrositio en línea" in text and "Micrositio publicado" in text
    assert "ZQXPENDIENTE" not in text


def test_the_open_data_carries_approved_changes_and_round_trips(client, world, published, session):
    from opendata import format as opendata

    commitment, _first, second = published
    propose(commitment, new_start_date=datetime.date(2021, 2, 1))  # pending: never public
    change = propose(commitment, new_end_date=datetime.date(2022, 6, 30), items=[
        MilestoneChange(action="modify", milestone=second, order=2, title="Micrositio publicado",
                        start_date=second.start_date, end_date=second.end_date)])
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/97/2022-01")
    agreement.approve(change)
    public = opendata.export_document(public=True)
    assert [c["id"] for c in public["commitment_changes"]] == [change.identifier]
    record = public["commitment_changes"][0]
    assert record["approved_by"] == agreement.identifier and record["old_end_date"] == "2021-12-31"
    assert record["milestones"][0]["old_title"] == "Micrositio en línea"
    approves = next(a for a in public["agreements"] if a["id"] == agreement.identifier)["approves"]
    assert {"type": "commitment_change", "id": change.identifier} in approves
    complete = opendata.export_document()
    assert len(complete["commitment_changes"]) == 2
    assert "commitment_changes" in client.get("/datos/").content.decode()
    assert change.identifier in client.get("/datos/commitment_changes.csv").content.decode()


def test_the_public_agreement_page_lists_the_change_it_approved(client, world, published, session):
    change = propose(published[0], new_end_date=datetime.date(2022, 6, 30))
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/97/2022-01")
    agreement.approve(change)
    text = client.get(agreement.get_absolute_url()).content.decode()
    assert "Cambio al compromiso" in text and f"#cambio-{change.identifier}" in text


def test_the_history_pages_of_a_change_belong_to_its_stl(login, world, other_world, published):
    from stl_portal.history import history_url

    change = propose(published[0], items=[MilestoneChange(action="add", order=5, title="Hito nuevo")])
    item = change.milestone_changes.get()
    for record in (change, item):
        url = history_url(record)
        assert login(world.infoem_member).get(url).status_code == 200
        assert login(other_world.staff).get(url).status_code == 404


def test_the_public_page_makes_the_same_number_of_queries_with_more_changes(client, world, published, session):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    commitment, first, second = published

    def approve_one(number):
        change = propose(commitment, new_end_date=datetime.date(2022, 1, number), items=[
            MilestoneChange(action="modify", milestone=second, order=2, title=f"Micrositio v{number}",
                            start_date=second.start_date, end_date=second.end_date),
            MilestoneChange(action="add", order=10 + number, title=f"Hito {number}")])
        f.AgreementFactory(session=session, number=number, code=f"STL/SO/97/2022-{number:02d}").approve(change)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(commitment.get_absolute_url()).status_code == 200
        return len(captured)

    approve_one(1)
    one = queries()
    for number in (2, 3, 4):
        approve_one(number)
    assert queries() == one


def test_the_panel_start_page_lists_the_changes_waiting_for_approval(login, world, other_world, published):
    change = propose(published[0], new_end_date=datetime.date(2022, 1, 1))
    text = login(world.infoem_member).get(reverse("panel:home")).content.decode()
    assert change.get_absolute_url() in text
    assert change.get_absolute_url() not in login(other_world.staff).get(reverse("panel:home")).content.decode()


def test_a_lead_institution_without_a_seat_stays_a_valid_choice(login, world, published):
    commitment, first, second = published
    court = f.InstitutionFactory(name="Tribunal Superior de Justicia", acronym="TSJ")
    commitment.lead_institution = court
    commitment.save()
    response = login(world.staff).post(create_url(commitment), change_post(commitment, [first, second],
                                                                         end_date="2022-06-30"))
    assert response.status_code == 302
    assert CommitmentChange.objects.get().new_lead_institution is None
