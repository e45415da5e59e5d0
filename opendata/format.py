"""The open-data format of the Portal STL: one JSON document that holds the whole record.

The format is described once, here, as a list of entities built from the models' own fields; the
exporter, the importer and the JSON Schema in ``docs/open-data.schema.json`` all come from that
description, so they cannot drift apart. ``docs/open-data.md`` documents it field by field.

Export → import into an empty database → export gives the same bytes: every record keeps its
``identifier``, lists are sorted by it, and nothing that changes by itself (timestamps of the export,
revision counters) is written.
"""

import datetime
import functools
import json
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cocreation.models import Assessment, Consultation, Input
from commitments.models import (
    ActionPlan,
    Axis,
    Commitment,
    CommitmentChange,
    Milestone,
    MilestoneChange,
    MilestoneUpdate,
    RoutePhase,
)
from core.certainty import DateCertainty
from core.records import new_identifier
from reports.models import ProgrammeActivity
from sessions.models import (
    AgendaItem,
    Agreement,
    Attendance,
    Correction,
    Document,
    DocumentVersion,
    Session,
    Vote,
)
from workgroups.identity import public_logo_url
from workgroups.models import Body, Institution, Membership, Person, Seat, SocialLink

FORMAT = "portal-stl/datos-abiertos"
VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1: identifiers unique in the installation, no «stl», no «key»
# A record of one STL whose natural id another STL's record already has is stored as
# «<identifier of its STL>--<id>»; Django's slugify never writes «--», so generated ids never hold it.
NAMESPACE = "--"
ID_PATTERN = r"^[A-Za-z0-9_-]{1,100}$"
FILE_PATTERN = r"^(?!/)(?!.*\.\.)[A-Za-z0-9_./-]{1,200}$"


@dataclass
class Child:
    """Records owned by a parent and written inside it (the agenda of a session, say)."""

    key: str
    model: type
    parent_fk: str
    fields: list
    order: tuple
    with_id: bool = False
    public_filter: dict = field(default_factory=dict)
    # A list added after the format's version 2 was out: a file without it leaves the records as they are.
    optional: bool = False


@dataclass
class Entity:
    key: str
    model: type
    fields: list
    children: list = field(default_factory=list)
    private_fields: tuple = ()
    derived_fields: tuple = ()
    public_queryset: object = None
    description: str = ""
    # Values a file that omits the field means: the defaults of the format when it was written,
    # which the models' defaults may have left behind (a new session is now private and scheduled;
    # a file written before said nothing because public and held were the defaults).
    import_defaults: dict = field(default_factory=dict)
    # A list added after version 1 of the format: files written before it lack it and still import.
    optional: bool = False

    def queryset(self, public):
        manager = self.model._default_manager
        if public and self.public_queryset is not None:
            return self.public_queryset(manager)
        return manager.all()


