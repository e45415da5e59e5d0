"""One installation, two STLs (issue 15): each STL's public site under /stl/<identifier>/ shows its
own records only; the national pages name the STL of each record; an installation with one STL
keeps its plain addresses.

``two_sites`` builds ``world`` and ``other_world`` with a public record each (the same agreement
code «STL/SO/03/2020-01» in both, as happens between real STLs), a working meeting of each
operational group and a document of it; every record of one STL is then looked for, by identifier
and by a word of its own, in every page of the other STL's site.
"""

import datetime
import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from cocreation.models import Consultation
from commitments.models import ActionPlan, Axis, Commitment
from opendata import format as opendata
from opendata import views as opendata_views
from opendata.format import dumps, export_document
from sessions.models import Agreement, Document, DocumentVersion, Session
from stl_portal.sites import StlSiteMiddleware
from tests import factories as f
from tests import snapshots
from tests.conftest import PASSWORD, build_worlds_in_two_states
from tests.public.conftest import body_of, build_public_record
from workgroups.models import Body, Institution
from workgroups.sites import for_stl

TAGS = {"first": "ALFAPRIMERO", "second": "BETASEGUNDO"}


def add_own_records(world, tag):
    meeting = f.SessionFactory(body=world.group, kind=Session.Kind.WORKING_MEETING, number=1,
                               title=f"Reunión {tag}", date=datetime.date(2020, 5, 2))
    document = f.DocumentFactory(body=world.group, title=f"Documento {tag}")
    version = f.DocumentVersionFactory(document=document, number=1, status=DocumentVersion.Status.APPROVED)
    version.file.save("doc.pdf", ContentFile(b"%PDF-1.4 doc"), save=True)
    commitment = f.published_commitment(world.axis_infoem, title=f"Compromiso {tag}", objective=f"Objetivo {tag}")
    return SimpleNamespace(meeting=meeting, document=document, commitment=commitment)


def identifiers_of(stl):
    """Every identifier of a public record of ``stl``: what must never show on another STL's site."""
    bodies = Body.objects.filter(pk=stl.pk) | Body.objects.filter(parent=stl)
    found = set(bodies.values_list("identifier", flat=True))
    found |= set(Session.objects.public().filter(body__in=bodies).values_list("identifier", flat=True))
    found |= set(Agreement.objects.public().filter(session__body__in=bodies).values_list("identifier", flat=True))
    found |= set(Document.objects.public().filter(body__in=bodies).values_list("identifier", flat=True))
    found |= set(ActionPlan.objects.filter(stl=stl).values_list("identifier", flat=True))
    found |= set(Axis.objects.public().filter(plan__stl=stl).values_list("identifier", flat=True))
    found |= set(Commitment.objects.published().filter(plan__stl=stl).values_list("identifier", flat=True))
    found |= set(Consultation.objects.public().filter(stl=stl).values_list("identifier", flat=True))
    found |= set(Institution.objects.filter(memberships__body=stl).values_list("identifier", flat=True))
    return found


@pytest.fixture
def two_sites(_worlds):
    # ``world`` and ``other_world`` built together with their sites once per test worker, then inserted
    # again row for row (tests/snapshots.py): not snapshots on top of ``world``, as this changes its STL.
    return snapshots.world_for(_worlds, "two_sites", build_two_sites)


def build_two_sites():
    world, other_world = build_worlds_in_two_states()
    sites = {}
    for name, w in (("first", world), ("second", other_world)):
        record = build_public_record(w)
        own = add_own_records(w, TAGS[name])
        sites[name] = SimpleNamespace(world=w, stl=w.stl, record=record, own=own, tag=TAGS[name],
                                      root=f"/stl/{w.stl.identifier}/")
    for name, other in (("first", "second"), ("second", "first")):
        sites[name].foreign = identifiers_of(sites[other].stl) | {sites[other].tag, sites[other].root}
    return SimpleNamespace(**sites)


