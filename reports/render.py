"""From an ``ActivityReport`` to HTML and to PDF."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from core.pdf import render_pdf
from core.spanish import long_date


def report_context(report, today=None):
    today = today or timezone.localdate()
    return {
        "report": report,
        "generated_text": long_date(today),
        "generated_iso": today.isoformat(),
        "PORTAL_NAME": settings.PORTAL_NAME,
    }


def report_html(report, today=None):
    """The standalone HTML document WeasyPrint turns into the PDF."""
    return render_to_string("reports/report_pdf.html", report_context(report, today))


def report_pdf(report, today=None, **limits):
    """The PDF as bytes; raises ``PDFRenderError`` with a Spanish message when it cannot be made."""
    return render_pdf(report_html(report, today), **limits)


def report_filename(report):
    name = slugify(report.institution.acronym or report.institution.name) or "institucion"
    return f"informe-{name}-{report.start.isoformat()}-{report.end.isoformat()}.pdf"
