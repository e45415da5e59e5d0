from django.shortcuts import render

from commitments.models import Commitment
from sessions.models import Agreement, Session
from workgroups.models import Body


def home(request):
    stls = Body.objects.stls().prefetch_related("seats")
    return render(request, "public/home.html", {
        "stls": stls,
        "agreements": Agreement.objects.public().select_related("session", "session__body")[:5],
        "sessions": Session.objects.public().select_related("body")[:5],
        "commitments": Commitment.objects.published().select_related("axis", "lead_institution")[:5],
    })