def assert_nothing_of(text, site, url):
    for word in site.foreign:
        assert word not in text, f"{url} names {word!r} of the other STL"


PAGES = [
    "", "compromisos/", "compromisos/?q=datos", "compromisos/canal.atom", "ejes/", "plan/", "sesiones/",
    "sesiones/?tipo=reuniones", "acuerdos/", "acuerdos/?q=STL/SO", "acuerdos/canal.atom", "documentos/",
    "consultas/", "organos/", "buscar/?q=datos", "buscar/?q=reunion", "calendario.ics", "sitemap.xml",
    "datos/", "datos/registro-publico.json", "datos/popolo.json", "datos/popolo/organizations.json",
    "datos/commitments.csv", "datos/sessions.json", "datos/institutions.csv", "datos/people.json",
    "datos/bodies.csv", "datos/agreements-votes.csv", "datos/commitments/",
]


@pytest.mark.parametrize("which", ["first", "second"])
def test_each_stl_site_names_none_of_the_others_records(client, two_sites, which):
    site = getattr(two_sites, which)
    for page in PAGES + [f"plan/{site.world.plan.identifier}/tablero/",
                         f"organos/{site.world.group.identifier}/calendario.ics",
                         f"ejes/{site.world.axis_ieem.identifier}/calendario.ics"]:
        url = site.root + page
        response = client.get(url)
        assert response.status_code == 200, url
        text = body_of(response)
        assert_nothing_of(text, site, url)
    home = body_of(client.get(site.root))
    assert site.own.commitment.title in home and site.stl.name in home


@pytest.mark.parametrize("which", ["first", "second"])
def test_each_stl_site_has_its_own_records_at_its_own_addresses(client, two_sites, which):
    site = getattr(two_sites, which)
    agreements = body_of(client.get(site.root + "acuerdos/"))
    assert f'href="{site.root}acuerdos/{site.record.agreement.identifier}/"' in agreements
    assert f"<title>Acuerdos · {site.stl.short_name} · " in agreements  # the page's title names its STL
    sessions = body_of(client.get(site.root + "sesiones/"))
    assert f'href="{site.root}sesiones/{site.own.meeting.identifier}/"' in sessions
    calendar = body_of(client.get(site.root + "calendario.ics"))
    assert f"{site.root}sesiones/{site.own.meeting.identifier}/" in calendar
    assert site.stl.short_name in calendar  # the calendar's name says whose it is
    feed = body_of(client.get(site.root + "acuerdos/canal.atom"))
    assert f"{site.root}acuerdos/{site.record.agreement.identifier}/" in feed
    sitemap = body_of(client.get(site.root + "sitemap.xml"))
    assert f"{site.root}compromisos/{site.own.commitment.identifier}/" in sitemap
    record = client.get(site.root + "datos/registro-publico.json").json()
    assert {c["id"] for c in record["commitments"]} == set(
        Commitment.objects.published().filter(plan__stl=site.stl).values_list("identifier", flat=True))
    assert site.own.document.identifier in {d["id"] for d in record["documents"]}


def test_a_record_of_another_stl_under_this_stls_path_is_not_found(client, two_sites):
    here, there = two_sites.first, two_sites.second
    record, own, w = there.record, there.own, there.world
    for page in [
        f"sesiones/{record.session.identifier}/", f"sesiones/{record.session.identifier}/acta",
        f"sesiones/{own.meeting.identifier}/", f"acuerdos/{record.agreement.identifier}/",
        f"documentos/{own.document.identifier}/", f"documentos/{record.document.identifier}/versiones/1/archivo",
        f"compromisos/{own.commitment.identifier}/", f"compromisos/{record.commitment.identifier}/hitos/1/evidencia",
        f"compromisos/{record.commitment.identifier}/informe-de-fin.json",
        f"ejes/{w.axis_ieem.identifier}/", f"ejes/{w.axis_ieem.identifier}/calendario.ics",
        f"plan/{w.plan.identifier}/", f"plan/{w.plan.identifier}/tablero/", f"plan/{w.plan.identifier}/tablero.csv",
        f"plan/{w.plan.identifier}/informe-de-inicio.json", f"consultas/{record.consultation.identifier}/",
        f"organos/{w.stl.identifier}/", f"organos/{w.group.identifier}/", f"organos/{w.group.identifier}/calendario.ics",
    ]:
        assert client.get(here.root + page).status_code == 404, page
        assert client.get(there.root + page).status_code == 200, page


