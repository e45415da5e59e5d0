from django.shortcuts import get_object_or_404, render

from .models import Agreement, Document, Session


def session_list(request):
    sessions = Session.objects.public().select_related("body")
    return render(request, "sessions/session_list.html", {"sessions": sessions})


def session_detail(request, identifier):
    session = get_object_or_404(Session.objects.public().select_related("body"), identifier=identifier)
    return render(request, "sessions/session_detail.html", {
        "session": session,
        "attendances": session.attendances.select_related("seat", "person", "institution"),
        "agenda": session.agenda_items.all(),
        "agreements": session.agreements.all(),
    })


def agreement_detail(request, identifier):
    agreement = get_object_or_404(Agreement.objects.public().select_related("session", "session__body"),
                                  identifier=identifier)
    return render(request, "sessions/agreement_detail.html", {"agreement": agreement})


def document_detail(request, identifier):
    document = get_object_or_404(Document.objects.filter(versions__status="approved").distinct(),
                                 identifier=identifier)
    return render(request, "sessions/document_detail.html", {
        "document": document, "versions": document.versions.public()})
