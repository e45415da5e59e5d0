"""Drafts never leak: every public URL of the URLconf, filled with the identifiers of published
records and of drafts, answers without the marker that every draft carries."""

import itertools

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from cocreation.models import Consultation
from commitments.models import ActionPlan, Axis, Commitment
from opendata import views as opendata_views
from sessions.models import Agreement, Document, Session
from tests.helpers import png_bytes
from tests.public.conftest import MARKER, MARKER_PREFIX, body_of
from workgroups.models import Body

# /avisos/ is the e-mail alerts' form (a CSRF cookie, never cached; it answers 404 for drafts):
# tests/alerts checks it.
PRIVATE_PREFIXES = ("admin/", "cuentas/", "panel/", "informes/", "media/", "static/", "avisos/")


def public_patterns():
    """(route, pattern) for every URL pattern outside the admin, the panel and the reports."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(PRIVATE_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                found.append((route, entry))

    walk(get_resolver().url_patterns, "")
    return found


def candidates():
    identifiers = set()
    for model in (Commitment, Axis, ActionPlan, Session, Agreement, Document, Body, Consultation):
        identifiers.update(model.objects.values_list("identifier", flat=True))
    return {
        "identifier": sorted(identifiers),
        "order": [1, 2],
        "number": [1, 2],
        "slug": [dataset["slug"] for dataset in opendata_views.datasets()],
        "part": sorted(opendata_views.POPOLO_PARTS),
        # Confirmation keys of a public input and of an unconfirmed one (tests/public/conftest.py).
        "key": ["clave-publica", "clave-borrador", "clave-inexistente"],
    }


def fill(route, values):
    """Every URL the route makes with the candidate values of its parameters."""
    import re

    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    for name in names:
        assert name in values, f"the leak test has no values for «{name}» in {route}: add them"
    for combination in itertools.product(*(values[name] for name in names)):
        url = route
        for name, value in zip(names, combination, strict=True):
            url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url, count=1)
        yield "/" + url


@pytest.mark.django_db
def test_no_public_url_shows_a_draft(client, world, public_record, drafts):
    world.stl.logo.save("logo.png", ContentFile(png_bytes()))  # the logo's address serves something
    values = candidates()
    assert {drafts.draft.identifier, drafts.reserved.identifier, drafts.only_drafts.identifier,
            drafts.axis.identifier, drafts.withdrawn.identifier} <= set(values["identifier"])
    searches = ["", f"?q={MARKER_PREFIX}", f"?q={MARKER_PREFIX}&orden=recientes", "?pagina=2"]
    ok_per_route = {}
    checked = 0
    for route, _pattern in public_patterns():
        for url in fill(route, values):
            for query in (searches if "<" not in route else [""]):
                response = client.get(url + query)
                checked += 1
                assert response.status_code in (200, 404), f"{url}{query} answered {response.status_code}"
                assert MARKER not in body_of(response), f"{url}{query} shows a draft"
                assert MARKER.lower() not in body_of(response).lower(), f"{url}{query} shows a draft"
                if response.status_code == 200:
                    ok_per_route[route] = ok_per_route.get(route, 0) + 1
    assert checked > 200
    # Every public route served a real page at least once: the walk did not pass by 404s alone.
    missing = [route for route, _p in public_patterns() if route not in ok_per_route]
    assert missing == []


@pytest.mark.django_db
def test_the_drafts_exist_where_the_walk_could_find_them(world, public_record, drafts):
    assert Commitment.objects.filter(title__contains=MARKER).count() == 3
    assert drafts.renamed.history.filter(title__contains=MARKER).exists()
    assert Session.objects.filter(title__contains=MARKER, is_public=False).exists()
    assert drafts.draft_version.file.read().endswith(MARKER.encode())
