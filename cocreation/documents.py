"""OGP Local's documents filled from the records: the end-of-commitment report of a commitment and
the inception report of a plan. Each is a list of sections of labelled fields; a field the records
do not hold is marked missing, and the missing ones are listed for staff. The same description
gives the page, the PDF (core/pdf.py) and the JSON of the open data.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from commitments.models import Commitment
from core.pdf import render_pdf
from core.secrets import public_url
from core.spanish import long_date
from sessions.models import Attendance, Session
from workgroups.identity import pdf_identity
from workgroups.models import Seat

from .compliance import SITE_DAYS, site_alert
from .models import Assessment, Consultation, Input

FORMAT = "portal-stl/documento-ogp-local"


@dataclass
class Item:
    key: str
    label: str
    value: object = ""  # text, or a list of texts

    @property
    def missing(self):
        return self.value in ("", None, [])

    @property
    def is_list(self):
        return isinstance(self.value, list)


@dataclass
class Section:
    title: str
    items: list = field(default_factory=list)

    def add(self, key, label, value):
        self.items.append(Item(key, str(label), value))


@dataclass
class OGPDocument:
    kind: str
    title: str
    subject: str
    stl: object
    sections: list
    filename: str
    identifier: str

    @property
    def missing(self):
        return [f"{section.title}: {item.label}" for section in self.sections for item in section.items
                if item.missing]

    def as_data(self):
        return {
            "format": FORMAT, "kind": self.kind, "title": self.title, "subject": self.identifier,
            "secretariat": self.stl.identifier,
            "sections": [{"title": section.title,
                          "fields": [{"key": item.key, "label": item.label,
                                      "value": None if item.missing else item.value} for item in section.items]}
                         for section in self.sections],
            "missing": self.missing,
        }


def _yes_no(value):
    return _("Sí") if value else _("No")


def _date(value):
    return long_date(value) if value else ""


def end_of_commitment_report(commitment):
    """OGP Local's end-of-commitment report, from the commitment, its milestones and its closing
    assessment (the latest «fin del compromiso» one)."""
    stl = commitment.plan.stl
    final = (Assessment.objects.filter(commitment=commitment, stage=Assessment.Stage.END)
             .order_by("-assessed_on", "-pk").first())
    milestones = list(commitment.milestones.order_by("order"))
    who = Section(_("Quién evalúa"))
    who.add("assessor", _("Nombre e institución de quien evalúa"), final.assessor if final else "")
    who.add("assessed_on", _("Fecha de la evaluación"), _date(final.assessed_on) if final else "")
    about = Section(_("El compromiso"))
    about.add("member", _("Integrante de OGP Local"), stl.jurisdiction or stl.name)
    about.add("secretariat", _("Foro multiactor"), stl.name)
    about.add("plan", _("Plan de acción"), commitment.plan.name)
    about.add("commitment", _("Compromiso"), commitment.title)
    about.add("lead", _("Institución responsable"), commitment.lead_institution.display_name)
    about.add("period", _("Periodo"), f"{_date(commitment.start_date)} – {_date(commitment.end_date)}"
              if commitment.start_date and commitment.end_date else "")
    about.add("problem", _("Problema público que atendió"), commitment.public_problem.strip())
    evidence = list(final.evidence_links()) if final else []
    evidence += [m.evidence_url for m in milestones if m.evidence_url]
    done = Section(_("Cumplimiento"))
    done.add("milestones", _("Hitos y su avance"),
             [f"{m.order}. {m.title}: {m.completion_percent} %" for m in milestones])
    done.add("completion", _("Nivel de cumplimiento"),
             str(final.get_completion_display()) if final and final.completion else "")
    done.add("explanation", _("Explicación, y qué ayudó o dificultó la implementación"),
             final.explanation.strip() if final else "")
    done.add("evidence", _("Evidencia"), evidence)
    opened = Section(_("¿Abrió el gobierno?"))
    opened.add("values", _("Valores de OGP a los que es relevante"), final.relevant_values() if final else [])
    opened.add("opened_government", _("Grado de cambio"),
               str(final.get_opened_government_display()) if final and final.opened_government else "")
    opened.add("why", _("Por qué"), final.opened_government_explanation.strip() if final else "")
    lessons = Section(_("Lecciones aprendidas"))
    lessons.add("lessons", _("Lecciones aprendidas"), final.lessons.strip() if final else "")
    origin = Section(_("Cocreación"))
    origin.add("origin", _("Propuestas ciudadanas que le dieron origen"), [
        f"{item.author_name}, «{item.consultation.title}»"
        for item in Input.objects.public().filter(resulting_commitment=commitment,
                                                  moderation=Input.Moderation.VISIBLE)
        .select_related("consultation")])
    title = _("Informe de fin de compromiso")
    return OGPDocument("end_of_commitment", str(title), commitment.title, stl,
                       [who, about, done, opened, lessons, origin],
                       f"informe-fin-{slugify(commitment.title)[:50]}.pdf", commitment.identifier)


def inception_report(plan, public=False):
    """OGP Local's inception report of a plan: the forum, the website and the co-creation, then the
    design of each commitment (``public``: only published commitments)."""
    stl = plan.stl
    today = timezone.localdate()
    roles = set(Seat.objects.filter(body=stl).values_list("role", flat=True))
    installation = (Session.objects.filter(body=stl, kind=Session.Kind.INSTALLATION, status=Session.Status.HELD)
                    .order_by("date").values_list("date", flat=True).first())
    forum = Section(_("El foro multiactor"))
    forum.add("forum", _("Foro (secretariado) y fecha de instalación"),
              f"{stl.name}, {_date(installation)}" if installation else "")
    forum.add("multi_stakeholder", _("¿Es multiactor? (gobierno y sociedad civil con asiento)"),
              str(_yes_no(Seat.Role.CIVIL_SOCIETY in roles and bool(roles & {Seat.Role.GUARANTOR,
                                                                                Seat.Role.PUBLIC_BODIES}))))
    endorsed = ""
    if plan.approved_by_id:
        agreement = plan.approved_by
        civil_present = Attendance.objects.filter(
            session=agreement.session, seat__role=Seat.Role.CIVIL_SOCIETY).exclude(
            status=Attendance.Status.ABSENT).exists()
        if public and not agreement.is_public:  # a reserved session's agreement is never named
            endorsed = (_("Sí: el plan se aprobó por acuerdo del Secretariado, con la sociedad civil presente.")
                        if civil_present else
                        _("El plan se aprobó por acuerdo del Secretariado, sin constancia de la sociedad civil "
                          "presente."))
        else:
            endorsed = (_("Sí: el plan se aprobó con el acuerdo %(code)s, con la sociedad civil presente.")
                        if civil_present else
                        _("El plan se aprobó con el acuerdo %(code)s, sin constancia de la sociedad civil "
                          "presente.")) % {"code": agreement.code}
    forum.add("endorsed", _("¿Lo respaldaron sus integrantes no gubernamentales?"), endorsed)
    last = (Session.objects.filter(body=stl, kind__in=Session.FORMAL_KINDS, status=Session.Status.HELD)
            .order_by("-date").values_list("date", flat=True).first())
    forum.add("meets", _("Última sesión formal (OGP pide al menos una cada seis meses)"), _date(last))
    site = Section(_("Sitio web y repositorio"))
    site.add("website", _("Sitio web público del proceso"), public_url("/"))
    stale = site_alert(stl, today)
    site.add("updated", _("¿Se actualiza al menos cada cuatro meses?"),
             str(_("No: %(what)s") % {"what": stale.what}) if stale else
             str(_("Sí: hubo publicaciones en los últimos %(days)s días.") % {"days": SITE_DAYS}))
    site.add("information_before_meetings", _("¿Se compartió información antes de las reuniones?"), "")
    cocreation = Section(_("Cocreación y respuesta razonada"))
    counted = Q(inputs__confirmed_at__isnull=False, inputs__moderation=Input.Moderation.VISIBLE)
    consultations = (Consultation.objects.public().filter(
        Q(plan=plan) | Q(commitment__plan=plan) | Q(working_table__parent=stl, opens_on__year__gte=plan.start_year,
                                                     opens_on__year__lte=plan.end_year))
        .annotate(total=Count("inputs", filter=counted, distinct=True),
                  adopted=Count("inputs", filter=counted & Q(inputs__response=Input.Response.ADOPTED), distinct=True),
                  partly=Count("inputs", filter=counted & Q(inputs__response=Input.Response.PARTLY_ADOPTED),
                               distinct=True),
                  not_adopted=Count("inputs", filter=counted & Q(inputs__response=Input.Response.NOT_ADOPTED),
                                    distinct=True),
                  unanswered=Count("inputs", filter=counted & Q(inputs__response=""), distinct=True))
        .order_by("opens_on", "pk"))
    lines = [_("%(title)s (%(start)s – %(end)s): %(total)s aportaciones; %(a)s adoptadas, %(p)s en parte, "
               "%(n)s no adoptadas, %(u)s sin respuesta")
             % {"title": c.title, "start": _date(c.opens_on), "end": _date(c.closes_on), "total": c.total,
                "a": c.adopted, "p": c.partly, "n": c.not_adopted, "u": c.unanswered}
             for c in consultations]
    cocreation.add("consultations", _("Consultas públicas y respuesta a las aportaciones"), lines)
    commitments = Commitment.objects.filter(plan=plan).select_related("lead_institution").order_by(
        "axis__order", "title")
    commitments = commitments.published() if public else commitments.exclude(status=Commitment.Status.DRAFT)
    design = {a.commitment_id: a for a in Assessment.objects.filter(
        commitment__in=commitments, stage=Assessment.Stage.DESIGN).order_by("assessed_on", "pk")}
    sections = [forum, site, cocreation]
    for commitment in commitments:
        section = Section(_("Compromiso: %(title)s") % {"title": commitment.title})
        assessment = design.get(commitment.pk)
        section.add("lead", _("Institución responsable"), commitment.lead_institution.display_name)
        section.add("verifiable", _("Verificable"), str(_yes_no(assessment.verifiable)) if assessment else "")
        section.add("relevance", _("Relevancia para los valores de OGP"),
                    assessment.relevant_values() if assessment and assessment.relevant else
                    ([str(_("No relevante"))] if assessment else []))
        section.add("potential", _("Impacto potencial"),
                    str(assessment.get_potential_impact_display()) if assessment else "")
        sections.append(section)
    return OGPDocument("inception", str(_("Informe de inicio")), plan.name, stl, sections,
                       f"informe-inicio-{slugify(plan.name)[:50]}.pdf", plan.identifier)


def document_html(document, today=None):
    today = today or timezone.localdate()
    return render_to_string("cocreation/ogp_document_pdf.html", {
        "document": document, "generated_text": long_date(today), "PORTAL_NAME": settings.PORTAL_NAME,
        **pdf_identity(document.stl)[0]})


def document_pdf(document, today=None):
    return render_pdf(document_html(document, today), attachments=pdf_identity(document.stl)[1])