ENTITIES = [
    Entity("institutions", Institution, ["name", "acronym", "kind", "website", "article", "gender", "ended_on",
                                         "successor", "stl", "key"],
           description="Instituciones que integran los órganos o encabezan ejes y compromisos."),
    Entity("bodies", Body, ["kind", "name", "short_name", "jurisdiction", "state", "parent", "description",
                            "quorum_seats", "session_numbering", "session_prefix", "notice_days",
                            "notice_days_extraordinary", "article", "gender", "accent", "contact_email",
                            "contact_phone", "contact_address", "logo"],
           children=[Child("social_links", SocialLink, "stl", ["network", "url", "order"], order=("order", "network"),
                           optional=True)],
           derived_fields=("logo",),
           description="Órganos: secretariados, su grupo operativo y sus mesas de trabajo. El nombre corto, "
                       "el logotipo, el color, el contacto y las redes sociales (opcionales) son la identidad "
                       "pública de un secretariado."),
    Entity("seats", Seat, ["body", "label", "role", "counts_for_quorum", "order"],
           description="Asientos de un órgano (Popolo Post)."),
    Entity("people", Person, ["name", "email", "institution", "stl", "key"], private_fields=("email",),
           # Public: whoever holds or held a seat or role on a body, attended a public session or
           # voted in one. Someone the portal only knows as an account holder stays out. Each as
           # EXISTS: joined in one query, a person's memberships, attendances and votes multiplied one
           # another before DISTINCT (hundreds of rows per person over a few years of sessions).
           public_queryset=lambda m: m.filter(
               models.Exists(Membership.objects.filter(person=models.OuterRef("pk")))
               | models.Exists(Attendance.objects.filter(person=models.OuterRef("pk"), session__is_public=True))
               | models.Exists(Vote.objects.filter(person=models.OuterRef("pk"),
                                                   agreement__session__is_public=True))),
           description="Personas que integran los órganos o participan en sesiones públicas. "
                       "El correo electrónico nunca se publica."),
    Entity("memberships", Membership, ["body", "seat", "person", "institution", "role", "label",
                                       "start_date", "start_date_certainty", "end_date", "end_date_certainty"],
           description="Quién ocupa cada asiento, en representación de qué institución y desde cuándo."),
    Entity(
        "sessions", Session,
        ["body", "kind", "number", "date", "date_certainty", "start_time", "status", "modality",
         "place", "link", "stream_url", "recording_url", "announced_at", "title", "summary", "is_public",
         "is_example", "minutes", "minutes_status", "minutes_circulated_at", "minutes_published_at", "minutes_pdf",
         "quorum_present", "quorum_required", "has_quorum"],
        derived_fields=("quorum_present", "quorum_required", "has_quorum"),
        private_fields=("minutes_circulated_at",),
        import_defaults={"is_public": True, "status": "held"},
        children=[
            Child("agenda", AgendaItem, "session", ["order", "title", "description", "is_proposal", "proposed_by"],
                  order=("order",), public_filter={"is_proposal": False}),
            Child("attendance", Attendance, "session", ["seat", "status", "person", "institution", "note"],
                  order=("seat", "person", "institution", "note")),
        ],
        public_queryset=lambda m: m.filter(is_public=True),
        description="Sesiones formales, reuniones de trabajo y eventos públicos.",
    ),
    Entity(
        "agreements", Agreement, ["session", "number", "code", "title", "text", "result", "unanimous",
                                  "minutes_of", "proposed_by", "charged_to"],
        children=[Child("votes", Vote, "agreement", ["seat", "option", "person"], order=("seat",))],
        public_queryset=lambda m: m.filter(session__is_public=True),
        description="Acuerdos adoptados en sesión, con sus votos y lo que aprueban. «unanimous» es la "
                    "unanimidad de los asientos presentes; los ausentes votan «absent».",
    ),
    Entity(
        "corrections", Correction, ["session", "kind", "agreement", "original_text", "corrected_text", "reason",
                                    "proposed_by", "status", "approved_by"],
        public_queryset=lambda m: m.filter(status="approved", session__is_public=True),
        optional=True,
        description="Fe de erratas: correcciones a un registro cuya acta ya se aprobó, con su motivo; "
                    "surten efecto al aprobarlas un acuerdo.",
    ),
    Entity(
        "documents", Document, ["body", "title", "kind", "description"],
        children=[Child("versions", DocumentVersion, "document",
                        ["number", "date", "date_certainty", "status", "file", "notes", "drafted_in", "approved_by"],
                        order=("number",), with_id=True, public_filter={"status": "approved"})],
        public_queryset=lambda m: m.filter(versions__status="approved").distinct(),
        description="Documentos con sus versiones; las versiones en borrador nunca son públicas.",
    ),
    Entity("action_plans", ActionPlan, ["stl", "name", "start_year", "end_year", "description", "status",
                                        "approved_by", "route_approved_by"],
           description="Planes de acción local."),
    Entity("route_phases", RoutePhase, ["plan", "order", "name", "description", "planned_start",
                                        "planned_start_certainty", "planned_end", "planned_end_certainty",
                                        "actual_start", "actual_end", "status"],
           description="Fases de la ruta de un plan, con fechas previstas y reales."),
    Entity("axes", Axis, ["plan", "name", "description", "lead_institution", "working_table", "status",
                          "approved_by", "order"],
           public_queryset=lambda m: m.filter(status="approved"),
           description="Ejes temáticos y la institución que encabeza cada uno."),
    Entity(
        "commitments", Commitment,
        ["plan", "axis", "title", "kind", "status", "lead_institution", "other_actors", "public_problem",
         "objective", "solution", "relevance_transparency", "relevance_participation",
         "relevance_accountability", "relevance_technology", "start_date", "start_date_certainty", "end_date",
         "end_date_certainty", "completion",
         "is_example", "submitted_at", "approved_by", "published_at", "withdrawn_at", "withdrawal_reason"],
        private_fields=("submitted_at", "withdrawn_at", "withdrawal_reason"),
        public_queryset=lambda m: m.filter(status="published"),
        description="Compromisos cocreados o proactivos con los campos de la plantilla de OGP.",
    ),
    Entity(
        "milestones", Milestone,
        ["commitment", "order", "title", "description", "start_date", "start_date_certainty", "end_date",
         "end_date_certainty", "completion_percent", "evidence_url", "evidence_file"],
        children=[Child("updates", MilestoneUpdate, "milestone",
                        ["date", "date_certainty", "completion_percent", "note", "evidence_url", "evidence_file"],
                        order=("date", "id"), with_id=True)],
        public_queryset=lambda m: m.filter(commitment__status="published"),
        description="Hitos de los compromisos, con su avance y evidencia.",
    ),
    Entity(
        "commitment_changes", CommitmentChange,
        ["commitment", "justification", "status", "requested_at", "new_lead_institution", "new_start_date",
         "new_end_date", "old_lead_institution", "old_start_date", "old_end_date", "approved_by", "applied_at"],
        children=[Child("milestones", MilestoneChange, "change",
                        ["action", "milestone", "order", "title", "description", "start_date", "end_date",
                         "old_title", "old_start_date", "old_end_date"],
                        order=("order", "action", "title"))],
        public_queryset=lambda m: m.filter(status="approved", commitment__status="published"),
        optional=True,
        description="Cambios justificados a compromisos ya aprobados (hitos, fechas, institución "
                    "responsable), con el acuerdo que los aprobó y los valores anteriores y nuevos. "
                    "La lista es opcional: un archivo escrito antes de que existiera se importa sin ella.",
    ),
    Entity("programme_activities", ProgrammeActivity,
           ["institution", "stl", "year", "unit", "programme", "code", "name"],
           description="Actividades de los programas anuales de las instituciones a las que pertenece su "
                       "trabajo en el secretariado."),
    Entity("consultations", Consultation,
           ["stl", "title", "subject", "plan", "commitment", "document_version", "working_table", "question",
            "draft_text", "description", "opens_on", "closes_on", "rules", "published_at", "is_example"],
           public_queryset=lambda m: m.filter(published_at__isnull=False), optional=True,
           description="Consultas públicas del secretariado sobre sus borradores."),
    Entity("inputs", Input,
           ["consultation", "kind", "author_name", "comment", "problem", "solution", "proposed_lead",
            "submitted_at", "confirmed_at", "moderation", "hidden_rule", "hidden_reason", "moderated_at",
            "response", "response_reason", "responded_at", "resulting_commitment", "is_example"],
           public_queryset=lambda m: m.filter(confirmed_at__isnull=False, consultation__published_at__isnull=False,
                                              moderation="visible"),
           optional=True,
           description="Aportaciones del público a las consultas y la respuesta razonada del secretariado. "
                       "El correo electrónico de quien aporta nunca se exporta; los datos públicos solo "
                       "traen las aportaciones confirmadas y no ocultadas por moderación."),
    Entity("assessments", Assessment,
           ["commitment", "stage", "assessed_on", "assessor", "verifiable", "relevant", "relevant_access",
            "relevant_participation", "relevant_accountability", "relevant_technology", "potential_impact",
            "completion", "opened_government", "starred", "explanation", "opened_government_explanation",
            "lessons", "evidence"],
           derived_fields=("starred",), optional=True,
           public_queryset=lambda m: m.filter(commitment__status="published"),
           description="Indicadores del Mecanismo de Revisión Independiente (MRI) de OGP por compromiso."),
]

ENTITY_BY_MODEL = {entity.model: entity for entity in ENTITIES}
for _entity in ENTITIES:
    for _child in _entity.children:
        if _child.with_id:
            ENTITY_BY_MODEL[_child.model] = _entity

APPROVAL_TYPES = [
    # (type in the file, model, foreign key that holds the approving agreement)
    ("document_version", DocumentVersion, "approved_by"),
    ("route", ActionPlan, "route_approved_by"),
    ("action_plan", ActionPlan, "approved_by"),
    ("axis", Axis, "approved_by"),
    ("commitment", Commitment, "approved_by"),
    ("commitment_change", CommitmentChange, "approved_by"),
    ("correction", Correction, "approved_by"),
]


# Whose records are whose. Institutions and people are an STL's when their «stl» says so and shared
# installation-wide when they have a «key»; every other record belongs to the STL of its body (the STL
# itself or one of its bodies) or of its plan.
SHARED_MODELS = (Institution, Person)
_BODY_PATHS = {Body: "", Seat: "body", Membership: "body", Session: "body", Document: "body",
               Agreement: "session__body", Correction: "session__body", DocumentVersion: "document__body"}
