"""The member panel's start page (/panel/): it gathers records of every app, so it lives in the
project package rather than in one app (apps depend one way: workgroups ← sessions ← commitments)."""

import datetime

from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from cocreation.compliance import alerts_for
from commitments.models import Commitment, CommitmentChange, Milestone
from sessions.models import DocumentVersion, Session
from workgroups.access import member_required

DUE_SOON_DAYS = 60


@member_required
def panel_home(request):
    """What a member looks at first: the next sessions, drafts waiting for review, and the
    commitments of their institution with the milestones due soon."""
    account = request.account
    stl = account.stl
    today = timezone.localdate()
    next_sessions = (Session.objects.of_stl(stl).filter(date__gte=today)
                     .exclude(status=Session.Status.CANCELLED)
                     .select_related("body").order_by("date", "start_time")[:5])
    awaiting = (Commitment.objects.of_stl(stl)
                .filter(status=Commitment.Status.DRAFT, submitted_at__isnull=False)
                .select_related("lead_institution").order_by("submitted_at"))
    pending_changes = (CommitmentChange.objects.of_stl(stl).awaiting_approval()
                       .select_related("commitment").order_by("requested_at"))
    draft_versions = (DocumentVersion.objects.filter(status=DocumentVersion.Status.DRAFT)
                      .filter(Q(document__body=stl) | Q(document__body__parent=stl))
                      .select_related("document").order_by("-date")[:10])
    mine = Commitment.objects.none()
    due = Milestone.objects.none()
    if account.institution_id:
        mine = (Commitment.objects.of_stl(stl).filter(lead_institution=account.institution_id)
                .select_related("axis").order_by("axis__order", "title"))
        due = (Milestone.objects.filter(commitment__plan__stl=stl,
                                        commitment__lead_institution=account.institution_id,
                                        completion_percent__lt=100,
                                        end_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
               .select_related("commitment").order_by("end_date")[:10])
    return render(request, "panel/home.html", {
        "account": account, "today": today, "next_sessions": next_sessions, "awaiting": awaiting,
        "pending_changes": pending_changes,
        "draft_versions": draft_versions, "mine": mine, "due": due, "due_days": DUE_SOON_DAYS,
        "alerts": alerts_for(stl, today),
    })