def test_an_unknown_stl_is_not_found_and_the_panel_answers_at_its_own_address(client, two_sites):
    assert client.get("/stl/no-existe/").status_code == 404
    assert client.get("/stl/no-existe/compromisos/").status_code == 404
    root = two_sites.first.root
    assert client.get(root.rstrip("/"))["Location"] == root
    for private in ["panel/", "cuentas/entrar/", "admin/", "informes/", "avisos/?stl=x"]:
        response = client.get(root + private)
        assert response.status_code == 308, private
        assert response["Location"] == "/" + private
    assert client.get(root + "no-hay-tal-pagina/").status_code == 404


def site_links(text, root):
    return {urlsplit(href).path + (f"?{urlsplit(href).query}" if urlsplit(href).query else "")
            for href in re.findall(r'href="([^"#]+)', text.replace("&amp;", "&")) if href.startswith(root)}


@pytest.mark.parametrize("which", ["first", "second"])
def test_a_crawl_of_each_stl_site_finds_nothing_of_the_other(client, two_sites, which):
    site = getattr(two_sites, which)
    seen, queue, pages = set(), [site.root], 0
    while queue and pages < 400:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 302, 308), url
        if response.status_code != 200:
            continue
        pages += 1
        text = body_of(response)
        assert_nothing_of(text, site, url)
        if response["Content-Type"].startswith("text/html"):
            queue.extend(sorted(site_links(text, site.root) - seen))
    assert pages > 40  # the crawl reached the lists, the records and the downloads
    assert f"{site.root}compromisos/{site.own.commitment.identifier}/" in seen
    assert f"{site.root}sesiones/{site.own.meeting.identifier}/" in seen


def test_the_landing_page_lists_the_stls_and_maps_their_states(client, two_sites):
    response = client.get("/")
    text = body_of(response)
    assert response.status_code == 200
    svg = text[text.index("<svg class=\"state-map\""):text.index("</svg>", text.index("<svg class=\"state-map\""))]
    assert "<title" in svg and "<desc" in svg and "Chihuahua" in svg
    for site, abbreviation in ((two_sites.first, "MEX"), (two_sites.second, "CHIH")):
        assert f'<a href="{site.root}" class="map-state map-state-stl" aria-label="{abbreviation}: {site.stl.name}' in svg
        assert f'<a href="{site.root}">{site.stl.name}</a>' in text
    assert svg.count("<rect") == 32 and svg.count("<a ") == 2
    assert "<script" not in text
    assert "sumando los 2 secretariados" in text


def test_a_national_list_names_the_stl_of_each_record(client, two_sites):
    agreements = body_of(client.get("/acuerdos/"))
    for site in (two_sites.first, two_sites.second):
        assert f'{site.record.agreement.code} <span class="code-stl">({site.stl.short_name})</span></a>' in agreements
    assert "de todos los secretariados del portal" in agreements
    sessions = body_of(client.get("/sesiones/"))
    group = two_sites.second.world.group
    assert f"{group.name} — {two_sites.second.stl.short_name}" in sessions  # the row and the filter's option
    assert f'<option value="{group.identifier}">{group.name} — {two_sites.second.stl.short_name} (1)' in sessions
    commitments = body_of(client.get("/compromisos/"))
    assert two_sites.first.stl.short_name in commitments and two_sites.second.stl.short_name in commitments
    search = body_of(client.get("/buscar/?q=reunion"))
    assert f'<span class="stl-tag">{two_sites.second.stl.short_name}</span>' in search
    calendar = body_of(client.get("/calendario.ics"))
    assert f"{group.name} — {two_sites.second.stl.short_name}" in calendar
    feed = body_of(client.get("/acuerdos/canal.atom"))
    assert f"({two_sites.first.stl.short_name})" in feed and f"({two_sites.second.stl.short_name})" in feed