_STL_PATHS = {Institution: "stl", Person: "stl", ActionPlan: "stl", Consultation: "stl", ProgrammeActivity: "stl",
              RoutePhase: "plan__stl", Axis: "plan__stl", Commitment: "plan__stl",
              Milestone: "commitment__plan__stl", CommitmentChange: "commitment__plan__stl",
              Assessment: "commitment__plan__stl", MilestoneUpdate: "milestone__commitment__plan__stl",
              Input: "consultation__stl"}


def stl_filter(model, stl):
    """A filter that keeps the records of ``model`` that belong to ``stl`` (a Body of kind STL)."""
    if model in _BODY_PATHS:
        path = _BODY_PATHS[model]
        if not path:
            return models.Q(pk=stl.pk) | models.Q(parent=stl.pk)
        return models.Q(**{path: stl.pk}) | models.Q(**{f"{path}__parent": stl.pk})
    return models.Q(**{_STL_PATHS[model]: stl.pk})


def _model_field(model, name):
    return model._meta.get_field(name)


def _ref_entity_key(model_field):
    """The list a foreign key points into; versions and updates are found by their own ids."""
    target = model_field.related_model
    if target is DocumentVersion:
        return "documents.versions"
    if target is MilestoneUpdate:
        return "milestones.updates"
    return ENTITY_BY_MODEL[target].key


# Export ---------------------------------------------------------------------------------------


def _to_json(model_field, value):
    if value is None:
        return None
    if isinstance(model_field, models.DateTimeField):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(model_field, models.DateField):
        return value.isoformat()
    if isinstance(model_field, models.TimeField):
        return value.strftime("%H:%M") if value.second == 0 else value.strftime("%H:%M:%S")
    if isinstance(model_field, models.FileField):
        return str(value) or ""
    return value


class _Maps:
    """pk → the id each exported record has in the file, per model.

    The whole installation's file uses the records' identifiers. The file of one STL (``prefix`` is
    «<its identifier>--») writes the natural id of a record stored under a namespaced identifier, and
    the key of a shared institution or person, so that it is self-contained and reads as its own."""

    def __init__(self, prefix=None):
        self.maps = {}
        self.prefix = prefix

    def add(self, model, queryset):
        if self.prefix is None:
            self.maps[model] = dict(queryset.values_list("pk", "identifier"))
            return
        shared = model in SHARED_MODELS
        rows = list(queryset.values_list("pk", "identifier", "key" if shared else "identifier"))
        wanted = {}
        for pk, identifier, key in rows:
            if shared and key:
                wanted[pk] = key
            elif identifier.startswith(self.prefix):
                wanted[pk] = identifier[len(self.prefix):]
            else:
                wanted[pk] = identifier
        taken = {}
        for ident in wanted.values():
            taken[ident] = taken.get(ident, 0) + 1
        # Two records that would read the same (a natural id beside the namespaced one): both keep
        # their identifiers in the installation, which are unique.
        self.maps[model] = {pk: (wanted[pk] if taken[wanted[pk]] == 1 else identifier)
                            for pk, identifier, _key in rows}

    def resolve(self, model, pk):
        return self.maps[model].get(pk)


def _serialise_row(row, model, names, maps, private, public):
    out = {}
    for name in names:
        if public and name in private:
            continue
        model_field = _model_field(model, name)
        if model_field.is_relation:
            pk = row[model_field.attname]
            out[name] = None if pk is None else maps.resolve(model_field.related_model, pk)
            if pk is not None and out[name] is None and not model_field.null:
                return None  # points at something left out of a public export
        else:
            out[name] = _to_json(model_field, row[name])
    return out


def export_document(public=False, only=None, stl=None):
    """The whole record (or its public part) as a dict in the open-data format.

    ``only`` (a set of entity keys) serialises just those lists, with the same filters; the
    portal's per-dataset downloads use it. ``stl`` (an STL: a ``Body`` or its identifier) writes the
    file of that STL alone: its bodies and everything of theirs, the institutions and people it owns
    or uses, with the natural ids of its records (``NAMESPACE``) and shared ones by their key."""
    stl = _the_stl(stl)
    maps = _Maps(prefix=f"{stl.identifier}{NAMESPACE}" if stl is not None else None)
    document = document_header(public, stl)
    querysets = {entity.key: entity.queryset(public) for entity in ENTITIES}
    if stl is not None:
        _scope_to_stl(querysets, stl, public)
    for entity in ENTITIES:
        maps.add(entity.model, querysets[entity.key])
        for child in entity.children:
            if child.with_id:
                child_qs = child.model._default_manager.filter(**{
                    f"{child.parent_fk}__in": querysets[entity.key].values("pk")})
                if public:
                    child_qs = child_qs.filter(**child.public_filter)
                maps.add(child.model, child_qs)
    for entity in ENTITIES:
        if only is not None and entity.key not in only:
            continue
        names = list(entity.fields)
        rows = list(querysets[entity.key].values("pk", "identifier", *[
            _model_field(entity.model, n).attname for n in names]))
        children = {child.key: _export_children(child, [r["pk"] for r in rows], maps, public)
                    for child in entity.children}
        records = []
        for row in rows:
            data = _serialise_row(row, entity.model, names, maps, entity.private_fields, public)
            if data is None:
                continue
            record = {"id": maps.resolve(entity.model, row["pk"]), **data}
            if stl is not None and entity.model in SHARED_MODELS and not record.get("key"):
                record["stl"] = stl.identifier  # what the STL uses and no other shares travels as its own
            for child in entity.children:
                record[child.key] = children[child.key].get(row["pk"], [])
            records.append(record)
        if entity.model is Agreement:
            _add_approvals(records, maps, public)
        if entity.model is Body:
            logos = {maps.resolve(Body, row["pk"]): public_logo_url(row["identifier"], row["logo"]) for row in rows}
            for record in records:
                record["logo"] = logos[record["id"]]
        records.sort(key=lambda r: r["id"])
        document[entity.key] = records
    return document


def document_header(public=False, stl=None):
    """What a document says before its lists: the format, its version, its scope and its STL."""
    document = {"format": FORMAT, "version": VERSION, "scope": "public" if public else "complete"}
    stl = _the_stl(stl)
    if stl is not None:
        document["stl"] = stl.identifier
    return document


def _the_stl(stl):
    if stl is None:
        return None
    if isinstance(stl, Body):
        return stl.stl  # a working table or the operational group: the STL it belongs to
    found = Body.objects.stls().filter(identifier=stl).first()
    if found is None:
        raise Body.DoesNotExist(_("No hay ningún secretariado con el identificador «%(id)s».") % {"id": stl})
    return found


