"""An activity report for a period, gathered from the records only: an institution's (what it
promised and did in its STL) or the STL's own annual report (``institution=None``).

``build_report(institution, stl, start, end)`` reads everything the report states in a fixed number
of queries (whatever the size of the period) and returns an ``ActivityReport``: plain data that
``reports/wording.py`` and the templates turn into sentences. Every fact is taken as the records say
it was on the period's dates: a membership counts only between its start and end dates (one with no
start date is never taken as "always"), a commitment only once approved, a milestone's progress as
its last update on or before the period's end. Dates the records mark as illustrative or unknown
(sessions and route phases by their booleans, memberships, commitments, progress updates and document
versions by their ``*_certainty``, core/certainty.py) are carried as such: ``uncertain_dates`` lists
them, and a report that uses any is preliminary.

The fingerprint is a SHA-256 over a canonical serialisation of exactly the records the report used,
so that a filed copy can be checked later against the portal: the same records give the same
fingerprint; a changed record gives another one.
"""

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field, replace

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from commitments.models import ActionPlan, Axis, Commitment, Milestone, MilestoneUpdate, RoutePhase
from core.certainty import DateCertainty, date_certainty_of, is_uncertain
from core.spanish import long_date, month_year
from reports.models import ProgrammeActivity, ReportText
from sessions.models import Agreement, Attendance, DocumentVersion, Session
from workgroups.models import Body, Institution, Membership

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


def valid_on(membership, day):
    """A membership is a fact on ``day`` only between its dates; without a start date it is not."""
    return membership.start_date is not None and membership.start_date <= day and (
        membership.end_date is None or membership.end_date >= day)


def valid_within(membership, start, end):
    """The membership held on some day of the period (by its recorded dates)."""
    return membership.start_date is not None and membership.start_date <= end and (
        membership.end_date is None or membership.end_date >= start)


def _mentions(text, institution):
    """``text`` names the institution (its acronym or its name, as whole words)."""
    for name in (institution.acronym, institution.name):
        if name and re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text or "", re.IGNORECASE):
            return True
    return False


def _institution_q(stl):
    """Institutions that appear in the records of ``stl``: a membership of it or its bodies, an
    attendance, an axis or commitment they lead, an agreement they proposed or were charged with."""
    of_stl = Q(body=stl) | Q(body__parent=stl)
    return (
        Q(pk__in=Membership.objects.filter(of_stl).exclude(institution=None).values("institution"))
        | Q(pk__in=Attendance.objects.filter(Q(session__body=stl) | Q(session__body__parent=stl))
            .exclude(institution=None).values("institution"))
        | Q(pk__in=Axis.objects.filter(plan__stl=stl).values("lead_institution"))
        | Q(pk__in=Commitment.objects.filter(plan__stl=stl).exclude(status=Commitment.Status.DRAFT)
            .values("lead_institution"))
        | Q(pk__in=Agreement.objects.of_stl(stl).exclude(proposed_by=None).values("proposed_by"))
        | Q(pk__in=Agreement.objects.of_stl(stl).exclude(charged_to=None).values("charged_to"))
    )


def institutions_of(stl):
    """Every institution that appears in the STL's records, whether or not it holds a seat."""
    return Institution.objects.filter(_institution_q(stl)).order_by("name")


def stls_of(institution):
    """The STLs in whose records an institution appears."""
    return Body.objects.stls().filter(
        pk__in=[stl.pk for stl in Body.objects.stls() if institutions_of(stl).filter(pk=institution.pk).exists()])


def takes_part_in(institution, stl):
    return institutions_of(stl).filter(pk=institution.pk).exists()


@dataclass
class SessionEntry:
    session: Session
    agreements: list = field(default_factory=list)
    illustrative: bool = False
    axis: object = None
    axis_lead: object = None  # who led the axis on the session's date
    attendance: list = field(default_factory=list)
    # Whether the session is named with its number: the version to publish leaves reserved working
    # meetings out, and «Reunión de trabajo 1, 3» would tell that a 2 exists, so the meetings of a body
    # that held a reserved one go unnumbered there (ActivityReport.session_name).
    numbered: bool = True

    @property
    def name(self):
        return session_name(self.session, self.numbered)

    @property
    def date_text(self):
        return self.session.long_date  # «fecha por confirmar» when nobody knows it


