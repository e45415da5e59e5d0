"""The two kinds of mail, sent by the background worker through Django's e-mail backend (SMTP in
production, the console with DJANGO_DEBUG=1). Both carry a one-click unsubscribe (RFC 8058)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import Commitment
from core.jobs import background

from .models import Notice, Subscriber, Subscription


def unsubscribe_headers(url):
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated"}


def portal_name():
    return getattr(settings, "PORTAL_NAME", "Portal STL")


@background(label=gettext_lazy("Correo de confirmación de una suscripción"), max_attempts=4)
def send_confirmation(subscription_id):
    subscription = (Subscription.objects.select_related("subscriber", "stl", "axis", "commitment")
                    .filter(pk=subscription_id, confirmed_at__isnull=True).first())
    if subscription is None:
        return  # confirmed or cancelled meanwhile
    context = {"subscription": subscription, "portal_name": portal_name(),
               "days": settings.STL_ALERTS_CONFIRM_DAYS}
    message = EmailMessage(
        subject=_("Confirme su suscripción a los avisos del %(portal)s") % {"portal": portal_name()},
        body=render_to_string("alerts/email/confirmation.txt", context),
        to=[subscription.subscriber.email],
        headers=unsubscribe_headers(subscription.unsubscribe_url()),
    )
    message.send()


def notices_for(subscriber, since):
    """Every notice since ``since`` that one of the address's confirmed subscriptions follows, each
    once, with the subscriptions it came through."""
    subscriptions = list(subscriber.subscriptions.confirmed().select_related("stl", "axis", "commitment"))
    if not subscriptions:
        return [], []
    stls = {s.stl_id for s in subscriptions if s.stl_id}
    axes = {s.axis_id for s in subscriptions if s.axis_id}
    commitments = {s.commitment_id for s in subscriptions if s.commitment_id}
    earliest = min(s.confirmed_at for s in subscriptions)
    if since:
        earliest = max(earliest, since)
    # A commitment withdrawn or a session made private since the notice is no longer news to tell.
    candidates = (Notice.objects.filter(created_at__gt=earliest)
                  .filter(Q(commitment__isnull=True) | Q(commitment__status=Commitment.Status.PUBLISHED))
                  .filter(Q(session__isnull=True) | Q(session__is_public=True)))
    found = []
    for notice in candidates:
        if (notice.stl_id in stls or notice.axis_id in axes or notice.commitment_id in commitments):
            found.append(notice)
    return found, subscriptions


@background(label=gettext_lazy("Resumen diario de avisos por correo"), max_attempts=5)
def send_digest(subscriber_id):
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None:
            return  # unsubscribed meanwhile: the address is gone
        now = timezone.now()
        notices, subscriptions = notices_for(subscriber, subscriber.last_digest_at)
        subscriber.digest_due_at = None
        if notices:
            context = {"subscriber": subscriber, "notices": notices, "subscriptions": subscriptions,
                       "portal_name": portal_name()}
            message = EmailMessage(
                subject=_("Novedades del %(portal)s (%(count)s)") % {"portal": portal_name(),
                                                                     "count": len(notices)},
                body=render_to_string("alerts/email/digest.txt", context),
                to=[subscriber.email],
                headers=unsubscribe_headers(subscriber.unsubscribe_url()),
            )
            message.send()
            subscriber.last_digest_at = now
        subscriber.save(update_fields=["digest_due_at", "last_digest_at"])
