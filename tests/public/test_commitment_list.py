import pytest

from commitments.models import Commitment
from tests import factories as f
from tests.public.conftest import MARKER


@pytest.fixture
def catalogue(world, public_record):
    other = f.published_commitment(world.axis_infoem, title="Cultura de apertura en municipios",
                                   kind=Commitment.Kind.PROACTIVE, objective="Capacitar a municipios")
    f.MilestoneFactory(commitment=other, order=1, completion_percent=10)
    return [public_record.commitment, other]


def titles(response):
    return [c.title for c in response.context["commitments"]]


@pytest.mark.django_db
def test_it_lists_only_published_commitments(client, catalogue, drafts):
    response = client.get("/compromisos/")
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(c.title for c in catalogue + [drafts.renamed])
    assert MARKER not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query, expected", [
    ("q=municipios", ["Cultura de apertura en municipios"]),
    ("q=DATOS electorales", ["Datos abiertos electorales"]),
    ("tipo=proactive", ["Cultura de apertura en municipios"]),
    ("cumplimiento=complete", []),
])
def test_it_filters_and_searches(client, catalogue, query, expected):
    assert titles(client.get(f"/compromisos/?{query}")) == expected


@pytest.mark.django_db
def test_it_filters_by_axis_and_leading_institution(client, world, catalogue):
    assert titles(client.get(f"/compromisos/?eje={world.axis_infoem.identifier}")) == [
        "Cultura de apertura en municipios"]
    assert titles(client.get(f"/compromisos/?institucion={world.ieem.identifier}")) == [
        "Datos abiertos electorales"]


@pytest.mark.django_db
def test_it_sorts_by_progress(client, catalogue):
    assert titles(client.get("/compromisos/?orden=avance")) == [
        "Datos abiertos electorales", "Cultura de apertura en municipios"]
    assert titles(client.get("/compromisos/?orden=avance-asc")) == [
        "Cultura de apertura en municipios", "Datos abiertos electorales"]


@pytest.mark.django_db
def test_commitments_without_milestones_sort_last_either_way(client, world, catalogue):
    f.published_commitment(world.axis_ieem, title="Sin hitos")
    assert titles(client.get("/compromisos/?orden=avance"))[-1] == "Sin hitos"
    assert titles(client.get("/compromisos/?orden=avance-asc"))[-1] == "Sin hitos"


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    "pagina=-1", "pagina=0", "pagina=abc", "pagina=99999999999999999999999", "eje=no-existe",
    "tipo=%00", "orden=';drop", "cumplimiento=x&tipo=y&institucion=z&stl=w", "q=" + "a" * 5000,
])
def test_junk_parameters_give_a_page_never_an_error(client, catalogue, query):
    response = client.get(f"/compromisos/?{query}")
    assert response.status_code == 200


@pytest.mark.django_db
def test_an_unknown_filter_value_is_reported_next_to_its_field(client, catalogue):
    text = client.get("/compromisos/?eje=no-existe").content.decode()
    assert "Filtro no aplicado" in text


@pytest.mark.django_db
def test_it_paginates_twenty_per_page_and_keeps_the_filters_in_the_links(client, world):
    for number in range(23):
        f.published_commitment(world.axis_ieem, title=f"Compromiso paginado {number:02d}")
    first = client.get("/compromisos/?q=paginado")
    assert len(first.context["commitments"]) == 20
    assert "q=paginado&amp;pagina=2" in first.content.decode()
    second = client.get("/compromisos/?q=paginado&pagina=2")
    assert titles(second) == ["Compromiso paginado 20", "Compromiso paginado 21", "Compromiso paginado 22"]
    assert titles(client.get("/compromisos/?q=paginado&pagina=999")) == titles(second)


@pytest.mark.django_db
def test_every_aria_reference_of_the_filter_form_points_at_an_element(client, catalogue):
    import re

    text = client.get("/compromisos/?eje=no-existe").content.decode()
    references = re.findall(r'aria-describedby="([^"]+)"', text)
    assert "id_eje_error" in " ".join(references)
    for reference in " ".join(references).split():
        assert f'id="{reference}"' in text
