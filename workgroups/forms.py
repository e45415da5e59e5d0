"""Forms of the member panel's account management (staff only)."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import RecordForm

from .models import Account, Body, Institution, Person, SocialLink


def institutions_of_stl(stl):
    """Institutions that take part in an STL: members, account holders or leads of its axes."""
    return Institution.objects.filter(
        Q(memberships__body=stl) | Q(memberships__body__parent=stl) | Q(accounts__stl=stl)
        | Q(led_axes__plan__stl=stl)
    ).distinct().order_by("name")


def people_of_stl(stl):
    return Person.objects.filter(
        Q(memberships__body=stl) | Q(memberships__body__parent=stl) | Q(accounts__stl=stl)
    ).distinct().order_by("name")


class AccountCreateForm(UserCreationForm):
    """A new login and its account in the staff member's STL, with a first password."""

    email = forms.EmailField(label=_("Correo electrónico"), required=False)
    role = forms.ChoiceField(label=_("Rol"), choices=Account.Role.choices, initial=Account.Role.MEMBER)
    institution = forms.ModelChoiceField(label=_("Institución"), queryset=Institution.objects.none(),
                                         required=False, empty_label=_("Ninguna"),
                                         help_text=_("Obligatoria para integrantes."))
    person = forms.ModelChoiceField(label=_("Persona"), queryset=Person.objects.none(), required=False,
                                    empty_label=_("Ninguna"))

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")

    def __init__(self, *args, stl, **kwargs):
        super().__init__(*args, **kwargs)
        self.stl = stl
        self.fields["institution"].queryset = institutions_of_stl(stl)
        self.fields["institution"].label_from_instance = lambda institution: institution.display_name
        self.fields["person"].queryset = people_of_stl(stl)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Account.Role.MEMBER and not cleaned.get("institution"):
            self.add_error("institution", forms.ValidationError(
                _("Un integrante actúa por una institución."), code="institution_required"))
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=True)
        account = Account(user=user, stl=self.stl, role=self.cleaned_data["role"],
                          institution=self.cleaned_data.get("institution"),
                          person=self.cleaned_data.get("person"))
        account.full_clean()
        account.save()
        return account


class LogoInput(forms.ClearableFileInput):
    """The stored logo is shown as an image above the form; its storage path is never printed (the
    media folder is not served: the logo's address is /organos/<id>/logotipo)."""

    template_name = "workgroups/panel/_logo_input.html"  # under workgroups/templates: the form renderer reads app folders only


class STLIdentityForm(RecordForm):
    """Staff edit their STL's name and identity (workgroups/identity.py shows it on the public site,
    the feeds, the calendars and the PDFs). The logo is checked by the model's validator."""

    class Meta:
        model = Body
        fields = ["name", "short_name", "logo", "accent", "contact_email", "contact_phone", "contact_address"]
        widgets = {
            "logo": LogoInput(attrs={"accept": "image/png,image/jpeg"}),
            "contact_address": forms.Textarea(attrs={"rows": 3}),
        }


SocialLinkFormSet = forms.inlineformset_factory(
    Body, SocialLink, fk_name="stl", fields=["network", "url", "order"], extra=2, can_delete=True, max_num=12,
    absolute_max=12, validate_max=True,
)
