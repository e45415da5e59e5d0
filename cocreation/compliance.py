"""The compliance calendar: what OGP Local's participation and co-creation standards ask of an STL
that its records show is late. Shown on the panel's start page and e-mailed weekly to staff.

Each alert says what is wrong, what to do and where (a link). Everything is computed from the
records on the day asked, in a fixed number of queries; nothing is stored.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from commitments.models import Commitment, Milestone
from core.spanish import long_date
from sessions.models import DocumentVersion, Session

from .models import Assessment, Consultation, Input

# OGP Local: the forum meets at least every six months; the website and repository are updated at
# least every four months (twice a year at the very least); the end-of-commitment report is due
# about a month after the commitment ends.
FORUM_DAYS = 183
SITE_DAYS = 122
END_REPORT_DAYS = 30
ACTIVE = (Commitment.Status.APPROVED, Commitment.Status.PUBLISHED)


@dataclass(frozen=True)
class Alert:
    kind: str
    what: str
    action: str
    url: str
    due: datetime.date | None = None

    @property
    def overdue(self):
        return self.due is not None


def forum_alert(stl, today):
    last = (Session.objects.filter(body=stl, kind__in=Session.FORMAL_KINDS, status=Session.Status.HELD,
                                   date__lte=today).aggregate(last=Max("date"))["last"])
    if last is not None and (today - last).days <= FORUM_DAYS:
        return None
    what = (_("El secretariado no ha sesionado desde el %(date)s (OGP pide sesionar al menos cada seis meses).")
            % {"date": long_date(last)} if last else
            _("No hay registro de una sesión formal del secretariado."))
    return Alert("forum", what, _("Convoque y registre una sesión del secretariado."),
                 reverse("panel:session_create"), last + datetime.timedelta(days=FORUM_DAYS) if last else today)


def site_alert(stl, today):
    """The public site and repository: when anything the public sees last changed."""
    dates = [
        Session.objects.of_stl(stl).public().aggregate(d=Max("updated_at"))["d"],
        Commitment.objects.of_stl(stl).published().aggregate(d=Max("updated_at"))["d"],
        Milestone.objects.filter(commitment__plan__stl=stl, commitment__status=Commitment.Status.PUBLISHED)
        .aggregate(d=Max("updated_at"))["d"],
        DocumentVersion.objects.public().filter(Q(document__body=stl) | Q(document__body__parent=stl))
        .aggregate(d=Max("updated_at"))["d"],
        Consultation.objects.public().filter(stl=stl).aggregate(d=Max("updated_at"))["d"],
    ]
    dates = [d.date() for d in dates if d is not None]
    last = max(dates) if dates else None
    if last is not None and (today - last).days <= SITE_DAYS:
        return None
    what = (_("El sitio público y el repositorio no se actualizan desde el %(date)s (OGP pide hacerlo al "
              "menos cada cuatro meses).") % {"date": long_date(last)} if last else
            _("El sitio público aún no tiene publicaciones del secretariado."))
    return Alert("site", what, _("Publique los documentos aprobados, las sesiones y los avances del periodo."),
                 reverse("panel:session_list"), last + datetime.timedelta(days=SITE_DAYS) if last else today)


def milestone_alerts(stl, today):
    overdue = (Milestone.objects.filter(commitment__plan__stl=stl, commitment__status__in=ACTIVE,
                                        completion_percent__lt=100, end_date__lt=today)
               .select_related("commitment").order_by("end_date", "pk"))
    return [Alert("milestone", _("El hito «%(milestone)s» del compromiso «%(commitment)s» venció el %(date)s "
                                 "con %(percent)s %% de avance.")
                  % {"milestone": m.title, "commitment": m.commitment.title, "date": long_date(m.end_date),
                     "percent": m.completion_percent},
                  _("Registre su avance con evidencia, o explique el retraso."),
                  reverse("panel:commitment_detail", args=[m.commitment.identifier]), m.end_date)
            for m in overdue]


def end_report_alerts(stl, today):
    ended = (Commitment.objects.of_stl(stl).filter(status__in=ACTIVE, end_date__lt=today)
             .exclude(assessments__stage=Assessment.Stage.END).order_by("end_date", "pk"))
    return [Alert("end_report", _("El compromiso «%(commitment)s» terminó el %(date)s; su informe de fin de "
                                  "compromiso vence el %(due)s.")
                  % {"commitment": c.title, "date": long_date(c.end_date),
                     "due": long_date(c.end_date + datetime.timedelta(days=END_REPORT_DAYS))},
                  _("Registre la evaluación de cierre y genere el informe de fin de compromiso."),
                  reverse("panel:assessment_create", args=[c.identifier]),
                  c.end_date + datetime.timedelta(days=END_REPORT_DAYS))
            for c in ended]


def consultation_alerts(stl, today):
    closed = (Consultation.objects.public().filter(stl=stl, closes_on__lt=today)
              .annotate(pending=Count("inputs", filter=Q(inputs__confirmed_at__isnull=False,
                                                         inputs__moderation=Input.Moderation.VISIBLE,
                                                         inputs__response="")))
              .filter(pending__gt=0).order_by("closes_on", "pk"))
    return [Alert("consultation", _("La consulta «%(title)s» cerró el %(date)s con %(count)s aportaciones sin "
                                    "respuesta.") % {"title": c.title, "date": long_date(c.closes_on),
                                                     "count": c.pending},
                  _("Publique una respuesta razonada a cada aportación: adoptada, adoptada en parte o no "
                    "adoptada, con sus razones."),
                  reverse("panel:consultation_detail", args=[c.identifier]), c.closes_on)
            for c in closed]


def alerts_for(stl, today):
    """Every alert of the STL on ``today``, the most urgent kinds first."""
    found = [forum_alert(stl, today), site_alert(stl, today)]
    found += consultation_alerts(stl, today) + end_report_alerts(stl, today) + milestone_alerts(stl, today)
    return [alert for alert in found if alert is not None]
