"""The history page of any record: who changed what, when, field by field.

One generic view serves every tracked model of the four apps at
``/panel/historial/<app_label>.<model>/<identifier>/`` (URL name ``panel:history``; in templates
``{% load panel %}{% history_url record %}``). The record must belong to the account's STL, or the
page answers 404 as if it did not exist.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.db.models import ForeignKey, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.search import SEARCH_COLUMNS
from workgroups.access import member_required
from workgroups.models import Body, Institution, Person

TRACKED_APPS = settings.STL_RECORD_APPS
HISTORY_LIMIT = 100
# How a record reaches its STL: the first of these relations it has.
PARENTS = ("body", "session", "agreement", "document", "plan", "commitment", "milestone", "seat", "change",
           "consultation")


def _kinds():
    return {"+": _("Creación"), "~": _("Cambio"), "-": _("Eliminación")}


def history_url(record):
    meta = record._meta
    return reverse("panel:history", args=[f"{meta.app_label}.{meta.model_name}", record.identifier])


def stl_of(record):
    """The STL a record belongs to, or None for shared records (institutions, people)."""
    stl = getattr(record, "stl", None)
    if isinstance(stl, Body):
        return stl
    for name in PARENTS:
        parent = getattr(record, name, None)
        if parent is not None and hasattr(parent, "_meta"):
            return stl_of(parent)
    return None


def belongs_to_stl(record, stl):
    if isinstance(record, Institution):
        return Institution.objects.filter(pk=record.pk).filter(
            Q(memberships__body=stl) | Q(memberships__body__parent=stl) | Q(accounts__stl=stl)
            | Q(led_axes__plan__stl=stl)).exists()
    if isinstance(record, Person):
        return Person.objects.filter(pk=record.pk).filter(
            Q(memberships__body=stl) | Q(memberships__body__parent=stl) | Q(accounts__stl=stl)).exists()
    found = stl_of(record)
    return found is not None and found.pk == stl.pk


def _model_or_404(model_label):
    try:
        app_label, model_name = model_label.split(".", 1)
        model = apps.get_model(app_label, model_name)
    except (ValueError, LookupError) as error:
        raise Http404 from error
    if app_label not in TRACKED_APPS or not hasattr(model, "history") or model.__name__.startswith("Historical"):
        raise Http404
    return model


def _display(field, value, related):
    if value is None or value == "":
        return "—"
    if isinstance(field, ForeignKey):
        return str(related.get((field.name, value), f"#{value}"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Sí") if value else _("No")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j \\d\\e F \\d\\e Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j \\d\\e F \\d\\e Y")
    if hasattr(value, "name") and not isinstance(value, str):
        return value.name or "—"
    return value


def _related_objects(model, changes):
    """Every related object a change names, fetched once per foreign key."""
    wanted = {}
    for field_name, old, new in changes:
        field = model._meta.get_field(field_name)
        if isinstance(field, ForeignKey):
            wanted.setdefault(field, set()).update(v for v in (old, new) if v is not None)
    found = {}
    for field, ids in wanted.items():
        for pk, obj in field.related_model._default_manager.in_bulk(list(ids)).items():
            found[(field.name, pk)] = obj
    return found


def history_entries(record):
    model = type(record)
    rows = list(record.history.select_related("history_user").order_by("-history_date", "-history_id")
                [:HISTORY_LIMIT + 1])
    raw = []
    # A model names the fields never shown, not even to members (the e-mail of a public input).
    hidden_from_people = set(getattr(model, "history_hidden_fields", ()))
    fields = [f for f in model._meta.concrete_fields if f.editable and f.name not in ("id", *hidden_from_people)]
    # Columns the portal works out by itself (the search text, the sort key) are not changes a person made.
    hidden = [f.name for f in model._meta.concrete_fields if not f.editable and f.name in SEARCH_COLUMNS]
    for index, row in enumerate(rows[:HISTORY_LIMIT]):
        older = rows[index + 1] if index + 1 < len(rows) else None
        if older is not None:
            changes = [(c.field, c.old, c.new) for c in row.diff_against(older, excluded_fields=hidden).changes
                       if c.field not in hidden_from_people]
        else:
            changes = [(f.name, None, getattr(row, f.attname)) for f in fields
                       if getattr(row, f.attname) not in (None, "", False)]
        raw.append((row, older, changes))
    related = _related_objects(model, [c for _row, _older, changes in raw for c in changes])
    entries = []
    KINDS = _kinds()  # noqa: N806
    for row, older, changes in raw:
        items = []
        for name, old, new in changes:
            field = model._meta.get_field(name)
            items.append({"label": field.verbose_name, "old": _display(field, old, related),
                          "new": _display(field, new, related), "is_new": older is None})
        user = row.history_user
        entries.append({
            "date": row.history_date, "kind": KINDS.get(row.history_type, row.history_type),
            "type": row.history_type, "user": (user.get_full_name() or user.get_username()) if user else None,
            "reason": row.history_change_reason, "changes": items,
        })
    return entries, len(rows) > HISTORY_LIMIT


def back_url(record):
    """Where the history page leads back to: the panel page of the record when there is one."""
    from commitments.models import Commitment, Milestone, MilestoneUpdate

    if isinstance(record, MilestoneUpdate):
        record = record.milestone
    if isinstance(record, Milestone):
        record = record.commitment
    if isinstance(record, Commitment):
        return reverse("panel:commitment_detail", args=[record.identifier])
    getter = getattr(record, "get_absolute_url", None)
    return getter() if getter else None


@member_required
def history(request, model_label, identifier):
    model = _model_or_404(model_label)
    record = get_object_or_404(model, identifier=identifier)
    if not belongs_to_stl(record, request.account.stl):
        raise Http404
    entries, truncated = history_entries(record)
    return render(request, "panel/history.html", {
        "record": record, "verbose_name": model._meta.verbose_name, "entries": entries,
        "truncated": truncated, "limit": HISTORY_LIMIT, "back_url": back_url(record)})
