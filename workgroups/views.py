"""Public pages of the bodies: who sits on each one, for which institution, since when."""

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from .identity import LOGO_CONTENT_TYPES, read_logo
from .models import Body
from .sites import in_site, moved_to_site


def body_list(request):
    bodies = in_site(Body.objects.select_related("parent"), request, "").annotate(
        public_sessions=Count("sessions", filter=Q(sessions__is_public=True))).order_by(
        "parent__name", "kind", "name")
    return render(request, "workgroups/body_list.html", {"bodies": bodies})


def body_detail(request, identifier):
    body = get_object_or_404(in_site(Body.objects.select_related("parent"), request, ""), identifier=identifier)
    if moved := moved_to_site(request, body):
        return moved
    memberships = body.memberships.select_related("person", "institution", "seat").order_by(
        "seat__order", "role", "-start_date", "pk")
    return render(request, "workgroups/body_detail.html", {
        "body": body,
        "current": [m for m in memberships if m.end_date is None],
        "past": [m for m in memberships if m.end_date is not None],
        "children": body.children.all(),
        "sessions": body.sessions.public().order_by("-date", "-pk")[:10],
    })


def stl_logo(request, identifier):
    """An STL's logo, served from our storage as the image type its content shows (checked again),
    never as whatever the name says; ``nosniff`` and a sandboxing CSP keep a browser from reading it
    as anything else. The address carries a version, so it may be cached for long."""
    stl = get_object_or_404(Body.objects.stls(), identifier=identifier)
    logo = read_logo(stl)
    if logo is None:
        raise Http404
    kind, data = logo
    response = HttpResponse(data, content_type=LOGO_CONTENT_TYPES[kind])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = f'inline; filename="logotipo.{"png" if kind == "png" else "jpg"}"'
    response["Cache-Control"] = "public, max-age=86400"
    return response