def test_the_national_open_data_sends_stl_to_its_site(client, two_sites):
    root = two_sites.second.root
    key = two_sites.second.stl.identifier
    response = client.get(f"/datos/?stl={key}")
    assert response.status_code == 302 and response["Location"] == f"{root}datos/"
    assert client.get(f"/datos/commitments.csv?stl={key}")["Location"] == f"{root}datos/commitments.csv"
    assert client.get("/datos/?stl=no-existe").status_code == 404
    assert client.get("/datos/?stl=%00").status_code == 404
    assert client.get("/datos/?stl=").status_code == 200  # no STL named: the whole installation's
    national = body_of(client.get("/datos/"))
    assert f'href="{root}datos/"' in national
    everything = client.get("/datos/registro-publico.json").json()
    ids = {c["id"] for c in everything["commitments"]}
    assert two_sites.first.own.commitment.identifier in ids and two_sites.second.own.commitment.identifier in ids


def test_one_stl_keeps_its_plain_addresses(client, world):
    root = f"/stl/{world.stl.identifier}/"
    response = client.get(root + "compromisos/?q=datos")
    assert response.status_code == 301 and response["Location"] == "/compromisos/?q=datos"
    assert client.get(root)["Location"] == "/"
    home = body_of(client.get("/"))
    assert "state-map" not in home and world.stl.name in home
    assert client.get("/compromisos/").status_code == 200


@pytest.mark.parametrize("actor", [None, "other_member", "infoem_member", "facilitator", "staff"])
def test_every_visitor_sees_the_same_public_site(client, two_sites, actor):
    """Public pages: the same to anonymous visitors and to members of either STL (no drafts)."""
    urls = ["/", two_sites.first.root, two_sites.first.root + "compromisos/"]
    anonymous = {url: client.get(url).status_code for url in urls}
    if actor is not None:
        world = two_sites.second.world if actor == "other_member" else two_sites.first.world
        account = getattr(world, "infoem_member" if actor == "other_member" else actor)
        assert client.login(username=account.user.username, password=PASSWORD)
    for url in urls:
        response = client.get(url)
        assert response.status_code == anonymous[url] == 200
        assert two_sites.second.tag not in body_of(response) or url == "/"


def test_open_data_kept_between_requests_is_each_sites_own_and_follows_every_write(client, two_sites):
    """The open-data lists are kept under the write generation and the site: each site's files are
    the ones built for it, byte for byte, whichever site was asked first; a write shows at once."""
    first, second = two_sites.first, two_sites.second

    def commitments(root):
        return {c["id"] for c in client.get(root + "datos/commitments.json").json()["records"]}

    def counted(root):
        return {d["slug"]: d["count"] for d in client.get(root + "datos/").context["datasets"]}

    before = {root: (commitments(root), counted(root)) for root in ("/", first.root, second.root)}
    assert before[first.root][0] == {c.identifier for c in Commitment.objects.published().filter(plan__stl=first.stl)}
    assert before[second.root][0].isdisjoint(before[first.root][0])
    assert before["/"][0] == before[first.root][0] | before[second.root][0]
    assert before[first.root][1]["commitments"] == len(before[first.root][0])
    for root, stl in (("/", None), (first.root, first.stl), (second.root, second.stl)):
        # Assembled from the lists the downloads above kept: the same bytes as a fresh export.
        whole = client.get(root + "datos/registro-publico.json").content.decode()
        assert whole == dumps(export_document(public=True, stl=stl)), root
    new = f.published_commitment(first.world.axis_ieem, title="Publicado tras guardar los datos")
    assert commitments(first.root) == before[first.root][0] | {new.identifier}
    assert commitments("/") == before["/"][0] | {new.identifier}
    assert commitments(second.root) == before[second.root][0]
    assert counted(first.root)["commitments"] == before[first.root][1]["commitments"] + 1
    assert counted(second.root) == before[second.root][1]


