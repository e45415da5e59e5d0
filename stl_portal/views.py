"""The home page: what the STL is, who sits on it, its latest agreements, its next sessions and the
progress of its action plan at a glance."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments import dashboard
from commitments.models import ActionPlan, Axis, Commitment
from commitments.views import LONG_TEXT, axes_with_progress, axis_bars
from core.charts import progress_bars
from sessions.models import Agreement, Session
from workgroups.models import Body, Membership
from workgroups.sites import in_site

from .national import landing


def home(request):
    """An STL's home (the only STL's at ``/``); the national landing page when there are several."""
    if getattr(request, "stl", None) is None and getattr(request, "stl_count", 0) > 1:
        return landing(request)
    today = timezone.localdate()
    current = Membership.objects.filter(end_date__isnull=True).select_related(
        "person", "institution", "seat").order_by("seat__order", "role", "pk")
    stls = in_site(Body.objects.stls(), request, "").prefetch_related(Prefetch("memberships", queryset=current, to_attr="current"))
    # The current plan of each STL (its years include today, or else its latest) with its summary;
    # the other plans are linked. The axes shown are the current plans' only, each naming its plan.
    current, other_plans = dashboard.current_plans(list(in_site(
        ActionPlan.objects.select_related("stl"), request, "stl", via_body=False)))
    dashboard.summaries(current, today)
    axes = axes_with_progress(Axis.objects.public().filter(plan__in=[p.pk for p in current]).select_related(
        "plan__stl").order_by("plan__stl__name", "plan", "order", "name"))
    return render(request, "public/home.html", {
        "stls": stls,
        "agreements": in_site(Agreement.objects.public(), request, "session__body").select_related(
            "session", "session__body__parent").order_by(
            "-session__date", "-number", "-pk")[:6],
        "next_sessions": in_site(Session.objects.public(), request, "body").filter(date__gte=today).select_related("body").order_by(
            "date", "start_time", "pk")[:5],
        "recent_sessions": in_site(Session.objects.public(), request, "body").filter(date__lt=today).select_related("body").order_by(
            "-date", "-pk")[:5],
        "latest_commitments": in_site(Commitment.objects.published(), request, "plan__stl", via_body=False
                                      ).select_related("axis", "lead_institution").defer(
            *LONG_TEXT).order_by("-published_at", "-pk")[:5],
        "axes": axes, "current_plans": current, "other_plans": other_plans,
        "chart": progress_bars(axis_bars(axes), _("Avance del plan de acción por eje"), "avance-ejes"),
        "published_count": sum(plan.summary["total"].count for plan in current),
    })
