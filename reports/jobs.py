"""The report's PDF as a background job: a heavy year takes tens of seconds, which must not hold a
web worker. Staff ask for it (``ReportFile`` + a queued job, in one transaction), watch its progress
and download it when it is ready. OGP Local's documents (the end-of-commitment report of a commitment,
the inception report of a plan, cocreation/documents.py) are made the same way and kept in the same
``ReportFile``, with their kind."""

import hashlib
import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreation.documents import document_pdf, end_of_commitment_report, inception_report
from core.jobs import PermanentJobError, background
from core.pdf import PDFRenderError

from .activity import ReportTooLarge, build_report
from .models import ReportFile
from .render import report_filename, report_pdf


def report_file_failed(report_file_id, *, error=""):
    """Called once the job has used its attempts: the staff page says it failed, and why."""
    ReportFile.objects.filter(pk=report_file_id, status__in=[ReportFile.Status.QUEUED, ReportFile.Status.RUNNING]
                              ).update(status=ReportFile.Status.FAILED, step="",
                                       error=_("El servidor no pudo generar el PDF tras varios intentos. "
                                               "Vuelva a solicitarlo; si se repite, avise a la administración."))


def stl_of_report_file(report_file_id):
    return ReportFile.objects.filter(pk=report_file_id).values_list("stl_id", flat=True).first()


@background(label=gettext_lazy("PDF del informe de actividades"), max_attempts=3,
            on_failure=report_file_failed, stl_of=stl_of_report_file)
def render_report_pdf(report_file_id):
    report_file = ReportFile.objects.select_related("institution", "stl").filter(pk=report_file_id).first()
    if report_file is None:
        raise PermanentJobError(f"No existe el PDF solicitado {report_file_id}")
    if report_file.status == ReportFile.Status.DONE:
        return  # a second run after a lost worker: the first one finished
    report_file.advance(10, _("Reuniendo los registros del periodo"))
    try:
        report = build_report(report_file.institution, report_file.stl, report_file.start_date,
                              report_file.end_date, internal=report_file.internal)
    except ReportTooLarge as too_large:
        report_file.fail(too_large)
        return
    report_file.advance(40, _("Componiendo las páginas del PDF"))
    try:
        pdf = report_pdf(report)
    except PDFRenderError as error:
        # Too long or too large for the limits: another attempt would fail the same way.
        report_file.fail(error)
        return
    report_file.advance(90, _("Guardando el archivo"))
    report_file.finish(pdf, report_filename(report), report.fingerprint)


def ogp_document_of(report_file):
    """The OGP Local document a ``ReportFile`` asks for, gathered from today's records (as the panel's
    page shows it to the STL's members: the inception report with every commitment past draft)."""
    if report_file.kind == ReportFile.Kind.END_OF_COMMITMENT:
        return end_of_commitment_report(report_file.commitment)
    return inception_report(report_file.plan)


def document_fingerprint(document):
    """SHA-256 of the document's data (the same as its JSON): the same records give the same one."""
    text = json.dumps(document.as_data(), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@background(label=gettext_lazy("PDF de un documento de OGP Local"), max_attempts=3,
            on_failure=report_file_failed, stl_of=stl_of_report_file)
def render_ogp_document_pdf(report_file_id):
    report_file = (ReportFile.objects.select_related("stl", "commitment__plan__stl", "commitment__lead_institution",
                                                     "plan__stl", "plan__approved_by__session")
                   .filter(pk=report_file_id).first())
    if report_file is None or not report_file.is_ogp_document:
        raise PermanentJobError(f"No existe el documento solicitado {report_file_id}")
    if report_file.status == ReportFile.Status.DONE:
        return
    report_file.advance(10, _("Reuniendo los registros"))
    document = ogp_document_of(report_file)
    report_file.advance(40, _("Componiendo las páginas del PDF"))
    try:
        pdf = document_pdf(document)
    except PDFRenderError as error:
        report_file.fail(error)
        return
    report_file.advance(90, _("Guardando el archivo"))
    report_file.finish(pdf, document.filename, document_fingerprint(document))
