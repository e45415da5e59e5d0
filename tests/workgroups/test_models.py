import datetime

import pytest
from django.core.exceptions import ValidationError

from tests import factories as f
from workgroups.models import Body, Membership

pytestmark = pytest.mark.django_db


def test_quorum_needs_more_than_half_of_the_voting_seats(world):
    assert world.stl.voting_seats().count() == 4
    assert world.stl.quorum_required() == 3


def test_quorum_of_an_odd_number_of_seats_is_the_next_whole_seat():
    stl = f.STLFactory()
    f.SeatFactory.create_batch(5, body=stl)
    assert stl.quorum_required() == 3


def test_a_body_can_set_its_own_quorum(world):
    world.stl.quorum_seats = 2
    assert world.stl.quorum_required() == 2


def test_seats_that_do_not_vote_do_not_count_for_quorum(world):
    world.seats.facilitator.counts_for_quorum = False
    world.seats.facilitator.save()
    assert world.stl.voting_seats().count() == 3
    assert world.stl.quorum_required() == 2


def test_an_operational_group_belongs_to_an_stl():
    group = Body(kind=Body.Kind.OPERATIONAL_GROUP, name="Grupo suelto")
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "parent" in error.value.message_dict


def test_an_stl_does_not_belong_to_another_body():
    parent = f.STLFactory()
    stl = Body(kind=Body.Kind.STL, name="STL anidado", parent=parent)
    with pytest.raises(ValidationError) as error:
        stl.full_clean()
    assert "parent" in error.value.message_dict


def test_a_working_table_knows_its_stl(world):
    assert world.table.stl == world.stl
    assert world.stl.stl == world.stl


def test_a_membership_cannot_end_before_it_starts(world):
    membership = world.memberships.guarantor
    membership.end_date = membership.start_date - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "end_date" in error.value.message_dict


def test_a_seat_has_one_holder_at_a_time(world):
    second = Membership(body=world.stl, seat=world.seats.guarantor, institution=world.infoem,
                        role=Membership.Role.HOLDER, start_date=datetime.date(2020, 1, 1))
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "start_date" in error.value.message_dict


def test_a_new_holder_may_follow_one_whose_term_ended(world):
    world.memberships.guarantor.end_date = datetime.date(2020, 12, 31)
    world.memberships.guarantor.save()
    successor = Membership(body=world.stl, seat=world.seats.guarantor, institution=world.infoem,
                           role=Membership.Role.HOLDER, start_date=datetime.date(2021, 1, 1))
    successor.full_clean()


def test_a_membership_seat_belongs_to_its_body(world, other_world):
    membership = Membership(body=world.stl, seat=other_world.seats.guarantor, institution=world.infoem,
                            role=Membership.Role.HOLDER)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "seat" in error.value.message_dict


def test_holders_and_alternates_occupy_a_seat(world):
    membership = Membership(body=world.stl, institution=world.infoem, role=Membership.Role.ALTERNATE)
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "seat" in error.value.message_dict


def test_memberships_active_on_a_day(world):
    day = datetime.date(2020, 4, 8)
    assert set(world.seats.public_bodies.members_on(day)) == {
        world.memberships.comptroller, world.memberships.electoral}
    assert list(world.seats.public_bodies.members_on(datetime.date(2019, 1, 1))) == []


def test_a_deactivated_account_keeps_its_user(world):
    world.ieem_member.deactivate()
    world.ieem_member.user.refresh_from_db()
    assert world.ieem_member.user.is_active is False
    assert world.ieem_member.history.count() >= 2


def test_records_get_a_readable_identifier():
    institution = f.InstitutionFactory(name="Instituto Electoral", acronym="IEEM", identifier="")
    assert institution.identifier.startswith("ieem-")
