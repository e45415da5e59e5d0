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


# In the addresses of the reports, the STL's own annual report stands where an institution would.
STL_SLUG = "secretariado"


STL_REPORT = object()  # what the form gives for the STL's own report

# The version of a report: the one to publish (no reserved sessions) or the internal one (``?version=``).
PUBLIC = "publica"
INTERNAL = "interna"


class InstitutionOrSTLField(forms.ModelChoiceField):
    """An institution, or ``STL_SLUG`` for the STL's own report (``STL_REPORT``)."""

    allow_stl = False

    def to_python(self, value):
        if self.allow_stl and value == STL_SLUG:
            return STL_REPORT
        return super().to_python(value)


class ReportPeriodForm(forms.Form):
    """An institution of the staff member's STL (or the STL itself, for its annual report) and a
    period: a calendar year, or from–to dates."""

    institution = InstitutionOrSTLField(
        label=_("Informe de"), queryset=Institution.objects.none(), to_field_name="identifier",
        empty_label=_("Elija una institución o el secretariado"),
        error_messages={"required": _("Elija la institución del informe, o el secretariado."),
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
    version = forms.ChoiceField(
        label=_("Versión"), required=False, initial=PUBLIC, widget=forms.RadioSelect,
        choices=[(PUBLIC, _("Para publicar: deja fuera las sesiones y reuniones reservadas y no las cuenta")),
                 (INTERNAL, _("Interna: incluye las sesiones y reuniones reservadas; cada página dice "
                              "«no publicar»"))],
        error_messages={"invalid_choice": _("Elija la versión para publicar o la interna.")},
    )

    def __init__(self, *args, institutions=None, stl=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        if institutions is not None:
            field.queryset = institutions
        field.label_from_instance = lambda institution: institution.display_name
        if stl is not None:
            field.allow_stl = True
            # The STL's annual report first, then every institution in its records.
            stl_choice = (STL_SLUG, _("%(stl)s: informe anual del secretariado") % {"stl": stl.short_name or stl.name})
            field.choices = [("", field.empty_label), stl_choice,
                             *[(i.identifier, i.display_name) for i in field.queryset]]

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

    @property
    def internal(self):
        return self.cleaned_data.get("version") == INTERNAL

    @property
    def subject_slug(self):
        institution = self.cleaned_data.get("institution")
        return STL_SLUG if institution is STL_REPORT else institution.identifier


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

    place = forms.CharField(
        label=_("Lugar"), required=False, max_length=200,
        help_text=_("Donde se firma, p. ej. «Toluca de Lerdo, Estado de México». Vacío: la entidad del secretariado."),
    )
    document_date = forms.DateField(
        label=_("Fecha del documento"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Vacía: la fecha en que se genera el PDF."),
        error_messages={"invalid": _("Escriba una fecha válida, p. ej. 2021-01-15.")},
    )
    signer_name = forms.CharField(label=_("Nombre de quien firma"), required=False, max_length=200)
    signer_post = forms.CharField(
        label=_("Cargo de quien firma"), required=False, max_length=300,
        help_text=_("p. ej. «Titular de la Unidad de Transparencia»."),
    )

    class Meta:
        model = ReportText
        fields = ["opening", "closing", "place", "document_date", "signer_name", "signer_post"]


def parse_iso_date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None