def test_open_data_counts_every_dataset_in_one_query(client, two_sites):
    with CaptureQueriesContext(connection) as queries:
        counts = opendata_views.dataset_counts(two_sites.first.stl)
    assert len(queries) == 1 and counts["commitments"] == 2 and counts["sessions-attendance"] > 0
    with CaptureQueriesContext(connection) as queries:
        assert opendata_views.dataset_counts(two_sites.first.stl) == counts  # kept until the next write
    assert len(queries) == 0


@pytest.mark.parametrize("key", ["institutions", "people"])
def test_the_institutions_and_people_of_an_stl_are_found_one_way_at_a_time(two_sites, key):
    """An institution or a person reaches its STL in several ways (memberships, attendance, agreements…).
    Each way is a subquery of its own: OR-ed over one query, every multi-valued relation was joined to
    every other and the rows multiplied (more than a second per STL on PostgreSQL with the demo record)."""
    entity = next(entity for entity in opendata.ENTITIES if entity.key == key)
    stl = two_sites.first.stl
    condition = opendata_views.stl_condition(entity, stl)
    assert "LEFT OUTER JOIN" not in str(entity.model._default_manager.filter(condition).query)
    assert "JOIN" not in str(entity.queryset(public=True).query).split(" WHERE ")[0]  # who is public: EXISTS
    found = opendata_views.stl_queryset(entity, stl)
    expected = set()
    for lookup, via_body in opendata_views.STL_LOOKUPS[key]:
        expected |= set(entity.model._default_manager.filter(for_stl(stl, lookup, via_body))
                        .values_list("pk", flat=True))
    expected &= set(entity.queryset(public=True).values_list("pk", flat=True))
    assert expected and set(found.values_list("pk", flat=True)) == expected
    other = set(opendata_views.stl_queryset(entity, two_sites.second.stl).values_list("pk", flat=True))
    assert other and other != expected


def test_an_stl_file_list_with_one_way_to_its_stl_walks_forward_keys_only():
    """``stl_queryset`` filters on a single way directly (no subquery): that repeats no row only while
    every step of the way is a forward key, as for a session's body or an axis's plan."""
    single = {key: ways[0] for key, ways in opendata_views.STL_LOOKUPS.items() if len(ways) == 1}
    assert {"sessions", "commitments", "milestones"} <= set(single)
    for entity in opendata.ENTITIES:
        if entity.key not in single:
            continue
        lookup, via_body = single[entity.key]
        model = entity.model
        for step in [*filter(None, lookup.split("__")), *(["parent"] if via_body else [])]:
            field = model._meta.get_field(step)
            assert field.many_to_one or (field.one_to_one and field.concrete), (entity.key, step)
            model = field.related_model


def test_an_stl_sites_address_is_read_in_one_query(rf, two_sites):
    """``/stl/<identifier>/…``: the STL, and whether the installation holds another, in one query."""
    seen = {}

    def get_response(request):
        seen.update(stl=request.stl, path=request.path_info, queries=len(queries))
        return HttpResponse()

    with CaptureQueriesContext(connection) as queries:
        StlSiteMiddleware(get_response)(rf.get(two_sites.first.root + "compromisos/"))
    assert seen == {"stl": two_sites.first.stl, "path": "/compromisos/", "queries": 1}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    body_of(response)
    return len(queries)


