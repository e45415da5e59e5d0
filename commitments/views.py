"""Public pages of the action plan: commitments (list, page, history), axes, plans and their route.

Only what the public querysets return is shown: published commitments, approved axes. A
commitment's history starts at its publication and shows only its public fields.
"""

import datetime

from django import forms
from django.db.models import Avg, Count, F, OuterRef, Subquery
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.certainty import UNCERTAIN, date_text
from core.charts import Bar, progress_bars, route_timeline
from core.csvfiles import csv_response
from core.public import paginate, serve_file, show_counts
from core.search import by_title, query_terms, search
from core.spanish import long_date
from workgroups.models import Body, Institution
from workgroups.sites import in_site, moved_to_site

from . import dashboard
from .models import (
    COMPLETION_RULE,
    ActionPlan,
    Axis,
    Commitment,
    CommitmentChange,
    Milestone,
    MilestoneUpdate,
    completion_from_progress,
    completion_label,
)

SORTS = {
    # Spanish alphabetical order (core.search.sort_key); "relevancia" only means something with «q».
    "titulo": (_("Título (A–Z)"), None),
    "relevancia": (_("Relevancia (al buscar)"), None),
    # Commitments without milestones go last on both databases (PostgreSQL puts NULL first in DESC).
    "avance": (_("Mayor avance"), [F("progress_value").desc(nulls_last=True), "title", "pk"]),
    "avance-asc": (_("Menor avance"), [F("progress_value").asc(nulls_last=True), "title", "pk"]),
    "inicio": (_("Fecha de inicio"), ["start_date", "title", "pk"]),
    "termino": (_("Fecha de término"), ["end_date", "title", "pk"]),
    "recientes": (_("Actualizados recientemente"), ["-updated_at", "pk"]),
}


