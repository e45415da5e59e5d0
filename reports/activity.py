"""An institution's activity report for a period, gathered from the records only.

``build_report(institution, stl, start, end)`` reads everything the report states in a fixed number
of queries (whatever the size of the period) and returns an ``ActivityReport``: plain data the
templates turn into sentences. Nothing the report states is written here or in a template; the
templates only join record values with connecting words.

The fingerprint is a SHA-256 over a canonical serialisation of exactly the records the report used,
so that a filed copy can be checked later against the portal: the same records give the same
fingerprint; a changed record gives another one.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from commitments.models import Axis
from core.spanish import long_date, month_year
from reports.models import ProgrammeActivity, ReportText
from sessions.models import Agreement, Attendance, DocumentVersion, Session
from workgroups.models import Body, Membership

# Bounds that keep a report (and its PDF) of a sensible size; past them staff get a clear message.
MAX_PERIOD_YEARS = 5
MAX_SESSIONS = 400
MAX_AGREEMENTS = 2000


class ReportTooLarge(Exception):
    """The period holds more records than a report can carry."""


def year_period(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def period_problem(start, end):
    """A Spanish sentence saying why the period cannot be reported on, or None."""
    if end < start:
        return _("La fecha final no puede ser anterior a la inicial.")
    if (end - start).days > 366 * MAX_PERIOD_YEARS:
        return _("El periodo no puede ser mayor de %(years)s años; divídalo en informes más cortos.") % {
            "years": MAX_PERIOD_YEARS}
    return None


def period_label(start, end):
    """«2020» for a calendar year, else «del 1 de marzo de 2020 al 30 de junio de 2020»."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)
    return _("del %(start)s al %(end)s") % {"start": long_date(start), "end": long_date(end)}


def stls_of(institution):
    """The STLs an institution takes part in (through any membership of the STL or its bodies)."""
    return Body.objects.stls().filter(
        Q(memberships__institution=institution) | Q(children__memberships__institution=institution)
    ).distinct()


@dataclass
class SessionEntry:
    session: Session
    agreements: list = field(default_factory=list)
    illustrative: bool = False
    axis: object = None

    @property
    def name(self):
        return self.session.display_name

    @property
    def date_text(self):
        return long_date(self.session.date)


@dataclass
class ActivityReport:
    institution: object
    stl: object
    start: datetime.date
    end: datetime.date
    installation: object = None
    installation_agreements: list = field(default_factory=list)
    composition: list = field(default_factory=list)
    seats_of_institution: list = field(default_factory=list)
    background: list = field(default_factory=list)
    account: list = field(default_factory=list)
    axes: list = field(default_factory=list)
    events: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    group: object = None
    group_participants: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    annex: list = field(default_factory=list)
    text: object = None
    fingerprint: str = ""

    @property
    def period_label(self):
        return period_label(self.start, self.end)

    @property
    def start_text(self):
        return long_date(self.start)

    @property
    def end_text(self):
        return long_date(self.end)

    @property
    def installation_date_text(self):
        return long_date(self.installation.date) if self.installation else ""

    @property
    def meetings_count(self):
        return len(self.meetings)

    @property
    def meetings_since(self):
        return month_year(self.meetings[0].date) if self.meetings else ""

    @property
    def meetings_until(self):
        return month_year(self.meetings[-1].date) if self.meetings else ""

    @property
    def meetings_illustrative(self):
        return any(meeting.date_is_illustrative for meeting in self.meetings)

    @property
    def drafts_pending(self):
        return [version for version in self.drafts if version.status == DocumentVersion.Status.DRAFT]

    @property
    def draft_documents(self):
        """The documents the operational group drafted, each with its versions of the period."""
        documents = {}
        for version in self.drafts:
            item = documents.setdefault(version.document_id, {"document": version.document, "versions": []})
            item["versions"].append(version)
        for item in documents.values():
            item["all_drafts"] = all(v.status == DocumentVersion.Status.DRAFT for v in item["versions"])
        return list(documents.values())

    @property
    def title(self):
        return _("Informe de actividades de %(institution)s en el %(stl)s, %(period)s") % {
            "institution": self.institution.display_name, "stl": self.stl.name, "period": self.period_label}