def test_stl_sites_make_a_constant_number_of_queries(client, two_sites):
    root = two_sites.first.root
    urls = ["/", root, root + "compromisos/", root + "sesiones/", root + "acuerdos/", root + "documentos/",
            root + "buscar/?q=datos", root + "calendario.ics", root + "acuerdos/canal.atom", root + "sitemap.xml",
            root + "datos/", root + "datos/sessions.csv", root + "datos/registro-publico.json",
            "/acuerdos/", "/sesiones/", "/buscar/?q=reunion", "/datos/", "/compromisos/", "/documentos/",
            "/ejes/", "/plan/", "/organos/", "/consultas/", "/sitemap.xml", "/calendario.ics", "/acuerdos/canal.atom",
            "/compromisos/canal.atom"]
    small = {url: count_queries(client, url) for url in urls}
    for site in (two_sites.first, two_sites.second):
        for number in range(2, 8):
            session = f.SessionFactory(body=site.world.group, kind=Session.Kind.WORKING_MEETING, number=number,
                                       title=f"Reunión más {number}")
            f.AgreementFactory(session=session, number=1, code=f"STL/RT/{number:02d}/2020-01")
            f.published_commitment(site.world.axis_ieem, title=f"Datos más {number}")
    f.STLFactory(name="Secretariado Técnico Local de Tercera", short_name="STL Tercera", state="32")
    large = {url: count_queries(client, url) for url in urls}
    assert large == small


HOST = "gobiernoabierto.otra-entidad.example.org"


@pytest.fixture
def mapped_host(two_sites, settings):
    from workgroups.models import StlHost

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST, "testserver"]
    StlHost.objects.create(host=HOST, stl=two_sites.second.stl)
    return two_sites


def test_a_host_mapped_to_an_stl_serves_its_site_at_the_plain_addresses(client, mapped_host):
    site = mapped_host.second
    home = client.get("/", HTTP_HOST=HOST)
    text = body_of(home)
    assert home.status_code == 200 and "state-map" not in text and site.stl.name in text
    assert "Todos los secretariados del país" not in text  # the national page is on the main host
    for page in ["compromisos/", "acuerdos/", "calendario.ics", "sitemap.xml", "datos/registro-publico.json"]:
        text = body_of(client.get("/" + page, HTTP_HOST=HOST))
        assert_nothing_of(text, site, page)
    agreements = body_of(client.get("/acuerdos/", HTTP_HOST=HOST))
    assert f'href="/acuerdos/{site.record.agreement.identifier}/"' in agreements
    other = mapped_host.first.record.agreement
    assert client.get(f"/acuerdos/{other.identifier}/", HTTP_HOST=HOST).status_code == 404
    assert "state-map" in body_of(client.get("/"))  # any other host: the national landing page
    moved = client.get(f"/acuerdos/{other.identifier}/")  # the national address: the STL's site
    assert moved.status_code == 301 and moved["Location"] == f"{mapped_host.first.root}acuerdos/{other.identifier}/"
    assert client.get(moved["Location"]).status_code == 200


def test_a_host_is_a_plain_host_name_and_its_changes_keep_history(two_sites):
    from django.core.exceptions import ValidationError

    from workgroups.models import StlHost

    for bad in ["https://x.example.org", "x.example.org/ruta", "x.example.org:8000", "", "a b.org"]:
        with pytest.raises(ValidationError) as error:
            StlHost(host=bad, stl=two_sites.first.stl).full_clean()
        assert "host" in error.value.message_dict
    with pytest.raises(ValidationError):
        StlHost(host="x.example.org", stl=two_sites.first.world.group).full_clean()
    host = StlHost(host="GobiernoAbierto.Example.org.", stl=two_sites.first.stl)
    host.full_clean()
    host.save()
    assert host.host == "gobiernoabierto.example.org" and host.history.count() == 1