@dataclass
class MilestoneEntry:
    milestone: Milestone
    updates: list = field(default_factory=list)  # the updates of the period
    percent_at_end: int = None  # the last update on or before the period's end; None: none yet

    @property
    def evidence(self):
        """Links to the evidence of the period's updates (or of the milestone, when dated in it)."""
        links = [u.evidence_url for u in self.updates if u.evidence_url]
        files = [u for u in self.updates if u.evidence_file]
        return links, files


@dataclass
class CommitmentEntry:
    commitment: Commitment
    role: str = "lead"  # "lead" or "partner"
    milestones: list = field(default_factory=list)
    lead: object = None  # who led it at the period's end (an institution that ended: its successor)
    leads: list = field(default_factory=list)  # [(institution, since, until)] within the period

    @property
    def earlier_leads(self):
        """Who led it earlier in the period, before a succession: [(institution, last day)]."""
        return [(institution, until) for institution, _since, until in self.leads[:-1]]

    @property
    def percent_at_end(self):
        values = [m.percent_at_end or 0 for m in self.milestones]
        return round(sum(values) / len(values)) if values else None

    @property
    def updates_in_period(self):
        return sum(len(m.updates) for m in self.milestones)


@dataclass
class UncertainDate:
    """A date the report uses but the records do not confirm: which record, which of its dates."""

    record: object
    field: str  # "start_date", "end_date", "date"
    certainty: str
    label: str = ""  # how the report names the record, where it differs from the record's own name

    @property
    def kind(self):
        return type(self.record).__name__.lower()

    @property
    def is_illustrative(self):
        return self.certainty == DateCertainty.ILLUSTRATIVE


def _uncertain(record, *names):
    """The dates of ``record`` among ``names`` the records do not confirm (and that it has or lacks
    for a known reason: an empty date marked certain is simply absent)."""
    found = []
    for name in names:
        certainty = date_certainty_of(record, name)
        if certainty != DateCertainty.CERTAIN:
            found.append(UncertainDate(record, name, certainty))
    return found


def session_name(session, numbered=True):
    """A session's name in the report: «Reunión de trabajo 3», or without its number."""
    if session.kind == Session.Kind.WORKING_MEETING and not numbered:
        return _("Reunión de trabajo")
    return session.display_name


