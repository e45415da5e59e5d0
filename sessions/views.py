"""Public pages of sessions, agreements and approved documents. Reserved sessions (not public),
their agreements and every draft document version stay out."""

from django import forms
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from commitments.models import Axis, Commitment
from core.public import paginate, serve_file
from workgroups.models import Body

from .models import Agreement, Correction, Document, DocumentVersion, Session

KIND_GROUPS = {
    "sesiones": (_("Sesiones formales"), Session.FORMAL_KINDS),
    "reuniones": (_("Reuniones de trabajo"), (Session.Kind.WORKING_MEETING,)),
    "eventos": (_("Eventos públicos"), (Session.Kind.PUBLIC_EVENT,)),
}


class SessionFilterForm(forms.Form):
    tipo = forms.ChoiceField(label=_("Tipo"), required=False,
                             choices=[("", _("Todos"))] + [(k, label) for k, (label, _k) in KIND_GROUPS.items()])
    organo = forms.ModelChoiceField(label=_("Órgano"), required=False, queryset=Body.objects.all(),
                                    to_field_name="identifier", empty_label=_("Todos"))
    anio = forms.IntegerField(label=_("Año"), required=False, min_value=1900, max_value=2999)


def session_list(request):
    form = SessionFilterForm(request.GET or None)
    sessions = Session.objects.public().select_related("body")
    if form.is_bound:
        form.is_valid()
        data = getattr(form, "cleaned_data", {})
        if data.get("tipo"):
            sessions = sessions.filter(kind__in=KIND_GROUPS[data["tipo"]][1])
        if data.get("organo"):
            sessions = sessions.filter(body=data["organo"])
        if data.get("anio"):
            sessions = sessions.filter(date__year=data["anio"])
    page, query = paginate(request, sessions.order_by("-date", "-pk"))
    return render(request, "sessions/session_list.html", {
        "form": form, "page": page, "query": query, "sessions": page.object_list})


def session_detail(request, identifier):
    session = get_object_or_404(Session.objects.public().select_related("body", "body__parent"),
                                identifier=identifier)
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
    session = get_object_or_404(Session.objects.public().filter(minutes_status=Session.MinutesStatus.PUBLISHED),
                                identifier=identifier)
    return serve_file(session.minutes_pdf, f"acta-{session.identifier}")


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
            "approved_plans", "approved_routes", "votes__seat", "votes__person",
            Prefetch("corrections", queryset=Correction.objects.filter(status=Correction.Status.APPROVED)
                     .select_related("approved_by__session"), to_attr="approved_corrections_of_text")),
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
