"""From an ``ActivityReport`` to HTML and to PDF."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from core.spanish import long_date
from workgroups.identity import pdf_identity


def internal_mark():
    """What every page of the internal version says, in its header."""
    return _("Versión interna: incluye sesiones reservadas; no publicar")


def report_context(report, today=None):
    today = today or timezone.localdate()
    return {
        "report": report,
        "today": today,
        "running_header": running_header(report),
        "internal_mark": internal_mark() if report.internal else "",
        "generated_text": long_date(today),
        "generated_iso": today.isoformat(),
        "PORTAL_NAME": settings.PORTAL_NAME,
        **pdf_identity(report.stl)[0],
    }


def running_header(report):
    """The header of every page but the first: who reports, on what, for which period."""
    from core.grammar import of

    if report.is_stl_report:
        return _("%(stl)s · Informe anual %(period)s") % {"stl": report.stl.short_name or report.stl.name,
                                                         "period": report.period_label}
    return _("Informe de actividades %(institution)s · %(period)s") % {
        "institution": of(report.institution.short_label), "period": report.period_label}


def report_html(report, today=None):
    """The standalone HTML document WeasyPrint turns into the PDF."""
    return render_to_string("reports/report_pdf.html", report_context(report, today))


def report_pdf(report, today=None, **limits):
    """The PDF as bytes; raises ``PDFRenderError`` with a Spanish message when it cannot be made."""
    return render_pdf(report_html(report, today), attachments=pdf_identity(report.stl)[1], **limits)


def report_filename(report):
    if report.institution is None:
        name = "secretariado-" + (slugify(report.stl.short_name or report.stl.name) or "stl")
    else:
        name = slugify(report.institution.acronym or report.institution.name) or "institucion"
    suffix = "-interna" if report.internal else ""
    return f"informe-{name}-{report.start.isoformat()}-{report.end.isoformat()}{suffix}.pdf"
