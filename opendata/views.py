"""Open data at /datos/: the description of every dataset and field, downloads per entity in CSV
and JSON, the whole public record (the same file as ``export_stl --public``), and Popolo-shaped
JSON for bodies, people, memberships, sessions, agreements and votes.

Everything here is cut from ``opendata.export_document(public=True)``: one public filter, written
once. Downloads carry ETag and Last-Modified (``core.public.public_file``: a hash of the bytes, rebuilt
after every committed write), so a client that already has the current file gets a 304.
"""

import csv
import io
import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.public import public_file
from opendata import format as opendata
from sessions.models import Session

LICENCE = {
    "name": "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.es",
}


def _describe(spec):
    """A field's description from the format's schema, with its allowed values when it has them."""
    text = spec.get("description", "")
    values = [value for value in spec.get("enum", []) if value not in (None, "")]
    if values:
        text += ". " + _("Valores: %(values)s") % {"values": ", ".join(f"«{v}»" for v in values)}
    return text


def datasets():
    """Every downloadable list: the entities of the format and their nested lists, with the
    description and fields the format gives them (the same text as docs/open-data.md)."""
    schema = opendata.build_schema()["$defs"]
    found = []
    for entity in opendata.ENTITIES:
        definition = schema[entity.key]
        fields = [{"name": name, "description": _describe(spec)}
                  for name, spec in definition["properties"].items()
                  if name not in entity.private_fields and name not in {c.key for c in entity.children}]
        found.append({"slug": entity.key, "key": entity.key, "child": None, "title": definition.get("title", ""),
                      "description": entity.description, "fields": fields})
        for child in entity.children:
            item = definition["properties"][child.key]["items"]
            child_fields = [{"name": f"{entity.key}_id",
                             "description": _("Identificador del registro al que pertenece")}]
            child_fields += [{"name": name, "description": _describe(spec)}
                             for name, spec in item["properties"].items()]
            found.append({"slug": f"{entity.key}-{child.key}", "key": entity.key, "child": child.key,
                          "title": definition["properties"][child.key].get("description", child.key),
                          "description": definition["properties"][child.key].get("description", ""),
                          "fields": child_fields})
    return found


def _dataset(slug):
    for dataset in datasets():
        if dataset["slug"] == slug:
            return dataset
    raise Http404


def _rows(dataset):
    records = opendata.export_document(public=True, only={dataset["key"]})[dataset["key"]]
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


def index(request):
    return render(request, "public/opendata.html", {
        "datasets": datasets(), "licence": LICENCE, "popolo": POPOLO_PARTS,
    })


def download(view):
    """ETag / Last-Modified from the file's own bytes, the file kept in the cache under the write
    generation (``core.public.public_file``)."""
    return public_file(view)


@download
def dataset_json(request, slug):
    dataset = _dataset(slug)
    data = {"format": opendata.FORMAT, "version": opendata.VERSION, "scope": "public",
            "licence": LICENCE, "dataset": slug, "records": _rows(dataset)}
    return _json_response(data, f"{slug}.json")


@download
def dataset_csv(request, slug):
    dataset = _dataset(slug)
    columns = ([] if dataset["child"] else ["id"]) + [f["name"] for f in dataset["fields"]]
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheet programs read UTF-8 with the mark
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in _rows(dataset):
        writer.writerow({column: _cell(row.get(column)) for column in columns})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@download
def public_record(request):
    """The same document as ``manage.py export_stl --public``."""
    return _json_response(opendata.export_document(public=True), "registro-publico.json")


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


def popolo_document():
    document = opendata.export_document(public=True, only={
        "institutions", "bodies", "seats", "people", "memberships", "sessions", "agreements"})
    organizations = [
        {"id": body["id"], "name": body["name"], "classification": body["kind"],
         "parent_id": body["parent"], "other_names": [{"name": body["short_name"]}] if body["short_name"] else [],
         "area": {"name": body["jurisdiction"]} if body["jurisdiction"] else None}
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
         "start_date": m["start_date"], "end_date": m["end_date"]}
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
            "description": s["summary"], "date_is_illustrative": s["date_is_illustrative"],
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


@download
def popolo(request):
    return _json_response({"licence": LICENCE, **popolo_document()}, "popolo.json")


@download
def popolo_part(request, part):
    if part not in POPOLO_PARTS:
        raise Http404
    return _json_response({"licence": LICENCE, part: popolo_document()[part]}, f"popolo-{part}.json")