def _approved(agreement):
    """What an agreement approved, from its prefetched reverse relations."""
    things = []
    for version in agreement.approved_versions.all():
        things.append({"kind": "document", "name": version.document.title, "lead": None})
    for axis in agreement.approved_axes.all():
        things.append({"kind": "axis", "name": axis.name, "lead": axis.lead_institution})
    for plan in agreement.approved_routes.all():
        things.append({"kind": "route", "name": plan.name, "lead": None})
    for plan in agreement.approved_plans.all():
        things.append({"kind": "plan", "name": plan.name, "lead": None})
    for commitment in agreement.approved_commitments.all():
        things.append({"kind": "commitment", "name": commitment.title, "lead": commitment.lead_institution})
    return things


def _agreement_queryset():
    return Agreement.objects.order_by("number").prefetch_related(
        Prefetch("approved_versions", queryset=DocumentVersion.objects.select_related("document")),
        Prefetch("approved_axes", queryset=Axis.objects.select_related("lead_institution")),
        "approved_routes",
        "approved_plans",
        "approved_commitments__lead_institution",
    )


def build_report(institution, stl, start, end):
    """Gather the report of ``institution`` in ``stl`` from ``start`` to ``end`` (both included)."""
    problem = period_problem(start, end)
    if problem:
        raise ValueError(problem)
    report = ActivityReport(institution=institution, stl=stl, start=start, end=end)
    used = [institution, stl]

    # Who makes up the STL and its bodies, and where the institution sits.
    memberships = list(
        Membership.objects.filter(Q(body=stl) | Q(body__parent=stl))
        .select_related("body", "seat", "institution", "person")
        .order_by("body__kind", "seat__order", "role", "start_date", "pk")
    )
    mine = [m for m in memberships if m.institution_id == institution.pk]

    def took_part(session, attended):
        if session.pk in attended:
            return True
        return any(m.body_id == session.body_id and m.is_active_on(session.date) for m in mine)

    # Sessions: the STL's formal sessions up to the end of the period (earlier ones are the
    # background the reader needs), and every session of its bodies within the period.
    sessions_qs = Session.objects.of_stl(stl).filter(status=Session.Status.HELD).filter(
        Q(date__range=(start, end)) | Q(body=stl, kind__in=Session.FORMAL_KINDS, date__lt=start)
    )
    session_count = sessions_qs.count()
    agreement_count = Agreement.objects.filter(session__in=sessions_qs).count()
    if session_count > MAX_SESSIONS or agreement_count > MAX_AGREEMENTS:
        raise ReportTooLarge(
            _("El periodo abarca %(sessions)s sesiones y %(agreements)s acuerdos; un informe admite hasta "
              "%(max_sessions)s sesiones y %(max_agreements)s acuerdos. Elija un periodo más corto.")
            % {"sessions": session_count, "agreements": agreement_count,
               "max_sessions": MAX_SESSIONS, "max_agreements": MAX_AGREEMENTS})
    sessions = list(
        sessions_qs.select_related("body").order_by("date", "start_time", "kind", "number")
        .prefetch_related(Prefetch("agreements", queryset=_agreement_queryset()))
    )
    attended = set(
        Attendance.objects.filter(session__in=sessions_qs, institution=institution)
        .values_list("session_id", flat=True)
    )

    for session in sessions:
        if session.kind == Session.Kind.INSTALLATION and session.body_id == stl.pk:
            if report.installation is None:
                report.installation = session
                report.installation_agreements = [
                    {"agreement": a, "approved": _approved(a)} for a in session.agreements.all()]
                used.append(session)
                used.extend(session.agreements.all())
                if start <= session.date <= end:
                    report.annex.append(SessionEntry(session=session, agreements=report.installation_agreements))
            continue
        in_period = start <= session.date <= end
        if not took_part(session, attended) and not (session.body_id == stl.pk and session.is_formal):
            continue
        entry = SessionEntry(
            session=session,
            agreements=[{"agreement": a, "approved": _approved(a)} for a in session.agreements.all()],
            illustrative=session.date_is_illustrative,
        )
        used.append(session)
        for item in entry.agreements:
            used.append(item["agreement"])
        if not in_period:
            report.background.append(entry)
            continue
        report.annex.append(entry)
        if session.kind == Session.Kind.WORKING_MEETING:
            report.meetings.append(session)
        elif session.kind == Session.Kind.PUBLIC_EVENT:
            report.events.append(entry)
            report.account.append(entry)
        else:
            report.account.append(entry)

    # Composition of the STL when it was installed (or today, if the record has no installation).
    on = report.installation.date if report.installation else end
    report.composition = sorted(
        (m for m in memberships if m.body_id == stl.pk and m.seat_id and m.is_active_on(on)),
        key=lambda m: (m.seat.order, m.role != Membership.Role.HOLDER, m.pk))
    report.seats_of_institution = [m for m in mine if m.body_id == stl.pk]
    used.extend(report.composition)
    used.extend(report.seats_of_institution)

    # The operational group's meetings: who takes part, and what they drafted.
    if report.meetings:
        report.group = report.meetings[0].body
        report.group_participants = [m for m in memberships if m.body_id == report.group.pk]
        used.extend(report.group_participants)
    report.drafts = list(
        DocumentVersion.objects.filter(drafted_in__in=[m.pk for m in report.meetings])
        .select_related("document", "drafted_in").order_by("document__title", "number")
    )
    used.extend(report.drafts)
    used.extend({v.document_id: v.document for v in report.drafts}.values())

    # Axes approved within the period, with who leads them and their working tables.
    axes = list(
        Axis.objects.filter(plan__stl=stl).select_related("lead_institution", "working_table",
                                                          "approved_by__session")
    )
    report.axes = [a for a in axes if a.approved_by_id and start <= a.approved_by.session.date <= end]
    report.axes.sort(key=lambda a: (a.approved_by.session.date, a.order, a.name))
    axes_by_table = {a.working_table_id: a for a in axes if a.working_table_id}
    for entry in report.events:
        entry.axis = axes_by_table.get(entry.session.body_id)
    used.extend(report.axes)
    used.extend(a for a in axes_by_table.values() if a not in report.axes)
    used.extend(a.lead_institution for a in report.axes)

    report.activities = list(
        ProgrammeActivity.objects.filter(institution=institution, stl=stl,
                                         year__range=(start.year, end.year)).order_by("year", "code")
    )
    used.extend(report.activities)

    report.text = ReportText.objects.filter(institution=institution, stl=stl, start_date=start,
                                            end_date=end).first()
    if report.text:
        used.append(report.text)

    report.fingerprint = fingerprint(used, start, end)
    return report


# The fingerprint ------------------------------------------------------------------------------

_LEFT_OUT = {"id", "revision", "updated_at"}


def _canonical(obj):
    """A record as a plain dict: its concrete fields, foreign keys as the related identifier when the
    related record was loaded along, else as its key."""
    values = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in _LEFT_OUT:
            continue
        if model_field.is_relation:
            if model_field.is_cached(obj):
                related = getattr(obj, model_field.name)
                value = getattr(related, "identifier", None) if related is not None else None
            else:
                value = getattr(obj, model_field.attname)
        else:
            value = model_field.value_from_object(obj)
            if hasattr(value, "name") and not isinstance(value, str):  # files
                value = value.name or ""
        values[model_field.name] = value
    return [obj._meta.label_lower, obj.identifier, values]


def fingerprint(records, start, end):
    seen = {}
    for obj in records:
        if obj is not None:
            seen[(obj._meta.label_lower, obj.pk)] = _canonical(obj)
    payload = {"period": [start.isoformat(), end.isoformat()],
               "records": sorted(seen.values(), key=lambda row: (row[0], row[1]))}
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
