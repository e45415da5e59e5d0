"""The minutes of a session as a PDF made from the record (agenda, attendance, quorum, agreements
with their votes, corrections), by a background job: WeasyPrint takes seconds, which must not hold
a web worker. The secretariat publishes the approved minutes; the job stores the PDF and the public
page links to it once it is there."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.jobs import PermanentJobError, background
from core.pdf import PDFRenderError, render_pdf
from core.spanish import long_date
from workgroups.identity import pdf_identity

from .models import Session


def minutes_html(session):
    return render_to_string("sessions/minutes_pdf.html", {
        "session": session,
        "agenda": session.agenda_items.filter(is_proposal=False),
        "attendances": session.attendances.select_related("seat", "person", "institution"),
        "agreements": session.agreements.prefetch_related("votes__seat", "corrections"),
        "corrections": session.corrections.filter(status="approved").select_related("agreement",
                                                                                     "approved_by__session"),
        "approval": session.minutes_approval(),
        "generated_text": long_date(timezone.localdate()),
        "PORTAL_NAME": settings.PORTAL_NAME,
        **pdf_identity(session.body.stl)[0],
    })


def stl_of_session(session_id):
    session = Session.objects.select_related("body").filter(pk=session_id).first()
    return session.body.stl_id if session else None


@background(label=gettext_lazy("PDF del acta de una sesión"), max_attempts=3, stl_of=stl_of_session)
def render_minutes_pdf(session_id):
    session = Session.objects.select_related("body", "body__parent").filter(pk=session_id).first()
    if session is None:
        raise PermanentJobError(f"No existe la sesión {session_id}")
    try:
        pdf = render_pdf(minutes_html(session), attachments=pdf_identity(session.body.stl)[1])
    except PDFRenderError as error:
        raise PermanentJobError(str(error)) from error
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        session.minutes_pdf.save(f"acta-{session.identifier}.pdf", ContentFile(pdf), save=False)
        session._change_reason = "PDF del acta generado del registro"
        session.save()
