"""The member panel's commitment forms.

Each form offers only the fields a person may change in the commitment's current state; the status
and the workflow dates never appear in a form, so a forged POST cannot set them. Workflow moves go
through the model methods (``submit``, ``publish``, ``withdraw``) in their own views.
"""

import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import RecordForm
from core.uploads import checked
from workgroups.forms import institutions_of_stl
from workgroups.models import Institution

from .models import (
    NARRATIVE_LENGTH,
    SHORT_TEXT_LENGTH,
    Axis,
    Commitment,
    CommitmentChange,
    Milestone,
    MilestoneChange,
    MilestoneUpdate,
)

EVIDENCE_KINDS = ("pdf", "png", "jpeg")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OnceOnlyMixin(forms.Form):
    """A hidden token per opened form: sending the same form twice creates one record
    (the token is unique in the database, see ``form_token`` on the models)."""

    form_token = forms.UUIDField(widget=forms.HiddenInput, error_messages={
        "required": _("El formulario está incompleto; recargue la página."),
        "invalid": _("El formulario está incompleto; recargue la página."),
    })

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = uuid.uuid4()


OGP_FIELDS = [
    "title", "kind", "axis", "lead_institution", "other_actors", "public_problem", "objective",
    "solution", "relevance_transparency", "relevance_participation", "relevance_accountability",
    "relevance_technology", "start_date", "start_date_certainty", "end_date", "end_date_certainty",
]


class CommitmentForm(OnceOnlyMixin, RecordForm):
    """A draft's OGP fields. The plan follows from the axis."""

    class Meta:
        model = Commitment
        fields = OGP_FIELDS
        widgets = {"start_date": DateInput(), "end_date": DateInput(),
                   "other_actors": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "public_problem": _("¿Qué problema público atiende? Descríbalo con datos, si los hay."),
            "solution": _("¿Cómo contribuye el compromiso a resolverlo?"),
        }

    def __init__(self, *args, account, **kwargs):
        super().__init__(*args, **kwargs)
        self.account = account
        self.fields["axis"].queryset = Axis.objects.filter(plan__stl=account.stl).select_related("plan")
        self.fields["lead_institution"].queryset = institutions_of_stl(account.stl)
        self.fields["lead_institution"].label_from_instance = lambda institution: institution.display_name
        self.fields["axis"].label_from_instance = lambda axis: (
            axis.name if axis.is_approved_state() else _("%(axis)s (propuesto)") % {"axis": axis.name})
        self.fields["axis"].empty_label = _("Elija un eje")
        self.fields["lead_institution"].empty_label = _("Elija una institución")
        if self.instance.pk is not None:
            # The form token only guards creation.
            self.fields["form_token"].required = False

    def clean(self):
        cleaned = super().clean()
        axis = cleaned.get("axis")
        lead = cleaned.get("lead_institution")
        if axis is not None:
            self.instance.plan = axis.plan
        if axis is not None and lead is not None and not self.account.sees_everything_of_stl:
            mine = self.account.institution_id
            if mine not in (lead.pk, axis.lead_institution_id):
                self.add_error("lead_institution", forms.ValidationError(
                    _("Su institución debe encabezar el compromiso o su eje."), code="not_yours"))
        return cleaned


class CommitmentFollowUpForm(RecordForm):
    """What changes once a commitment is approved: only its completion level."""

    class Meta:
        model = Commitment
        fields = ["completion"]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo del retiro"), widget=forms.Textarea(attrs={"rows": 3}), max_length=SHORT_TEXT_LENGTH,
        help_text=_("Se conserva en la bitácora; p. ej. «Se corrigen las fechas de los hitos»."),
        error_messages={"required": _("Explique por qué se retira de la publicación.")},
    )


class MilestoneForm(OnceOnlyMixin, RecordForm):
    class Meta:
        model = Milestone
        fields = ["order", "title", "description", "start_date", "start_date_certainty", "end_date",
                  "end_date_certainty"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(),
                   "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"title": _("Un entregable que se pueda verificar, p. ej. «Micrositio publicado»."),
                      "order": _("Posición del hito en el compromiso: 1, 2, 3…")}

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commitment = commitment
        self.fields["order"].min_value = 1
        if self.instance.pk is not None:
            self.fields["form_token"].required = False
        elif not self.is_bound:
            self.initial["order"] = (max((m.order for m in commitment.milestones.all()), default=0) + 1)

    def clean_order(self):
        order = self.cleaned_data["order"]
        if order is not None and order < 1:
            raise forms.ValidationError(_("El orden empieza en 1."), code="min_value")
        clash = Milestone.objects.filter(commitment=self.instance.commitment, order=order)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Ya hay un hito con ese orden en el compromiso."), code="duplicate")
        return order


