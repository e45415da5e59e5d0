"""E-mail sent by background jobs: the link that confirms a public input, and the weekly compliance
calendar for staff. Jobs take ids; a failed send is retried (core/jobs.py)."""

import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs import PermanentJobError, background
from core.secrets import public_url
from workgroups.models import Account, Body

from .compliance import alerts_for
from .models import Input, secret_digest


def stl_of_input(input_id):
    return Input.objects.filter(pk=input_id).values_list("consultation__stl_id", flat=True).first()


@background(label=gettext_lazy("Correo de confirmación de una aportación"), max_attempts=4, stl_of=stl_of_input)
def send_input_confirmation(input_id):
    """A fresh key is made here (only its digest is stored), so the key never sits in the queue."""
    item = Input.objects.select_related("consultation").filter(pk=input_id).first()
    if item is None:
        raise PermanentJobError(f"No existe la aportación {input_id}")
    if item.confirmed_at:
        return
    key = secrets.token_urlsafe(32)
    item.confirmation_digest = secret_digest(f"confirm:{key}")
    item._change_reason = "Clave de confirmación enviada por correo"
    item.save()
    link = public_url(reverse("cocreation:input_confirm", args=[key]))
    context = {"item": item, "consultation": item.consultation, "link": link,
               "page": public_url(item.consultation.get_absolute_url())}
    send_mail(_("Confirme su aportación a «%(title)s»") % {"title": item.consultation.title},
              render_to_string("cocreation/email/confirm_input.txt", context),
              settings.DEFAULT_FROM_EMAIL, [item.email])


def stl_id_itself(stl_id, **kwargs):
    return stl_id


@background(label=gettext_lazy("Correo semanal de obligaciones a personal"), max_attempts=3, stl_of=stl_id_itself)
def send_compliance_digest(stl_id):
    stl = Body.objects.filter(pk=stl_id, kind=Body.Kind.STL).first()
    if stl is None:
        raise PermanentJobError(f"No existe el secretariado {stl_id}")
    recipients = sorted(set(
        Account.objects.filter(stl=stl, role=Account.Role.STAFF, user__is_active=True)
        .exclude(user__email="").values_list("user__email", flat=True)))
    if not recipients:
        return
    today = timezone.localdate()
    alerts = alerts_for(stl, today)
    context = {"stl": stl, "alerts": alerts, "today": today, "site": public_url()}
    send_mail(_("Obligaciones de OGP Local de %(stl)s: %(count)s avisos") % {"stl": stl, "count": len(alerts)},
              render_to_string("cocreation/email/compliance_digest.txt", context),
              settings.DEFAULT_FROM_EMAIL, recipients)


@background(label=gettext_lazy("Aviso a quien aportó: su aportación tiene respuesta"), max_attempts=4,
            stl_of=stl_of_input)
def send_answer_notice(input_id):
    """The author of an input learns that the STL answered it (the reasoned response is public)."""
    item = Input.objects.select_related("consultation").filter(pk=input_id).first()
    if item is None:
        raise PermanentJobError(f"No existe la aportación {input_id}")
    if not (item.email and item.response and item.confirmed_at):
        return
    context = {"item": item, "consultation": item.consultation,
               "page": public_url(item.get_absolute_url())}
    send_mail(_("Respuesta a su aportación a «%(title)s»") % {"title": item.consultation.title},
              render_to_string("cocreation/email/answer_notice.txt", context),
              settings.DEFAULT_FROM_EMAIL, [item.email])
