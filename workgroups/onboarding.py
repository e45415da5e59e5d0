"""A new STL in one step: the secretariat, its operational group, its seats, and its first staff
account, invited by e-mail to choose a password (``manage.py onboard_stl``, README «A new STL»).

Everything is written in one transaction with a history reason; the invitation leaves only when it
commits, through a background job (``workgroups/jobs.py``), and carries a one-time link made with
Django's password-reset tokens (valid ``PASSWORD_RESET_TIMEOUT`` seconds, spent once the password
is set)."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Account, Body, Institution, Person, Seat

# The composition of an STL under OGP Local and the Estado de México's rules (domain.md): the
# guarantor body, the public bodies, civil society, and a facilitator who speaks but does not vote.
STANDARD_SEATS = (
    (Seat.Role.GUARANTOR, _("Representante del órgano garante"), True),
    (Seat.Role.PUBLIC_BODIES, _("Representante de los entes públicos"), True),
    (Seat.Role.CIVIL_SOCIETY, _("Representante de la sociedad civil"), True),
    (Seat.Role.FACILITATOR, _("Facilitador"), False),
)


@dataclass
class Onboarded:
    stl: Body
    operational_group: Body
    seats: list
    account: Account


def _saved(instance, reason):
    instance._change_reason = reason
    instance.full_clean()
    instance.save()
    return instance


def _free_identifier(model, wanted):
    if not wanted or not model.objects.filter(identifier=wanted).exists():
        return wanted
    raise ValidationError({"identifier": _("El identificador «%(id)s» ya está en uso.") % {"id": wanted}})


@transaction.atomic
def onboard_stl(*, name, short_name, jurisdiction, identifier="", session_prefix="STL",
                staff_username, staff_email, staff_name, institution, base_url, reason=None):
    """Create the STL and its first staff account; ``institution`` is an Institution (existing, e.g.
    the state's guarantor body) for whom the staff person works; ``base_url`` is the portal's public
    address (``https://gobiernoabierto.example.org``) for the link in the invitation. Raises ValidationError (Spanish)
    and writes nothing when something is wrong."""
    reason = reason or _("Alta del secretariado (manage.py onboard_stl)")
    User = get_user_model()
    if User.objects.filter(username=staff_username).exists():
        raise ValidationError({"staff_username": _("Ya existe una cuenta «%(name)s».") % {"name": staff_username}})
    if Body.objects.filter(kind=Body.Kind.STL, name=name).exists():
        raise ValidationError({"name": _("Ya existe un secretariado con ese nombre.")})
    identifier = _free_identifier(Body, identifier or f"stl-{slugify(jurisdiction)[:60]}")
    stl = _saved(Body(kind=Body.Kind.STL, name=name, short_name=short_name, jurisdiction=jurisdiction,
                      identifier=identifier, session_prefix=session_prefix), reason)
    group = _saved(Body(kind=Body.Kind.OPERATIONAL_GROUP, parent=stl,
                        name=_("Grupo operativo de trabajo del %(stl)s") % {"stl": short_name or name},
                        short_name=_("Grupo operativo"), jurisdiction=jurisdiction,
                        identifier=_free_identifier(Body, f"{identifier}-grupo-operativo")), reason)
    seats = [_saved(Seat(body=stl, role=role, label=str(label), counts_for_quorum=votes, order=order), reason)
             for order, (role, label, votes) in enumerate(STANDARD_SEATS, start=1)]
    user = User(username=staff_username, email=staff_email)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if institution.stl_id is None and not institution.key and not (
            institution.accounts.exists() or institution.memberships.exists()):
        institution.stl = stl  # new, used by no other STL: this STL's own (open data, «stl»)
        _saved(institution, reason)
    person = _saved(Person(name=staff_name, email=staff_email, institution=institution, stl=stl), reason)
    account = _saved(Account(user=user, stl=stl, role=Account.Role.STAFF, institution=institution,
                             person=person), reason)
    from .jobs import send_invitation

    transaction.on_commit(lambda: send_invitation.enqueue(account.pk, base_url))
    return Onboarded(stl=stl, operational_group=group, seats=seats, account=account)


def invitation_path(user):
    """The one-time path where an invited person chooses a password."""
    return reverse("account_invitation", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})


def institution_for(identifier_or_acronym):
    """An existing institution by identifier or acronym (case-insensitive), or None."""
    return (Institution.objects.filter(identifier=identifier_or_acronym).first()
            or Institution.objects.filter(acronym__iexact=identifier_or_acronym).first())