def _used(target, querysets, public, entities):
    """pks of ``target`` (Institution or Person) that the records in ``querysets`` point to."""
    pks = set()
    for entity in entities:
        queryset = querysets[entity.key]
        parts = [(entity.model, entity.fields, queryset)]
        for child in entity.children:
            child_qs = child.model._default_manager.filter(**{f"{child.parent_fk}__in": queryset.values("pk")})
            parts.append((child.model, child.fields, child_qs.filter(**child.public_filter) if public else child_qs))
        for model, names, rows in parts:
            for name in names:
                model_field = _model_field(model, name)
                if model_field.is_relation and model_field.related_model is target:
                    pks.update(rows.exclude(**{f"{model_field.attname}__isnull": True})
                               .values_list(model_field.attname, flat=True).distinct())
    return pks


def _scope_to_stl(querysets, stl, public):
    """Cut every list to one STL: its own records, and the institutions and people they use."""
    others = [entity for entity in ENTITIES if entity.model not in SHARED_MODELS]
    for entity in others:
        querysets[entity.key] = querysets[entity.key].filter(stl_filter(entity.model, stl))
    people = ENTITY_BY_MODEL[Person]
    querysets[people.key] = querysets[people.key].filter(
        models.Q(stl=stl.pk) | models.Q(pk__in=_used(Person, querysets, public, others)))
    institutions = ENTITY_BY_MODEL[Institution]
    wanted = _used(Institution, querysets, public, [*others, people])
    wanted |= set(Institution.objects.filter(stl=stl.pk).values_list("pk", flat=True))
    new = wanted
    while new:  # the successors of the institutions it uses, and theirs
        new = set(Institution.objects.filter(pk__in=new, successor__isnull=False)
                  .values_list("successor", flat=True)) - wanted
        wanted |= new
    querysets[institutions.key] = querysets[institutions.key].filter(pk__in=wanted)


def _export_children(child, parent_pks, maps, public):
    names = list(child.fields)
    queryset = child.model._default_manager.filter(**{f"{child.parent_fk}__in": parent_pks})
    if public:
        queryset = queryset.filter(**child.public_filter)
    parent_attname = _model_field(child.model, child.parent_fk).attname
    rows = queryset.values("pk", "identifier", parent_attname,
                           *[_model_field(child.model, n).attname for n in names])
    grouped = {}
    for row in rows:
        data = _serialise_row(row, child.model, names, maps, (), public)
        if data is None:
            continue
        if child.with_id:
            data = {"id": maps.resolve(child.model, row["pk"]), **data}
        grouped.setdefault(row[parent_attname], []).append(data)
    for items in grouped.values():
        items.sort(key=lambda item: _sort_key(item, child.order))
    return grouped


def _sort_key(item, keys):
    return tuple((item.get(key) is not None, item.get(key) if item.get(key) is not None else "")
                 for key in keys)


def _add_approvals(records, maps, public):
    """Each agreement lists what it approved (the approved things hold the link)."""
    by_id = {record["id"]: record for record in records}
    for record in records:
        record["approves"] = []
    for kind, model, fk in APPROVAL_TYPES:
        for pk, agreement_pk in model._default_manager.filter(**{f"{fk}__isnull": False}).values_list("pk", fk):
            target_id = maps.resolve(model, pk)
            agreement_id = maps.resolve(Agreement, agreement_pk)
            if target_id is None or agreement_id not in by_id:
                continue  # not public
            by_id[agreement_id]["approves"].append({"type": kind, "id": target_id})
    for record in records:
        record["approves"].sort(key=lambda item: (item["type"], item["id"]))


def dumps(document):
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# JSON Schema ------------------------------------------------------------------------------------


def _field_schema(model, name):
    model_field = _model_field(model, name)
    description = capfirst(str(model_field.verbose_name))
    if model_field.help_text:
        description += f". {model_field.help_text}"
    if model_field.is_relation:
        schema = {"type": "string", "pattern": ID_PATTERN,
                  "description": f"{description} (identificador en «{_ref_entity_key(model_field)}»)"}
    elif isinstance(model_field, models.BooleanField):
        schema = {"type": "boolean", "description": description}
    elif isinstance(model_field, models.IntegerField):
        schema = {"type": "integer", "minimum": 0, "description": description}
        if isinstance(model_field, models.PositiveSmallIntegerField):
            schema["maximum"] = 32767
        if name == "completion_percent":
            schema["maximum"] = 100
    elif isinstance(model_field, models.DateTimeField):
        schema = {"type": "string", "format": "date-time", "description": description + " (ISO 8601, UTC)"}
    elif isinstance(model_field, models.DateField):
        schema = {"type": "string", "format": "date", "description": description + " (AAAA-MM-DD)"}
    elif isinstance(model_field, models.TimeField):
        schema = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$",
                  "description": description + " (HH:MM)"}
    elif isinstance(model_field, models.FileField):
        schema = {"type": "string", "description": description + " (ruta del archivo en el portal)",
                  "anyOf": [{"maxLength": 0}, {"pattern": FILE_PATTERN}]}
    else:
        schema = {"type": "string", "description": description}
        if model_field.choices:
            schema["enum"] = [value for value, _label in model_field.choices]
            if model_field.blank:
                schema["enum"].append("")
        elif model_field.max_length:
            schema["maxLength"] = model_field.max_length
        if isinstance(model_field, models.URLField):
            schema["anyOf"] = [{"maxLength": 0}, {"pattern": r"^https?://"}]
    if model_field.null:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"].append(None)
    return schema


def _is_required(model, name):
    model_field = _model_field(model, name)
    if model_field.is_relation:
        return not model_field.null
    return not (model_field.null or model_field.blank or model_field.has_default() or not model_field.editable)


def _object_schema(model, names, with_id, extra=None, title=None, description=None):
    properties = {}
    required = []
    if with_id:
        properties["id"] = {"type": "string", "pattern": ID_PATTERN,
                            "description": "Identificador estable del registro."}
        required.append("id")
    for name in names:
        properties[name] = _field_schema(model, name)
        if _is_required(model, name):
            required.append(name)
    properties.update(extra or {})
    schema = {"type": "object", "additionalProperties": False, "properties": properties,
              "required": required}
    if title:
        schema["title"] = title
    if description:
        schema["description"] = description
    return schema


def schema():
    """``build_schema()`` built once per process and language (it depends on the code alone): for
    reading only; whoever wants to change it calls ``build_schema()`` for a copy of its own."""
    return _schema_in(get_language())


@functools.cache
def _schema_in(language):
    return build_schema()


