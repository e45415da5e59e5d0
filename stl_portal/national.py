"""The national landing page of an installation with several STLs: the map of the 32 states drawn
on the server as SVG (a tile cartogram, ``workgroups/states.py``), each state with an STL a link to
its site, and the list of STLs beside it with what each has published. A constant number of
queries: the STLs, then one grouped count per kind of record."""

from django.db.models import Count
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.models import ActionPlan, Commitment
from sessions.models import Agreement, Session
from workgroups import states
from workgroups.models import Body

TILE = 60
GAP = 4


def state_map(stls, element_id="mapa-entidades"):
    """The SVG: every state a square at its place, those with an STL linked to its site and named in
    full; the others are drawing only (the list beside the map says which states have an STL)."""
    by_state = {}
    for stl in stls:
        if stl.state_code:
            by_state.setdefault(stl.state_code, []).append(stl)
    columns = max(state.column for state in states.STATES) + 1
    rows = max(state.row for state in states.STATES) + 1
    width, height = columns * (TILE + GAP), rows * (TILE + GAP)
    tiles = []
    for state in states.STATES:
        x, y = state.column * (TILE + GAP), state.row * (TILE + GAP)
        square = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" rx="6"></rect>'
            '<text x="{}" y="{}" text-anchor="middle" dominant-baseline="central">{}</text>',
            x, y, TILE, TILE, x + TILE / 2, y + TILE / 2, state.abbreviation)
        here = by_state.get(state.code)
        if here:
            stl = here[0]
            # The visible abbreviation starts the name (WCAG 2.5.3, label in name).
            label = _("%(abbreviation)s: %(stl)s (%(state)s)") % {
                "abbreviation": state.abbreviation, "stl": stl.name, "state": state.name}
            tiles.append(format_html('<a href="{}" class="map-state map-state-stl" aria-label="{}">'
                                     '<title>{}</title>{}</a>', stl.site_url, label, label, square))
        else:
            tiles.append(format_html('<g class="map-state" aria-hidden="true"><title>{}</title>{}</g>',
                                     state.name, square))
    title = _("Mapa de las 32 entidades federativas")
    with_stl = [states.STATE_BY_CODE[code].name for code in sorted(by_state)]
    desc = ngettext(
        "Cada entidad es un cuadro con su abreviatura, cerca de sus vecinas. %(count)s entidad tiene "
        "secretariado en este portal y es un enlace a su sitio: %(names)s.",
        "Cada entidad es un cuadro con su abreviatura, cerca de sus vecinas. %(count)s entidades tienen "
        "secretariado en este portal y son enlaces a su sitio: %(names)s.", len(with_stl),
    ) % {"count": len(with_stl), "names": ", ".join(with_stl) or _("ninguna")}
    return format_html(
        '<svg class="state-map" viewBox="0 0 {} {}" width="{}" height="{}" aria-labelledby="{}-t {}-d" '
        'role="group" focusable="false"><title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}</svg>',
        width, height, width, height, element_id, element_id, element_id, title, element_id, desc,
        mark_safe("".join(tiles)))  # noqa: S308 - every tile above is built with format_html


def landing(request):
    stls = list(Body.objects.stls().order_by("name"))
    ids = [stl.pk for stl in stls]

    def per_stl(queryset, lookup):
        return dict(queryset.order_by().values_list(lookup).annotate(n=Count("pk")))

    sessions_by_body = per_stl(Session.objects.public(), "body")
    agreements_by_body = per_stl(Agreement.objects.public(), "session__body")
    parents = dict(Body.objects.filter(parent__in=ids).values_list("pk", "parent"))
    commitments = per_stl(Commitment.objects.published(), "plan__stl")
    plans = per_stl(ActionPlan.objects.all(), "stl")
    for stl in stls:
        stl.state_name = states.STATE_BY_CODE[stl.state_code].name if stl.state_code else stl.jurisdiction
        stl.counts = {"commitments": commitments.get(stl.pk, 0), "plans": plans.get(stl.pk, 0),
                      "sessions": 0, "agreements": 0}
    by_pk = {stl.pk: stl for stl in stls}
    for body, count in sessions_by_body.items():
        stl = by_pk.get(parents.get(body, body))
        if stl is not None:
            stl.counts["sessions"] += count
    for body, count in agreements_by_body.items():
        stl = by_pk.get(parents.get(body, body))
        if stl is not None:
            stl.counts["agreements"] += count
    totals = {key: sum(stl.counts[key] for stl in stls) for key in ("commitments", "sessions", "agreements")}
    return render(request, "public/landing.html", {
        "stls": stls, "map": state_map(stls), "totals": totals,
        "states_with_stl": len({stl.state_code for stl in stls if stl.state_code}),
    })

