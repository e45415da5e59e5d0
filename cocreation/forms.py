from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commitments.models import ActionPlan, Commitment
from core.forms import RecordForm
from sessions.models import DocumentVersion
from workgroups.models import Body, Institution

from .models import Assessment, Consultation, Input


class InputForm(forms.ModelForm):
    """What anyone sends from a consultation's public page. ``sitio_web`` is a honeypot: hidden from
    people (and from screen readers), filled only by robots."""

    sitio_web = forms.CharField(label=_("No llene este campo"), required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
    accept = forms.BooleanField(
        label=_("Acepto que mi aportación se publique con el nombre o seudónimo que indiqué, según las reglas "
                "de moderación de esta consulta."), required=True)

    class Meta:
        model = Input
        fields = ["kind", "author_name", "email", "comment", "problem", "solution", "proposed_lead"]
        widgets = {"kind": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 5}),
                   "problem": forms.Textarea(attrs={"rows": 4}), "solution": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"email": _("Le enviaremos un enlace para confirmar su aportación. Nunca se publica ni se "
                                 "exporta."),
                      "author_name": _("Puede usar un seudónimo. Se publica con su aportación.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    @property
    def is_robot(self):
        return bool(self.data.get("sitio_web", "").strip())


class ConsultationForm(RecordForm):
    class Meta:
        model = Consultation
        fields = ["title", "subject", "plan", "commitment", "document_version", "working_table", "question",
                  "draft_text", "description", "opens_on", "closes_on", "rules", "is_example"]
        widgets = {"opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "draft_text": forms.Textarea(attrs={"rows": 8}), "rules": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, stl, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.stl = stl
        self.fields["plan"].queryset = ActionPlan.objects.filter(stl=stl)
        self.fields["commitment"].queryset = Commitment.objects.of_stl(stl)
        self.fields["document_version"].queryset = DocumentVersion.objects.filter(
            document__body__in=Body.objects.filter(pk=stl.pk) | Body.objects.filter(parent=stl)
        ).select_related("document")
        self.fields["working_table"].queryset = Body.objects.filter(parent=stl, kind=Body.Kind.WORKING_TABLE)


class ModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", _("Ocultar")), ("show", _("Volver a mostrar"))],
                               widget=forms.HiddenInput)
    rule = forms.CharField(label=_("Regla aplicada"), required=False, max_length=200,
                           help_text=_("p. ej. «Regla 3: datos personales de terceros»"))
    reason = forms.CharField(label=_("Motivo (se publica)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    response = forms.ChoiceField(label=_("Respuesta"), choices=Input.Response.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Razones (se publican)"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 4}))
    commitment = forms.ModelChoiceField(
        label=_("Compromiso al que dio origen"), required=False, queryset=Commitment.objects.none(),
        to_field_name="identifier", empty_label=_("Ninguno"),
        help_text=_("Si la propuesta se convirtió en un compromiso, enlácelo: ambas páginas lo mostrarán."))

    def __init__(self, *args, stl, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = Commitment.objects.of_stl(stl).order_by("title")


class AssessmentForm(RecordForm):
    class Meta:
        model = Assessment
        fields = ["stage", "assessed_on", "assessor", "verifiable", "relevant", "relevant_access",
                  "relevant_participation", "relevant_accountability", "relevant_technology",
                  "potential_impact", "completion", "opened_government", "explanation",
                  "opened_government_explanation", "lessons", "evidence"]
        widgets = {"assessed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class SuccessionForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("Institución que se extingue"), queryset=Institution.objects.none(),
                                         to_field_name="identifier")
    ended_on = forms.DateField(label=_("Fecha desde la que la sucede otra"),
                               widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("El día en que la ley da sus funciones a la sucesora."))
    successor = forms.ModelChoiceField(label=_("Institución sucesora (si ya está registrada)"), required=False,
                                       queryset=Institution.objects.none(), to_field_name="identifier",
                                       empty_label=_("Registrar una nueva"))
    new_name = forms.CharField(label=_("Nombre de la nueva institución"), required=False, max_length=300)
    new_acronym = forms.CharField(label=_("Siglas de la nueva institución"), required=False, max_length=40)
    move_accounts = forms.BooleanField(
        label=_("Las cuentas del portal que actúan por ella pasan a actuar por la sucesora"), required=False,
        help_text=_("Márquelo si su personal pasa a la nueva institución; si no, esas cuentas ya no editarán "
                    "los compromisos que pasan a la sucesora."))

    def __init__(self, *args, stl, **kwargs):
        super().__init__(*args, **kwargs)
        related = Institution.objects.filter(
            Q(memberships__body=stl) | Q(memberships__body__parent=stl) | Q(accounts__stl=stl)
            | Q(led_axes__plan__stl=stl) | Q(led_commitments__plan__stl=stl)).distinct()
        self.fields["institution"].queryset = related.filter(ended_on__isnull=True).order_by("name")
        self.fields["successor"].queryset = Institution.objects.filter(ended_on__isnull=True).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("successor") and not cleaned.get("new_name", "").strip():
            raise forms.ValidationError(_("Elija la institución sucesora o escriba el nombre de la nueva."),
                                        code="successor_missing")
        return cleaned
