"""Open data at /datos/: the description of every dataset and field, downloads per entity in CSV
and JSON, the whole public record (the same file as ``export_stl --public``), and Popolo-shaped
JSON for bodies, people, memberships, sessions, agreements and votes.

Everything here is cut from ``opendata.export_document(public=True)``: one public filter, written
once. On an STL's own site (``/stl/<identifier>/datos/``, ``request.stl``) every file holds that
STL's records only, and the institutions and people they name (``site_document``); the national
``/datos/?stl=<identifier>`` (and the same on any download) redirects there. Downloads carry ETag and Last-Modified (``core.public.public_file``: a hash of the bytes, rebuilt
after every committed write), so a client that already has the current file gets a 304.
"""

import functools
import json

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.csvfiles import csv_response
from core.generation import current_generation
from core.public import PUBLIC_FILE_SECONDS, public_file
from opendata import format as opendata
from sessions.models import Session
from workgroups.models import Body
from workgroups.sites import for_stl, root_prefix

LICENCE = {
    "name": "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.es",
}


def _describe(spec):
    """A field's description from the format's schema, with its allowed values when it has them."""
    text = spec.get("description", "")
    values = [value for value in spec.get("enum", []) if value not in (None, "")]
    if values:
        listed = _("Valores: %(values)s") % {"values": ", ".join(f"«{v}»" for v in values)}
        # A description that ends its own sentence gets no second period.
        text = f"{text.rstrip().removesuffix('.')}. {listed}" if text.strip() else listed
    return text


def _field(name, spec):
    """One column of a dataset for its data dictionary: its stable name, its Spanish label, type and
    description with the allowed values."""
    description = spec.get("description", "")
    label, _dot, rest = description.partition(". ")
    kind = spec.get("type", "")
    kind = " o ".join(kind) if isinstance(kind, list) else kind
    if spec.get("format") in ("date", "date-time"):
        kind = spec["format"]
    values = [value for value in spec.get("enum", []) if value not in (None, "")]
    return {"name": name, "label": label.split(" (identificador")[0].rstrip("."), "description": _describe(spec),
            "type": TYPE_NAMES.get(kind, kind), "values": values}


TYPE_NAMES = {
    "string": _("texto"), "integer": _("número entero"), "number": _("número"), "boolean": _("verdadero/falso"),
    "array": _("lista (en CSV, como JSON)"), "object": _("objeto (en CSV, como JSON)"),
    "string o null": _("texto o vacío"), "integer o null": _("número entero o vacío"),
    "boolean o null": _("verdadero/falso o vacío"), "date": _("fecha (AAAA-MM-DD)"),
    "date-time": _("fecha y hora (ISO 8601, en UTC)"),
}


def datasets():
    """Every downloadable list: the entities of the format and their nested lists, with their Spanish
    name, description and fields as the format gives them (the same text as docs/open-data.md). The
    slug is the file name, in English and stable for programs. A copy of the caller's own: they come
    from the code alone, so they are described once per process and language."""
    return [_copy(dataset) for dataset in _datasets_in(get_language())]


def _copy(dataset):
    """A dataset the caller may change (its count, its columns) without changing the one kept."""
    return {**dataset, "fields": [{**column, "values": list(column["values"])} for column in dataset["fields"]]}


@functools.cache
def _datasets_in(language):
    schema = opendata.schema()["$defs"]
    found = []
    for entity in opendata.ENTITIES:
        definition = schema[entity.key]
        fields = [_field(name, spec) for name, spec in definition["properties"].items()
                  if name not in entity.private_fields and name not in {c.key for c in entity.children}]
        found.append({"slug": entity.key, "key": entity.key, "child": None,
                      "title": definition.get("title", "").capitalize(),
                      "description": entity.description, "fields": fields})
        for child in entity.children:
            item = definition["properties"][child.key]["items"]
            child_fields = [{"name": f"{entity.key}_id", "label": _("Registro al que pertenece"), "values": [],
                             "type": TYPE_NAMES["string"],
                             "description": _("Identificador del registro de «%(parent)s» al que pertenece.")
                             % {"parent": entity.key}}]
            child_fields += [_field(name, spec) for name, spec in item["properties"].items()]
            child_title = definition["properties"][child.key].get("description", child.key)
            found.append({"slug": f"{entity.key}-{child.key}", "key": entity.key, "child": child.key,
                          "title": child_title if definition.get("title", "") in child_title.lower()
                          else _("%(child)s (%(parent)s)") % {"child": child_title,
                                                             "parent": definition.get("title", entity.key)},
                          "description": child_title.rstrip(".") + ".", "fields": child_fields})
    return found


