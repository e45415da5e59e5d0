"""Every public page makes the same number of queries with a small and a ten times larger record."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions.models import Agreement, Session

PAGES = [
    "/", "/compromisos/", "/compromisos/?q=ejemplo&orden=avance", "/compromisos/?pagina=2",
    "/compromisos/a-compromiso-1/", "/ejes/", "/ejes/a-eje-1-1/", "/plan/", "/plan/a-plan-1/",
    "/sesiones/", "/sesiones/?tipo=reuniones", "/sesiones/{session}/", "/acuerdos/", "/acuerdos/{agreement}/",
    "/documentos/", "/documentos/a-documento-1-1/", "/organos/", "/organos/a-stl-1/", "/calendario.ics", "/organos/a-stl-1/calendario.ics",
    "/ejes/a-eje-1-1/calendario.ics", "/compromisos/canal.atom", "/acuerdos/canal.atom", "/sitemap.xml",
    "/sitemap.xml", "/datos/", "/datos/commitments.csv", "/datos/commitments.json", "/datos/sessions-attendance.csv",
    "/datos/registro-publico.json", "/datos/popolo.json", "/datos/commitments/", "/datos/people.csv",
    "/buscar/?q=datos+abiertos", "/buscar/?q=EJEMPLOS&tipo=compromisos", "/compromisos/?q=municipios",
    "/acuerdos/?q=aprobacion", "/plan/a-plan-1/tablero/", "/plan/a-plan-1/tablero.csv",
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        # Several STLs: a record's national address moves (301) to its STL's site; both are counted.
        response = client.get(url, follow=True)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.django_db
def test_public_pages_make_a_constant_number_of_queries(client):
    call_command("generate_sample_data", commitments=30, sessions=12, prefix="a", stdout=None)
    session = Session.objects.public().filter(identifier__startswith="a-", kind="ordinary").order_by("pk").first()
    agreement = Agreement.objects.filter(session=session).order_by("pk").first()
    pages = [url.format(session=session.identifier, agreement=agreement.identifier) for url in PAGES]
    small = {url: count_queries(client, url) for url in pages}
    call_command("generate_sample_data", commitments=400, sessions=120, prefix="b", stdout=None)
    large = {url: count_queries(client, url) for url in pages}
    assert large == small
