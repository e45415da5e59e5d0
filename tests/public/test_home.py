import datetime

import pytest

from tests import factories as f
from tests.public.conftest import MARKER


@pytest.mark.django_db
def test_the_home_page_says_what_the_stl_is_and_who_sits_on_it(client, world, public_record):
    response = client.get("/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "construyen juntos el Plan de Acción Local" in text
    assert world.stl.name in text
    assert "Ana Garante" in text and "Órgano garante de prueba" in text
    assert "desde el 15 de octubre de 2019" in text


@pytest.mark.django_db
def test_the_home_page_lists_the_latest_agreements_and_the_next_sessions(client, world, public_record):
    upcoming = f.SessionFactory(body=world.stl, date=datetime.date.today() + datetime.timedelta(days=9),
                                status="scheduled", number=9)
    text = client.get("/").content.decode()
    assert public_record.agreement.code in text
    next_block = text.split('id="proximas"')[1].split("Sesiones recientes")[0]
    assert upcoming.get_absolute_url() in next_block
    assert public_record.session.get_absolute_url() not in next_block


@pytest.mark.django_db
def test_the_plan_progress_is_an_svg_chart_with_a_table_of_the_same_data(client, world, public_record):
    text = client.get("/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in text
    assert 'role="img"' in text and "<title id=\"avance-ejes-title\">" in text
    assert "Fortalecimiento de la Democracia: 40 %" in text  # the SVG's text alternative
    table = text.split("<caption>Avance por eje</caption>")[1].split("</table>")[0]
    assert "Fortalecimiento de la Democracia" in table and "40 %" in table


@pytest.mark.django_db
def test_the_home_page_sets_no_cookie_for_an_anonymous_visitor(client, world, public_record):
    response = client.get("/")
    assert response.cookies == {}


@pytest.mark.django_db
def test_a_member_sees_the_same_public_home_page(client, login, world, public_record, drafts):
    login(world.ieem_member)
    response = client.get("/")
    assert response.status_code == 200
    assert MARKER not in response.content.decode()