# How each list of the format leads to its STL: (lookup, through a body?) as in
# workgroups.sites.for_stl; several are alternatives. Institutions and people belong to no STL: an
# STL's files carry those its own records name.
STL_LOOKUPS = {
    "institutions": [("memberships__body", True), ("attendances__session__body", True),
                     ("led_axes__plan__stl", False), ("led_commitments__plan__stl", False),
                     ("programme_activities__stl", False), ("staff__memberships__body", True),
                     ("proposed_agreements__session__body", True), ("charged_agreements__session__body", True),
                     ("predecessors__memberships__body", True)],
    "bodies": [("", True)],
    "seats": [("body", True)],
    "people": [("memberships__body", True), ("attendances__session__body", True),
               ("votes__agreement__session__body", True)],
    "memberships": [("body", True)],
    "sessions": [("body", True)],
    "agreements": [("session__body", True)],
    "corrections": [("session__body", True)],
    "documents": [("body", True)],
    "action_plans": [("stl", False)],
    "route_phases": [("plan__stl", False)],
    "axes": [("plan__stl", False)],
    "commitments": [("plan__stl", False)],
    "milestones": [("commitment__plan__stl", False)],
    "commitment_changes": [("commitment__plan__stl", False)],
    "programme_activities": [("stl", False)],
    "consultations": [("stl", False)],
    "inputs": [("consultation__stl", False)],
    "assessments": [("commitment__plan__stl", False)],
}


def stl_condition(entity, stl):
    """«Belongs to ``stl``» for ``entity``'s records. Where there are several ways to the STL, each is
    a subquery of its own: OR-ed in one query, every multi-valued relation (an institution's
    memberships, attendances, agreements…) was joined to every other, and the rows multiplied (over a
    second per STL file on PostgreSQL with the demo record)."""
    lookups = STL_LOOKUPS[entity.key]
    if len(lookups) == 1:
        return for_stl(stl, *lookups[0])
    manager = entity.model._default_manager
    condition = Q()
    for lookup, via_body in lookups:
        condition |= Q(pk__in=manager.filter(for_stl(stl, lookup, via_body)).values("pk"))
    return condition


def stl_queryset(entity, stl):
    """The public records of ``entity`` that belong to ``stl`` (all of them when it is None)."""
    records = entity.queryset(public=True)
    if stl is None:
        return records
    # Each way is a forward key or a subquery of its own (stl_condition): no join multiplies the rows.
    return records.filter(stl_condition(entity, stl))


def _site_stl(request):
    """The STL whose own file a request gets; None for the whole installation's."""
    stl = getattr(request, "stl", None)
    return None if stl is None or getattr(request, "stl_count", 1) <= 1 else stl


def _public_key(kind, stl, name):
    """A cache key for something built from the public record of ``stl`` (None: the installation):
    it holds the write generation, so any write makes a new one."""
    scope = "all" if stl is None else f"stl-{stl.pk}"
    return f"stl:opendata:{current_generation()}:public:{scope}:{root_prefix()}:{kind}:{name}"


