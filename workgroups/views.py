"""Public pages of the bodies: who sits on each one, for which institution, since when."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from .models import Body
from .sites import in_site


def body_list(request):
    bodies = in_site(Body.objects.select_related("parent"), request, "").annotate(
        public_sessions=Count("sessions", filter=Q(sessions__is_public=True))).order_by(
        "parent__name", "kind", "name")
    return render(request, "workgroups/body_list.html", {"bodies": bodies})


def body_detail(request, identifier):
    body = get_object_or_404(in_site(Body.objects.select_related("parent"), request, ""), identifier=identifier)
    memberships = body.memberships.select_related("person", "institution", "seat").order_by(
        "seat__order", "role", "-start_date", "pk")
    return render(request, "workgroups/body_detail.html", {
        "body": body,
        "current": [m for m in memberships if m.end_date is None],
        "past": [m for m in memberships if m.end_date is not None],
        "children": body.children.all(),
        "sessions": body.sessions.public().order_by("-date", "-pk")[:10],
    })
