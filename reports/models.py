"""What an activity report needs beyond the STL's records: each institution's annual programme
activities, and the opening and closing words its staff write for a period."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

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
    """Opening and closing words that staff write for one institution's report of one period."""

    institution = models.ForeignKey(Institution, verbose_name=_("institución"), on_delete=models.PROTECT,
                                    related_name="report_texts")
    stl = models.ForeignKey(Body, verbose_name=_("secretariado"), on_delete=models.PROTECT,
                            related_name="report_texts", limit_choices_to={"kind": Body.Kind.STL})
    start_date = models.DateField(_("desde"))
    end_date = models.DateField(_("hasta"))
    opening = models.TextField(_("palabras iniciales"), blank=True)
    closing = models.TextField(_("palabras finales"), blank=True)

    class Meta:
        verbose_name = _("texto de informe")
        verbose_name_plural = _("textos de informes")
        ordering = ["-start_date", "institution"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "stl", "start_date", "end_date"],
                                    name="report_text_unique_per_period",
                                    violation_error_message=_("Ya hay textos para esa institución y ese periodo."),
                                    violation_error_code="report_text_unique_per_period"),
        ]

    def __str__(self):
        return f"{self.institution}: {self.start_date.isoformat()} – {self.end_date.isoformat()}"

    def clean(self):
        check_period(self.start_date, self.end_date)