def build_schema():
    definitions = {}
    for entity in ENTITIES:
        extra = {}
        for child in entity.children:
            extra[child.key] = {
                "type": "array",
                "description": capfirst(str(child.model._meta.verbose_name_plural)),
                "items": _object_schema(child.model, child.fields, child.with_id),
            }
        if entity.model is Agreement:
            extra["approves"] = {
                "type": "array",
                "description": "Lo que aprobó el acuerdo. La fuente es el campo «approved_by» "
                               "(o «route_approved_by») de lo aprobado; esta lista debe coincidir.",
                "items": {
                    "type": "object", "additionalProperties": False, "required": ["type", "id"],
                    "properties": {
                        "type": {"enum": [kind for kind, _m, _f in APPROVAL_TYPES]},
                        "id": {"type": "string", "pattern": ID_PATTERN},
                    },
                },
            }
        definitions[entity.key] = _object_schema(
            entity.model, entity.fields, True, extra,
            title=str(entity.model._meta.verbose_name_plural), description=entity.description)
        if entity.model is Body:
            definitions[entity.key]["properties"]["logo"] = {
                "type": ["string", "null"], "pattern": r"^https?://",
                "description": "Logotipo. Dirección absoluta de la imagen (PNG o JPEG) que sirve el portal; "
                               "null si el secretariado no tiene logotipo. Al importar no se lee: el archivo "
                               "del logotipo se vuelve a subir en el panel."}
        if entity.model in SHARED_MODELS:
            # A shared one may be cited by its key alone, for the installation to find it.
            definition = definitions[entity.key]
            definition["required"] = [name for name in definition["required"] if name != "name"]
            definition["anyOf"] = [{"required": ["name"]}, {"required": ["key"]}]
            definition["properties"]["key"]["description"] += (
                " Con clave, es compartido: al importar se reconoce por ella, nunca se duplica ni se "
                "sobrescribe (salvo que quien importa lo pida); sin «name», solo la cita.")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://portal-stl.example/docs/open-data.schema.json",
        "title": "Datos abiertos del Portal STL",
        "description": "Documento único con el registro de uno o varios Secretariados Técnicos Locales. "
                       "Ver docs/open-data.md.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "version", "scope", *[entity.key for entity in ENTITIES if not entity.optional]],
        "properties": {
            "format": {"const": FORMAT},
            "version": {"enum": list(READABLE_VERSIONS),
                        "description": f"Versión del formato: se escribe la {VERSION}; la 1 se sigue leyendo."},
            "scope": {"enum": ["complete", "public"],
                      "description": "«public»: solo lo publicado; «complete»: todo el registro."},
            "stl": {"type": "string", "pattern": ID_PATTERN,
                    "description": "Archivo de un solo secretariado (su identificador en «bodies»): los "
                                   "identificadores valen dentro del archivo y no chocan con los de otros "
                                   "secretariados. Sin este campo, el archivo es de toda la instalación."},
            **{entity.key: {"type": "array", "items": {"$ref": f"#/$defs/{entity.key}"}}
               for entity in ENTITIES},
        },
        "$defs": definitions,
    }


# Import -----------------------------------------------------------------------------------------


