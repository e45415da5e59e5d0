"""Public pages of sessions, agreements and approved documents. Reserved sessions (not public),
their agreements and every draft document version stay out."""

from django import forms
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Axis, Commitment
from core.public import paginate, serve_file, show_counts
from workgroups.models import Body

from .models import Agreement, Document, DocumentVersion, Session

KIND_GROUPS = {
    "sesiones": (_("Sesiones formales"), Session.FORMAL_KINDS),
    "reuniones": (_("Reuniones de trabajo"), (Session.Kind.WORKING_MEETING,)),
    "eventos": (_("Eventos públicos"), (Session.Kind.PUBLIC_EVENT,)),
}


# More than this many announced sessions is unheard of; the rest still appear in the list below.
UPCOMING_SHOWN = 20


class SessionFilterForm(forms.Form):
    tipo = forms.ChoiceField(label=_("Tipo"), required=False,
                             choices=[("", _("Todos"))] + [(k, label) for k, (label, _k) in KIND_GROUPS.items()])
    organo = forms.ModelChoiceField(label=_("Órgano"), required=False, queryset=Body.objects.all(),
                                    to_field_name="identifier", empty_label=_("Todos"))
    anio = forms.IntegerField(label=_("Año"), required=False, min_value=1900, max_value=2999)


def session_list(request):
    """Upcoming sessions first (soonest first, all of them), then the past ones page by page."""
    form = SessionFilterForm(request.GET or None)
    public = Session.objects.public()
    by_kind = dict(public.order_by().values_list("kind").annotate(n=Count("pk")))
    show_counts(form.fields["tipo"], {key: sum(by_kind.get(kind, 0) for kind in kinds)
                                      for key, (_label, kinds) in KIND_GROUPS.items()})
    show_counts(form.fields["organo"], dict(public.order_by().values_list("body__identifier").annotate(n=Count("pk"))))
    sessions = public.select_related("body")
    if form.is_bound:
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        if data.get("tipo"):
            sessions = sessions.filter(kind__in=KIND_GROUPS[data["tipo"]][1])
        if data.get("organo"):
            sessions = sessions.filter(body=data["organo"])
        if data.get("anio"):
            sessions = sessions.filter(date__year=data["anio"])
    today = timezone.localdate()
    upcoming = list(sessions.filter(date__gte=today).exclude(status=Session.Status.HELD)
                    .order_by("date", "start_time", "pk")[:UPCOMING_SHOWN])
    page, query = paginate(request, sessions.exclude(pk__in=[s.pk for s in upcoming]).order_by("-date", "-pk"))
    return render(request, "sessions/session_list.html", {
        "form": form, "page": page, "query": query, "sessions": page.object_list, "upcoming": upcoming})


def session_detail(request, identifier):
    session = get_object_or_404(Session.objects.public().select_related("body", "body__parent"),
                                identifier=identifier)
    return render(request, "sessions/session_detail.html", {
        "session": session,
        "attendances": session.attendances.select_related("seat", "person", "institution"),
        "agenda": session.agenda_items.all(),
        "agreements": session.agreements.all(),
        "versions": session.drafted_versions.public().select_related("document"),
    })


def session_minutes(request, identifier):
    session = get_object_or_404(Session.objects.public(), identifier=identifier)
    return serve_file(session.minutes, f"acta-{session.identifier}")


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("Busca en la clave, el asunto y el texto del acuerdo."))
    anio = forms.IntegerField(label=_("Año"), required=False, min_value=1900, max_value=2999)


def agreement_list(request):
    form = AgreementFilterForm(request.GET or None)
    agreements = Agreement.objects.public().select_related("session", "session__body")
    if form.is_bound:
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        for word in (data.get("q") or "").split()[:8]:
            agreements = agreements.filter(Q(code__icontains=word) | Q(title__icontains=word)
                                           | Q(text__icontains=word))
        if data.get("anio"):
            agreements = agreements.filter(session__date__year=data["anio"])
    page, query = paginate(request, agreements.order_by("-session__date", "session", "number", "pk"))
    return render(request, "sessions/agreement_list.html", {
        "form": form, "page": page, "query": query, "agreements": page.object_list})


def agreement_detail(request, identifier):
    agreement = get_object_or_404(
        Agreement.objects.public().select_related("session", "session__body").prefetch_related(
            Prefetch("approved_versions", queryset=DocumentVersion.objects.public().select_related("document")),
            Prefetch("approved_axes", queryset=Axis.objects.public()),
            Prefetch("approved_commitments", queryset=Commitment.objects.published()),
            "approved_plans", "approved_routes", "votes__seat", "votes__person"),
        identifier=identifier)
    return render(request, "sessions/agreement_detail.html", {"agreement": agreement})


def document_list(request):
    documents = Document.objects.public().select_related("body").prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.public(), to_attr="public_versions"))
    page, query = paginate(request, documents.order_by("title", "pk"))
    return render(request, "sessions/document_list.html", {
        "page": page, "query": query, "documents": page.object_list})


def document_detail(request, identifier):
    document = get_object_or_404(Document.objects.public().select_related("body"), identifier=identifier)
    return render(request, "sessions/document_detail.html", {
        "document": document,
        "versions": document.versions.public().select_related("approved_by__session", "drafted_in"),
    })


def document_version_file(request, identifier, number):
    version = get_object_or_404(DocumentVersion.objects.public(), document__identifier=identifier,
                                number=number)
    return serve_file(version.file, f"{version.document.identifier}-v{version.number}")
