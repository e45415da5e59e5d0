"""An institution that ends on a date with a successor: its seats, open commitments and the axes it
leads pass on from that date; what was recorded before keeps the old institution."""

import datetime

import pytest
from django.urls import reverse

from cocreation.succession import end_institution
from commitments.models import Commitment
from opendata import format as opendata
from tests import factories as f
from tests.opendata.test_opendata import assert_valid, wipe_database
from workgroups.models import Institution, Membership

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 21)


@pytest.fixture
def successor(db):
    return f.InstitutionFactory(name="Transparencia para el Pueblo", acronym="TP", kind=Institution.Kind.GUARANTOR)


def test_seats_open_commitments_and_axes_pass_on_from_the_date(world, successor):
    session = f.SessionFactory(body=world.stl, date=datetime.date(2024, 5, 2), number=50)
    open_commitment = f.published_commitment(world.axis_infoem, lead_institution=world.infoem,
                                             end_date=datetime.date(2026, 1, 1), start_date=datetime.date(2024, 1, 1))
    done = f.published_commitment(world.axis_infoem, lead_institution=world.infoem, title="Cumplido",
                                  completion=Commitment.Completion.COMPLETE)
    current_plan = f.ActionPlanFactory(stl=world.stl, name="Plan 2024-2026", start_year=2024, end_year=2026)
    current_axis = f.approved_axis(current_plan, name="Eje vigente", lead_institution=world.infoem)
    counts = end_institution(world.infoem, DAY, successor)
    assert counts == {"memberships": 1, "commitments": 1, "axes": 1, "accounts": 0}
    current_axis.refresh_from_db()
    assert current_axis.lead_institution == successor
    old = Membership.objects.get(pk=world.memberships.guarantor.pk)
    assert old.institution == world.infoem and old.end_date == DAY - datetime.timedelta(days=1)
    new = Membership.objects.get(institution=successor)
    assert new.seat == world.seats.guarantor and new.start_date == DAY and new.end_date is None
    assert [m.institution for m in world.seats.guarantor.members_on(datetime.date(2024, 5, 2))] == [world.infoem]
    assert [m.institution for m in world.seats.guarantor.members_on(DAY)] == [successor]
    open_commitment.refresh_from_db()
    done.refresh_from_db()
    assert open_commitment.lead_institution == successor and done.lead_institution == world.infoem
    assert open_commitment.history.first().history_change_reason.startswith("Sucesión")
    world.axis_infoem.refresh_from_db()
    assert world.axis_infoem.lead_institution == world.infoem  # its plan ended in 2021
    session.refresh_from_db()
    world.infoem.refresh_from_db()
    assert world.infoem.successor == successor and world.infoem.ended_on == DAY


def test_the_commitment_page_names_who_led_it_before(client, world, successor):
    commitment = f.published_commitment(world.axis_infoem, lead_institution=world.infoem,
                                        end_date=datetime.date(2026, 1, 1), start_date=datetime.date(2024, 1, 1))
    end_institution(world.infoem, DAY, successor)
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert "Lo encabezó Órgano garante de prueba" in html and "21 de marzo de 2025" in html
    assert "Transparencia para el Pueblo (TP)" in html


def test_bad_successions_are_refused_and_change_nothing(world, successor):
    with pytest.raises(Exception, match="otra institución"):
        end_institution(world.infoem, DAY, world.infoem)
    end_institution(world.infoem, DAY, successor)
    with pytest.raises(Exception, match="ya se había extinguido|ciclo"):
        end_institution(successor, DAY + datetime.timedelta(days=10), world.infoem)
    with pytest.raises(Exception, match="ya se extinguió"):
        end_institution(world.infoem, DAY, successor)
    successor.refresh_from_db()
    assert successor.ended_on is None


def test_staff_record_a_succession_with_a_new_institution(client, login, world, other_world):
    url = reverse("panel:institution_succession")
    assert client.get(url).status_code == 302
    for account in (world.ieem_member, world.facilitator):
        login(account)
        assert client.get(url).status_code == 403
    login(other_world.staff)
    response = client.post(url, {"institution": world.ieem.identifier, "ended_on": "2025-03-21",
                                 "new_name": "Otra"})
    assert response.status_code == 400  # another STL's institution is not on its list
    login(world.staff)
    Institution.objects.filter(pk=world.infoem.pk).update(stl=world.stl)
    response = client.post(url, {"institution": world.infoem.identifier, "ended_on": "2025-03-21"})
    assert response.status_code == 400 and "Elija la institución sucesora" in response.content.decode()
    response = client.post(url, {"institution": world.infoem.identifier, "ended_on": "2025-03-21",
                                 "new_name": "Transparencia para el Pueblo", "new_acronym": "TP",
                                 "move_accounts": "on"})
    assert response.status_code == 302
    world.infoem.refresh_from_db()
    assert world.infoem.successor.acronym == "TP"
    assert world.infoem.successor.stl == world.stl  # the successor is the same STL's
    world.infoem_member.refresh_from_db()
    assert world.infoem_member.institution == world.infoem.successor
    assert world.infoem.history.first().history_user == world.staff.user


def test_the_succession_round_trips_in_open_data(world, successor):
    end_institution(world.infoem, DAY, successor)
    first = opendata.dumps(opendata.export_document())
    document = opendata.parse(first)
    assert_valid(document)
    wipe_database()
    opendata.import_document(document)
    assert opendata.dumps(opendata.export_document()) == first
    assert Institution.objects.get(acronym=world.infoem.acronym).successor.acronym == "TP"
