"""The panel's list and detail of commitments: all of my STL, drafts included, with who can edit."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_list_shows_drafts_and_published_of_my_stl_only(login, world, other_world):
    f.CommitmentFactory(axis=world.axis_ieem, title="Borrador propio")
    f.published_commitment(world.axis_infoem, title="Publicado del INFOEM")
    f.CommitmentFactory(axis=other_world.axis_ieem, title="De otro secretariado")
    html = login(world.ieem_member).get(reverse("panel:commitment_list")).content.decode()
    assert "Borrador propio" in html and "Publicado del INFOEM" in html
    assert "De otro secretariado" not in html


def test_the_list_says_who_can_edit_each_commitment(login, world):
    f.CommitmentFactory(axis=world.axis_ieem, title="Del IEEM")
    html = login(world.ieem_member).get(reverse("panel:commitment_list")).content.decode()
    assert "usted puede editarlo" in html
    html = login(world.infoem_member).get(reverse("panel:commitment_list")).content.decode()
    assert "usted puede editarlo" not in html
    assert "facilitación y personal" in html


def test_the_detail_links_to_the_history_and_offers_only_the_next_step(login, world):
    commitment = f.CommitmentFactory(axis=world.axis_ieem)
    html = login(world.ieem_member).get(reverse("panel:commitment_detail", args=[commitment.identifier])).content.decode()
    assert f"/panel/historial/commitments.commitment/{commitment.identifier}/" in html
    assert "Enviar a aprobación" in html and "Publicar" not in html


def test_a_non_editor_sees_no_action_buttons(login, world):
    commitment = f.approved_commitment(world.axis_ieem)
    html = login(world.infoem_member).get(reverse("panel:commitment_detail", args=[commitment.identifier])).content.decode()
    assert "Publicar" not in html and "Registrar avance" not in html


@pytest.mark.parametrize("size", [2, 8])
def test_list_and_detail_do_a_constant_number_of_queries(login, world, django_assert_max_num_queries, size):
    client = login(world.ieem_member)
    commitment = None
    for number in range(size):
        commitment = f.published_commitment(world.axis_ieem, title=f"C{number}")
        for order in range(1, 4):
            f.MilestoneUpdateFactory(milestone=f.MilestoneFactory(commitment=commitment, order=order))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("panel:commitment_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("panel:commitment_detail", args=[commitment.identifier])).status_code == 200
