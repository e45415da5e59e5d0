"""Staff pages at /informes/: choose an institution and a period, preview the report, write its
opening and closing words, download the PDF. Staff act only on institutions of their own STL."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.pdf import PDFRenderError
from workgroups.access import staff_required
from workgroups.models import Institution, Membership

from .activity import ReportTooLarge, build_report, period_problem, stls_of
from .forms import ReportPeriodForm, ReportTextForm, parse_iso_date
from .models import ReportText
from .render import report_context, report_filename, report_pdf


def institutions_of(stl):
    """The institutions that take part in ``stl`` (a membership of the STL or of one of its bodies)."""
    members = Membership.objects.filter(Q(body=stl) | Q(body__parent=stl)).exclude(institution=None)
    return Institution.objects.filter(pk__in=members.values("institution")).order_by("name")


def _report_target(request, institution, start, end):
    """The institution (of the staff member's STL, else 404) and the period of the URL."""
    stl = request.account.stl
    institution = get_object_or_404(Institution, identifier=institution)
    if not stls_of(institution).filter(pk=stl.pk).exists():
        raise Http404
    start, end = parse_iso_date(start), parse_iso_date(end)
    if start is None or end is None or period_problem(start, end):
        raise Http404
    return institution, stl, start, end


def _urls(institution, start, end):
    args = [institution.identifier, start.isoformat(), end.isoformat()]
    return {"preview": reverse("reports:preview", args=args), "pdf": reverse("reports:pdf", args=args),
            "text": reverse("reports:text", args=args)}


@staff_required
def report_index(request):
    institutions = institutions_of(request.account.stl)
    form = ReportPeriodForm(request.GET or None, institutions=institutions)
    if form.is_bound and form.is_valid():
        start, end = form.period
        return redirect(_urls(form.cleaned_data["institution"], start, end)["preview"])
    return render(request, "reports/report_form.html", {"form": form, "stl": request.account.stl},
                  status=400 if form.is_bound else 200)


def _preview(request, institution, stl, start, end, error=None, status=200):
    context = {"institution": institution, "stl": stl, "start": start, "end": end,
               "urls": _urls(institution, start, end), "error": error}
    if error is None or isinstance(error, PDFRenderError):
        try:
            context.update(report_context(build_report(institution, stl, start, end)))
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


@staff_required
def report_preview(request, institution, start, end):
    return _preview(request, *_report_target(request, institution, start, end))


@staff_required
def report_pdf_download(request, institution, start, end):
    institution, stl, start, end = _report_target(request, institution, start, end)
    try:
        report = build_report(institution, stl, start, end)
    except ReportTooLarge as too_large:
        return _preview(request, institution, stl, start, end, error=str(too_large), status=413)
    try:
        pdf = report_pdf(report)
    except PDFRenderError as error:
        return _preview(request, institution, stl, start, end, error=error, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(report)}"'
    response["X-Report-Fingerprint"] = report.fingerprint
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def report_text_edit(request, institution, start, end):
    institution, stl, start, end = _report_target(request, institution, start, end)
    text = ReportText.objects.filter(institution=institution, stl=stl, start_date=start, end_date=end).first()
    if text is None:
        text = ReportText(institution=institution, stl=stl, start_date=start, end_date=end)
    form = ReportTextForm(request.POST or None, instance=text)
    urls = _urls(institution, start, end)
    if request.method == "POST" and form.is_valid() and form.save_checked() is not None:
        messages.success(request, _("Se guardaron las palabras del informe."))
        return redirect(urls["preview"])
    history = []
    if text.pk:
        history = list(text.history.select_related("history_user").order_by("-history_date")[:20])
    return render(request, "reports/reporttext_form.html", {
        "form": form, "institution": institution, "stl": stl, "start": start, "end": end,
        "urls": urls, "history": history,
    }, status=400 if request.method == "POST" else 200)