class ProgressForm(OnceOnlyMixin, forms.ModelForm):
    """A progress update of a milestone: what was done, the completion reached, the evidence."""

    evidence_url = forms.URLField(label=_("Enlace a la evidencia"), required=False, max_length=500,
                                  assume_scheme="https",
                                  help_text=_("p. ej. https://www.ejemplo.gob.mx/micrositio"))

    class Meta:
        model = MilestoneUpdate
        fields = ["date", "date_certainty", "completion_percent", "note", "evidence_url", "evidence_file"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3}),
                   "evidence_file": forms.ClearableFileInput(
                       attrs={"accept": "application/pdf,image/png,image/jpeg"})}
        help_texts = {
            "completion_percent": _("De 0 a 100."),
            "evidence_file": _("PDF, PNG o JPEG de hasta 10 MB; se revisa su contenido."),
        }

    def __init__(self, *args, milestone, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.milestone = milestone
        self.fields["completion_percent"].min_value = 0
        self.fields["completion_percent"].max_value = 100
        self.fields["completion_percent"].widget.attrs.update({"min": 0, "max": 100})
        if not self.is_bound:
            self.initial["date"] = timezone.localdate()
            self.initial["completion_percent"] = milestone.completion_percent

    def clean_completion_percent(self):
        value = self.cleaned_data["completion_percent"]
        if value is not None and not 0 <= value <= 100:
            raise forms.ValidationError(_("El avance va de 0 a 100 %."), code="out_of_range")
        return value

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("La fecha del avance no puede ser futura."), code="future")
        return value

    def clean_evidence_file(self):
        uploaded = self.cleaned_data.get("evidence_file")
        if uploaded and hasattr(uploaded, "size") and not getattr(uploaded, "_committed", False):
            return checked(uploaded, EVIDENCE_KINDS)
        return uploaded


# Changes to an approved commitment ------------------------------------------------------------


class CommitmentChangeForm(OnceOnlyMixin, forms.Form):
    """What changes in an approved commitment, with its justification. It opens with the current
    values; only what the person changes is proposed."""

    justification = forms.CharField(
        label=_("Justificación"), widget=forms.Textarea(attrs={"rows": 4}), max_length=NARRATIVE_LENGTH,
        help_text=_("Por qué cambia: se publica con el cambio cuando se aprueba."),
        error_messages={"required": _("Explique por qué cambia el compromiso.")})
    lead_institution = forms.ModelChoiceField(label=_("Institución responsable"), queryset=None)
    start_date = forms.DateField(label=_("Fecha de inicio"), widget=DateInput())
    end_date = forms.DateField(label=_("Fecha de término"), widget=DateInput())

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        # The current lead stays a valid choice even when it holds no seat (a court, a ministry).
        self.fields["lead_institution"].queryset = Institution.objects.filter(
            Q(pk__in=institutions_of_stl(commitment.plan.stl).values("pk")) | Q(pk=commitment.lead_institution_id)
        ).order_by("name")
        self.fields["lead_institution"].label_from_instance = lambda institution: institution.display_name
        if not self.is_bound:
            self.initial.update(lead_institution=commitment.lead_institution_id,
                                start_date=commitment.start_date, end_date=commitment.end_date)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", forms.ValidationError(
                _("La fecha de término no puede ser anterior a la fecha de inicio."), code="end_before_start"))
        return cleaned

    def build(self):
        """The unsaved change with the commitment's fields that differ."""
        data, commitment = self.cleaned_data, self.commitment
        change = CommitmentChange(commitment=commitment, justification=data["justification"].strip())
        if data["lead_institution"].pk != commitment.lead_institution_id:
            change.new_lead_institution = data["lead_institution"]
        if data["start_date"] != commitment.start_date:
            change.new_start_date = data["start_date"]
        if data["end_date"] != commitment.end_date:
            change.new_end_date = data["end_date"]
        change.form_token = data["form_token"]
        return change


