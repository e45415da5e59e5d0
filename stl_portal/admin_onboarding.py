"""«Dar de alta un secretariado» in the admin (``/admin/alta-secretariado/``): the same onboarding as
``manage.py onboard_stl`` (``stl_portal/onboarding.py``) from a form, for administrators who may add
bodies and accounts. README «A new STL»."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workgroups.models import Institution

from .onboarding import onboard

REASON = "Alta del secretariado (administración)"
PERMISSIONS = ("workgroups.add_body", "workgroups.add_account", "workgroups.add_institution")


class OnboardingForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nombre del secretariado"), max_length=300,
                           help_text=gettext_lazy("p. ej. «Secretariado Técnico Local de Gobierno Abierto de Jalisco»"))
    short_name = forms.CharField(label=gettext_lazy("Nombre corto"), max_length=80,
                                 help_text=gettext_lazy("p. ej. «STL Jalisco»"))
    jurisdiction = forms.CharField(label=gettext_lazy("Entidad"), max_length=120,
                                   help_text=gettext_lazy("p. ej. «Jalisco»"))
    identifier = forms.SlugField(label=gettext_lazy("Identificador"), required=False, max_length=100,
                                 help_text=gettext_lazy("Vacío: stl-<entidad>, p. ej. «stl-jalisco»."))
    session_prefix = forms.CharField(label=gettext_lazy("Prefijo de las claves de acuerdo"), max_length=20,
                                     initial="STL")
    institution = forms.ModelChoiceField(
        label=gettext_lazy("Institución de la persona del personal técnico"), required=False,
        queryset=Institution.objects.order_by("name"), empty_label=gettext_lazy("— Una institución nueva —"),
        help_text=gettext_lazy("Una existente, o deje «nueva» y escriba su nombre abajo (se registra como "
                               "órgano garante)."))
    new_institution_name = forms.CharField(label=gettext_lazy("Nombre de la institución nueva"), required=False,
                                           max_length=300)
    new_institution_acronym = forms.CharField(label=gettext_lazy("Siglas de la institución nueva"),
                                              required=False, max_length=40)
    staff_username = forms.CharField(label=gettext_lazy("Usuario del personal técnico"), max_length=150)
    staff_email = forms.EmailField(label=gettext_lazy("Correo del personal técnico"),
                                   help_text=gettext_lazy("Recibe la invitación para elegir su contraseña."))
    staff_name = forms.CharField(label=gettext_lazy("Nombre completo de la persona"), max_length=200)
    plan_name = forms.CharField(label=gettext_lazy("Nombre del primer plan de acción"), required=False,
                                max_length=300, help_text=gettext_lazy("Vacío: sin plan por ahora."))
    plan_start = forms.IntegerField(label=gettext_lazy("Año de inicio del plan"), min_value=2000,
                                    max_value=2100, required=False)
    plan_end = forms.IntegerField(label=gettext_lazy("Año de término del plan"), min_value=2000,
                                  max_value=2100, required=False)
    base_url = forms.URLField(label=gettext_lazy("Dirección pública del portal"), assume_scheme="https",
                              help_text=gettext_lazy("Para el enlace de la invitación, p. ej. "
                                                     "https://gobiernoabierto.example.org"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("institution") and not (cleaned.get("new_institution_name") or "").strip():
            self.add_error("new_institution_name", _("Escoja una institución existente o escriba el nombre de "
                                                     "la nueva."))
        if cleaned.get("plan_name") and not (cleaned.get("plan_start") and cleaned.get("plan_end")):
            self.add_error("plan_start", _("Indique los años de inicio y término del plan."))
        return cleaned


def onboard_view(request):
    if not all(request.user.has_perm(permission) for permission in PERMISSIONS):
        raise PermissionDenied
    year = datetime.date.today().year
    initial = {"base_url": getattr(settings, "STL_PUBLIC_URL", "") or request.build_absolute_uri("/").rstrip("/"),
               "plan_start": year, "plan_end": year + 2, "session_prefix": "STL"}
    form = OnboardingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            done, plan = onboard(
                name=data["name"], short_name=data["short_name"], jurisdiction=data["jurisdiction"],
                identifier=data["identifier"], session_prefix=data["session_prefix"],
                institution=data["institution"], new_institution_name=data["new_institution_name"].strip(),
                new_institution_acronym=data["new_institution_acronym"].strip(),
                staff_username=data["staff_username"], staff_email=data["staff_email"],
                staff_name=data["staff_name"], plan_name=data["plan_name"], plan_start=data["plan_start"],
                plan_end=data["plan_end"], base_url=data["base_url"].rstrip("/"), reason=REASON)
        except ValidationError as error:
            for field, items in (error.message_dict.items() if hasattr(error, "error_dict")
                                 else [(None, error.messages)]):
                for message in items:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Secretariado «%(name)s» dado de alta con su grupo operativo, %(seats)s "
                                        "asientos%(plan)s. La invitación para elegir contraseña sale a %(email)s "
                                        "con el siguiente trabajo en segundo plano.") % {
                "name": done.stl.name, "seats": len(done.seats), "email": done.account.user.email,
                "plan": _(" y el plan «%(plan)s»") % {"plan": plan.name} if plan else ""})
            return redirect(reverse("admin:workgroups_body_change", args=[done.stl.pk]))
    context = {**admin.site.each_context(request), "title": _("Dar de alta un secretariado"), "form": form}
    return render(request, "admin/onboard_stl.html", context)
