import pytest

from tests.public.conftest import MARKER


@pytest.mark.django_db
def test_the_axes_show_their_lead_institution_and_progress(client, world, public_record, drafts):
    response = client.get("/ejes/")
    assert [a.name for a in response.context["axes"]] == ["Fortalecimiento de la Democracia",
                                                           "Cultura de Gobierno Abierto"]
    assert MARKER not in response.content.decode()
    text = client.get(world.axis_ieem.get_absolute_url()).content.decode()
    assert "Instituto electoral de prueba" in text and "Datos abiertos electorales" in text
    assert client.get(drafts.axis.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_plan_shows_its_route_as_a_timeline_of_planned_and_actual_dates(client, world, public_record):
    text = client.get(world.plan.get_absolute_url()).content.decode()
    assert 'aria-labelledby="ruta-' in text  # the SVG timeline
    row = text.split("<th scope=\"row\">1. Instalación</th>")[1].split("</tr>")[0]
    assert "1 de enero de 2020 – 30 de junio de 2020" in row
    assert "5 de enero de 2020 – 15 de julio de 2020" in row
    assert "15 días de retraso" in row


@pytest.mark.django_db
def test_a_body_page_says_who_sits_for_which_institution_since_when(client, world):
    text = client.get(world.stl.get_absolute_url()).content.decode()
    assert "Representante Suplente de los Entes Públicos" in text
    assert "Instituto electoral de prueba (IE-" in text
    assert "15 de octubre de 2019" in text
    assert "@example.org" not in text
