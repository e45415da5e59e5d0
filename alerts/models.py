"""Follow by e-mail: a visitor's address, what it follows, and what happened that it may want to hear.

These rows are not part of the public record: no public page, feed or open-data file reads them, and
they keep no history (a history table would keep an address after its owner asked us to forget it).
Unsubscribing deletes the subscription and, with its last one, the address itself.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Axis, Commitment
from core.secrets import keyed_digest, public_url
from sessions.models import Session
from workgroups.models import Body


def new_token():
    return secrets.token_urlsafe(32)


def address_digest(email):
    """A keyed digest of an address: lets us remember that we wrote to a stranger once without
    keeping the stranger's address."""
    return keyed_digest(normalise_email(email), purpose="alerts.address")


def normalise_email(email):
    return (email or "").strip().lower()


class Subscriber(models.Model):
    """One e-mail address. ``confirmed_at`` is set the first time its owner follows a confirmation
    link: from then on we know the address is theirs."""

    is_own_log = True  # written by the portal on a visitor's request, never edited by a member

    email = models.EmailField(_("correo electrónico"), unique=True)
    token = models.CharField(_("clave para darse de baja"), max_length=64, unique=True, default=new_token,
                             editable=False)
    created_at = models.DateTimeField(_("solicitado"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("dirección confirmada"), null=True, blank=True)
    last_confirmation_at = models.DateTimeField(_("último mensaje de confirmación"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("último resumen enviado"), null=True, blank=True)
    digest_due_at = models.DateTimeField(_("próximo resumen"), null=True, blank=True)

    class Meta:
        verbose_name = _("dirección suscrita")
        verbose_name_plural = _("direcciones suscritas")
        ordering = ["email"]

    def __str__(self):
        return self.email

    def unsubscribe_url(self):
        return absolute_url(reverse("alerts:unsubscribe", args=[self.token]))


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def following(self, notice):
        """The confirmed subscriptions a notice concerns: its commitment, its axis or its STL."""
        match = Q(stl_id=notice.stl_id)
        if notice.axis_id:
            match |= Q(axis_id=notice.axis_id)
        if notice.commitment_id:
            match |= Q(commitment_id=notice.commitment_id)
        return self.confirmed().filter(match, confirmed_at__lte=notice.created_at)


class Subscription(models.Model):
    """What one address follows: exactly one of an STL, an axis or a commitment."""

    is_own_log = True

    subscriber = models.ForeignKey(Subscriber, verbose_name=_("dirección"), on_delete=models.CASCADE,
                                   related_name="subscriptions")
    stl = models.ForeignKey(Body, verbose_name=_("secretariado"), null=True, blank=True,
                            on_delete=models.CASCADE, related_name="+")
    axis = models.ForeignKey(Axis, verbose_name=_("eje"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    commitment = models.ForeignKey(Commitment, verbose_name=_("compromiso"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    token = models.CharField(_("clave"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("solicitada"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmada"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suscripción")
        verbose_name_plural = _("suscripciones")
        ordering = ["subscriber", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(stl__isnull=False, axis__isnull=True, commitment__isnull=True)
                           | Q(stl__isnull=True, axis__isnull=False, commitment__isnull=True)
                           | Q(stl__isnull=True, axis__isnull=True, commitment__isnull=False)),
                name="subscription_follows_one_thing"),
            models.UniqueConstraint(fields=["subscriber", "stl"], condition=Q(stl__isnull=False),
                                    name="subscription_unique_stl"),
            models.UniqueConstraint(fields=["subscriber", "axis"], condition=Q(axis__isnull=False),
                                    name="subscription_unique_axis"),
            models.UniqueConstraint(fields=["subscriber", "commitment"], condition=Q(commitment__isnull=False),
                                    name="subscription_unique_commitment"),
        ]

    def __str__(self):
        return f"{self.subscriber} → {self.target}"

    @property
    def target(self):
        return self.commitment or self.axis or self.stl

    @property
    def target_label(self):
        if self.commitment_id:
            return _("el compromiso «%(name)s»") % {"name": self.commitment.title}
        if self.axis_id:
            return _("el eje «%(name)s»") % {"name": self.axis.name}
        return _("todo el %(name)s") % {"name": self.stl.name}

    @property
    def target_of(self):
        """The same, after «de» («novedades del compromiso…»): Spanish contracts «de el» to «del»."""
        if self.commitment_id:
            return _("del compromiso «%(name)s»") % {"name": self.commitment.title}
        if self.axis_id:
            return _("del eje «%(name)s»") % {"name": self.axis.name}
        return _("de todo el %(name)s") % {"name": self.stl.name}

    def is_expired(self, now=None):
        """An unconfirmed request is forgotten after ``STL_ALERTS_CONFIRM_DAYS``."""
        days = settings.STL_ALERTS_CONFIRM_DAYS
        return self.confirmed_at is None and (now or timezone.now()) > self.created_at + datetime.timedelta(days=days)

    def confirm_url(self):
        return absolute_url(reverse("alerts:confirm", args=[self.token]))

    def unsubscribe_url(self):
        return absolute_url(reverse("alerts:unsubscribe", args=[self.token]))


class StrangerMailed(models.Model):
    """We sent one confirmation to an address nobody has confirmed: only its keyed digest is kept, so
    a form filled in with a stranger's address never writes to them a second time."""

    is_own_log = True

    digest = models.CharField(_("huella de la dirección"), max_length=64, unique=True)
    mailed_at = models.DateTimeField(_("enviado"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmación enviada a una dirección sin confirmar")
        verbose_name_plural = _("confirmaciones enviadas a direcciones sin confirmar")
        ordering = ["-mailed_at"]

    def __str__(self):
        return self.digest[:12]


class Notice(models.Model):
    """Something that happened in the public record that followers hear about in their next digest."""

    is_own_log = True

    class Kind(models.TextChoices):
        COMMITMENT_PUBLISHED = "commitment_published", _("Compromiso publicado")
        PROGRESS_CHANGED = "progress_changed", _("Cambió el avance de un compromiso")
        SESSION_SCHEDULED = "session_scheduled", _("Sesión programada")
        AGREEMENTS_PUBLISHED = "agreements_published", _("Acuerdos publicados")

    kind = models.CharField(_("tipo"), max_length=24, choices=Kind.choices)
    stl = models.ForeignKey(Body, verbose_name=_("secretariado"), on_delete=models.CASCADE, related_name="+")
    axis = models.ForeignKey(Axis, verbose_name=_("eje"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    commitment = models.ForeignKey(Commitment, verbose_name=_("compromiso"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, verbose_name=_("sesión"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("qué pasó"), max_length=500)
    path = models.CharField(_("dirección en el portal"), max_length=300)
    created_at = models.DateTimeField(_("cuándo"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("novedad")
        verbose_name_plural = _("novedades")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text

    def url(self):
        return absolute_url(self.path)


absolute_url = public_url