def site_document(request, only=None):
    """``export_document(public=True, only=…)``; on an STL's own site in an installation of several
    STLs, that STL's own file (``stl=``): its records with their natural ids, shared institutions by
    key, nothing of the other STLs.

    Each list is kept in the cache under the write generation and the file's scope (public, the
    installation or one STL), so the page, the JSON, the CSV and the whole record of a dataset share
    one export until the next write; only the lists not yet kept are exported."""
    stl = _site_stl(request)
    wanted = [entity.key for entity in opendata.ENTITIES if only is None or entity.key in only]
    keys = {name: _public_key("list", stl, name) for name in wanted}
    kept = cache.get_many(list(keys.values()))
    lists = {name: kept[key] for name, key in keys.items() if key in kept}
    missing = {name for name in wanted if name not in lists}
    if missing:
        fresh = opendata.export_document(public=True, only=missing, stl=stl)
        cache.set_many({keys[name]: fresh[name] for name in missing}, PUBLIC_FILE_SECONDS)
        lists.update({name: fresh[name] for name in missing})
    document = opendata.document_header(public=True, stl=stl)
    document.update((name, lists[name]) for name in wanted)
    return document


def for_stl_of_query(view):
    """``?stl=<identifier>`` on a national address: the same address on that STL's own site."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        key = (request.GET.get("stl") or "").strip()
        if key and getattr(request, "stl", None) is None:
            # A NUL or an over-long value names no STL (PostgreSQL compares no text with NUL).
            stl = None if "\x00" in key or len(key) > 100 else Body.objects.stls().filter(identifier=key).first()
            if stl is None:
                raise Http404(_("No hay un secretariado con esa clave."))
            rest = request.path_info.lstrip("/")
            return HttpResponseRedirect(f"{stl.site_url}{rest}")
        return view(request, *args, **kwargs)

    return wrapped


def dataset_counts(stl=None):
    """How many public rows each dataset has: one count per list, whatever the size of the record;
    kept in the cache until the next write."""
    key = _public_key("counts", stl, "")
    counts = cache.get(key)
    if counts is None:
        counts = _count_datasets(stl)
        cache.set(key, counts, PUBLIC_FILE_SECONDS)
    return counts


def _count_datasets(stl):
    """Every dataset's count in one query: ``SELECT (SELECT COUNT(*) FROM (…)), …``, one subquery
    per list, each the same rows its download holds."""
    lists = {}
    for entity in opendata.ENTITIES:
        parents = stl_queryset(entity, stl)
        lists[entity.key] = parents
        for child in entity.children:
            lists[f"{entity.key}-{child.key}"] = child.model._default_manager.filter(
                **{f"{child.parent_fk}__in": parents.values("pk")}, **child.public_filter)
    parts, params = [], []
    for number, queryset in enumerate(lists.values()):
        rows = queryset.order_by().values("pk")
        sql, sql_params = rows.query.get_compiler(using=rows.db).as_sql()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS list_{number})")
        params.extend(sql_params)
    with connections[router.db_for_read(Body)].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(count) for name, count in zip(lists, row, strict=True)}


def _dataset(slug):
    for dataset in _datasets_in(get_language()):
        if dataset["slug"] == slug:
            return _copy(dataset)
    raise Http404


def _rows(request, dataset):
    records = site_document(request, only={dataset["key"]})[dataset["key"]]
    if dataset["child"] is None:
        return records
    parent_column = f"{dataset['key']}_id"
    return [{parent_column: record["id"], **item} for record in records for item in record[dataset["child"]]]


def _json_response(data, filename):
    response = HttpResponse(opendata.dumps(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _cell(value):
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


@for_stl_of_query
def index(request):
    found = datasets()
    counts = dataset_counts(getattr(request, "stl", None))
    for dataset in found:
        dataset["count"] = counts.get(dataset["slug"], 0)
    several = getattr(request, "stl_count", 0) > 1 and getattr(request, "stl", None) is None
    return render(request, "public/opendata.html", {
        "datasets": found, "licence": LICENCE, "popolo": POPOLO_PARTS,
        "stl_sites": list(Body.objects.stls().order_by("name")) if several else [],
    })


@for_stl_of_query
def dataset_page(request, slug):
    """The data dictionary of one dataset: every column, its Spanish name, type and meaning."""
    dataset = _dataset(slug)
    dataset["count"] = dataset_counts(getattr(request, "stl", None)).get(slug, 0)
    return render(request, "public/opendata_dataset.html", {"dataset": dataset, "columns": _columns(dataset),
                                                            "licence": LICENCE})


def dataset_dictionary_csv(request, slug):
    dataset = _dataset(slug)
    rows = [["columna", "nombre", "tipo", "descripcion", "valores"]]
    rows += [[field["name"], str(field["label"]), str(field["type"]), str(field["description"]),
              " | ".join(str(value) for value in field["values"])] for field in _columns(dataset)]
    return csv_response(rows, f"{slug}-diccionario.csv")


DOCS = settings.BASE_DIR / "docs"


def technical_guide(request):
    """docs/open-data.md as it is in the code: the format, the commands that export and import it,
    the rules of an import. For programmers; /datos/ links it."""
    return HttpResponse((DOCS / "open-data.md").read_bytes(), content_type="text/markdown; charset=utf-8")


def json_schema(request):
    response = HttpResponse((DOCS / "open-data.schema.json").read_bytes(),
                            content_type="application/schema+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _columns(dataset):
    """The columns of a dataset's CSV, ``id`` once and first when its records have one."""
    fields = list(dataset["fields"])
    if dataset["child"] is None and not any(field["name"] == "id" for field in fields):
        fields.insert(0, _field("id", {"type": "string", "description": _("Identificador estable del registro.")}))
    return fields


