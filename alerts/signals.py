"""Where notices come from: the saves of the record apps, read after the fact.

A pre_save handler remembers what a record looked like; post_save compares and, when something a
follower cares about happened, records a ``Notice`` in the same transaction (so a change that rolls
back announces nothing). Records loaded by an import or the demo carry a change reason and announce
nothing: they are not news."""

from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from commitments.models import Commitment, Milestone
from sessions.models import Agreement, Session

from .notices import (
    agreements_published,
    commitment_progress_changed,
    commitment_published,
    session_scheduled,
)

TRACKED = {
    Commitment: ("status", "completion"),
    Milestone: ("completion_percent",),
    Session: ("is_public", "status", "date", "start_time"),
}


def _is_quiet(instance, kwargs):
    return kwargs.get("raw") or getattr(instance, "_change_reason", None)


def remember_before(sender, instance, **kwargs):
    fields = TRACKED[sender]
    before = None
    if instance.pk and not _is_quiet(instance, kwargs):  # an import announces nothing: spare the query
        before = sender.objects.filter(pk=instance.pk).values(*fields).first()
    instance._alerts_before = before


def commitment_saved(sender, instance, created, **kwargs):
    if _is_quiet(instance, kwargs) or instance.status != Commitment.Status.PUBLISHED:
        return
    before = getattr(instance, "_alerts_before", None) or {}
    if before.get("status") != Commitment.Status.PUBLISHED:
        commitment_published(instance)
    elif before.get("completion") != instance.completion:
        commitment_progress_changed(instance)


def milestone_saved(sender, instance, created, **kwargs):
    if _is_quiet(instance, kwargs):
        return
    before = getattr(instance, "_alerts_before", None)
    if before is None or before["completion_percent"] == instance.completion_percent:
        return
    commitment = Commitment.objects.select_related("plan", "axis").get(pk=instance.commitment_id)
    if commitment.status == Commitment.Status.PUBLISHED:
        commitment_progress_changed(commitment)


def session_saved(sender, instance, created, **kwargs):
    if _is_quiet(instance, kwargs) or not instance.is_public:
        return
    before = getattr(instance, "_alerts_before", None)
    if before is not None and not before["is_public"] and instance.agreements.exists():
        # A reserved session made public publishes its agreements at that moment.
        agreements_published(instance)
    if instance.status != Session.Status.SCHEDULED:
        return
    if instance.date < timezone.localdate():
        return
    if before is None or any(before[name] != getattr(instance, name) for name in TRACKED[Session]):
        session_scheduled(instance)


def agreement_saved(sender, instance, created, **kwargs):
    if _is_quiet(instance, kwargs) or not created:
        return
    session = Session.objects.select_related("body").get(pk=instance.session_id)
    if session.is_public:
        agreements_published(session)


def connect():
    for model in TRACKED:
        pre_save.connect(remember_before, sender=model, dispatch_uid=f"alerts-before-{model.__name__}")
    post_save.connect(commitment_saved, sender=Commitment, dispatch_uid="alerts-commitment")
    post_save.connect(milestone_saved, sender=Milestone, dispatch_uid="alerts-milestone")
    post_save.connect(session_saved, sender=Session, dispatch_uid="alerts-session")
    post_save.connect(agreement_saved, sender=Agreement, dispatch_uid="alerts-agreement")
