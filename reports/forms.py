"""Forms of the report pages: the institution and period to report on, and staff's own words."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import RecordForm
from workgroups.models import Institution

from .activity import period_problem, year_period
from .models import ReportText

FIRST_YEAR = 2000
TEXT_MAX_CHARS = 20_000


def last_year():
    return timezone.localdate().year + 1


class ReportPeriodForm(forms.Form):
    """An institution of the staff member's STL and a period: a calendar year, or from–to dates."""

    institution = forms.ModelChoiceField(
        label=_("Institución"), queryset=Institution.objects.none(), to_field_name="identifier",
        empty_label=_("Elija una institución"),
        error_messages={"required": _("Elija la institución del informe."),
                        "invalid_choice": _("Esa institución no forma parte de su secretariado; elija una de "
                                            "la lista.")},
    )
    year = forms.IntegerField(
        label=_("Año"), required=False, initial=lambda: timezone.localdate().year,
        help_text=_("Un año calendario, p. ej. 2020. Para otro periodo, deje el año vacío e indique las fechas."),
        error_messages={"invalid": _("Escriba el año con cuatro cifras, p. ej. 2020.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    start = forms.DateField(
        label=_("Desde"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Escriba una fecha válida, p. ej. 2020-01-01.")},
    )
    end = forms.DateField(
        label=_("Hasta"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Escriba una fecha válida, p. ej. 2020-12-31.")},
    )

    def __init__(self, *args, institutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if institutions is not None:
            self.fields["institution"].queryset = institutions
        self.fields["institution"].label_from_instance = lambda institution: institution.display_name

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not FIRST_YEAR <= year <= last_year():
            raise forms.ValidationError(
                _("Escriba un año entre %(first)s y %(last)s.") % {"first": FIRST_YEAR, "last": last_year()},
                code="year_out_of_range")
        return year

    def _check_date(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_YEAR <= day.year <= last_year():
            self.add_error(name, forms.ValidationError(
                _("La fecha debe caer entre %(first)s y %(last)s.") % {"first": FIRST_YEAR, "last": last_year()},
                code="date_out_of_range"))
            return None
        return day

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start, end = self._check_date("start"), self._check_date("end")
        year = cleaned.get("year")
        if start or end:
            if not start:
                self.add_error("start", forms.ValidationError(_("Indique también la fecha inicial."),
                                                              code="start_required"))
            elif not end:
                self.add_error("end", forms.ValidationError(_("Indique también la fecha final."),
                                                            code="end_required"))
            else:
                problem = period_problem(start, end)
                if problem:
                    self.add_error("end", forms.ValidationError(problem, code="bad_period"))
        elif year is None and "year" not in self.errors:
            self.add_error("year", forms.ValidationError(_("Indique el año o un periodo con fechas."),
                                                         code="period_required"))
        if not self.errors:
            if not (start and end):
                start, end = year_period(year)
            cleaned["period"] = (start, end)
        return cleaned

    @property
    def period(self):
        return self.cleaned_data["period"]


class ReportTextForm(RecordForm):
    """The opening and closing words staff add; shown as plain text (never as markup)."""

    opening = forms.CharField(
        label=_("Palabras iniciales"), required=False, max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Texto simple: los saltos de línea separan párrafos; no se admite HTML ni enlaces."),
    )
    closing = forms.CharField(
        label=_("Palabras finales"), required=False, max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Por ejemplo, una valoración del año. Texto simple, como el anterior."),
    )

    class Meta:
        model = ReportText
        fields = ["opening", "closing"]


def parse_iso_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
