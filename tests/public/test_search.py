"""Search that speaks Spanish: /buscar/ over the four kinds, and the «q» of /compromisos/ and
/acuerdos/. The same assertions hold on SQLite and on PostgreSQL (run with DATABASE_URL)."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.models import Commitment
from core.search import search
from sessions.models import Session
from tests import factories as f
from tests import snapshots
from tests.public.conftest import MARKER


@pytest.fixture
def searchable(world, public_record, _worlds):
    # Built once per test worker, then inserted again row for row (tests/snapshots.py).
    return dict(vars(snapshots.world_for(_worlds, "searchable", lambda: build_searchable(world))))


def build_searchable(world):
    participation = f.published_commitment(
        world.axis_infoem, title="Participación ciudadana en los municipios",
        public_problem="Pocas personas participan en las decisiones locales.")
    in_body = f.published_commitment(
        world.axis_ieem, title="Datos abiertos del presupuesto",
        objective="Fomentar la participación de las organizaciones en el gasto público.")
    f.CommitmentFactory(axis=world.axis_ieem, title=f"Participación en borrador {MARKER}")
    session = f.SessionFactory(body=world.stl, number=940, summary="Se presentó la Metodología del plan.")
    agreement = f.AgreementFactory(session=session, code="STL/SO/40/2020-01",
                                   title="Aprobación de la Metodología para la construcción del plan",
                                   text="Se aprueba la metodología.")
    reserved = f.SessionFactory(body=world.stl, number=941, is_public=False,
                                summary=f"Metodología reservada {MARKER}")
    f.AgreementFactory(session=reserved, title=f"Metodología reservada {MARKER}")
    document = f.DocumentFactory(body=world.stl, title="Metodología para la construcción del PAL")
    f.DocumentVersionFactory(document=document, number=1, status="draft")
    return SimpleNamespace(participation=participation, in_body=in_body, session=session, agreement=agreement,
                           document=document)


def titles(response):
    return [c.title for c in response.context["commitments"]]


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["participacion", "PARTICIPACIÓN", "participación", "Participación"])
def test_the_commitment_list_finds_participation_whatever_the_accents_and_case(client, searchable, q):
    response = client.get("/compromisos/", {"q": q})
    assert response.status_code == 200
    # Ranked: the title match before the one that only has the word in its objective.
    assert titles(response) == ["Participación ciudadana en los municipios", "Datos abiertos del presupuesto"]
    assert "<mark>Participación</mark> ciudadana" in response.content.decode()
    assert MARKER not in response.content.decode()


@pytest.mark.django_db
def test_the_agreement_list_finds_metodologia_without_its_accent(client, searchable):
    response = client.get("/acuerdos/", {"q": "metodologia"})
    assert [a.title for a in response.context["agreements"]] == [searchable["agreement"].title]
    assert "<mark>Metodología</mark>" in response.content.decode()
    assert MARKER not in response.content.decode()
    by_code = client.get("/acuerdos/", {"q": "STL/SO/40/2020"})
    assert [a.pk for a in by_code.context["agreements"]] == [searchable["agreement"].pk]


@pytest.mark.django_db
def test_every_word_must_be_found(client, searchable):
    assert titles(client.get("/compromisos/", {"q": "participación municipios"})) == [
        "Participación ciudadana en los municipios"]
    assert titles(client.get("/compromisos/", {"q": "participación inexistentepalabra"})) == []


@pytest.mark.django_db
def test_the_search_page_covers_the_four_kinds_and_hides_what_is_not_public(client, searchable):
    document = searchable["document"]
    response = client.get("/buscar/", {"q": "metodologia"})
    assert response.status_code == 200
    groups = {group["key"]: group for group in response.context["results"]}
    assert [r.pk for r in groups["acuerdos"]["records"]] == [searchable["agreement"].pk]
    assert [r.pk for r in groups["sesiones"]["records"]] == [searchable["session"].pk]
    assert groups["compromisos"]["count"] == 0
    # The document has only a draft version: not public, not found.
    assert groups["documentos"]["count"] == 0
    f.DocumentVersionFactory(document=document, number=2, status="approved",
                             approved_by=searchable["agreement"])
    groups = {g["key"]: g for g in client.get("/buscar/", {"q": "METODOLOGÍA"}).context["results"]}
    assert [r.pk for r in groups["documentos"]["records"]] == [document.pk]
    content = client.get("/buscar/", {"q": "metodologia"}).content.decode()
    assert MARKER not in content
    assert "<mark>Metodología</mark>" in content


@pytest.mark.django_db
def test_one_kind_is_listed_with_pages(client, searchable):
    response = client.get("/buscar/", {"q": "participacion", "tipo": "compromisos"})
    assert [g["key"] for g in response.context["results"]] == ["compromisos"]
    assert response.context["page"].paginator.count == 2


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"q": "de la y"}, {"q": ""}, {"q": "x" * 5000}, {"tipo": "nada"},
                                    {"q": "'; drop table", "tipo": "acuerdos"}, {"q": "\x00"}])
def test_odd_searches_answer_a_page_not_an_error(client, searchable, params):
    response = client.get("/buscar/", params)
    assert response.status_code == 200
    assert response.context["total"] == 0


@pytest.mark.django_db
def test_the_search_page_is_public_for_every_visitor(client, world, other_world, searchable):
    """The permission ladder: anonymous, a member of another STL, a member, the facilitator and staff
    all read the same public results, drafts never included; nothing is written (GET only)."""
    anonymous = client.get("/buscar/", {"q": "participacion"})
    assert anonymous.context["total"] == 2
    for account in (other_world.infoem_member, world.ieem_member, world.facilitator, world.staff):
        client.force_login(account.user)
        response = client.get("/buscar/", {"q": "participacion"})
        assert response.context["total"] == 2
        assert MARKER not in response.content.decode()
    assert client.post("/buscar/", {"q": "x"}).status_code == 405


@pytest.mark.django_db
def test_titles_sort_in_spanish_order(client, world):
    for title in ("Cultura cívica", "Círculos de estudio", "Ñandú de datos", "Nube de datos"):
        f.published_commitment(world.axis_infoem, title=title)
    assert titles(client.get("/compromisos/")) == [
        "Círculos de estudio", "Cultura cívica", "Nube de datos", "Ñandú de datos"]
    assert titles(client.get("/compromisos/", {"orden": "titulo", "q": "datos"})) == [
        "Nube de datos", "Ñandú de datos"]


@pytest.mark.django_db
def test_search_columns_follow_every_save(world):
    commitment = f.published_commitment(world.axis_infoem, title="Título viejo")
    commitment.title = "Metodología nueva"
    commitment.save()
    assert list(search(Commitment.objects.all(), "metodologia")) == [commitment]


@pytest.mark.django_db
def test_search_pages_make_a_constant_number_of_queries(client, world):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = ["/buscar/?q=datos", "/buscar/?q=datos&tipo=compromisos", "/compromisos/?q=datos",
            "/acuerdos/?q=datos"]
    f.published_commitment(world.axis_infoem, title="Datos 1")
    f.AgreementFactory(session=f.SessionFactory(body=world.stl, number=999), title="Datos")
    small = [count(url) for url in urls]
    for n in range(12):
        f.published_commitment(world.axis_infoem, title=f"Datos abiertos {n}")
        f.AgreementFactory(session=f.SessionFactory(body=world.stl, number=1000 + n), title=f"Datos {n}")
    assert [count(url) for url in urls] == small


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_postgresql_uses_the_gin_index(world, searchable):

    queryset = search(Commitment.objects.order_by(), "participación").values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "commitment_fts_es" in plan, plan
    assert Session.objects.count() >= 2


@pytest.mark.django_db
def test_sessions_and_documents_lists_have_their_own_q(client, searchable):
    sessions = client.get("/sesiones/", {"q": "METODOLOGIA"})
    assert [s.pk for s in sessions.context["sessions"]] == [searchable["session"].pk]
    assert MARKER not in sessions.content.decode()
    document = searchable["document"]
    f.DocumentVersionFactory(document=document, number=2, status="approved", approved_by=searchable["agreement"])
    documents = client.get("/documentos/", {"q": "metodologia"})
    assert [d.pk for d in documents.context["documents"]] == [document.pk]
    assert "<mark>Metodología</mark>" in documents.content.decode()
    assert list(client.get("/documentos/", {"q": "inexistente"}).context["documents"]) == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/compromisos/", "/acuerdos/", "/sesiones/", "/documentos/", "/buscar/"])
@pytest.mark.parametrize("q", ["de la y", "¿?", "   ", "\u200b", "a" * 199])
def test_a_query_with_nothing_to_look_for_answers_an_empty_page(client, searchable, url, q):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
