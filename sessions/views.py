"""Public pages of sessions, agreements and approved documents. Reserved sessions (not public),
their agreements and every draft document version stay out."""

from django import forms
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Axis, Commitment, CommitmentChange
from core.public import paginate, serve_file, show_counts
from core.search import by_title, query_terms, search
from workgroups.models import Body
from workgroups.sites import in_site, moved_to_site

from .models import Agreement, Correction, Document, DocumentVersion, Session

KIND_GROUPS = {
    "sesiones": (_("Sesiones formales"), Session.FORMAL_KINDS),
    "reuniones": (_("Reuniones de trabajo"), (Session.Kind.WORKING_MEETING,)),
    "eventos": (_("Eventos públicos"), (Session.Kind.PUBLIC_EVENT,)),
}


# More than this many announced sessions is unheard of; the rest still appear in the list below.
UPCOMING_SHOWN = 20


class BodyChoiceField(forms.ModelChoiceField):
    """A body, named with its STL where several STLs are listed («Grupo operativo — STL Chihuahua»)."""

    with_stl = False

    def label_from_instance(self, obj):
        if self.with_stl and obj.parent_id:
            return f"{obj} — {obj.stl_label}"
        return str(obj)


class SessionFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("Busca en el título y los temas, sin importar acentos ni mayúsculas."))
    tipo = forms.ChoiceField(label=_("Tipo"), required=False,
                             choices=[("", _("Todos"))] + [(k, label) for k, (label, _k) in KIND_GROUPS.items()])
    organo = BodyChoiceField(label=_("Órgano"), required=False, queryset=Body.objects.all(),
                             to_field_name="identifier", empty_label=_("Todos"))
    anio = forms.IntegerField(label=_("Año"), required=False, min_value=1900, max_value=2999)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The bodies of this STL's site; on a national page each sub-body names its STL.
        field = self.fields["organo"]
        field.queryset = in_site(Body.objects.select_related("parent"), request, "").order_by(
            "parent__name", "kind", "name")
        field.with_stl = request is not None and getattr(request, "stl", None) is None and getattr(
            request, "stl_count", 0) > 1


def session_list(request):
    """Upcoming sessions first (soonest first, all of them), then the past ones page by page."""
    form = SessionFilterForm(request.GET or None, request=request)
    public = in_site(Session.objects.public(), request, "body")
    by_kind = dict(public.order_by().values_list("kind").annotate(n=Count("pk")))
    show_counts(form.fields["tipo"], {key: sum(by_kind.get(kind, 0) for kind in kinds)
                                      for key, (_label, kinds) in KIND_GROUPS.items()})
    show_counts(form.fields["organo"], dict(public.order_by().values_list("body__identifier").annotate(n=Count("pk"))))
    sessions = public.select_related("body__parent")
    order = ["-date", "-pk"]
    if form.is_bound:
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        if (data.get("q") or "").strip():
            found = search(sessions, data["q"])
            sessions, order = (sessions.none(), order) if found is None else (found, ["-rank", *order])
        if data.get("tipo"):
            sessions = sessions.filter(kind__in=KIND_GROUPS[data["tipo"]][1])
        if data.get("organo"):
            sessions = sessions.filter(body=data["organo"])
        if data.get("anio"):
            sessions = sessions.filter(date__year=data["anio"])
    today = timezone.localdate()
    upcoming = list(sessions.filter(date__gte=today).exclude(status=Session.Status.HELD)
                    .order_by("date", "start_time", "pk")[:UPCOMING_SHOWN])
    page, query = paginate(request, sessions.exclude(pk__in=[s.pk for s in upcoming]).order_by(*order))
    return render(request, "sessions/session_list.html", {
        "form": form, "page": page, "query": query, "sessions": page.object_list, "upcoming": upcoming})


def session_detail(request, identifier):
    session = get_object_or_404(in_site(Session.objects.public(), request, "body").select_related(
        "body", "body__parent"), identifier=identifier)
    if moved := moved_to_site(request, session):
        return moved
    return render(request, "sessions/session_detail.html", {
        "session": session,
        "attendances": session.attendances.select_related("seat", "person", "institution"),
        "agenda": session.agenda_items.filter(is_proposal=False),
        "agreements": session.agreements.all(),
        "versions": session.drafted_versions.public().select_related("document"),
        "corrections": session.corrections.public().select_related("agreement", "approved_by__session"),
        "minutes_approval": session.minutes_approval(),
    })


