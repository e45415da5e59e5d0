"""Public sessions as iCalendar files (RFC 5545), made with the ``icalendar`` library: the whole
portal, one body, or one axis (the sessions of its working table and those whose agreements
approved the axis or its published commitments)."""

import datetime
import zoneinfo

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from commitments.models import Axis, Commitment
from core.certainty import DateCertainty
from core.public import public_file
from sessions.models import Session
from workgroups.identity import current_stl, several_stls_in_view
from workgroups.models import Body
from workgroups.sites import in_site, record_url

MAX_EVENTS = 5000


def _organizer(request, stl, cache):
    """The STL that convenes a session, as iCalendar's ORGANIZER: its name, and its contact e-mail
    (or, without one, the address of its public page)."""
    if stl.pk not in cache:
        address = (f"mailto:{stl.contact_email}" if stl.contact_email
                   else request.build_absolute_uri(record_url(request, stl)))
        organizer = vCalAddress(address)
        organizer.params["cn"] = vText(stl.name)
        cache[stl.pk] = organizer
    return cache[stl.pk]


def _calendar(request, sessions, name):
    stl = current_stl(request)
    if stl is not None:
        name = _("%(name)s · %(stl)s") % {"name": name, "stl": stl.short_name or stl.name}
    several = stl is None and several_stls_in_view(request)
    organizers = {}
    calendar = Calendar()
    calendar.add("prodid", "-//Portal STL//Calendario de sesiones//ES")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    host = request.get_host().split(":")[0] or "portal-stl"
    sessions = in_site(sessions, request, "body")
    # A session whose date nobody knows has no day to put on a calendar: it stays out until it has one
    # (its page says «fecha por confirmar»).
    sessions = sessions.exclude(date_certainty=DateCertainty.UNKNOWN)
    for session in sessions.select_related("body__parent").order_by("-date", "-pk")[:MAX_EVENTS]:
        event = Event()
        event.add("uid", f"{session.identifier}@{host}")
        body = session.body.name_with_stl if several else session.body
        event.add("summary", f"{session.display_name} — {body}")
        event.add("organizer", _organizer(request, session.body.stl, organizers))
        if session.start_time:
            start = datetime.datetime.combine(session.date, session.start_time, tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(hours=2))
        else:
            event.add("dtstart", session.date)
            event.add("dtend", session.date + datetime.timedelta(days=1))
        event.add("dtstamp", session.updated_at)
        event.add("last-modified", session.updated_at)
        event.add("url", request.build_absolute_uri(record_url(request, session)))
        place = session.place or session.get_modality_display()
        event.add("location", place)
        description = [session.get_kind_display(), session.get_modality_display()]
        if session.date_certainty == DateCertainty.ILLUSTRATIVE:
            description.append(_("Fecha ilustrativa: la fecha exacta no consta en los documentos."))
        if session.summary:
            description.append(session.summary)
        event.add("description", "\n".join(str(part) for part in description))
        event.add("status", "CANCELLED" if session.status == Session.Status.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = "inline; filename=calendario.ics"
    return response


@public_file
def all_sessions(request):
    return _calendar(request, Session.objects.public(), _("Sesiones del Portal STL"))


@public_file
def body_sessions(request, identifier):
    body = get_object_or_404(in_site(Body.objects.all(), request, ""), identifier=identifier)
    return _calendar(request, Session.objects.public().filter(body=body), str(body))


@public_file
def axis_sessions(request, identifier):
    axis = get_object_or_404(in_site(Axis.objects.public(), request, "plan__stl", via_body=False),
                             identifier=identifier)
    published = Commitment.objects.published().filter(axis=axis)
    sessions = Session.objects.public().filter(
        Q(body_id=axis.working_table_id) | Q(agreements__approved_axes=axis)
        | Q(agreements__approved_commitments__in=published)).distinct()
    return _calendar(request, sessions, _("Eje: %(name)s") % {"name": axis.name})
