"""What an activity report needs beyond the STL's records: each institution's annual programme
activities, and the opening and closing words its staff write for a period."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import ActionPlan, Commitment
from core.records import Record, check_period
from workgroups.models import Body, Institution


class ProgrammeActivity(Record):
    """An activity of an institution's annual programme that its STL work belongs to, e.g. the
    IEEM's Unidad de Transparencia, Programa Anual de Actividades 2020, activity 140109."""

    institution = models.ForeignKey(Institution, verbose_name=_("institución"), on_delete=models.PROTECT,
                                    related_name="programme_activities")
    stl = models.ForeignKey(Body, verbose_name=_("secretariado"), on_delete=models.PROTECT,
                            related_name="programme_activities", limit_choices_to={"kind": Body.Kind.STL})
    year = models.PositiveSmallIntegerField(_("año"))
    unit = models.CharField(_("unidad"), max_length=200, blank=True,
                            help_text=_("p. ej. «Unidad de Transparencia»"))
    programme = models.CharField(_("programa"), max_length=200, default="Programa Anual de Actividades")
    code = models.CharField(_("clave de la actividad"), max_length=40, help_text=_("p. ej. «140109»"))
    name = models.CharField(_("nombre de la actividad"), max_length=400)

    class Meta:
        verbose_name = _("actividad del programa anual")
        verbose_name_plural = _("actividades del programa anual")
        ordering = ["-year", "institution", "code"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "year", "code"], name="programme_activity_unique",
                                    violation_error_message=_("Esa institución ya tiene una actividad con esa clave en ese año."),
                                    violation_error_code="programme_activity_unique"),
        ]

    def __str__(self):
        return f"{self.code} {self.name} ({self.year})"

    def clean(self):
        if self.stl_id and self.stl.kind != Body.Kind.STL:
            raise ValidationError({"stl": _("Elija un secretariado.")})


class ReportText(Record):
    """Opening and closing words, place, date and signer that staff write for one institution's
    report of one period (no institution: the STL's own annual report)."""

    institution = models.ForeignKey(Institution, verbose_name=_("institución"), on_delete=models.PROTECT,
                                    related_name="report_texts", null=True, blank=True)
    stl = models.ForeignKey(Body, verbose_name=_("secretariado"), on_delete=models.PROTECT,
                            related_name="report_texts", limit_choices_to={"kind": Body.Kind.STL})
    start_date = models.DateField(_("desde"))
    end_date = models.DateField(_("hasta"))
    opening = models.TextField(_("palabras iniciales"), blank=True)
    closing = models.TextField(_("palabras finales"), blank=True)
    place = models.CharField(_("lugar"), max_length=200, blank=True,
                             help_text=_("Donde se firma, p. ej. «Toluca de Lerdo, Estado de México»."))
    document_date = models.DateField(_("fecha del documento"), null=True, blank=True,
                                     help_text=_("Vacía: la fecha en que se genera."))
    signer_name = models.CharField(_("nombre de quien firma"), max_length=200, blank=True)
    signer_post = models.CharField(_("cargo de quien firma"), max_length=300, blank=True,
                                   help_text=_("p. ej. «Titular de la Unidad de Transparencia»."))

    class Meta:
        verbose_name = _("texto de informe")
        verbose_name_plural = _("textos de informes")
        ordering = ["-start_date", "institution"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "stl", "start_date", "end_date"],
                                    name="report_text_unique_per_period",
                                    violation_error_message=_("Ya hay textos para esa institución y ese periodo."),
                                    violation_error_code="report_text_unique_per_period"),
            models.UniqueConstraint(fields=["stl", "start_date", "end_date"], condition=models.Q(institution=None),
                                    name="report_text_unique_per_period_of_stl",
                                    violation_error_message=_("Ya hay textos del secretariado para ese periodo."),
                                    violation_error_code="report_text_unique_per_period_of_stl"),
        ]

    def __str__(self):
        return f"{self.institution or self.stl}: {self.start_date.isoformat()} – {self.end_date.isoformat()}"

    def clean(self):
        check_period(self.start_date, self.end_date)


