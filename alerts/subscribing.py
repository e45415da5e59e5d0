"""The rules of subscribing, confirming and leaving, each one transaction."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import StrangerMailed, Subscriber, Subscription, address_digest, normalise_email


def purge_expired(now=None):
    """Forget requests nobody confirmed in time, and addresses left with nothing to follow that were
    never confirmed."""
    limit = (now or timezone.now()) - datetime.timedelta(days=settings.STL_ALERTS_CONFIRM_DAYS)
    Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=limit).delete()
    Subscriber.objects.filter(confirmed_at__isnull=True, subscriptions__isnull=True).delete()


@transaction.atomic
def request_subscription(email, *, stl=None, axis=None, commitment=None):
    """Ask for a subscription. Returns the subscription a confirmation was queued for, or None when
    no mail goes out: the address already follows it, or it is an address nobody confirmed that we
    already wrote to once (a stranger is never mailed twice), or it asked again too soon. The visitor
    is told the same in every case, so the form reveals nothing about an address."""
    from .jobs import send_confirmation

    purge_expired()
    email = normalise_email(email)
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    proven = bool(subscriber and subscriber.confirmed_at)
    digest = address_digest(email)
    if not proven and StrangerMailed.objects.filter(digest=digest).exists():
        return None
    if subscriber is None:
        subscriber = Subscriber.objects.create(email=email)
    subscription, created = Subscription.objects.get_or_create(
        subscriber=subscriber, stl=stl, axis=axis, commitment=commitment)
    if subscription.confirmed_at:
        return None
    if proven and not created and subscriber.last_confirmation_at and (
            now - subscriber.last_confirmation_at < datetime.timedelta(minutes=settings.STL_ALERTS_RESEND_MINUTES)):
        return None
    if not proven:
        StrangerMailed.objects.create(digest=digest)
    subscriber.last_confirmation_at = now
    subscriber.save(update_fields=["last_confirmation_at"])
    send_confirmation.enqueue(subscription.pk)
    return subscription


@transaction.atomic
def confirm(subscription):
    now = timezone.now()
    subscription.confirmed_at = now
    subscription.save(update_fields=["confirmed_at"])
    subscriber = subscription.subscriber
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = now
        subscriber.save(update_fields=["confirmed_at"])
        # The address is its owner's now: should they leave and come back, they may be written to.
        StrangerMailed.objects.filter(digest=address_digest(subscriber.email)).delete()


@transaction.atomic
def unsubscribe(token):
    """Delete what the token names: one subscription (and the address with its last one), or the
    address with all it follows. Returns what was removed (None when the token names nothing)."""
    subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
    if subscriber is not None:
        subscriber.delete()
        return "all"
    subscription = Subscription.objects.select_related("subscriber").filter(token=token).first()
    if subscription is None:
        return None
    subscriber = subscription.subscriber
    subscription.delete()
    if not subscriber.subscriptions.exists():
        subscriber.delete()
        return "all"
    return "one"
