"""Staff pages at /informes/: choose an institution and a period, preview the report, write its
opening and closing words, download the PDF. Staff act only on institutions of their own STL.

The PDFs of OGP Local's documents (an end-of-commitment report, an inception report) are asked for and
followed here too, at /informes/ogp/…: every member of the STL reads those documents in the panel,
so every member may have their PDF made and download it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from commitments.models import ActionPlan, Commitment
from core.public import serve_file
from workgroups.access import member_required, staff_required
from workgroups.models import Account, Institution

from .activity import ReportTooLarge, build_report, institutions_of, period_problem, takes_part_in
from .forms import INTERNAL, STL_SLUG, ReportPeriodForm, ReportTextForm, parse_iso_date
from .jobs import render_ogp_document_pdf, render_report_pdf
from .models import ReportFile, ReportText
from .render import report_context


def _is_internal(request):
    """The internal version (reserved sessions included) is asked for with ``?version=interna``."""
    return request.GET.get("version") == INTERNAL


def _report_target(request, institution, start, end):
    """The institution (one in the records of the staff member's STL, else 404; ``STL_SLUG``: the
    STL's own annual report, institution None) and the period of the URL."""
    stl = request.account.stl
    if institution == STL_SLUG:
        institution = None
    else:
        institution = get_object_or_404(Institution, identifier=institution)
        if not takes_part_in(institution, stl):
            raise Http404
    start, end = parse_iso_date(start), parse_iso_date(end)
    if start is None or end is None or period_problem(start, end):
        raise Http404
    return institution, stl, start, end


def _urls(institution, start, end, internal=False):
    """The addresses of one report; those of the internal version carry ``?version=interna``, and
    ``other_preview``/``other_pdf`` lead to the other version."""
    slug = institution if isinstance(institution, str) else (
        STL_SLUG if institution is None else institution.identifier)
    args = [slug, start.isoformat(), end.isoformat()]
    query = f"?version={INTERNAL}"
    urls = {"preview": reverse("reports:preview", args=args), "pdf": reverse("reports:pdf", args=args),
            "text": reverse("reports:text", args=args)}
    other = {f"other_{name}": url + ("" if internal else query) for name, url in urls.items()}
    if internal:
        urls = {name: url + query for name, url in urls.items()}
    return {**urls, **other}


@staff_required
def report_index(request):
    institutions = institutions_of(request.account.stl)
    form = ReportPeriodForm(request.GET or None, institutions=institutions, stl=request.account.stl)
    if form.is_bound and form.is_valid():
        start, end = form.period
        return redirect(_urls(form.subject_slug, start, end, form.internal)["preview"])
    return render(request, "reports/report_form.html", {"form": form, "stl": request.account.stl},
                  status=400 if form.is_bound else 200)


@staff_required
def report_preview(request, institution, start, end):
    institution, stl, start, end = _report_target(request, institution, start, end)
    internal = _is_internal(request)
    context = {"institution": institution, "subject": institution or stl, "stl": stl, "start": start, "end": end,
               "urls": _urls(institution, start, end, internal), "error": None, "internal": internal,
               "latest_file": _files_of(stl, institution, start, end, internal).first()}
    status = 200
    try:
        context.update(report_context(build_report(institution, stl, start, end, internal=internal)))
    except ReportTooLarge as too_large:
        context["error"] = str(too_large)
        status = 413
    else:
        # Checking a filed copy: the fingerprint printed in its footer against today's records.
        filed = "".join(request.GET.get("huella", "").split()).lower()
        if filed:
            context["filed_fingerprint"] = filed[:64]
            context["filed_matches"] = filed == context["report"].fingerprint
    return render(request, "reports/report_preview.html", context, status=status)


def _files_of(stl, institution, start, end, internal):
    """The PDFs of one version of the report: the internal ones are never listed with the others."""
    return (ReportFile.objects.filter(stl=stl, institution=institution, start_date=start, end_date=end,
                                      internal=internal)
            .select_related("requested_by").order_by("-requested_at"))


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_pdf_request(request, institution, start, end):
    """The PDFs of this report: those already made, and a button that asks for a new one. The PDF is
    made by a background job (reports/jobs.py); the request only queues it, in the same transaction
    as its ``ReportFile``, and leads to the page that follows it."""
    institution, stl, start, end = _report_target(request, institution, start, end)
    internal = _is_internal(request)
    files = _files_of(stl, institution, start, end, internal)
    if request.method == "POST":
        pending = files.filter(status__in=[ReportFile.Status.QUEUED, ReportFile.Status.RUNNING]).first()
        if pending is not None:
            messages.info(request, _("Ya se está preparando un PDF de este informe; se muestra su avance."))
            return redirect(pending)
        with transaction.atomic():
            report_file = ReportFile.objects.create(stl=stl, institution=institution, start_date=start,
                                                    end_date=end, internal=internal, requested_by=request.user)
            render_report_pdf.enqueue(str(report_file.pk))
        return redirect(report_file)
    return render(request, "reports/reportfile_list.html", {
        "institution": institution, "subject": institution or stl, "stl": stl, "start": start, "end": end,
        "urls": _urls(institution, start, end, internal), "files": files[:20], "internal": internal,
    })


def _report_file(request, pk):
    """A PDF of the member's own STL (else 404): an activity report only for staff (else 403), an OGP
    Local document for every member, as its page in the panel."""
    report_file = get_object_or_404(
        ReportFile.objects.select_related("institution", "stl", "requested_by", "commitment", "plan"),
        pk=pk, stl=request.account.stl)
    if not report_file.is_ogp_document and request.account.role != Account.Role.STAFF \
            and not request.user.is_superuser:
        raise PermissionDenied
    return report_file


def _ogp_page(report_file_or_kind, subject):
    """The panel's page of the document (the commitment's or the plan's)."""
    kind = getattr(report_file_or_kind, "kind", report_file_or_kind)
    if kind == ReportFile.Kind.END_OF_COMMITMENT:
        return reverse("panel:end_report", args=[subject.identifier])
    return reverse("panel:inception_report", args=[subject.identifier])


@member_required
def report_file_detail(request, pk):
    report_file = _report_file(request, pk)
    if report_file.is_ogp_document:
        subject = report_file.commitment or report_file.plan
        return render(request, "reports/ogp_file_detail.html", {
            "file": report_file, "subject": subject, "document_url": _ogp_page(report_file, subject),
            "files_url": reverse(OGP_URL_NAMES[report_file.kind], args=[subject.identifier])})
    return render(request, "reports/reportfile_detail.html", {
        "file": report_file, "institution": report_file.institution,
        "subject": report_file.institution or report_file.stl, "internal": report_file.internal,
        "urls": _urls(report_file.institution, report_file.start_date, report_file.end_date, report_file.internal),
    })


@member_required
def report_file_status(request, pk):
    """The progress of a PDF for the page's script (without JavaScript the page has a link to reload)."""
    report_file = _report_file(request, pk)
    response = JsonResponse({
        "status": report_file.status, "status_label": report_file.get_status_display(),
        "progress": report_file.progress, "step": report_file.step,
        "in_progress": report_file.in_progress, "internal": report_file.internal,
    })
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
def report_file_download(request, pk):
    report_file = _report_file(request, pk)
    if report_file.status != ReportFile.Status.DONE:
        raise Http404
    response = serve_file(report_file.file, report_file.filename.removesuffix(".pdf"))
    response["X-Report-Fingerprint"] = report_file.fingerprint
    response["X-Report-Version"] = "interna" if report_file.internal else "publica"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def report_text_edit(request, institution, start, end):
    institution, stl, start, end = _report_target(request, institution, start, end)
    text = ReportText.objects.filter(institution=institution, stl=stl, start_date=start, end_date=end).first()
    if text is None:
        text = ReportText(institution=institution, stl=stl, start_date=start, end_date=end)
    form = ReportTextForm(request.POST or None, instance=text)
    urls = _urls(institution, start, end, _is_internal(request))
    if request.method == "POST" and form.is_valid() and form.save_checked() is not None:
        messages.success(request, _("Se guardaron las palabras del informe."))
        return redirect(urls["preview"])
    history = []
    if text.pk:
        history = list(text.history.select_related("history_user").order_by("-history_date")[:20])
    return render(request, "reports/reporttext_form.html", {
        "form": form, "institution": institution, "subject": institution or stl, "stl": stl, "start": start, "end": end,
        "urls": urls, "history": history,
    }, status=400 if request.method == "POST" else 200)


# OGP Local's documents ------------------------------------------------------------------------

OGP_URL_NAMES = {ReportFile.Kind.END_OF_COMMITMENT: "reports:ogp_end_pdf",
                 ReportFile.Kind.INCEPTION: "reports:ogp_inception_pdf"}


def _ogp_subject(request, kind, identifier):
    """The commitment or plan of the member's STL (else 404) and the ``ReportFile`` fields naming it."""
    stl = request.account.stl
    if kind == ReportFile.Kind.END_OF_COMMITMENT:
        commitment = get_object_or_404(Commitment.objects.of_stl(stl), identifier=identifier)
        return commitment, {"commitment": commitment}
    plan = get_object_or_404(ActionPlan.objects.filter(stl=stl), identifier=identifier)
    return plan, {"plan": plan}


@member_required
@require_http_methods(["GET", "HEAD", "POST"])
def ogp_pdf_request(request, kind, identifier):
    """The PDFs of one OGP Local document and a button that asks for a new one, made in the background
    like the activity report's (``render_ogp_document_pdf``)."""
    subject, target = _ogp_subject(request, kind, identifier)
    stl = request.account.stl
    files = (ReportFile.objects.filter(stl=stl, kind=kind, **target)
             .select_related("requested_by").order_by("-requested_at"))
    if request.method == "POST":
        pending = files.filter(status__in=[ReportFile.Status.QUEUED, ReportFile.Status.RUNNING]).first()
        if pending is not None:
            messages.info(request, _("Ya se está preparando un PDF de este documento; se muestra su avance."))
            return redirect(pending)
        with transaction.atomic():
            report_file = ReportFile.objects.create(stl=stl, kind=kind, requested_by=request.user, **target)
            render_ogp_document_pdf.enqueue(str(report_file.pk))
        return redirect(report_file)
    return render(request, "reports/ogp_file_list.html", {
        "kind_label": ReportFile.Kind(kind).label, "subject": subject, "files": files[:20],
        "document_url": _ogp_page(kind, subject), "files_url": request.path,
    })
