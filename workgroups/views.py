from django.shortcuts import get_object_or_404, render

from .models import Body


def body_detail(request, identifier):
    body = get_object_or_404(Body, identifier=identifier)
    memberships = body.memberships.select_related("person", "institution", "seat")
    return render(request, "workgroups/body_detail.html", {"body": body, "memberships": memberships})
