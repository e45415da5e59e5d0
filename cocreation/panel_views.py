"""Co-creation in the member panel: consultations (open, edit, publish), moderation of inputs and
the STL's reasoned answer to each, and the IRM assessment of commitments.

Every member of the STL reads; the secretariat (facilitator and staff) runs consultations and
answers; the monitoring role records assessments. Another STL's records are a 404, the wrong role
a 403. E-mail addresses of the public are never shown, not even here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commitments.models import ActionPlan, Commitment
from workgroups.access import member_required, staff_required
from workgroups.models import Account, Institution

from .documents import end_of_commitment_report, inception_report
from .forms import AnswerForm, AssessmentForm, ConsultationForm, ModerationForm, SuccessionForm
from .models import Assessment, Consultation, Input
from .succession import end_institution


def can_run_consultations(account):
    return account.sees_everything_of_stl


def can_assess(account):
    return account.role == Account.Role.MONITOR


def _consultation(request, identifier, manage=False):
    consultation = get_object_or_404(Consultation.objects.of_stl(request.account.stl), identifier=identifier)
    if manage and not can_run_consultations(request.account):
        raise PermissionDenied
    return consultation


def _input(request, identifier):
    item = get_object_or_404(Input.objects.select_related("consultation")
                             .filter(consultation__stl=request.account.stl), identifier=identifier)
    if not can_run_consultations(request.account):
        raise PermissionDenied
    return item


@member_required
def consultation_list(request):
    consultations = (Consultation.objects.of_stl(request.account.stl)
                     .annotate(counted=Count("inputs", filter=Q(inputs__confirmed_at__isnull=False)),
                               pending=Count("inputs", filter=Q(inputs__confirmed_at__isnull=False,
                                                                inputs__moderation=Input.Moderation.VISIBLE,
                                                                inputs__response="")))
                     .order_by("-opens_on", "title"))
    return render(request, "cocreation/panel/consultation_list.html", {
        "consultations": consultations, "can_manage": can_run_consultations(request.account)})


@member_required
def consultation_create(request):
    if not can_run_consultations(request.account):
        raise PermissionDenied
    return _consultation_form(request, Consultation(stl=request.account.stl))


@member_required
def consultation_edit(request, identifier):
    return _consultation_form(request, _consultation(request, identifier, manage=True))


def _consultation_form(request, consultation):
    form = ConsultationForm(request.POST or None, instance=consultation, stl=request.account.stl)
    if request.method == "POST" and form.is_valid():
        saved = form.save_checked()
        if saved is not None:
            messages.success(request, _("Consulta guardada."))
            return redirect("panel:consultation_detail", identifier=saved.identifier)
    return render(request, "cocreation/panel/consultation_form.html", {"form": form, "consultation": consultation},
                  status=400 if form.errors else 200)


@member_required
def consultation_detail(request, identifier):
    consultation = _consultation(request, identifier)
    inputs = list(consultation.inputs.select_related("resulting_commitment").order_by("submitted_at", "pk"))
    return render(request, "cocreation/panel/consultation_detail.html", {
        "consultation": consultation, "inputs": inputs, "counts": consultation.response_counts(),
        "can_manage": can_run_consultations(request.account),
        "unconfirmed": sum(1 for item in inputs if not item.is_confirmed)})


@member_required
@require_POST
def consultation_publish(request, identifier):
    consultation = _consultation(request, identifier, manage=True)
    try:
        consultation.publish()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Consulta publicada: ya tiene su página pública."))
    return redirect("panel:consultation_detail", identifier=consultation.identifier)


@member_required
@require_POST
def input_moderate(request, identifier):
    item = _input(request, identifier)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("La solicitud de moderación no es válida; no se cambió nada."))
    else:
        try:
            if form.cleaned_data["action"] == "hide":
                item.hide(form.cleaned_data["rule"], form.cleaned_data["reason"])
                messages.success(request, _("Aportación ocultada; su motivo se publica."))
            else:
                item.show()
                messages.success(request, _("Aportación visible de nuevo."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("panel:consultation_detail", identifier=item.consultation.identifier)


@member_required
def input_answer(request, identifier):
    item = _input(request, identifier)
    initial = {"response": item.response, "reason": item.response_reason,
               "commitment": item.resulting_commitment.identifier if item.resulting_commitment_id else None}
    form = AnswerForm(request.POST or None, initial=initial, stl=request.account.stl)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                item.answer(form.cleaned_data["response"], form.cleaned_data["reason"],
                            form.cleaned_data["commitment"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Respuesta publicada."))
                return redirect("panel:consultation_detail", identifier=item.consultation.identifier)
        status = 400
    return render(request, "cocreation/panel/input_answer.html", {"item": item, "form": form}, status=status)


# Assessment (IRM indicators) ------------------------------------------------------------------


@member_required
def assessment_list(request):
    commitments = (Commitment.objects.of_stl(request.account.stl)
                   .filter(status__in=[Commitment.Status.APPROVED, Commitment.Status.PUBLISHED])
                   .select_related("lead_institution")
                   .prefetch_related(Prefetch("assessments", queryset=Assessment.objects.order_by("assessed_on")))
                   .order_by("axis__order", "title"))
    return render(request, "cocreation/panel/assessment_list.html", {
        "commitments": commitments, "can_assess": can_assess(request.account),
        "plans": ActionPlan.objects.filter(stl=request.account.stl).order_by("-start_year")})


@member_required
def assessment_create(request, commitment):
    commitment = get_object_or_404(Commitment.objects.of_stl(request.account.stl), identifier=commitment)
    if not can_assess(request.account):
        raise PermissionDenied
    return _assessment_form(request, Assessment(commitment=commitment))


@member_required
def assessment_edit(request, identifier):
    assessment = get_object_or_404(Assessment.objects.select_related("commitment")
                                   .filter(commitment__plan__stl=request.account.stl), identifier=identifier)
    if not can_assess(request.account):
        raise PermissionDenied
    return _assessment_form(request, assessment)


def _assessment_form(request, assessment):
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST" and form.is_valid():
        if form.save_checked() is not None:
            messages.success(request, _("Evaluación guardada."))
            return redirect("panel:assessment_list")
    return render(request, "cocreation/panel/assessment_form.html", {"form": form, "assessment": assessment},
                  status=400 if form.errors else 200)


# OGP Local documents ----------------------------------------------------------------------------


@member_required
def end_report(request, commitment):
    commitment = get_object_or_404(Commitment.objects.of_stl(request.account.stl)
                                   .select_related("plan__stl", "lead_institution"), identifier=commitment)
    json_url = reverse("public:end_report_json", args=[commitment.identifier])
    pdf_url = reverse("reports:ogp_end_pdf", args=[commitment.identifier])
    return _ogp_document(request, end_of_commitment_report(commitment), json_url, pdf_url)


@member_required
def inception(request, plan):
    plan = get_object_or_404(ActionPlan.objects.filter(stl=request.account.stl)
                             .select_related("stl", "approved_by__session"), identifier=plan)
    json_url = reverse("public:inception_report_json", args=[plan.identifier])
    pdf_url = reverse("reports:ogp_inception_pdf", args=[plan.identifier])
    return _ogp_document(request, inception_report(plan), json_url, pdf_url)


def _ogp_document(request, document, json_url, pdf_url):
    """The document with the fields the records lack. Its PDF is made in the background and kept
    (reports/jobs.py ``render_ogp_document_pdf``, at ``pdf_url``); the old ``?formato=pdf`` leads there."""
    if request.GET.get("formato") == "pdf":
        return redirect(pdf_url)
    return render(request, "cocreation/panel/ogp_document.html", {"document": document, "json_url": json_url,
                                                                  "pdf_url": pdf_url})


# Institutions that end --------------------------------------------------------------------------


@staff_required
def institution_succession(request):
    form = SuccessionForm(request.POST or None, stl=request.account.stl)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    successor = data["successor"]
                    if successor is None:
                        successor = Institution(name=data["new_name"].strip(), acronym=data["new_acronym"].strip(),
                                                kind=data["institution"].kind, stl=data["institution"].stl)
                        successor.full_clean()
                        successor.save()
                    counts = end_institution(data["institution"], data["ended_on"], successor,
                                             move_accounts=data["move_accounts"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _(
                    "%(old)s se extinguió; %(new)s la sucede desde el %(date)s: %(m)s asientos, %(c)s compromisos "
                    "y %(a)s ejes pasaron a la sucesora, y %(u)s cuentas actúan por ella. Lo registrado antes no "
                    "cambió.") % {
                    "old": data["institution"], "new": successor, "date": data["ended_on"].isoformat(),
                    "m": counts["memberships"], "c": counts["commitments"], "a": counts["axes"],
                    "u": counts["accounts"]})
                return redirect("panel:institution_succession")
        status = 400
    ended = Institution.objects.filter(ended_on__isnull=False).select_related("successor").order_by("-ended_on")
    return render(request, "cocreation/panel/institution_succession.html", {"form": form, "ended": ended},
                  status=status)
