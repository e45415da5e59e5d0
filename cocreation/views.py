"""Public pages of co-creation: consultations with their inputs and the STL's answers, the form to
send an input, and the page that confirms it from the e-mailed link.

The pages to read are GET only (``stl_portal/public_urls.py``); the form and the confirmation post
through ``cocreation/participation_urls.py``. An e-mail address is never put on any page.
"""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from commitments.models import ActionPlan, Commitment
from workgroups.sites import in_site, moved_to_site
from workgroups.throttling import client_ip

from .documents import end_of_commitment_report, inception_report
from .forms import InputForm
from .models import Consultation, Input, ThrottledError


def public_consultations(request=None):
    return in_site(Consultation.objects.public(), request, "stl", via_body=False).select_related("stl")


def consultation_list(request):
    consultations = public_consultations(request).annotate(
        counted=Count("inputs", filter=Q(inputs__confirmed_at__isnull=False))).order_by("-opens_on", "title")
    return render(request, "cocreation/consultation_list.html", {"consultations": consultations})


def consultation_detail(request, identifier):
    consultation = get_object_or_404(
        public_consultations(request).select_related("plan", "commitment", "document_version__document", "working_table"),
        identifier=identifier)
    if moved := moved_to_site(request, consultation):
        return moved
    inputs = list(Input.objects.public().filter(consultation=consultation)
                  .select_related("resulting_commitment").order_by("submitted_at", "pk"))
    counts = consultation.response_counts()
    unanswered = [item for item in inputs if not item.is_hidden and not item.response]
    return render(request, "cocreation/consultation_detail.html", {
        "consultation": consultation, "inputs": inputs, "counts": counts, "unanswered": unanswered,
        "hidden_count": sum(1 for item in inputs if item.is_hidden)})


@require_http_methods(["GET", "HEAD", "POST"])
def input_create(request, identifier):
    consultation = get_object_or_404(public_consultations(), identifier=identifier)
    context = {"consultation": consultation}
    if not consultation.is_open():
        return render(request, "cocreation/input_form.html", {**context, "closed": True},
                      status=400 if request.method == "POST" else 200)
    form = InputForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_robot:
            # A robot filled the hidden field: it is told what a person would be told; nothing is kept.
            return redirect("cocreation:input_sent", identifier=consultation.identifier)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in InputForm.Meta.fields}
            try:
                Input.receive(consultation, client_address=client_ip(request), **fields)
            except ThrottledError as error:
                form.add_error(None, error)
                status = 429
            except ValidationError as error:
                form.add_error(None if not hasattr(error, "error_dict") else None, error)
                status = 400
            else:
                return redirect("cocreation:input_sent", identifier=consultation.identifier)
        else:
            status = 400
    return render(request, "cocreation/input_form.html", {**context, "form": form}, status=status)


def input_sent(request, identifier):
    consultation = get_object_or_404(public_consultations(), identifier=identifier)
    return render(request, "cocreation/input_sent.html", {"consultation": consultation})


@require_http_methods(["GET", "HEAD", "POST"])
def input_confirm(request, key):
    """The e-mailed link. GET shows a button (mail scanners that open links confirm nothing);
    POST confirms."""
    item = Input.for_key(key)
    if item is None or not item.consultation.is_published:
        raise Http404
    confirmed_now = False
    if request.method == "POST":
        confirmed_now = item.confirm()
    return render(request, "cocreation/input_confirm.html", {
        "item": item, "consultation": item.consultation, "posted": request.method == "POST",
        "confirmed_now": confirmed_now})


def end_report_json(request, identifier):
    """The end-of-commitment report of a published commitment, as open data."""
    commitment = get_object_or_404(in_site(Commitment.objects.published(), request, "plan__stl", via_body=False)
                                   .select_related("plan__stl", "lead_institution"),
                                   identifier=identifier)
    return _document_json(end_of_commitment_report(commitment))


def inception_report_json(request, identifier):
    """The inception report of a plan, with its published commitments only."""
    plan = get_object_or_404(in_site(ActionPlan.objects.all(), request, "stl", via_body=False).select_related(
        "stl", "approved_by__session"), identifier=identifier)
    return _document_json(inception_report(plan, public=True))


def _document_json(document):
    data = document.as_data()
    data.pop("missing")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'inline; filename="{document.filename.removesuffix(".pdf")}.json"'
    return response