def download(view):
    """ETag / Last-Modified from the file's own bytes, the file kept in the cache under the write
    generation (``core.public.public_file``)."""
    return public_file(view)


@for_stl_of_query
@download
def dataset_json(request, slug):
    dataset = _dataset(slug)
    data = {"format": opendata.FORMAT, "version": opendata.VERSION, "scope": "public",
            "licence": LICENCE, "dataset": slug, "records": _rows(request, dataset)}
    return _json_response(data, f"{slug}.json")


@for_stl_of_query
@download
def dataset_csv(request, slug):
    dataset = _dataset(slug)
    columns = [field["name"] for field in _columns(dataset)]
    # Every text cell quoted, and one a spreadsheet would run as a formula neutralised (core/csvfiles.py).
    rows = [columns] + [[_cell(row.get(column)) for column in columns] for row in _rows(request, dataset)]
    return csv_response(rows, f"{slug}.csv")


@for_stl_of_query
@download
def public_record(request):
    """The same document as ``manage.py export_stl --public`` (on an STL's site, its records only)."""
    return _json_response(site_document(request), "registro-publico.json")


# Popolo ------------------------------------------------------------------------------------------

POPOLO_PARTS = {
    "organizations": _("órganos e instituciones (Organization)"),
    "persons": _("personas (Person), sin correo"),
    "posts": _("asientos (Post)"),
    "memberships": _("integraciones (Membership)"),
    "events": _("sesiones, reuniones y eventos (Event)"),
    "motions": _("acuerdos (Motion)"),
    "vote_events": _("votaciones (VoteEvent, con sus votos y conteos)"),
}
_MOTION_RESULT = {"adopted": "pass", "rejected": "fail", "deferred": "deferred"}


def _popolo_identity(body):
    """An STL's identity in Popolo: its logo as ``image``, its contact as ``contact_details``, its
    social networks as ``links``; nothing for a body without them."""
    identity = {}
    if body.get("logo"):
        identity["image"] = body["logo"]
    contact = [{"type": kind, "value": body[name]} for kind, name in (
        ("email", "contact_email"), ("voice", "contact_phone"), ("address", "contact_address")) if body.get(name)]
    if contact:
        identity["contact_details"] = contact
    if body.get("social_links"):
        identity["links"] = [{"url": link["url"], "note": link["network"]} for link in body["social_links"]]
    return identity


