"""Co-creation pages make the same number of queries with few or many consultations and inputs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cocreation.models import Assessment
from tests import factories as f
from tests.cocreation.conftest import make_consultation, make_input

pytestmark = pytest.mark.django_db


def grow(world, commitment, size, tag):
    consultations = [make_consultation(world, title=f"Consulta {tag} {n}") for n in range(size)]
    for n in range(size * 3):
        item = make_input(consultations[0], email=f"{tag}{n}@example.org", comment=f"Comentario {n}")
        if n % 2:
            item.answer("adopted", "Razón", commitment)
        if n % 5 == 0:
            item.hide("Regla 1", "Motivo")
        Assessment.objects.create(commitment=commitment, assessed_on=datetime.date(2021, 1, 1 + n % 28),
                                  assessor="X", potential_impact="minor")
    make_consultation(world, title=f"Cerrada {tag}", opens=-30, closes=-2)
    return consultations[0]


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_the_pages_make_a_constant_number_of_queries(client, login, world):
    commitment = f.published_commitment(world.axis_ieem, title="Compromiso", lead_institution=world.ieem)
    first = grow(world, commitment, 2, "a")
    login(world.staff)
    pages = ["/consultas/", first.get_absolute_url(), commitment.get_absolute_url(),
             reverse("panel:consultation_list"), reverse("panel:consultation_detail", args=[first.identifier]),
             reverse("panel:assessment_list"), reverse("panel:home"),
             reverse("panel:end_report", args=[commitment.identifier]),
             reverse("panel:inception_report", args=[world.plan.identifier])]
    small = {url: count(client, url) for url in pages}
    grow(world, commitment, 10, "b")
    first_of_b = world.stl.consultations.filter(title="Consulta b 0").get()
    for _n in range(20):
        make_input(first, email=f"mas{_n}@example.org")
    large = {url: count(client, url) for url in pages}
    assert large == small
    assert count(client, first_of_b.get_absolute_url()) == small[first.get_absolute_url()]
