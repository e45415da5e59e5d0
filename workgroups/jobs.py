"""E-mail of the accounts: the invitation of a new STL's first staff account."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs import PermanentJobError, background

from .models import Account


def _stl_of_account(account_id):
    return Account.objects.filter(pk=account_id).values_list("stl_id", flat=True).first()


@background(label=gettext_lazy("Invitación a una cuenta nueva"), max_attempts=5, stl_of=_stl_of_account)
def send_invitation(account_id, base_url):
    from .onboarding import invitation_path

    account = Account.objects.select_related("user", "stl", "person").filter(pk=account_id).first()
    if account is None or not account.user.email:
        raise PermanentJobError(f"La cuenta {account_id} no existe o no tiene correo")
    if account.user.has_usable_password():
        return  # already set: the invitation was used, nothing to send again
    context = {"account": account, "link": base_url.rstrip("/") + invitation_path(account.user),
               "days": settings.PASSWORD_RESET_TIMEOUT // 86400}
    EmailMessage(
        subject=_("Invitación al panel del %(stl)s") % {"stl": account.stl.short_name or account.stl.name},
        body=render_to_string("registration/invitation_email.txt", context),
        to=[account.user.email],
    ).send()