class ImportRefused(Exception):
    """The file was refused; nothing was written. ``messages`` says where and why."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


def _where(entity_key, index, record):
    ident = record.get("id") if isinstance(record, dict) else None
    return f"{entity_key}[{index}]" + (f" «{ident}»" if isinstance(ident, str) else "")


_SCHEMA_MESSAGES = {
    "type": "tipo incorrecto: se esperaba {expected}",
    "required": "falta el campo obligatorio",
    "enum": "valor no permitido; los válidos son: {expected}",
    "const": "valor no permitido; se esperaba {expected}",
    "format": "no es {expected} válida",
    "pattern": "formato no válido",
    "maxLength": "texto demasiado largo (máximo {expected} caracteres)",
    "minimum": "debe ser {expected} o mayor",
    "maximum": "debe ser {expected} o menor",
    "additionalProperties": "campo desconocido",
    "anyOf": "formato no válido",
    "anyOf_required": "falta el campo obligatorio «{expected}»",
}

_TYPE_NAMES = {"string": "texto", "integer": "número entero", "boolean": "verdadero o falso",
               "array": "lista", "object": "objeto", "null": "null"}
_FORMAT_NAMES = {"date": "una fecha (AAAA-MM-DD)",
                 "date-time": "una fecha y hora ISO 8601 con su zona horaria (p. ej. «Z»)"}


def _schema_error_message(error, document):
    path = list(error.absolute_path)
    field_name = None
    if error.validator == "required":
        field_name = error.message.split("'")[1]
    elif error.validator == "additionalProperties":
        extras = [p for p in error.instance if p not in error.schema.get("properties", {})]
        field_name = ", ".join(extras)
    where = []
    record_path = path
    if len(path) >= 2 and isinstance(path[1], int):
        entity_key, index = path[0], path[1]
        record = document[entity_key][index]
        where.append(_where(entity_key, index, record))
        rest = path[2:]
        if len(rest) >= 2 and isinstance(rest[1], int):
            where.append(f"{rest[0]}[{rest[1]}]")
            rest = rest[2:]
        record_path = rest
    elif path:
        where.append(str(path[0]))
        record_path = path[1:]
    if record_path:
        field_name = str(record_path[0]) if field_name is None else field_name
    expected = error.validator_value
    if error.validator == "type":
        expected = " o ".join(_TYPE_NAMES.get(t, t) for t in (expected if isinstance(expected, list)
                                                                 else [expected]))
    elif error.validator == "format":
        expected = _FORMAT_NAMES.get(expected, expected)
    elif error.validator == "enum":
        expected = ", ".join("null" if v is None else f"«{v}»" for v in expected)
    validator = error.validator
    if validator == "anyOf" and all(set(option) == {"required"} for option in expected):
        # «name», or «key» for a shared one
        validator, expected = "anyOf_required", "» o «".join(option["required"][0] for option in expected)
    text = _SCHEMA_MESSAGES.get(validator, error.message).format(expected=expected)
    location = ", ".join(where) or "documento"
    if field_name:
        return f"{location}, campo «{field_name}»: {text}."
    return f"{location}: {text}."


def _format_checker(format_checker_class):
    """jsonschema's checks, with date-time checked the same way whatever optional packages are
    installed (jsonschema only checks it when rfc3339-validator happens to be there)."""
    checker = format_checker_class()

    @checker.checks("date-time", raises=ValueError)
    def is_datetime_with_zone(value):
        if not isinstance(value, str):
            return True
        return datetime.datetime.fromisoformat(value).tzinfo is not None

    return checker


def _check_schema(document):
    from jsonschema import Draft202012Validator, FormatChecker

    validator = Draft202012Validator(schema(), format_checker=_format_checker(FormatChecker))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    return [_schema_error_message(error, document) for error in errors[:25]]


MAX_DEPTH = 20  # the format nests five levels; anything much deeper is not a file of the portal


def check_structure(document):
    """Refuse what no validation further on handles well: nesting far deeper than the format's
    (it would exhaust Python's recursion) and the NUL character (PostgreSQL stores no text with it).
    Walked without recursion, so any depth is answered with a message."""
    messages = []
    stack = [(document, (), 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ImportRefused([_("El documento anida listas u objetos a más de %(depth)s niveles; el "
                                   "formato no lo hace.") % {"depth": MAX_DEPTH}])
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and "\x00" in key:
                    messages.append(_("%(where)s: un nombre de campo contiene el carácter nulo (\\u0000), "
                                      "que no se admite.") % {"where": _path_text(path)})
                stack.append((item, (*path, key), depth + 1))
        elif isinstance(value, list):
            stack.extend((item, (*path, index), depth + 1) for index, item in enumerate(value))
        elif isinstance(value, str) and "\x00" in value:
            messages.append(_("%(where)s: el texto contiene el carácter nulo (\\u0000), que no se admite.")
                            % {"where": _path_text(path)})
        if len(messages) >= 25:
            break
    if messages:
        raise ImportRefused(sorted(messages))


def _path_text(path):
    """«commitments[2], campo «title»» from a path inside the document."""
    if not path:
        return _("documento")
    text = str(path[0])
    rest = path[1:]
    while rest:
        part, rest = rest[0], rest[1:]
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f", campo «{part}»"
    return text


def parse(text):
    try:
        document = json.loads(text)
    except RecursionError as error:
        raise ImportRefused([_("El documento anida listas u objetos a más de %(depth)s niveles; el "
                               "formato no lo hace.") % {"depth": MAX_DEPTH}]) from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportRefused([_("El archivo no es JSON válido (línea %(line)s, columna %(col)s): %(msg)s.")
                             % {"line": getattr(error, "lineno", "?"), "col": getattr(error, "colno", "?"),
                                "msg": getattr(error, "msg", str(error))}]) from error
    return document


def _from_json(model_field, value):
    if value is None:
        return None
    if isinstance(model_field, models.DateTimeField):
        parsed = datetime.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError(_("indique la zona horaria (p. ej. «Z»)"))
        return parsed
    if isinstance(model_field, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(model_field, models.TimeField):
        return datetime.time.fromisoformat(value)
    return value


class _Importer:
    """Loads one file. A file of the whole installation (or of version 1) keeps its ids as the
    records' identifiers and only adds. The file of one STL («stl») adds or updates that STL: a record
    is that STL's record with the same natural id (stored as it is or namespaced), or a new one, stored
    under its natural id when it is free and «<stl>--<id>» when another STL's record has it; references
    resolve inside the file; shared institutions and people are found by their key."""

    def __init__(self, document, progress=None, reason="Importación de datos abiertos", update_shared=False,
                 notes=None):
        self.document = document
        self.progress = progress
        self.reason = reason
        self.update_shared = update_shared
        self.notes = notes if notes is not None else []
        self.ids = {}  # (model, id in the file) → pk for the records of this file
        self.counts = {}
        self.stl_id = document.get("stl")  # the file of one STL: its id in «bodies»
        self.stl = None  # that STL, when the installation already holds it
        self.owner_id = None  # the STL that institutions and people without «key» belong to
        self.changed = {"created": 0, "updated": 0}

    def refuse(self, where, field_name, message):
        if field_name:
            raise ImportRefused([f"{where}, campo «{field_name}»: {message}"])
        raise ImportRefused([f"{where}: {message}"])

    def check_duplicates(self):
        messages = []
        for entity in ENTITIES:
            seen = {}
            for index, record in enumerate(self.document.get(entity.key, [])):
                seen.setdefault(record["id"], []).append(index)
                for child in entity.children:
                    if child.with_id:
                        for item in record.get(child.key, []):
                            seen.setdefault(item["id"], []).append(index)
            for ident, indexes in seen.items():
                if len(indexes) > 1:
                    messages.append(_("%(list)s: el identificador «%(id)s» está repetido (registros %(where)s).")
                                    % {"list": entity.key, "id": ident,
                                       "where": ", ".join(map(str, indexes))})
        if messages:
            raise ImportRefused(messages)

    def check_owner(self):
        """Whose file this is. One STL's file names it in «stl» and carries that STL and no other; the
        installation's record with that identifier must be that STL (then the file updates it)."""
        stls = [body.get("id") for body in self.document["bodies"] if body.get("kind", Body.Kind.STL) == Body.Kind.STL]
        if self.stl_id is None:
            if self.document.get("version") == 1 and len(stls) == 1:
                self.owner_id = stls[0]  # a file of one STL written before version 2
            return
        if stls != [self.stl_id]:
            raise ImportRefused([_("El archivo es de un solo secretariado («stl»: «%(id)s»): su lista «bodies» debe "
                                   "traer ese secretariado y ningún otro (trae: %(found)s).")
                                 % {"id": self.stl_id, "found": ", ".join(f"«{i}»" for i in stls) or _("ninguno")}])
        existing = Body.objects.filter(identifier=self.stl_id).first()
        if existing is not None and existing.kind != Body.Kind.STL:
            raise ImportRefused([_("«stl»: en esta instalación, «%(id)s» es «%(name)s», un órgano de %(owner)s; "
                                   "importar el archivo sobrescribiría un registro de otro secretariado.")
                                 % {"id": self.stl_id, "name": existing, "owner": existing.stl}])
        self.stl = existing
        self.owner_id = self.stl_id

    def own(self, model, ident):
        """This STL's record that has the natural id ``ident`` in its file, if the installation has it."""
        if self.stl is None:
            return None
        candidates = [ident, f"{self.stl_id}{NAMESPACE}{ident}"]
        mine = stl_filter(model, self.stl)
        if model in SHARED_MODELS:
            # One that belongs to no STL and is not shared (written before version 2) travels in the
            # file of each STL that uses it; the file of this STL makes it its own.
            mine |= models.Q(stl__isnull=True, key__isnull=True)
        found = {obj.identifier: obj for obj in model._default_manager.filter(mine, identifier__in=candidates)}
        return found.get(candidates[0]) or found.get(candidates[1])

    def free_identifier(self, model, ident, where):
        """The identifier a new record of the file is stored under."""
        manager = model._default_manager
        if not manager.filter(identifier=ident).exists():
            return ident
        if self.stl_id is None:
            self.refuse(where, "id", _("ya existe un registro con el identificador «%(id)s».") % {"id": ident})
        namespaced = f"{self.stl_id}{NAMESPACE}{ident}"
        if len(namespaced) > 100 or manager.filter(identifier=namespaced).exists():
            self.refuse(where, "id", _("«%(id)s» ya es de otro registro de la instalación y «%(namespaced)s», "
                                       "donde se guardaría aparte, no está libre.")
                        % {"id": ident, "namespaced": namespaced})
        return namespaced

    def resolve(self, model_field, value, where):
        if value is None:
            return None
        target = model_field.related_model
        pk = self.ids.get((target, value))
        if pk is None and self.stl_id is None:
            # A file of the installation may point at records it already holds.
            pk = target._default_manager.filter(identifier=value).values_list("pk", flat=True).first()
        if pk is None:
            self.refuse(where, model_field.name,
                        _("hace referencia a «%(id)s», que no existe en «%(list)s».")
                        % {"id": value, "list": _ref_entity_key(model_field)})
        return pk

    def build(self, model, names, record, where, extra=None, derived=(), instance=None):
        if instance is None:
            instance = model(**(extra or {}))
        for name in names:
            if name not in record or name in derived:
                continue
            model_field = _model_field(model, name)
            value = record[name]
            try:
                if model_field.is_relation:
                    setattr(instance, model_field.attname, self.resolve(model_field, value, where))
                else:
                    setattr(instance, name, _from_json(model_field, value))
            except ValueError as error:
                self.refuse(where, name, _("valor no válido: %(error)s.") % {"error": error})
        return instance

    def save(self, instance, where, file_id=None, exclude=None):
        try:
            instance.full_clean(exclude=exclude)
        except ValidationError as error:
            self.refuse_validation(where, error)
        except ObjectDoesNotExist as error:
            self.refuse(where, None, _("falta un registro relacionado: %(error)s.") % {"error": error})
        instance._change_reason = self.reason
        created = instance.pk is None
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError as error:
            self.refuse(where, None, _("viola una regla de integridad de la base de datos: %(error)s.")
                        % {"error": error})
        self.changed["created" if created else "updated"] += 1
        if file_id or instance.identifier:
            self.ids[(type(instance), file_id or instance.identifier)] = instance.pk

    def refuse_validation(self, where, error):
        if hasattr(error, "error_dict"):
            messages = []
            for name, errors in error.message_dict.items():
                label = "id" if name == "identifier" else name
                for message in errors:
                    messages.append(f"{where}, campo «{label}»: {message}" if name != "__all__"
                                    else f"{where}: {message}")
            raise ImportRefused(messages)
        raise ImportRefused([f"{where}: {message}" for message in error.messages])

    def upsert(self, model, names, record, where, extra=None, derived=(), defaults=None):
        """A record of the file: this STL's record updated (saved only if something changed) or a new one."""
        existing = self.own(model, record["id"]) if "id" in record else None
        if existing is None:
            instance = self.build(model, names, record, where, extra={**(defaults or {}), **(extra or {})},
                                  derived=derived)
            if "id" in record:
                instance.identifier = self.free_identifier(model, record["id"], where)
            before = None
        else:
            before = _snapshot(existing)
            instance = self.build(model, names, record, where, derived=derived, instance=existing)
            for name, value in (extra or {}).items():
                setattr(instance, name, value)
        if model in SHARED_MODELS and self.owner_id is not None and (self.stl_id or "stl" not in record):
            instance.stl_id = self.ids[(Body, self.owner_id)]
        if before is None or _snapshot(instance) != before:
            self.save(instance, where, record.get("id"))
        else:
            self.ids[(model, record["id"])] = instance.pk
        return instance, existing is not None

    def shared(self, entity, record, where):
        """A shared institution or person: found by its key, never duplicated, not overwritten unless
        asked; created when the installation lacks it and the file carries it whole."""
        model = entity.model
        names = [name for name in entity.fields if name != "stl"]
        found = model._default_manager.filter(key=record["key"]).first()
        if found is None:
            if "name" not in record:
                self.refuse(where, "key", _("no hay en esta instalación nada compartido con la clave «%(key)s» y "
                                            "el archivo solo la cita (sin «name»): no puede crearse. Pida al personal "
                                            "que ponga esa clave a quien corresponda, o incluya sus datos.")
                            % {"key": record["key"]})
            instance = self.build(model, names, record, where)
            instance.stl_id = None
            free = not model._default_manager.filter(identifier=record["id"]).exists()
            instance.identifier = record["id"] if free else new_identifier(record["key"])
            self.save(instance, where, record["id"])
            return
        if "name" in record:
            before = _snapshot(found)
            self.build(model, names, record, where, instance=found)
            if _snapshot(found) != before:
                if self.update_shared:
                    self.save(found, where, record["id"])
                else:
                    self.notes.append(_("%(where)s: «%(key)s» es compartido y ya existe; se dejó como estaba aunque "
                                        "el archivo lo describe distinto (para reemplazarlo, importe con "
                                        "--update-shared).") % {"where": where, "key": record["key"]})
        self.ids[(model, record["id"])] = found.pk

    def run(self):
        self.check_duplicates()
        self.check_owner()
        self.counts = {entity.key: 0 for entity in ENTITIES}
        # Bodies first: institutions and people name the STL they belong to.
        order = [ENTITY_BY_MODEL[Body], *[entity for entity in ENTITIES if entity.model is not Body]]
        for entity in order:
            records = self.document.get(entity.key, [])
            total = len(records)
            ordered = list(enumerate(records))
            if entity.model is Body:
                # An STL before the operational group and working tables that belong to it.
                ordered.sort(key=lambda pair: pair[1].get("parent") is not None)
            if entity.model is Institution:
                # A successor before the institutions it succeeds (A → B → C: C, then B, then A).
                by_id = {item.get("id"): item for item in records}
                ordered.sort(key=lambda pair: _succession_depth(pair[1], by_id))
            for done, (index, record) in enumerate(ordered):
                where = _where(entity.key, index, record)
                if entity.model in SHARED_MODELS and record.get("key"):
                    self.shared(entity, record, where)
                    continue
                instance, existed = self.upsert(entity.model, entity.fields, record, where,
                                                defaults=entity.import_defaults, derived=entity.derived_fields)
                for child in entity.children:
                    self.import_children(child, instance, existed, record, where)
                if entity.model is Session:
                    self.check_quorum(instance, record, where, existed)
                if self.progress and (done + 1) % 500 == 0:
                    self.progress(entity.key, done + 1, total)
            if self.progress and total:
                self.progress(entity.key, total, total)
            self.counts[entity.key] = total
        self.check_approvals()
        return self.counts

    def import_children(self, child, parent, existed, record, where):
        if child.optional and child.key not in record:
            return  # a file written before the list existed says nothing about it
        items = record.get(child.key, [])
        extra = {child.parent_fk: parent}
        if child.with_id:
            for child_index, item in enumerate(items):
                self.upsert(child.model, child.fields, item, f"{where}, {child.key}[{child_index}]", extra=extra)
            return
        built = [(self.build(child.model, child.fields, item, f"{where}, {child.key}[{child_index}]", extra=extra),
                  f"{where}, {child.key}[{child_index}]") for child_index, item in enumerate(items)]
        if existed:
            current = list(child.model._default_manager.filter(**{child.parent_fk: parent}))
            if sorted(_values(old, child) for old in current) == sorted(_values(new, child) for new, _w in built):
                return
            for old in current:
                old._change_reason = self.reason
                old.delete()
        for child_instance, child_where in built:
            self.save(child_instance, child_where)

    def check_quorum(self, session, record, where, existed=False):
        try:
            session.validate_attendance(list(session.attendances.select_related("seat")))
        except ValidationError as error:
            self.refuse(where, "attendance", error.messages[0])
        present, required, reached = session.compute_quorum()
        if not session.attendances.exists():
            present = required = reached = None
        for name, value in (("quorum_present", present), ("quorum_required", required),
                            ("has_quorum", reached)):
            if name in record and record[name] != value:
                self.refuse(where, name, _("no coincide con la asistencia registrada (según la asistencia: "
                                           "%(value)s).") % {"value": "null" if value is None else value})
        if existed and (session.quorum_present, session.quorum_required, session.has_quorum) == (
                present, required, reached):
            return
        session.quorum_present, session.quorum_required, session.has_quorum = present, required, reached
        session._change_reason = self.reason
        session.save()

    def check_approvals(self):
        file_ids = {(model, pk): ident for (model, ident), pk in self.ids.items()}
        agreements = [pk for (model, _ident), pk in self.ids.items() if model is Agreement]
        actual = {}
        for kind, model, fk in APPROVAL_TYPES:
            rows = model._default_manager.filter(**{f"{fk}__in": agreements}).values_list("pk", "identifier", fk)
            for pk, ident, agreement_pk in rows:
                actual.setdefault(agreement_pk, set()).add((kind, file_ids.get((model, pk), ident)))
        for index, record in enumerate(self.document["agreements"]):
            if "approves" not in record:
                continue
            pk = self.ids[(Agreement, record["id"])]
            stated = {(item["type"], item["id"]) for item in record["approves"]}
            if stated != actual.get(pk, set()):
                listed = ", ".join(f"{t} «{i}»" for t, i in sorted(actual.get(pk, set()))) or _("nada")
                self.refuse(_where("agreements", index, record), "approves",
                            _("no coincide con lo que señala como aprobado por este acuerdo "
                              "(«approved_by»): %(listed)s.") % {"listed": listed})


def _snapshot(instance):
    """The stored values of a record, to tell whether a file changes it."""
    values = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.attname in ("revision", "updated_at"):
            continue
        value = getattr(instance, model_field.attname)
        if isinstance(model_field, models.FileField):
            value = str(value.name or "") if value else ""
        values[model_field.attname] = value
    return values


def _values(instance, child):
    """A child row (an agenda item, an attendance) as comparable values, without its identifier."""
    snapshot = _snapshot(instance)
    return tuple(repr(snapshot[_model_field(child.model, name).attname]) for name in child.fields)


def _succession_depth(record, by_id):
    depth, seen = 0, set()
    while record.get("successor") in by_id and record["successor"] not in seen:
        seen.add(record["successor"])
        record = by_id[record["successor"]]
        depth += 1
    return depth


# Booleans that files written before the shared certainty choice carry: list, old field, new fields.
OLDER_CERTAINTY_FIELDS = (("sessions", "date_is_illustrative", ("date_certainty",)),
                          ("route_phases", "dates_are_illustrative",
                           ("planned_start_certainty", "planned_end_certainty")))


def read_older_fields(document):
    """The document with the booleans of older files read as the certainty choice: ``true`` is
    «illustrative» (a certainty the file also gives wins), ``false`` says nothing more than «certain».
    The caller's document is left as it is."""
    if not isinstance(document, dict):
        return document
    document = dict(document)
    for key, old, new in OLDER_CERTAINTY_FIELDS:
        records = document.get(key)
        if not isinstance(records, list):
            continue
        read = []
        for record in records:
            if isinstance(record, dict) and old in record:
                record = dict(record)
                flag = record.pop(old)
                if flag is True:
                    for name in new:
                        record.setdefault(name, DateCertainty.ILLUSTRATIVE.value)
                elif flag is not False:
                    record[old] = flag  # not a boolean: the schema check says so
            read.append(record)
        document[key] = read
    return document


def upgrade(document):
    """A file of an earlier version as the current one, for ``import_stl --convert``. Version 1 → 2:
    a file with one STL becomes that STL's file («stl», and its institutions and people are its own);
    with several it stays the installation's. Nothing else changes: version 1's ids were already unique."""
    if not isinstance(document, dict):
        raise ImportRefused([_("El documento debe ser un objeto JSON con las listas del formato.")])
    check_structure(document)
    if document.get("format") != FORMAT:
        raise ImportRefused([_("El documento no está en el formato «%(format)s» (campo «format»).")
                             % {"format": FORMAT}])
    document = read_older_fields(document)
    if document.get("version") == 1:
        stls = [body.get("id") for body in document.get("bodies", []) if isinstance(body, dict)
                and body.get("kind", Body.Kind.STL) == Body.Kind.STL]
        upgraded = {}
        for key, value in document.items():
            upgraded[key] = VERSION if key == "version" else value
            if key == "scope" and len(stls) == 1:
                upgraded["stl"] = stls[0]
        if len(stls) == 1:
            for key in ("institutions", "people"):
                upgraded[key] = [{**record, "stl": record.get("stl") or (None if record.get("key") else stls[0])}
                                 for record in document.get(key, [])]
        document = upgraded
    messages = _check_schema(document)
    if messages:
        raise ImportRefused(messages)
    return document


def import_document(document, progress=None, reason="Importación de datos abiertos", update_shared=False,
                    notes=None, changes=None):
    """Load a document in the open-data format in one transaction; refuse it whole on any error.

    A file of one STL («stl») adds or updates that STL only; ``update_shared`` lets it rewrite the
    shared institutions and people it describes differently (otherwise kept, with a line in ``notes``).
    ``changes`` (a dict), if given, receives how many rows were created and updated."""
    if not isinstance(document, dict):
        raise ImportRefused([_("El documento debe ser un objeto JSON con las listas del formato.")])
    check_structure(document)
    if document.get("format") != FORMAT:
        raise ImportRefused([_("El documento no está en el formato «%(format)s» (campo «format»).")
                             % {"format": FORMAT}])
    document = read_older_fields(document)
    messages = _check_schema(document)
    if messages:
        raise ImportRefused(messages)
    with transaction.atomic():
        importer = _Importer(document, progress, reason, update_shared=update_shared, notes=notes)
        counts = importer.run()
    if changes is not None:
        changes.update(importer.changed)
    return counts