@dataclass
class ActivityReport:
    institution: object
    stl: object
    start: datetime.date
    end: datetime.date
    installation: object = None
    installation_agreements: list = field(default_factory=list)
    installation_illustrative: bool = False
    composition: list = field(default_factory=list)
    seats_of_institution: list = field(default_factory=list)
    background: list = field(default_factory=list)
    older_sessions: int = 0
    account: list = field(default_factory=list)
    axes: list = field(default_factory=list)
    events: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    group: object = None
    meeting_participants: dict = field(default_factory=dict)
    drafts: list = field(default_factory=list)
    activities: list = field(default_factory=list)
    annex: list = field(default_factory=list)
    commitments: list = field(default_factory=list)
    attendance: list = field(default_factory=list)
    own_agreements: list = field(default_factory=list)  # (entry, agreement, ["proposed", "charged"])
    plans: list = field(default_factory=list)
    text: object = None
    fingerprint: str = ""
    # The internal version (staff only, never to be published) also tells the reserved sessions and
    # working meetings, the ones not visible to the public; the version to publish leaves them out.
    internal: bool = False
    # Bodies whose working meetings the version to publish names without a number (they held a
    # reserved one, which that version leaves out).
    unnumbered_bodies: set = field(default_factory=set)

    def numbers(self, session):
        return session.body_id not in self.unnumbered_bodies

    def session_name(self, session):
        return session_name(session, self.numbers(session))

    @property
    def background_since(self):
        """The background tells in detail the formal sessions of the year before the period."""
        try:
            return self.start.replace(year=self.start.year - 1)
        except ValueError:  # 29 February
            return self.start.replace(year=self.start.year - 1, day=28)

    @property
    def is_stl_report(self):
        return self.institution is None

    @property
    def subject(self):
        """Who the report is about: the institution, or the STL itself."""
        return self.stl if self.institution is None else self.institution

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
        return self.installation.long_date if self.installation else ""

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
        return any(is_uncertain(meeting, "date") for meeting in self.meetings)

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
    def co_created(self):
        return [c for c in self.commitments if c.commitment.kind == Commitment.Kind.CO_CREATED]

    @property
    def proactive(self):
        return [c for c in self.commitments if c.commitment.kind == Commitment.Kind.PROACTIVE]

    @property
    def commitments_by_axis(self):
        """[(axis, [entries])] in the plan's order (the STL's report)."""
        groups = {}
        for entry in self.commitments:
            groups.setdefault(entry.commitment.axis, []).append(entry)
        return list(groups.items())

    @property
    def illustrative_sessions(self):
        sessions = [e.session for e in self.background + self.account] + list(self.meetings)
        if self.installation and self.installation_illustrative:
            sessions.append(self.installation)
        return [s for s in sessions if is_uncertain(s, "date")]

    @property
    def illustrative_phases(self):
        return [phase for plan in self.plans for phase in plan["phases"]
                if is_uncertain(phase, "planned_start") or is_uncertain(phase, "planned_end")]

    @property
    def uncertain_dates(self):
        """The dates of memberships, commitments, progress updates and draft versions that the report
        uses and the records mark as illustrative or unknown, each once, in the report's order; the
        sessions' and the route phases' first (the preliminary note names those, see ``other_uncertain_dates``)."""
        found = []
        for session in dict.fromkeys(self.illustrative_sessions):
            found += [replace(item, label=self.session_name(session)) for item in _uncertain(session, "date")]
        for phase in self.illustrative_phases:
            found += _uncertain(phase, "planned_start", "planned_end")
        for membership in dict.fromkeys([*self.composition, *self.seats_of_institution]):
            found += _uncertain(membership, "start_date", "end_date")
        for entry in self.commitments:
            found += _uncertain(entry.commitment, "start_date", "end_date")
            for item in entry.milestones:
                for update in item.updates:
                    found += _uncertain(update, "date")
        for version in self.drafts:
            found += _uncertain(version, "date")
        return found

    @property
    def other_uncertain_dates(self):
        """The uncertain dates of records other than sessions and route phases."""
        return [item for item in self.uncertain_dates if item.kind not in ("session", "routephase")]

    @property
    def preliminary(self):
        """A report built on any date the records mark as illustrative or unknown is preliminary."""
        return bool(self.illustrative_sessions or self.illustrative_phases or self.uncertain_dates)

    @property
    def title(self):
        from core.grammar import of

        if self.is_stl_report:
            return _("Informe anual de actividades %(stl)s, %(period)s") % {
                "stl": of(self.stl), "period": self.period_label}
        return _("Informe de actividades %(institution)s en el marco %(stl)s, %(period)s") % {
            "institution": of(self.institution), "stl": of(self.stl), "period": self.period_label}