class MilestoneRowForm(forms.Form):
    """One milestone in a change: an existing one (kept, changed or removed) or a new one."""

    milestone = forms.ModelChoiceField(queryset=Milestone.objects.none(), required=False,
                                       widget=forms.HiddenInput, to_field_name="identifier")
    order = forms.IntegerField(label=_("Orden"), min_value=1, max_value=999, required=False)
    title = forms.CharField(label=_("Entregable verificable"), max_length=400, required=False)
    description = forms.CharField(label=_("Descripción"), max_length=SHORT_TEXT_LENGTH, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    start_date = forms.DateField(label=_("Fecha de inicio"), widget=DateInput(), required=False)
    end_date = forms.DateField(label=_("Fecha de término"), widget=DateInput(), required=False)
    remove = forms.BooleanField(label=_("Quitar este hito"), required=False)

    def __init__(self, *args, commitment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = commitment.milestones.all()

    def clean(self):
        cleaned = super().clean()
        milestone = cleaned.get("milestone")
        filled = cleaned.get("title") or cleaned.get("start_date") or cleaned.get("end_date")
        if milestone is None and filled and not cleaned.get("title"):
            self.add_error("title", forms.ValidationError(_("Escriba el entregable del hito nuevo."),
                                                          code="required"))
        if milestone is not None and not cleaned.get("remove") and not cleaned.get("title"):
            self.add_error("title", forms.ValidationError(_("El hito necesita su entregable."), code="required"))
        if milestone is None and cleaned.get("title") and not cleaned.get("order"):
            self.add_error("order", forms.ValidationError(_("Indique el orden del hito nuevo."), code="required"))
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", forms.ValidationError(
                _("La fecha de término no puede ser anterior a la fecha de inicio."), code="end_before_start"))
        return cleaned

    def milestone_change(self):
        """The unsaved MilestoneChange this row asks for, or None when it changes nothing."""
        data = self.cleaned_data
        milestone = data.get("milestone")
        if milestone is None:
            if not data.get("title"):
                return None
            return MilestoneChange(action=MilestoneChange.Action.ADD, order=data["order"], title=data["title"],
                                   description=data.get("description", ""), start_date=data.get("start_date"),
                                   end_date=data.get("end_date"))
        if data.get("remove"):
            return MilestoneChange(action=MilestoneChange.Action.REMOVE, milestone=milestone,
                                   order=milestone.order, title=milestone.title)
        new = (data["title"], data.get("description", ""), data.get("start_date"), data.get("end_date"))
        if new == (milestone.title, milestone.description, milestone.start_date, milestone.end_date):
            return None
        return MilestoneChange(action=MilestoneChange.Action.MODIFY, milestone=milestone, order=milestone.order,
                               title=new[0], description=new[1], start_date=new[2], end_date=new[3])


class BaseMilestoneRowFormSet(forms.BaseFormSet):
    def __init__(self, *args, commitment, **kwargs):
        self.commitment = commitment
        if not args or args[0] is None:
            kwargs.setdefault("initial", [
                {"milestone": m.identifier, "order": m.order, "title": m.title, "description": m.description,
                 "start_date": m.start_date, "end_date": m.end_date} for m in commitment.milestones.all()])
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "commitment": self.commitment}

    def clean(self):
        if any(self.errors):
            return
        taken = {m.order for m in self.commitment.milestones.all()}
        freed = {form.cleaned_data["milestone"].order for form in self.forms
                 if form.cleaned_data.get("milestone") and form.cleaned_data.get("remove")}
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            if data.get("milestone") is None and data.get("title"):
                order = data.get("order")
                if order in (taken - freed) or order in seen:
                    form.add_error("order", forms.ValidationError(
                        _("Ya hay un hito con ese orden en el compromiso."), code="duplicate"))
                seen.add(order)

    def milestone_changes(self):
        return [change for form in self.forms if (change := form.milestone_change()) is not None]


MilestoneRowFormSet = forms.formset_factory(MilestoneRowForm, formset=BaseMilestoneRowFormSet, extra=2,
                                            max_num=60, absolute_max=60, validate_max=True)


class BulkProgressForm(forms.Form):
    file = forms.FileField(
        label=_("Archivo CSV con los avances"),
        help_text=_("La plantilla descargada, con «nuevo_avance», «fecha» y «que_se_hizo» llenos en los hitos que "
                    "avanzaron; las líneas sin «nuevo_avance» no cambian nada. Hasta 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": _("Elija el archivo CSV."), "empty": _("El archivo está vacío.")})