def popolo_document(request):
    document = site_document(request, only={
        "institutions", "bodies", "seats", "people", "memberships", "sessions", "agreements"})
    organizations = [
        {"id": body["id"], "name": body["name"], "classification": body["kind"],
         "parent_id": body["parent"], "other_names": [{"name": body["short_name"]}] if body["short_name"] else [],
         "area": {"name": body["jurisdiction"]} if body["jurisdiction"] else None, **_popolo_identity(body)}
        for body in document["bodies"]
    ] + [
        {"id": inst["id"], "name": inst["name"], "classification": f"institution:{inst['kind']}",
         "other_names": [{"name": inst["acronym"]}] if inst["acronym"] else [],
         "links": [{"url": inst["website"]}] if inst["website"] else []}
        for inst in document["institutions"]
    ]
    persons = [{"id": p["id"], "name": p["name"]} for p in document["people"]]
    posts = [{"id": s["id"], "label": s["label"], "organization_id": s["body"], "role": s["role"]}
             for s in document["seats"]]
    memberships = [
        {"id": m["id"], "person_id": m["person"], "organization_id": m["body"], "post_id": m["seat"],
         "on_behalf_of_id": m["institution"], "role": m["role"], "label": m["label"],
         "start_date": m["start_date"], "end_date": m["end_date"],
         # Not Popolo: how sure the record is of each date (certain, illustrative, unknown).
         "start_date_certainty": m["start_date_certainty"], "end_date_certainty": m["end_date_certainty"]}
        for m in document["memberships"]
    ]
    events, session_body, session_date = [], {}, {}
    for s in document["sessions"]:
        session_body[s["id"]] = s["body"]
        session_date[s["id"]] = s["date"]
        name = Session(kind=s["kind"], number=s["number"], title=s["title"]).display_name
        events.append({
            "id": s["id"], "name": str(name), "classification": s["kind"], "organization_id": s["body"],
            "start_date": f"{s['date']}T{s['start_time']}" if s["start_time"] else s["date"],
            "status": s["status"], "location": s["place"] or None,
            "description": s["summary"], "date_certainty": s["date_certainty"],
            "is_example": s["is_example"],
            "attendees": [{"post_id": a["seat"], "person_id": a["person"], "on_behalf_of_id": a["institution"],
                           "status": a["status"], "note": a["note"]} for a in s["attendance"]],
        })
    motions, vote_events = [], []
    for a in document["agreements"]:
        motions.append({
            "id": a["id"], "identifier": a["code"], "title": a["title"], "text": a["text"],
            "organization_id": session_body.get(a["session"]), "legislative_session_id": a["session"],
            "date": session_date.get(a["session"]), "result": _MOTION_RESULT.get(a["result"], a["result"]),
            "unanimous": a["unanimous"], "approves": a["approves"],
        })
        if a["votes"]:
            counts = {}
            for vote in a["votes"]:
                counts[vote["option"]] = counts.get(vote["option"], 0) + 1
            vote_events.append({
                "id": f"{a['id']}-votacion", "motion_id": a["id"], "legislative_session_id": a["session"],
                "organization_id": session_body.get(a["session"]), "start_date": session_date.get(a["session"]),
                "result": _MOTION_RESULT.get(a["result"], a["result"]),
                "counts": [{"option": option, "value": value} for option, value in sorted(counts.items())],
                "votes": [{"voter_id": v["person"], "post_id": v["seat"], "option": v["option"]}
                          for v in a["votes"]],
            })
    return {"organizations": organizations, "persons": persons, "posts": posts, "memberships": memberships,
            "events": events, "motions": motions, "vote_events": vote_events}


@for_stl_of_query
@download
def popolo(request):
    return _json_response({"licence": LICENCE, **popolo_document(request)}, "popolo.json")


@for_stl_of_query
@download
def popolo_part(request, part):
    if part not in POPOLO_PARTS:
        raise Http404
    return _json_response({"licence": LICENCE, part: popolo_document(request)[part]}, f"popolo-{part}.json")