class Successions:
    """Who led an axis or a commitment on a given date, across institutions that ended with a
    successor (cocreation/succession.py): the lead passed to the successor on the date of the end, so
    on an earlier date the record was led by the predecessor, if the record's history shows it did.
    Three queries whatever the size of the records."""

    def __init__(self, stl):
        ended = list(Institution.objects.filter(ended_on__isnull=False, successor__isnull=False))
        self.predecessors = {}
        for institution in ended:
            self.predecessors.setdefault(institution.successor_id, []).append(institution)
        ids = [institution.pk for institution in ended]
        self.past = set()
        if ids:
            for model, key in ((Commitment, "commitment"), (Axis, "axis")):
                for pk, lead in (model.history.filter(plan__stl=stl, lead_institution_id__in=ids)
                                 .values_list("id", "lead_institution_id").distinct()):
                    self.past.add((key, pk, lead))

    def leads(self, record):
        """[(institution, since, until)] from the first lead to today's (since/until None: open)."""
        key = "commitment" if isinstance(record, Commitment) else "axis"
        chain, since = [], None
        lead, seen = record.lead_institution, {record.lead_institution_id}
        while True:
            before = [p for p in self.predecessors.get(lead.pk, [])
                      if (key, record.pk, p.pk) in self.past and p.pk not in seen]
            if not before:
                chain.append((lead, None, since))
                break
            predecessor = max(before, key=lambda p: p.ended_on)
            chain.append((lead, predecessor.ended_on, since))
            since = predecessor.ended_on - datetime.timedelta(days=1)
            lead = predecessor
            seen.add(lead.pk)
        return list(reversed(chain))

    def lead_on(self, record, day):
        for lead, since, until in self.leads(record):
            if (since is None or since <= day) and (until is None or day <= until):
                return lead
        return record.lead_institution

    def leads_within(self, record, start, end):
        return [(lead, since, until) for lead, since, until in self.leads(record)
                if (since is None or since <= end) and (until is None or until >= start)]


def _approved(agreement, successions=None, day=None):
    """What an agreement approved, from its prefetched reverse relations (who leads an axis or a
    commitment: the institution of ``day``, the session's date)."""
    def lead(record):
        return successions.lead_on(record, day) if successions is not None else record.lead_institution

    things = []
    for version in agreement.approved_versions.all():
        things.append({"kind": "document", "name": version.document.title, "lead": None})
    for axis in agreement.approved_axes.all():
        things.append({"kind": "axis", "name": axis.name, "lead": lead(axis)})
    for plan in agreement.approved_routes.all():
        things.append({"kind": "route", "name": plan.name, "lead": None})
    for plan in agreement.approved_plans.all():
        things.append({"kind": "plan", "name": plan.name, "lead": None})
    for commitment in agreement.approved_commitments.all():
        things.append({"kind": "commitment", "name": commitment.title, "lead": lead(commitment)})
    return things


def _agreement_queryset():
    return Agreement.objects.order_by("number").select_related("proposed_by", "charged_to").prefetch_related(
        Prefetch("approved_versions", queryset=DocumentVersion.objects.select_related("document")),
        Prefetch("approved_axes", queryset=Axis.objects.select_related("lead_institution")),
        "approved_routes",
        "approved_plans",
        "approved_commitments__lead_institution",
    )


def _commitment_entries(report, institution, stl, start, end, used, successions):
    """Approved or published commitments of the STL approved by the period's end: for an institution,
    those it leads or takes part in (named among the other actors); for the STL, all of them."""
    commitments = (
        Commitment.objects.filter(plan__stl=stl, status__in=[Commitment.Status.APPROVED,
                                                             Commitment.Status.PUBLISHED])
        .select_related("axis", "plan", "lead_institution", "approved_by__session")
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("order").prefetch_related(
            Prefetch("updates", queryset=MilestoneUpdate.objects.order_by("date", "pk")))))
        .order_by("plan__start_year", "axis__order", "axis__name", "title")
    )
    entries = []
    for commitment in commitments:
        approved_on = commitment.approved_by.session.date if commitment.approved_by_id else (
            commitment.published_at.date() if commitment.published_at else None)
        if approved_on is None or approved_on > end:
            continue
        if commitment.start_date and commitment.start_date > end:
            continue
        leads = successions.leads_within(commitment, start, end) or [(commitment.lead_institution, None, None)]
        if institution is None:
            role = "lead"
        elif any(lead.pk == institution.pk for lead, _since, _until in leads):
            role = "lead"
        elif _mentions(commitment.other_actors, institution):
            role = "partner"
        else:
            continue
        entry = CommitmentEntry(commitment=commitment, role=role, lead=leads[-1][0], leads=leads)
        used.extend(lead for lead, _since, _until in leads)
        used.append(commitment)
        for milestone in commitment.milestones.all():
            updates = list(milestone.updates.all())
            until_end = [u for u in updates if u.date <= end]
            item = MilestoneEntry(milestone=milestone, updates=[u for u in until_end if u.date >= start],
                                  percent_at_end=until_end[-1].completion_percent if until_end else None)
            entry.milestones.append(item)
            used.append(milestone)
            used.extend(until_end)
        entries.append(entry)
    return entries