def session_minutes_pdf(request, identifier):
    """The minutes made from the record, once the secretariat published them."""
    session = get_object_or_404(in_site(Session.objects.public(), request, "body").filter(
        minutes_status=Session.MinutesStatus.PUBLISHED), identifier=identifier)
    return serve_file(session.minutes_pdf, f"acta-{session.identifier}")


def session_minutes(request, identifier):
    session = get_object_or_404(in_site(Session.objects.public(), request, "body"), identifier=identifier)
    return serve_file(session.minutes, f"acta-{session.identifier}")


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("Busca en la clave, el asunto y el texto del acuerdo, sin importar acentos "
                                    "ni mayúsculas."))
    anio = forms.IntegerField(label=_("Año"), required=False, min_value=1900, max_value=2999)


def agreement_list(request):
    form = AgreementFilterForm(request.GET or None)
    agreements = in_site(Agreement.objects.public(), request, "session__body").select_related(
        "session", "session__body__parent")
    order = ["-session__date", "session", "number", "pk"]
    terms = []
    if form.is_bound:
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        q = (data.get("q") or "").strip()
        if q and "/" in q:
            # A key such as «STL/SO/03/2020-01» is looked up as typed.
            agreements = agreements.filter(code__icontains=q)
        elif q:
            found = search(agreements, q)
            agreements, order = (agreements.none(), order) if found is None else (found, ["-rank", *order])
            terms = query_terms(q)
        if data.get("anio"):
            agreements = agreements.filter(session__date__year=data["anio"])
    page, query = paginate(request, agreements.order_by(*order))
    return render(request, "sessions/agreement_list.html", {
        "form": form, "page": page, "query": query, "agreements": page.object_list, "search_terms": terms})


def agreement_detail(request, identifier):
    agreement = get_object_or_404(
        in_site(Agreement.objects.public(), request, "session__body").select_related(
            "session", "session__body").prefetch_related(
            Prefetch("approved_versions", queryset=DocumentVersion.objects.public().select_related("document")),
            Prefetch("approved_axes", queryset=Axis.objects.public()),
            Prefetch("approved_commitments", queryset=Commitment.objects.published()),
            Prefetch("approved_commitment_changes", queryset=CommitmentChange.objects.public().select_related(
                "commitment")),
            "approved_plans", "approved_routes", "votes__seat", "votes__person",
            Prefetch("corrections", queryset=Correction.objects.filter(status=Correction.Status.APPROVED)
                     .select_related("approved_by__session"), to_attr="approved_corrections_of_text")),
        identifier=identifier)
    if moved := moved_to_site(request, agreement):
        return moved
    return render(request, "sessions/agreement_detail.html", {"agreement": agreement})


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("Busca en el título y la descripción, sin importar acentos ni mayúsculas."))


def document_list(request):
    form = DocumentFilterForm(request.GET or None)
    documents = in_site(Document.objects.public(), request, "body").select_related("body__parent").prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.public(), to_attr="public_versions"))
    order, terms = [by_title(), "pk"], []
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        found = search(documents, form.cleaned_data["q"])
        documents, order = (documents.none(), order) if found is None else (found, ["-rank", *order])
        terms = query_terms(form.cleaned_data["q"])
    page, query = paginate(request, documents.order_by(*order))
    return render(request, "sessions/document_list.html", {
        "form": form, "page": page, "query": query, "documents": page.object_list, "search_terms": terms})


def document_detail(request, identifier):
    document = get_object_or_404(in_site(Document.objects.public(), request, "body").select_related("body"),
                                 identifier=identifier)
    if moved := moved_to_site(request, document):
        return moved
    return render(request, "sessions/document_detail.html", {
        "document": document,
        "versions": document.versions.public().select_related("approved_by__session", "drafted_in"),
    })


def document_version_file(request, identifier, number):
    version = get_object_or_404(in_site(DocumentVersion.objects.public(), request, "document__body"),
                                document__identifier=identifier,
                                number=number)
    return serve_file(version.file, f"{version.document.identifier}-v{version.number}")