class AxisChoiceField(forms.ModelChoiceField):
    """An axis named with its plan: two plans can have axes of the same name."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.plan.name})"


class CommitmentFilterForm(forms.Form):
    """The filters of /compromisos/. Unknown values are ignored (with a message), never a 500."""

    q = forms.CharField(label=_("Buscar"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("Busca en el título, el problema público, el objetivo y la solución; "
                                    "sin importar acentos ni mayúsculas."))
    stl = forms.ModelChoiceField(label=_("Secretariado"), required=False, queryset=Body.objects.none(),
                                 to_field_name="identifier", empty_label=_("Todos"))
    eje = AxisChoiceField(label=_("Eje"), required=False, queryset=Axis.objects.none(),
                                 to_field_name="identifier", empty_label=_("Todos"))
    tipo = forms.ChoiceField(label=_("Tipo"), required=False,
                             choices=[("", _("Todos"))] + list(Commitment.Kind.choices))
    institucion = forms.ModelChoiceField(label=_("Institución responsable"), required=False,
                                         queryset=Institution.objects.none(), to_field_name="identifier",
                                         empty_label=_("Todas"))
    cumplimiento = forms.ChoiceField(label=_("Nivel de cumplimiento"), required=False,
                                     choices=[("", _("Todos"))] + list(Commitment.Completion.choices))
    orden = forms.ChoiceField(label=_("Ordenar por"), required=False,
                              choices=[(key, label) for key, (label, _o) in SORTS.items()])

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stl"].queryset = Body.objects.stls()
        if getattr(request, "stl", None) is not None:
            del self.fields["stl"]  # an STL's own site lists its own commitments only
        self.fields["eje"].queryset = in_site(Axis.objects.public(), request, "plan__stl", via_body=False
                                              ).select_related("plan").order_by("-plan__start_year", "plan",
                                                                                "order", "name")
        self.fields["institucion"].queryset = Institution.objects.filter(
            pk__in=in_site(Commitment.objects.published(), request, "plan__stl", via_body=False).values(
                "lead_institution"))

    # filter → the field whose values it counts among the published commitments
    COUNTED = {"stl": "plan__stl__identifier", "eje": "axis__identifier", "tipo": "kind",
               "institucion": "lead_institution__identifier", "cumplimiento": "completion"}

    def show_counts(self, published):
        """How many published commitments each option has, beside its label (one query per filter)."""
        for name, path in self.COUNTED.items():
            if name not in self.fields:
                continue
            counts = dict(published.order_by().values_list(path).annotate(n=Count("pk")))
            show_counts(self.fields[name], counts)

    def filter(self, queryset):
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        searched = None
        if data.get("q"):
            searched = search(queryset, data["q"])
            queryset = queryset.none() if searched is None else searched
        if data.get("stl"):
            queryset = queryset.filter(plan__stl=data["stl"])
        if data.get("eje"):
            queryset = queryset.filter(axis=data["eje"])
        if data.get("tipo"):
            queryset = queryset.filter(kind=data["tipo"])
        if data.get("institucion"):
            queryset = queryset.filter(lead_institution=data["institucion"])
        if data.get("cumplimiento"):
            queryset = queryset.filter(completion=data["cumplimiento"])
        key = data.get("orden") or ("relevancia" if searched is not None else "titulo")
        if key == "relevancia" and searched is not None:
            return queryset.order_by("-rank", by_title(), "pk")
        order = SORTS.get(key, SORTS["titulo"])[1] or [by_title(), "pk"]
        return queryset.order_by(*order)


def with_progress(queryset):
    """Annotate the average milestone completion, for sorting by it (a subquery, not a GROUP BY
    over every row)."""
    average = (Milestone.objects.filter(commitment=OuterRef("pk")).order_by().values("commitment")
               .annotate(value=Avg("completion_percent")).values("value"))
    return queryset.annotate(progress_value=Subquery(average))


def attach_progress(commitments):
    """Set ``progress_value`` on the commitments of one page, in one query."""
    commitments = list(commitments)
    values = dict(Milestone.objects.filter(commitment__in=[c.pk for c in commitments]).order_by()
                  .values("commitment").annotate(value=Avg("completion_percent"))
                  .values_list("commitment", "value"))
    for commitment in commitments:
        commitment.progress_value = values.get(commitment.pk)
        commitment.completion_by_milestones_value = completion_from_progress(commitment.progress_value)
        commitment.completion_by_milestones_label = completion_label(commitment.completion_by_milestones_value)
    return commitments


def completion_context(commitment, progress=None):
    """Both measures of one commitment for its pages: the level its milestones give and the level
    recorded by hand, whether they disagree, and the rule in words."""
    progress = commitment.progress() if progress is None else progress
    derived = completion_from_progress(progress)
    return {"progress": progress, "by_milestones": derived, "by_milestones_label": completion_label(derived),
            "disagrees": derived is not None and derived != commitment.completion,
            "completion_rule": COMPLETION_RULE}


# The list shows none of these; leaving them out keeps the sort of a deep page light.
LONG_TEXT = ["public_problem", "objective", "solution", "relevance_transparency", "relevance_participation",
             "relevance_accountability", "relevance_technology", "other_actors", "withdrawal_reason",
             "axis__description", "plan__description", "plan__stl__description"]


def commitment_list(request):
    form = CommitmentFilterForm(request.GET or None, request=request)
    published = in_site(Commitment.objects.published(), request, "plan__stl", via_body=False)
    form.show_counts(published)
    if form.is_bound:
        form.is_valid()  # fills cleaned_data with the valid filters; invalid ones show their error
    commitments = published.select_related("axis", "lead_institution", "plan__stl").defer(
        *LONG_TEXT)
    if form.is_bound and (form.cleaned_data.get("orden") or "").startswith("avance"):
        commitments = with_progress(commitments)
    commitments = form.filter(commitments) if form.is_bound else commitments.order_by(by_title(), "pk")
    page, query = paginate(request, commitments)
    page.object_list = attach_progress(page.object_list)
    return render(request, "commitments/commitment_list.html", {
        "form": form, "page": page, "query": query, "commitments": page.object_list,
        "search_terms": query_terms(form.cleaned_data.get("q") or "") if form.is_bound else [],
    })


PUBLIC_HISTORY_FIELDS = [
    "title", "kind", "axis", "lead_institution", "other_actors", "public_problem", "objective",
    "solution", "relevance_transparency", "relevance_participation", "relevance_accountability",
    "relevance_technology", "start_date", "start_date_certainty", "end_date", "end_date_certainty", "completion",
]
PUBLIC_MILESTONE_FIELDS = ["title", "description", "start_date", "start_date_certainty", "end_date",
                           "end_date_certainty", "completion_percent", "evidence_url"]


def _display(model, name, value, names, row=None):
    """A field's value as the public history shows it; a date with the certainty ``row`` gave it then
    (an unknown date is never shown, core/certainty.py)."""
    field = model._meta.get_field(name)
    certainty = getattr(row, f"{name}_certainty", None) if row is not None else None
    if certainty in UNCERTAIN:
        return date_text(value, certainty)
    if value in (None, ""):
        return "—"
    if field.is_relation:
        return names.get((field.related_model, value), "—")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def _event_day(moment):
    """The local calendar day of an event (moments and plain dates compare as days)."""
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()
    return moment


def _event_order(event):
    """Day first; within a day, moments by their time and a dated report after them."""
    moment = event["date"]
    if isinstance(moment, datetime.datetime):
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        return (local.date(), local.time())
    return (moment, datetime.time.max)


def public_history(commitment):
    """What happened since publication, newest first, each event on the day it happened.

    Rows before ``published_at`` (drafts, the approval workflow) and rows while withdrawn are never
    read; only public fields are compared. A commitment that came into the portal already published
    (an import of open data, the demo) was published on its own date, its milestones' reported
    progress is dated by each report, and the load itself is one event, «incorporado al registro el
    …», never «se agregó el hito» on the day of the import."""
    if not commitment.published_at:
        return []
    since = commitment.published_at
    rows = list(commitment.history.filter(history_date__gte=since, status=Commitment.Status.PUBLISHED)
                .order_by("history_date", "history_id"))
    milestone_rows = list(Milestone.history.filter(commitment_id=commitment.pk, history_date__gte=since)
                          .order_by("history_date", "history_id"))
    updates = list(MilestoneUpdate.objects.filter(milestone__commitment=commitment, date__gte=_event_day(since))
                   .select_related("milestone").order_by("date", "pk"))
    axis_ids = {row.axis_id for row in rows}
    institution_ids = {row.lead_institution_id for row in rows}
    names = {(Axis, pk): name for pk, name in Axis.objects.filter(pk__in=axis_ids).values_list("pk", "name")}
    names.update({(Institution, pk): name for pk, name in
                  Institution.objects.filter(pk__in=institution_ids).values_list("pk", "name")})
    created = commitment.history.filter(history_type="+").order_by("history_date").first()
    incorporated = None
    if created is not None and created.status == Commitment.Status.PUBLISHED:
        # Created already published: a load, not the panel (which publishes approved drafts).
        incorporated = (created.history_change_reason, _event_day(created.history_date))

    def loaded(row):
        return incorporated is not None and (row.history_change_reason, _event_day(row.history_date)) == incorporated

    events = []
    if incorporated is not None:
        events.append({"date": created.history_date, "has_time": True, "kind": "incorporated",
                       "what": _("Incorporado al registro el %(day)s, con sus hitos y avances tal como constaban; "
                                 "cada hecho anterior lleva su propia fecha.") % {"day": long_date(timezone.localtime(created.history_date))}})
    previous = None
    for row in rows:
        if previous is None:
            events.append({"date": commitment.published_at if row.history_type == "+" else row.history_date,
                           "has_time": True, "what": _("Se publicó el compromiso."), "changes": []})
        elif not loaded(row):
            changes = []
            for name in PUBLIC_HISTORY_FIELDS:
                attname = Commitment._meta.get_field(name).attname
                old, new = getattr(previous, attname), getattr(row, attname)
                if old != new:
                    changes.append({
                        "field": Commitment._meta.get_field(name).verbose_name,
                        "old": _display(Commitment, name, old, names, previous),
                        "new": _display(Commitment, name, new, names, row),
                    })
            if changes:
                events.append({"date": row.history_date, "has_time": True, "what": _("Cambió el compromiso."),
                               "changes": changes})
        previous = row
    # Progress comes from the dated reports below; a milestone row only adds what they do not say.
    reported = {(update.milestone_id, update.completion_percent) for update in updates}
    last_milestone = {}
    for row in milestone_rows:
        before = last_milestone.get(row.id)
        last_milestone[row.id] = row
        if loaded(row):
            continue
        if row.history_type == "+":
            events.append({"date": row.history_date, "has_time": True, "changes": [],
                           "what": _("Se agregó el hito «%(title)s».") % {"title": row.title}})
        elif row.history_type == "-":
            events.append({"date": row.history_date, "has_time": True, "changes": [],
                           "what": _("Se quitó el hito «%(title)s».") % {"title": row.title}})
        elif before is not None:
            changes = [{"field": Milestone._meta.get_field(name).verbose_name,
                        "old": _display(Milestone, name, getattr(before, name), names, before),
                        "new": _display(Milestone, name, getattr(row, name), names, row)}
                       for name in PUBLIC_MILESTONE_FIELDS if getattr(before, name) != getattr(row, name)
                       and not (name in ("completion_percent", "evidence_url")
                                and (row.id, row.completion_percent) in reported)]
            if changes:
                events.append({"date": row.history_date, "has_time": True, "changes": changes,
                               "what": _("Cambió el hito «%(title)s».") % {"title": row.title}})
        elif (row.id, row.completion_percent) not in reported:
            events.append({"date": row.history_date, "has_time": True, "changes": [],
                           "what": _("Se actualizó el hito «%(title)s» (avance: %(percent)s %%).")
                           % {"title": row.title, "percent": row.completion_percent}})
    for update in updates:
        events.append({"date": update.date, "has_time": False, "changes": [], "note": update.note,
                       "certainty": update.date_certainty,
                       "what": _("Avance del hito «%(title)s»: %(percent)s %%.")
                       % {"title": update.milestone.title, "percent": update.completion_percent}})
    events.sort(key=_event_order, reverse=True)
    return events


def commitment_detail(request, identifier):
    commitment = get_object_or_404(
        in_site(Commitment.objects.published(), request, "plan__stl", via_body=False).select_related(
            "axis", "lead_institution", "plan__stl", "approved_by__session__body"
        ).prefetch_related("milestones__updates"),
        identifier=identifier,
    )
    if moved := moved_to_site(request, commitment):
        return moved
    changes = list(commitment.changes.filter(status=CommitmentChange.Status.APPROVED).select_related(
        "approved_by__session__body", "new_lead_institution", "old_lead_institution", "commitment",
        "commitment__lead_institution").prefetch_related("milestone_changes").order_by("applied_at", "pk"))
    return render(request, "commitments/commitment_detail.html", {
        "commitment": commitment,
        "changes": changes,
        "milestones": commitment.milestones.all(),
        "history": public_history(commitment),
        **completion_context(commitment),
    })


def milestone_evidence(request, identifier, order):
    milestone = get_object_or_404(in_site(Milestone.objects.filter(commitment__status=Commitment.Status.PUBLISHED),
                                          request, "commitment__plan__stl", via_body=False),
                                  commitment__identifier=identifier, order=order)
    return serve_file(milestone.evidence_file, f"evidencia-{milestone.identifier}")


def axes_with_progress(queryset):
    """The axes as a list, each with ``published_count`` and ``progress_value`` (average milestone
    completion of its published commitments): two grouped queries, cheaper than one join."""
    axes = list(queryset)
    ids = [axis.pk for axis in axes]
    published = Commitment.objects.published().filter(axis__in=ids).order_by()
    counts = dict(published.values("axis").annotate(n=Count("pk")).values_list("axis", "n"))
    progress = dict(Milestone.objects.filter(commitment__in=published.values("pk")).order_by()
                    .values("commitment__axis").annotate(value=Avg("completion_percent"))
                    .values_list("commitment__axis", "value"))
    for axis in axes:
        axis.published_count = counts.get(axis.pk, 0)
        axis.progress_value = progress.get(axis.pk)
    return axes


def axis_bars(axes):
    return [Bar(label=axis.name, value=None if axis.progress_value is None else round(axis.progress_value))
            for axis in axes]


def axis_list(request):
    axes = axes_with_progress(in_site(Axis.objects.public(), request, "plan__stl", via_body=False).select_related(
        "lead_institution", "plan__stl").order_by("plan__stl__name", "plan", "order", "name"))
    return render(request, "commitments/axis_list.html", {"axes": axes})


def axis_detail(request, identifier):
    axis = get_object_or_404(in_site(Axis.objects.public(), request, "plan__stl", via_body=False).select_related(
        "lead_institution", "plan__stl", "approved_by__session", "working_table"), identifier=identifier)
    if moved := moved_to_site(request, axis):
        return moved
    commitments = axis.commitments.published().select_related("lead_institution", "axis", "plan__stl").order_by(by_title(), "pk")
    page, query = paginate(request, commitments)
    page.object_list = attach_progress(page.object_list)
    return render(request, "commitments/axis_detail.html", {
        "axis": axis, "page": page, "query": query, "commitments": page.object_list})


def plan_list(request):
    plans = in_site(ActionPlan.objects.select_related("stl"), request, "stl", via_body=False).order_by(
        "stl__name", "-start_year")
    return render(request, "commitments/actionplan_list.html", {"plans": plans})


def _plan_or_404(request, identifier):
    return get_object_or_404(in_site(ActionPlan.objects.select_related("stl"), request, "stl", via_body=False),
                             identifier=identifier)


def plan_dashboard(request, identifier):
    """The «tablero de seguimiento» of a plan: levels, axes, institutions, the milestones' traffic
    light, each chart with its table (commitments/dashboard.py)."""
    plan = _plan_or_404(request, identifier)
    if moved := moved_to_site(request, plan):
        return moved
    data = dashboard.build(plan)
    others = in_site(ActionPlan.objects.select_related("stl"), request, "stl", via_body=False).exclude(pk=plan.pk).order_by("stl__name", "-start_year")
    return render(request, "commitments/actionplan_dashboard.html", {
        "plan": plan, "others": others, **data, **dashboard.charts(plan, data),
        "level_headers": [label for _value, label in dashboard.LEVELS]})


def plan_dashboard_csv(request, identifier):
    plan = _plan_or_404(request, identifier)
    return csv_response(dashboard.csv_rows(plan, dashboard.build(plan)), f"tablero-{plan.identifier}.csv")


def plan_detail(request, identifier):
    plan = get_object_or_404(in_site(ActionPlan.objects.all(), request, "stl", via_body=False).select_related(
        "stl", "approved_by__session", "route_approved_by__session"), identifier=identifier)
    if moved := moved_to_site(request, plan):
        return moved
    phases = list(plan.route_phases.all())
    axes = axes_with_progress(plan.axes.public().select_related("lead_institution"))
    completion = dict(plan.commitments.published().order_by().values_list("completion").annotate(n=Count("pk")))
    return render(request, "commitments/actionplan_detail.html", {
        "plan": plan, "phases": phases, "axes": axes, "route_outcome": plan.route_outcome(phases),
        "timeline": route_timeline(phases, f"ruta-{plan.pk}", today=min(timezone.localdate(), plan.end_date)),
        "chart": progress_bars(axis_bars(axes), str(_("Avance por eje")), f"avance-{plan.pk}"),
        "completion": [(label, completion.get(value, 0)) for value, label in Commitment.Completion.choices],
    })