def _plans(stl, start, end, used):
    """The STL's action plans running in the period, with the state of their route at its end."""
    plans = []
    for plan in (ActionPlan.objects.filter(stl=stl, start_year__lte=end.year, end_year__gte=start.year)
                 .prefetch_related(Prefetch("route_phases", queryset=RoutePhase.objects.order_by("order")))
                 .order_by("start_year", "name")):
        phases = list(plan.route_phases.all())
        for phase in phases:
            if phase.actual_end and phase.actual_end <= end:
                phase.state_at_end = "done"
            elif phase.actual_start and phase.actual_start <= end:
                phase.state_at_end = "in_progress"
            else:
                phase.state_at_end = "pending"
        plans.append({"plan": plan, "phases": phases})
        used.append(plan)
        used.extend(phases)
    return plans


def build_report(institution, stl, start, end, internal=False):
    """Gather the report of ``institution`` (None: the STL itself) in ``stl`` from ``start`` to
    ``end`` (both included). The report is meant to be published, so it leaves out reserved sessions
    and working meetings (not public) and their counts; ``internal`` includes them, for staff."""
    problem = period_problem(start, end)
    if problem:
        raise ValueError(problem)
    report = ActivityReport(institution=institution, stl=stl, start=start, end=end, internal=internal)
    used = [institution, stl]
    successions = Successions(stl)

    # Who makes up the STL and its bodies, and where the institution sits.
    memberships = list(
        Membership.objects.filter(Q(body=stl) | Q(body__parent=stl))
        .select_related("body", "seat", "institution", "person")
        .order_by("body__kind", "seat__order", "role", "start_date", "pk")
    )
    mine = [m for m in memberships if institution is not None and m.institution_id == institution.pk]

    # Sessions: the STL's formal sessions up to the end of the period (earlier ones are the
    # background the reader needs), and every session of its bodies within the period.
    sessions_qs = Session.objects.of_stl(stl).filter(status=Session.Status.HELD).filter(
        Q(date__range=(start, end)) | Q(body=stl, kind__in=Session.FORMAL_KINDS, date__lt=start)
    )
    if not internal:
        sessions_qs = sessions_qs.filter(is_public=True)
        report.unnumbered_bodies = set(
            Session.objects.of_stl(stl).filter(kind=Session.Kind.WORKING_MEETING, is_public=False, date__lte=end)
            .exclude(status=Session.Status.CANCELLED).values_list("body_id", flat=True))
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
    attendance_rows = []
    if institution is not None:
        attendance_rows = list(
            Attendance.objects.filter(session__in=sessions_qs, institution=institution)
            .select_related("seat", "person").order_by("session__date", "pk"))
    rows_by_session = {}
    for row in attendance_rows:
        rows_by_session.setdefault(row.session_id, []).append(row)

    def took_part(session):
        if institution is None:
            return True
        if any(row.status != Attendance.Status.ABSENT for row in rows_by_session.get(session.pk, [])):
            return True
        return any(m.body_id == session.body_id and valid_on(m, session.date) for m in mine)

    for session in sessions:
        agreements = [{"agreement": a, "approved": _approved(a, successions, session.date)}
                      for a in session.agreements.all()]
        if session.kind == Session.Kind.INSTALLATION and session.body_id == stl.pk:
            if report.installation is None:
                report.installation = session
                report.installation_illustrative = is_uncertain(session, "date")
                report.installation_agreements = agreements
                used.append(session)
                used.extend(a["agreement"] for a in agreements)
                if start <= session.date <= end:
                    report.annex.append(SessionEntry(session=session, agreements=agreements,
                                                     illustrative=is_uncertain(session, "date"),
                                                     attendance=rows_by_session.get(session.pk, [])))
            continue
        in_period = start <= session.date <= end
        if not took_part(session) and not (session.body_id == stl.pk and session.is_formal):
            continue
        entry = SessionEntry(session=session, agreements=agreements, illustrative=is_uncertain(session, "date"),
                             attendance=rows_by_session.get(session.pk, []), numbered=report.numbers(session))
        used.append(session)
        used.extend(item["agreement"] for item in agreements)
        if not in_period:
            # The year before the period in detail; earlier sessions only counted.
            if session.date >= report.background_since:
                report.background.append(entry)
            else:
                report.older_sessions += 1
            continue
        report.annex.append(entry)
        used.extend(entry.attendance)
        if entry.attendance:
            report.attendance.append(entry)
        if institution is not None:
            for item in agreements:
                roles = [role for role, pk in (("proposed", item["agreement"].proposed_by_id),
                                               ("charged", item["agreement"].charged_to_id))
                         if pk == institution.pk]
                if roles:
                    report.own_agreements.append((entry, item["agreement"], roles))
        if session.kind == Session.Kind.WORKING_MEETING:
            report.meetings.append(session)
        elif session.kind == Session.Kind.PUBLIC_EVENT:
            report.events.append(entry)
            report.account.append(entry)
        else:
            report.account.append(entry)

    # Who held the STL's seats during the period (each membership with its dates: a change of
    # holder or alternate within the period shows as two lines).
    report.composition = sorted(
        (m for m in memberships if m.body_id == stl.pk and m.seat_id and valid_within(m, start, end)),
        key=lambda m: (m.seat.order, m.role != Membership.Role.HOLDER, m.start_date, m.pk))
    # The institution's seats held on some day of the period (one line per membership).
    seats = {}
    for m in mine:
        if m.body_id == stl.pk and m.seat_id and valid_within(m, start, end):
            seats.setdefault((m.seat_id, m.role, m.label, m.start_date, m.end_date), m)
    report.seats_of_institution = list(seats.values())
    used.extend(report.composition)
    used.extend(report.seats_of_institution)

    # The operational group's meetings: who takes part, and what they drafted.
    # Who attended the working meetings, body by body (from the attendance, not from memberships).
    meeting_rows = list(
        Attendance.objects.filter(session__in=[m.pk for m in report.meetings])
        .exclude(status=Attendance.Status.ABSENT).select_related("institution", "person", "session")
        .order_by("session__date", "session__number", "pk"))
    for row in meeting_rows:
        label = row.note or (row.institution.display_name if row.institution else "") or (
            row.person.name if row.person else "")
        labels = report.meeting_participants.setdefault(row.session.body_id, [])
        if label and label not in labels:
            labels.append(label)
    used.extend(meeting_rows)
    if report.meetings:
        report.group = report.meetings[0].body
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
        if entry.axis is not None:
            entry.axis_lead = successions.lead_on(entry.axis, entry.session.date)
            used.append(entry.axis_lead)
    for axis in report.axes:  # who led it when it was approved
        axis.lead_in_report = successions.lead_on(axis, axis.approved_by.session.date)
    used.extend(report.axes)
    used.extend(a for a in axes_by_table.values() if a not in report.axes)
    used.extend(a.lead_in_report for a in report.axes)

    report.commitments = _commitment_entries(report, institution, stl, start, end, used, successions)
    if institution is None:
        report.plans = _plans(stl, start, end, used)

    report.activities = list(
        ProgrammeActivity.objects.filter(institution=institution, stl=stl,
                                         year__range=(start.year, end.year)).order_by("year", "code")
    ) if institution is not None else []
    used.extend(report.activities)

    report.text = ReportText.objects.filter(institution=institution, stl=stl, start_date=start,
                                            end_date=end).first()
    if report.text:
        used.append(report.text)

    report.fingerprint = fingerprint(used, start, end, internal)
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


def fingerprint(records, start, end, internal=False):
    seen = {}
    for obj in records:
        if obj is not None:
            seen[(obj._meta.label_lower, obj.pk)] = _canonical(obj)
    payload = {"period": [start.isoformat(), end.isoformat()],
               "records": sorted(seen.values(), key=lambda row: (row[0], row[1]))}
    if internal:  # the internal version never shares a fingerprint with the one to publish
        payload["internal"] = True
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