def test_staff_maps_a_host_in_the_admin(client, two_sites):
    from workgroups.models import StlHost

    admin_user = f.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post("/admin/workgroups/stlhost/add/", {
        "host": "stl.example.org", "stl": two_sites.first.stl.pk, "identifier": ""})
    assert response.status_code == 302, body_of(response)[:2000]
    mapped = StlHost.objects.get()
    assert mapped.stl == two_sites.first.stl and mapped.history.get().history_user == admin_user
    refused = client.post("/admin/workgroups/stlhost/add/", {
        "host": "https://otro.example.org/", "stl": two_sites.first.stl.pk, "identifier": ""})
    assert refused.status_code == 200 and StlHost.objects.count() == 1


def record_pages(site):
    """(plain address, one of the national pages that lists it) of each kind of record of ``site``."""
    record, own, w = site.record, site.own, site.world
    return [
        (f"acuerdos/{record.agreement.identifier}/", ["/acuerdos/", "/acuerdos/canal.atom", "/buscar/?q=datos"]),
        (f"sesiones/{own.meeting.identifier}/", ["/sesiones/", "/calendario.ics", "/buscar/?q=reunion"]),
        (f"compromisos/{own.commitment.identifier}/", ["/compromisos/", "/compromisos/canal.atom"]),
        (f"documentos/{own.document.identifier}/", ["/documentos/"]),
        (f"ejes/{w.axis_ieem.identifier}/", ["/ejes/"]),
        (f"plan/{w.plan.identifier}/", ["/plan/"]),
        (f"plan/{w.plan.identifier}/tablero/", ["/plan/"]),
        (f"consultas/{record.consultation.identifier}/", ["/consultas/"]),
        (f"organos/{w.group.identifier}/", ["/organos/"]),
    ]


def test_national_pages_link_each_record_to_its_stls_site(client, two_sites):
    pages = {}
    for site in (two_sites.first, two_sites.second):
        for path, national in record_pages(site):
            for page in national + ["/sitemap.xml"] * path.startswith(("acuerdos", "compromisos", "sesiones")):
                text = pages.setdefault(page, body_of(client.get(page)))
                assert f"{site.root}{path}" in text, (page, path)
                assert f'href="/{path}"' not in text and f"testserver/{path}" not in text, (page, path)


def test_a_records_plain_address_moves_to_its_stls_site(client, two_sites):
    for site in (two_sites.first, two_sites.second):
        for path, _national in record_pages(site):
            response = client.get(f"/{path}?pagina=1")
            assert response.status_code == 301, path
            assert response["Location"] == f"{site.root}{path}?pagina=1"
            assert client.get(response["Location"]).status_code == 200, path
    hidden = f.SessionFactory(body=two_sites.first.world.group, number=9, is_public=False)
    assert client.get(f"/sesiones/{hidden.identifier}/").status_code == 404  # a reserved session stays unknown


def test_with_its_own_host_an_stl_is_linked_and_redirected_there(client, mapped_host):
    site = mapped_host.second
    agreement = site.record.agreement.identifier
    assert f'href="http://{HOST}/acuerdos/{agreement}/"' in body_of(client.get("/acuerdos/"))
    response = client.get(f"/acuerdos/{agreement}/")
    assert response.status_code == 301 and response["Location"] == f"http://{HOST}/acuerdos/{agreement}/"
    assert f"<loc>http://testserver{site.root}acuerdos/{agreement}/</loc>" in body_of(client.get("/sitemap.xml"))


def test_one_stl_keeps_its_records_at_their_plain_addresses(client, world):
    record = build_public_record(world)
    agreements = body_of(client.get("/acuerdos/"))
    assert f'href="/acuerdos/{record.agreement.identifier}/"' in agreements and "/stl/" not in agreements
    assert client.get(f"/acuerdos/{record.agreement.identifier}/").status_code == 200
    assert client.get(f"/compromisos/{record.commitment.identifier}/").status_code == 200
