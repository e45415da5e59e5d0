import datetime

import pytest
from django.core.exceptions import ValidationError

from commitments.models import Commitment, RoutePhase
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_commitment_goes_draft_submitted_approved_published(world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    commitment.submit()
    assert commitment.submitted_at is not None
    agreement = f.adopted_agreement(world.stl)
    agreement.approve(commitment)
    assert commitment.status == Commitment.Status.APPROVED
    assert commitment.approved_by == agreement
    commitment.publish()
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PUBLISHED
    assert commitment.published_at is not None
    assert Commitment.objects.published().filter(pk=commitment.pk).exists()


def test_a_draft_cannot_be_published(world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    with pytest.raises(ValidationError) as error:
        commitment.publish()
    assert error.value.code == "not_approved"
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DRAFT


def test_a_published_commitment_without_approval_is_invalid(world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem, status=Commitment.Status.PUBLISHED,
                                     published_at=f.now())
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "approved_by" in error.value.message_dict


def test_a_commitment_not_sent_for_approval_cannot_be_approved(world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    with pytest.raises(ValidationError) as error:
        f.adopted_agreement(world.stl).approve(commitment)
    assert error.value.code == "not_submitted"


def test_an_incomplete_draft_cannot_be_sent(world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem, objective="", start_date=None)
    with pytest.raises(ValidationError) as error:
        commitment.submit()
    assert "objetivo" in str(error.value)


def test_an_agreement_of_another_stl_cannot_approve_a_commitment(world, other_world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    commitment.submit()
    with pytest.raises(ValidationError):
        f.adopted_agreement(other_world.stl).approve(commitment)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DRAFT


def test_a_commitment_on_an_axis_not_yet_approved_cannot_be_approved(world):
    axis = f.AxisFactory(plan=world.plan, lead_institution=world.ieem)
    commitment = f.CommitmentFactory(axis=axis)
    commitment.submit()
    with pytest.raises(ValidationError) as error:
        f.adopted_agreement(world.stl).approve(commitment)
    assert "axis" in error.value.message_dict


def test_withdrawing_needs_a_reason_and_hides_the_commitment(world):
    commitment = f.published_commitment(world.axis_ieem)
    with pytest.raises(ValidationError):
        commitment.withdraw("  ")
    commitment.withdraw("Se corrige la redacción de los hitos.")
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.APPROVED
    assert not Commitment.objects.published().filter(pk=commitment.pk).exists()
    commitment.publish()
    assert commitment.withdrawal_reason == ""


def test_end_dates_are_not_before_start_dates(world):
    commitment = f.CommitmentFactory.build(axis=world.axis_ieem, plan=world.plan,
                                           lead_institution=world.ieem,
                                           start_date=datetime.date(2021, 6, 1), end_date=datetime.date(2021, 1, 1))
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "end_date" in error.value.message_dict
    milestone = f.MilestoneFactory.build(commitment=f.CommitmentFactory(axis=world.axis_ieem),
                                         start_date=datetime.date(2021, 6, 1), end_date=datetime.date(2021, 1, 1))
    with pytest.raises(ValidationError):
        milestone.full_clean()
    phase = RoutePhase(plan=world.plan, order=1, name="Fase", actual_start=datetime.date(2020, 5, 1),
                       actual_end=datetime.date(2020, 4, 1), status=RoutePhase.Status.DONE)
    with pytest.raises(ValidationError) as error:
        phase.full_clean()
    assert "actual_end" in error.value.message_dict


def test_a_plan_cannot_end_before_it_starts(world):
    world.plan.end_year = 2018
    with pytest.raises(ValidationError):
        world.plan.full_clean()


def test_a_commitment_axis_belongs_to_its_plan(world, other_world):
    commitment = f.CommitmentFactory.build(axis=other_world.axis_ieem, plan=world.plan, lead_institution=world.ieem)
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "axis" in error.value.message_dict


def test_an_axis_working_table_belongs_to_the_same_stl(world, other_world):
    axis = f.AxisFactory.build(plan=world.plan, lead_institution=world.ieem, working_table=other_world.table)
    with pytest.raises(ValidationError) as error:
        axis.full_clean()
    assert "working_table" in error.value.message_dict


def test_members_edit_what_their_institution_leads_or_what_sits_on_their_axis(world, other_world):
    led_by_ieem = f.CommitmentFactory(axis=world.axis_infoem, lead_institution=world.ieem)
    on_ieem_axis = f.CommitmentFactory(axis=world.axis_ieem, lead_institution=world.contraloria)
    infoem_only = f.CommitmentFactory(axis=world.axis_infoem, lead_institution=world.infoem)
    elsewhere = f.CommitmentFactory(axis=other_world.axis_ieem)
    editable = set(Commitment.objects.editable_by(world.ieem_member))
    assert editable == {led_by_ieem, on_ieem_axis}
    assert set(Commitment.objects.editable_by(world.facilitator)) == {led_by_ieem, on_ieem_axis, infoem_only}
    assert elsewhere not in set(Commitment.objects.editable_by(world.staff))
    assert set(Commitment.objects.editable_by(other_world.ieem_member)) == {elsewhere}


def test_progress_is_the_average_of_the_milestones(world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    assert commitment.progress() is None
    f.MilestoneFactory(commitment=commitment, completion_percent=100)
    f.MilestoneFactory(commitment=commitment, completion_percent=50)
    assert commitment.progress() == 75


def test_a_progress_update_moves_the_milestone(world):
    milestone = f.MilestoneFactory(commitment=f.CommitmentFactory(axis=world.axis_ieem))
    update = f.MilestoneUpdateFactory.build(completion_percent=80, evidence_url="https://example.org/e")
    milestone.record_progress(update)
    milestone.refresh_from_db()
    assert milestone.completion_percent == 80
    assert milestone.evidence_url == "https://example.org/e"


def test_completion_above_one_hundred_is_refused(world):
    milestone = f.MilestoneFactory(commitment=f.CommitmentFactory(axis=world.axis_ieem))
    update = f.MilestoneUpdateFactory.build(completion_percent=150)
    with pytest.raises(ValidationError):
        milestone.record_progress(update)
    milestone.refresh_from_db()
    assert milestone.completion_percent == 0