class ReportFile(models.Model):
    """One PDF of a report that staff asked for: made by a background job (reports/jobs.py), kept
    for download, with the fingerprint of the records it was made from.

    Each request is its own row, never edited by a person: it is its own log (who asked, when, what
    came of it), so it carries no history table. Its writes never empty the public page cache.
    """

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Informe de actividades")
        END_OF_COMMITMENT = "end_of_commitment", _("Informe de fin de compromiso (OGP Local)")
        INCEPTION = "inception", _("Informe de inicio (OGP Local)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("En cola")
        RUNNING = "running", _("En preparación")
        DONE = "done", _("Listo")
        FAILED = "failed", _("No se pudo generar")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    stl = models.ForeignKey(Body, verbose_name=_("secretariado"), on_delete=models.PROTECT,
                            related_name="report_files", limit_choices_to={"kind": Body.Kind.STL})
    institution = models.ForeignKey(Institution, verbose_name=_("institución"), on_delete=models.PROTECT,
                                    related_name="report_files", null=True, blank=True,
                                    help_text=_("Vacía: el informe anual del secretariado."))
    kind = models.CharField(_("documento"), max_length=20, choices=Kind.choices, default=Kind.ACTIVITY)
    # OGP Local's documents are of one commitment or one plan, not of a period.
    commitment = models.ForeignKey(Commitment, verbose_name=_("compromiso"), on_delete=models.PROTECT,
                                   related_name="report_files", null=True, blank=True)
    plan = models.ForeignKey(ActionPlan, verbose_name=_("plan de acción"), on_delete=models.PROTECT,
                             related_name="report_files", null=True, blank=True)
    start_date = models.DateField(_("desde"), null=True, blank=True)
    end_date = models.DateField(_("hasta"), null=True, blank=True)
    internal = models.BooleanField(
        _("versión interna"), default=False,
        help_text=_("Incluye las sesiones y reuniones reservadas; no se publica. Cada página lo dice."))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("solicitado por"),
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("solicitado"), auto_now_add=True)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("avance"), default=0)
    step = models.CharField(_("paso"), max_length=200, blank=True)
    finished_at = models.DateTimeField(_("terminado"), null=True, blank=True)
    file = models.FileField(_("archivo"), upload_to="informes/%Y/", blank=True)
    filename = models.CharField(_("nombre del archivo"), max_length=200, blank=True)
    fingerprint = models.CharField(_("huella SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("motivo"), blank=True)

    shown_in_public_pages = False
    is_own_log = True

    class Meta:
        verbose_name = _("PDF de informe")
        verbose_name_plural = _("PDF de informes")
        ordering = ["-requested_at"]

    def __str__(self):
        if self.kind != self.Kind.ACTIVITY:
            return f"{self.get_kind_display()}: {self.commitment or self.plan}"
        text = f"{self.institution or self.stl}: {self.start_date.isoformat()} – {self.end_date.isoformat()}"
        return f"{text} ({_('versión interna')})" if self.internal else text

    def get_absolute_url(self):
        return reverse("reports:file", args=[self.pk])

    @property
    def is_ogp_document(self):
        return self.kind != self.Kind.ACTIVITY

    @property
    def in_progress(self):
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    def advance(self, progress, step):
        self.status = self.Status.RUNNING
        self.progress = progress
        self.step = str(step)
        self.save(update_fields=["status", "progress", "step"])

    def finish(self, pdf_bytes, filename, fingerprint):
        """Store the PDF (on the configured storage: disk or an S3 bucket) and mark it ready."""
        with transaction.atomic():
            self.file.save(f"{self.pk}.pdf", ContentFile(pdf_bytes), save=False)
            self.filename = filename
            self.fingerprint = fingerprint
            self.status = self.Status.DONE
            self.progress = 100
            self.step = ""
            self.error = ""
            self.finished_at = timezone.now()
            self.save()

    def fail(self, reason):
        self.status = self.Status.FAILED
        self.error = str(reason)
        self.step = ""
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "error", "step", "finished_at"])
