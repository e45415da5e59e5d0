"""Public pages of the action plan: commitments (list, page, history), axes, plans and their route.

Only what the public querysets return is shown: published commitments, approved axes. A
commitment's history starts at its publication and shows only its public fields.
"""

from django import forms
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from core.charts import Bar, progress_bars, route_timeline
from core.public import paginate, serve_file, show_counts
from workgroups.models import Body, Institution

from .models import ActionPlan, Axis, Commitment, Milestone

SORTS = {
    "titulo": (_("Título (A–Z)"), ["title", "pk"]),
    # Commitments without milestones go last on both databases (PostgreSQL puts NULL first in DESC).
    "avance": (_("Mayor avance"), [F("progress_value").desc(nulls_last=True), "title", "pk"]),
    "avance-asc": (_("Menor avance"), [F("progress_value").asc(nulls_last=True), "title", "pk"]),
    "inicio": (_("Fecha de inicio"), ["start_date", "title", "pk"]),
    "termino": (_("Fecha de término"), ["end_date", "title", "pk"]),
    "recientes": (_("Actualizados recientemente"), ["-updated_at", "pk"]),
}


class CommitmentFilterForm(forms.Form):
    """The filters of /compromisos/. Unknown values are ignored (with a message), never a 500."""

    q = forms.CharField(label=_("Buscar"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("Busca en el título, el problema público y el objetivo."))
    stl = forms.ModelChoiceField(label=_("Secretariado"), required=False, queryset=Body.objects.none(),
                                 to_field_name="identifier", empty_label=_("Todos"))
    eje = forms.ModelChoiceField(label=_("Eje"), required=False, queryset=Axis.objects.none(),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stl"].queryset = Body.objects.stls()
        self.fields["eje"].queryset = Axis.objects.public().select_related("plan")
        self.fields["institucion"].queryset = Institution.objects.filter(
            led_commitments__status=Commitment.Status.PUBLISHED).distinct()

    # filter → the field whose values it counts among the published commitments
    COUNTED = {"stl": "plan__stl__identifier", "eje": "axis__identifier", "tipo": "kind",
               "institucion": "lead_institution__identifier", "cumplimiento": "completion"}

    def show_counts(self, published):
        """How many published commitments each option has, beside its label (one query per filter)."""
        for name, path in self.COUNTED.items():
            counts = dict(published.order_by().values_list(path).annotate(n=Count("pk")))
            show_counts(self.fields[name], counts)

    def filter(self, queryset):
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        if data.get("q"):
            words = data["q"].split()[:8]
            for word in words:
                queryset = queryset.filter(Q(title__icontains=word) | Q(public_problem__icontains=word)
                                           | Q(objective__icontains=word))
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
        order = SORTS.get(data.get("orden") or "titulo", SORTS["titulo"])[1]
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
    return commitments


# The list shows none of these; leaving them out keeps the sort of a deep page light.
LONG_TEXT = ["public_problem", "objective", "solution", "relevance_transparency", "relevance_participation",
             "relevance_accountability", "relevance_technology", "other_actors", "withdrawal_reason",
             "axis__description", "plan__description", "plan__stl__description"]


def commitment_list(request):
    form = CommitmentFilterForm(request.GET or None)
    form.show_counts(Commitment.objects.published())
    if form.is_bound:
        form.is_valid()  # fills cleaned_data with the valid filters; invalid ones show their error
    commitments = Commitment.objects.published().select_related("axis", "lead_institution", "plan__stl").defer(
        *LONG_TEXT)
    if form.is_bound and (form.cleaned_data.get("orden") or "").startswith("avance"):
        commitments = with_progress(commitments)
    commitments = form.filter(commitments) if form.is_bound else commitments.order_by("title", "pk")
    page, query = paginate(request, commitments)
    page.object_list = attach_progress(page.object_list)
    return render(request, "commitments/commitment_list.html", {
        "form": form, "page": page, "query": query, "commitments": page.object_list,
    })


PUBLIC_HISTORY_FIELDS = [
    "title", "kind", "axis", "lead_institution", "other_actors", "public_problem", "objective",
    "solution", "relevance_transparency", "relevance_participation", "relevance_accountability",
    "relevance_technology", "start_date", "end_date", "completion",
]
PUBLIC_MILESTONE_FIELDS = ["title", "description", "start_date", "end_date", "completion_percent",
                           "evidence_url"]


def _display(model, name, value, names):
    field = model._meta.get_field(name)
    if value in (None, ""):
        return "—"
    if field.is_relation:
        return names.get((field.related_model, value), "—")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def public_history(commitment):
    """What changed since publication, newest first. Rows before ``published_at`` (drafts, the
    approval workflow) and rows while withdrawn are never read; only public fields are compared."""
    if not commitment.published_at:
        return []
    since = commitment.published_at
    rows = list(commitment.history.filter(history_date__gte=since, status=Commitment.Status.PUBLISHED)
                .order_by("history_date", "history_id"))
    milestone_rows = list(Milestone.history.filter(commitment_id=commitment.pk, history_date__gte=since)
                          .order_by("history_date", "history_id"))
    axis_ids = {row.axis_id for row in rows}
    institution_ids = {row.lead_institution_id for row in rows}
    names = {(Axis, pk): name for pk, name in Axis.objects.filter(pk__in=axis_ids).values_list("pk", "name")}
    names.update({(Institution, pk): name for pk, name in
                  Institution.objects.filter(pk__in=institution_ids).values_list("pk", "name")})
    events = []
    previous = None
    for row in rows:
        if previous is None:
            # A record created already published (an import) was published on its own date.
            when = commitment.published_at if row.history_type == "+" else row.history_date
            events.append({"date": when, "what": _("Se publicó el compromiso."), "changes": []})
        else:
            changes = []
            for name in PUBLIC_HISTORY_FIELDS:
                attname = Commitment._meta.get_field(name).attname
                old, new = getattr(previous, attname), getattr(row, attname)
                if old != new:
                    changes.append({
                        "field": Commitment._meta.get_field(name).verbose_name,
                        "old": _display(Commitment, name, old, names),
                        "new": _display(Commitment, name, new, names),
                    })
            if changes:
                events.append({"date": row.history_date, "what": _("Cambió el compromiso."), "changes": changes})
        previous = row
    last_milestone = {}
    for row in milestone_rows:
        before = last_milestone.get(row.id)
        if row.history_type == "+":
            events.append({"date": row.history_date, "changes": [],
                           "what": _("Se agregó el hito «%(title)s».") % {"title": row.title}})
        elif row.history_type == "-":
            events.append({"date": row.history_date, "changes": [],
                           "what": _("Se quitó el hito «%(title)s».") % {"title": row.title}})
        elif before is not None:
            changes = [{"field": Milestone._meta.get_field(name).verbose_name,
                        "old": _display(Milestone, name, getattr(before, name), names),
                        "new": _display(Milestone, name, getattr(row, name), names)}
                       for name in PUBLIC_MILESTONE_FIELDS if getattr(before, name) != getattr(row, name)]
            if changes:
                events.append({"date": row.history_date, "changes": changes,
                               "what": _("Cambió el hito «%(title)s».") % {"title": row.title}})
        else:
            events.append({"date": row.history_date, "changes": [],
                           "what": _("Se actualizó el hito «%(title)s» (avance: %(percent)s %%).")
                           % {"title": row.title, "percent": row.completion_percent}})
        last_milestone[row.id] = row
    events.sort(key=lambda event: event["date"], reverse=True)
    return events


def commitment_detail(request, identifier):
    commitment = get_object_or_404(
        Commitment.objects.published().select_related(
            "axis", "lead_institution", "plan__stl", "approved_by__session__body"
        ).prefetch_related("milestones__updates"),
        identifier=identifier,
    )
    return render(request, "commitments/commitment_detail.html", {
        "commitment": commitment,
        "milestones": commitment.milestones.all(),
        "progress": commitment.progress(),
        "history": public_history(commitment),
    })


def milestone_evidence(request, identifier, order):
    milestone = get_object_or_404(Milestone.objects.filter(commitment__status=Commitment.Status.PUBLISHED),
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
    axes = axes_with_progress(Axis.objects.public().select_related(
        "lead_institution", "plan__stl").order_by("plan__stl__name", "plan", "order", "name"))
    return render(request, "commitments/axis_list.html", {"axes": axes})


def axis_detail(request, identifier):
    axis = get_object_or_404(Axis.objects.public().select_related(
        "lead_institution", "plan__stl", "approved_by__session", "working_table"), identifier=identifier)
    commitments = axis.commitments.published().select_related("lead_institution", "axis").order_by("title", "pk")
    page, query = paginate(request, commitments)
    page.object_list = attach_progress(page.object_list)
    return render(request, "commitments/axis_detail.html", {
        "axis": axis, "page": page, "query": query, "commitments": page.object_list})


def plan_list(request):
    plans = ActionPlan.objects.select_related("stl").order_by("stl__name", "-start_year")
    return render(request, "commitments/actionplan_list.html", {"plans": plans})


def plan_detail(request, identifier):
    plan = get_object_or_404(ActionPlan.objects.select_related("stl", "approved_by__session",
                                                               "route_approved_by__session"),
                             identifier=identifier)
    phases = list(plan.route_phases.all())
    axes = axes_with_progress(plan.axes.public().select_related("lead_institution"))
    completion = dict(plan.commitments.published().order_by().values_list("completion").annotate(n=Count("pk")))
    return render(request, "commitments/actionplan_detail.html", {
        "plan": plan, "phases": phases, "axes": axes,
        "timeline": route_timeline(phases, f"ruta-{plan.pk}"),
        "chart": progress_bars(axis_bars(axes), str(_("Avance por eje")), f"avance-{plan.pk}"),
        "completion": [(label, completion.get(value, 0)) for value, label in Commitment.Completion.choices],
    })
