"""An institution that ends and the one that succeeds it by law (the INAI in 2025, state
transparency bodies since): from the date of the end, its seats, its open commitments and the axes it
leads pass to the successor. Nothing recorded before changes: a membership is closed the day before
and a new one opens for the successor, so sessions, attendance and agreements of earlier dates keep
showing the institution of their day; commitments and axes that change hands keep the old one in
their history. One transaction; every write leaves a history row with its reason.

This rule spans workgroups and commitments, so it lives in the layer above both.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from commitments.models import Axis, Commitment
from core.records import field_error
from workgroups.models import Account, Institution, Membership


def _reason(institution, successor, day):
    return f"Sucesión: {successor} sucede a {institution} desde {day.isoformat()}"


@transaction.atomic
def end_institution(institution, day, successor, move_accounts=False):
    """End ``institution`` on ``day`` (its last day is the day before) and pass what it holds on to
    ``successor``. ``move_accounts``: the portal accounts that act for it act for the successor from
    now on (its staff usually pass to the new body by the same law). Returns counts of what passed."""
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    successor = Institution.objects.filter(pk=successor.pk).first() if successor is not None else None
    if institution.ended_on:
        raise ValidationError(_("Esa institución ya se extinguió el %(date)s.") % {"date": institution.ended_on},
                              code="already_ended")
    if successor is None or successor.pk == institution.pk:
        raise field_error("successor", _("Elija otra institución como sucesora."), "successor_missing")
    if successor.ended_on and successor.ended_on <= day:
        raise field_error("successor", _("La sucesora ya se había extinguido en esa fecha."), "successor_ended")
    chain, seen = successor, set()
    while chain is not None and chain.pk not in seen:
        if chain.successor_id == institution.pk:
            raise field_error("successor", _("Esa sucesión formaría un ciclo."), "cycle")
        seen.add(chain.pk)
        chain = chain.successor
    reason = _reason(institution, successor, day)
    institution.ended_on = day
    institution.successor = successor
    institution._change_reason = reason
    institution.full_clean()
    institution.save()
    counts = {"memberships": 0, "commitments": 0, "axes": 0, "accounts": 0}

    active = Membership.objects.filter(institution=institution).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)).select_related("seat")
    for membership in active:
        if membership.start_date and membership.start_date >= day:
            membership.institution = successor  # recorded for a date the old body no longer existed
        else:
            passed = Membership(body_id=membership.body_id, seat_id=membership.seat_id, person=None,
                                institution=successor, role=membership.role, label=membership.label,
                                start_date=day, end_date=membership.end_date)
            membership.end_date = day - datetime.timedelta(days=1)
            membership._change_reason = reason
            membership.full_clean()
            membership.save()
            membership = passed
        membership._change_reason = reason
        membership.full_clean()
        membership.save()
        counts["memberships"] += 1

    open_commitments = Commitment.objects.filter(lead_institution=institution).exclude(
        completion=Commitment.Completion.COMPLETE).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    for commitment in open_commitments:
        commitment.lead_institution = successor
        commitment._change_reason = reason
        commitment.save()
        counts["commitments"] += 1

    for axis in Axis.objects.filter(lead_institution=institution, plan__end_year__gte=day.year):
        axis.lead_institution = successor
        axis._change_reason = reason
        axis.save()
        counts["axes"] += 1

    if move_accounts:
        for account in Account.objects.filter(institution=institution):
            account.institution = successor
            account._change_reason = reason
            account.full_clean()
            account.save()
            counts["accounts"] += 1
    return counts
