"""Record what happened and schedule each follower's next digest.

The same notice is recorded once a day (three milestone updates that leave a commitment at the same
level make one line). Each address it concerns gets a digest job, queued in the same transaction: at the
earliest ``STL_ALERTS_DIGEST_DELAY_MINUTES`` from now (so a burst of publications lands in one
message) and never sooner than a day after its previous digest. An address that already has a digest
waiting gets no second job: the waiting one will gather this notice too."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.certainty import date_certainty_of, date_text

from .models import Notice, Subscriber, Subscription

ONE_DAY = datetime.timedelta(days=1)


def record_notice(kind, *, stl, text, path, axis=None, commitment=None, session=None):
    now = timezone.now()
    same = Notice.objects.filter(kind=kind, stl=stl, axis=axis, commitment=commitment, session=session,
                                 text=text[:500], created_at__gte=now - ONE_DAY)
    if same.exists():
        return None
    notice = Notice.objects.create(kind=kind, stl=stl, axis=axis, commitment=commitment, session=session,
                                   text=text[:500], path=path, created_at=now)
    schedule_digests(notice)
    return notice


def next_digest_time(subscriber, now):
    earliest = now + datetime.timedelta(minutes=settings.STL_ALERTS_DIGEST_DELAY_MINUTES)
    if subscriber.last_digest_at:
        earliest = max(earliest, subscriber.last_digest_at + ONE_DAY)
    return earliest


@transaction.atomic
def schedule_digests(notice):
    from .jobs import send_digest

    subscriber_ids = Subscription.objects.following(notice).values("subscriber_id")
    waiting = Subscriber.objects.select_for_update().filter(pk__in=subscriber_ids, digest_due_at__isnull=True)
    for subscriber in waiting:
        subscriber.digest_due_at = next_digest_time(subscriber, notice.created_at)
        subscriber.save(update_fields=["digest_due_at"])
        send_digest.using(run_after=subscriber.digest_due_at).enqueue(subscriber.pk)


def commitment_published(commitment):
    record_notice(Notice.Kind.COMMITMENT_PUBLISHED, stl=commitment.plan.stl, axis=commitment.axis,
                  commitment=commitment, path=commitment.get_absolute_url(),
                  text=_("Se publicó el compromiso «%(title)s».") % {"title": commitment.title})


def commitment_progress_changed(commitment):
    record_notice(Notice.Kind.PROGRESS_CHANGED, stl=commitment.plan.stl, axis=commitment.axis,
                  commitment=commitment, path=commitment.get_absolute_url(),
                  text=_("Se actualizó el avance del compromiso «%(title)s» (cumplimiento: %(level)s).") % {
                      "title": commitment.title, "level": commitment.get_completion_display()})


def session_scheduled(session):
    record_notice(Notice.Kind.SESSION_SCHEDULED, stl=session.body.stl, session=session,
                  path=session.get_absolute_url(),
                  text=_("Se programó la %(name)s de %(body)s para el %(date)s.") % {
                      "name": session.display_name, "body": session.body.short_name or session.body.name,
                      "date": date_text(session.date, date_certainty_of(session, "date"))})


def agreements_published(session):
    record_notice(Notice.Kind.AGREEMENTS_PUBLISHED, stl=session.body.stl, session=session,
                  path=session.get_absolute_url(),
                  text=_("Se publicaron los acuerdos de la %(name)s de %(body)s (%(date)s).") % {
                      "name": session.display_name, "body": session.body.short_name or session.body.name,
                      "date": date_text(session.date, date_certainty_of(session, "date"))})
