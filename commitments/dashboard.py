"""The follow-up dashboard («tablero de seguimiento») of one action plan, and the short summary of it
that the home page shows.

Only published commitments and their milestones count. Everything is worked out in a fixed number
of queries whatever the size of the plan: one row per commitment (its axis, institution, declared
level and milestone average), one conditional count of the milestones, and two short lists.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.certainty import DateCertainty
from core.charts import LIGHT, Bar, labelled_bars
from workgroups.models import Institution

from .models import COMPLETION_RULE, Commitment, Milestone, completion_from_progress

RISK_DAYS = 60
LIST_SIZE = 10

# The traffic light of a milestone, in the order the page shows it; the rules are printed as written.
LIGHTS = [
    ("done", _("Concluido"), _("el hito llegó al 100 %% de avance.")),
    ("on_time", _("A tiempo"), _("no ha concluido y su fecha de término está a más de %(days)s días, o "
                                 "faltan %(days)s días o menos y ya va a la mitad (50 %%) o más.")),
    ("at_risk", _("En riesgo"), _("no ha concluido, termina en los próximos %(days)s días y lleva menos "
                                  "de la mitad (50 %%) de avance.")),
    ("late", _("Atrasado"), _("su fecha de término ya pasó y no llegó al 100 %%.")),
    ("no_date", _("Sin fecha de término"), _("no ha concluido y no tiene fecha de término registrada.")),
]


def light_conditions(today):
    soon = today + datetime.timedelta(days=RISK_DAYS)
    pending = Q(completion_percent__lt=100)
    return {
        "done": Q(completion_percent__gte=100),
        "late": pending & Q(end_date__lt=today),
        "at_risk": pending & Q(end_date__gte=today, end_date__lte=soon, completion_percent__lt=50),
        "on_time": pending & (Q(end_date__gt=soon) | Q(end_date__gte=today, end_date__lte=soon,
                                                       completion_percent__gte=50)),
        "no_date": pending & Q(end_date__isnull=True),
    }


def light_rules():
    return [(key, label, rule % {"days": RISK_DAYS}) for key, label, rule in LIGHTS]


@dataclass
class Group:
    """One axis or institution: its published commitments, their milestone average and how many each
    level (from the milestones) has."""

    key: object
    name: str
    url: str = ""
    extra: str = ""
    short: str = ""
    count: int = 0
    progress_sum: float = 0
    progress_n: int = 0
    levels: dict = field(default_factory=dict)

    @property
    def progress(self):
        """The average completion of the group's milestones (each milestone weighs the same, as on
        the plan and axis pages)."""
        return round(self.progress_sum / self.progress_n) if self.progress_n else None

    def add(self, milestone_sum, milestone_count, level):
        self.count += 1
        self.progress_sum += milestone_sum
        self.progress_n += milestone_count
        self.levels[level] = self.levels.get(level, 0) + 1

    def level_counts(self):
        return [self.levels.get(value, 0) for value, _label in LEVELS]


LEVELS = list(Commitment.Completion.choices) + [("", _("Sin hitos"))]


def build(plan, today=None):
    today = today or timezone.localdate()
    milestones = Milestone.objects.filter(commitment__plan=plan, commitment__status=Commitment.Status.PUBLISHED)
    # Two plain lists joined here (a GROUP BY of the milestones, the commitments' own columns): cheaper
    # than a subquery per commitment.
    sums = {pk: (total or 0, n) for pk, total, n in milestones.order_by().values("commitment").annotate(
        total=Sum("completion_percent"), n=Count("pk")).values_list("commitment", "total", "n")}
    rows = [(axis_id, institution_id, completion, *sums.get(pk, (0, 0))) for pk, axis_id, institution_id, completion
            in plan.commitments.published().order_by().values_list("pk", "axis", "lead_institution", "completion")]
    axes = {axis.pk: axis for axis in plan.axes.public().select_related("lead_institution")}
    institutions = {i.pk: i for i in Institution.objects.filter(pk__in={row[1] for row in rows})}
    by_axis = {pk: Group(pk, axis.name, axis.get_absolute_url(), str(axis.lead_institution))
               for pk, axis in sorted(axes.items(), key=lambda item: (item[1].order, item[1].name))}
    by_institution = {}
    declared = dict.fromkeys(Commitment.Completion.values, 0)
    derived = dict.fromkeys([value for value, _label in LEVELS], 0)
    disagreements = 0
    total = Group(None, str(_("Todo el plan")))
    for axis_id, institution_id, completion, milestone_sum, milestone_count in rows:
        level = completion_from_progress(milestone_sum / milestone_count if milestone_count else None) or ""
        declared[completion] = declared.get(completion, 0) + 1
        derived[level] += 1
        disagreements += bool(level) and level != completion
        total.add(milestone_sum, milestone_count, level)
        if axis_id not in by_axis:  # an axis not public any more: still counted, by name
            by_axis[axis_id] = Group(axis_id, str(_("Eje sin aprobar")))
        by_axis[axis_id].add(milestone_sum, milestone_count, level)
        if institution_id not in by_institution:
            institution = institutions.get(institution_id)
            by_institution[institution_id] = Group(institution_id, institution.display_name if institution else "—",
                                                   short=(institution.acronym or institution.name) if institution else "—")
        by_institution[institution_id].add(milestone_sum, milestone_count, level)
    conditions = light_conditions(today)
    lights = milestones.aggregate(**{key: Count("pk", filter=condition) for key, condition in conditions.items()})
    # A term nobody knows yet is neither overdue nor coming (core/certainty.py); illustrative ones show so.
    overdue = list(milestones.filter(conditions["late"]).exclude(end_date_certainty=DateCertainty.UNKNOWN)
                   .select_related("commitment")
                   .order_by("end_date", "pk")[:LIST_SIZE])
    upcoming = list(milestones.filter(completion_percent__lt=100, end_date__gte=today)
                    .exclude(end_date_certainty=DateCertainty.UNKNOWN)
                    .select_related("commitment").order_by("end_date", "pk")[:LIST_SIZE])
    institutions_sorted = sorted(by_institution.values(), key=lambda g: (-g.count, g.name))
    levels = [(label, derived[value], declared.get(value)) for value, label in LEVELS]
    return {
        "today": today, "total": total, "levels": levels, "disagreements": disagreements,
        "by_axis": list(by_axis.values()), "by_institution": institutions_sorted,
        "lights": [(key, label, rule, lights[key]) for key, label, rule in light_rules()],
        "milestone_total": sum(lights.values()), "late_count": lights["late"], "overdue": overdue,
        "upcoming": upcoming,
        "completion_rule": COMPLETION_RULE, "risk_days": RISK_DAYS,
    }


def charts(plan, data):
    suffix = plan.pk
    return {
        "levels_chart": labelled_bars([Bar(str(label), n) for label, n, _d in data["levels"]],
                                      str(_("Compromisos por nivel de cumplimiento según sus hitos")),
                                      f"niveles-{suffix}"),
        "axis_chart": labelled_bars([Bar(group.name, group.progress) for group in data["by_axis"]],
                                    str(_("Avance promedio por eje")), f"ejes-{suffix}", unit="%", maximum=100),
        "institution_chart": labelled_bars(
            [Bar(group.short or group.name, group.progress) for group in data["by_institution"]],
            str(_("Avance promedio por institución responsable")), f"instituciones-{suffix}", unit="%",
            maximum=100),
        "light_chart": labelled_bars([Bar(str(label), n, key) for key, label, _r, n in data["lights"]],
                                     str(_("Hitos por semáforo")), f"semaforo-{suffix}", colors=LIGHT),
    }


def csv_rows(plan, data):
    """The dashboard as one table: section, category, indicator, value."""
    yield [str(_("sección")), str(_("categoría")), str(_("indicador")), str(_("valor"))]
    yield [str(_("Plan")), plan.name, str(_("compromisos publicados")), data["total"].count]
    yield [str(_("Plan")), plan.name, str(_("avance promedio de los hitos (%)")), _blank(data["total"].progress)]
    yield [str(_("Plan")), plan.name, str(_("compromisos cuyo nivel declarado no coincide con sus hitos")),
           data["disagreements"]]
    for label, derived, declared in data["levels"]:
        yield [str(_("Cumplimiento según hitos")), str(label), str(_("compromisos")), derived]
        if declared is not None:
            yield [str(_("Cumplimiento declarado")), str(label), str(_("compromisos")), declared]
    for section, groups in ((_("Eje"), data["by_axis"]), (_("Institución responsable"), data["by_institution"])):
        for group in groups:
            yield [str(section), group.name, str(_("compromisos publicados")), group.count]
            yield [str(section), group.name, str(_("avance promedio de los hitos (%)")), _blank(group.progress)]
            for (_value, label), n in zip(LEVELS, group.level_counts(), strict=True):
                yield [str(section), group.name, str(_("compromisos «%(level)s» según hitos") % {"level": label}), n]
    for _key, label, _rule, n in data["lights"]:
        yield [str(_("Hitos (semáforo)")), str(label), str(_("hitos")), n]


def _blank(value):
    return "" if value is None else value


def current_plans(plans):
    """Of the plans given (any STLs), each STL's current one: the plan whose years include today, or
    else its most recent; the others are returned apart."""
    chosen = {}
    for plan in sorted(plans, key=lambda p: (-p.start_year, p.pk)):
        best = chosen.get(plan.stl_id)
        if best is None or (plan.is_current and not best.is_current):
            chosen[plan.stl_id] = plan
    current = list(chosen.values())
    return current, [plan for plan in plans if plan not in current]


def summaries(plans, today=None):
    """For the home page: per plan, its published commitments, its milestones' average and their
    traffic light; two grouped queries whatever the number of plans or commitments."""
    today = today or timezone.localdate()
    ids = [plan.pk for plan in plans]
    counts = dict(Commitment.objects.published().filter(plan__in=ids).order_by().values("plan")
                  .annotate(n=Count("pk")).values_list("plan", "n"))
    conditions = light_conditions(today)
    rows = {row["commitment__plan"]: row for row in
            Milestone.objects.filter(commitment__plan__in=ids, commitment__status=Commitment.Status.PUBLISHED)
            .order_by().values("commitment__plan")
            .annotate(total=Sum("completion_percent"), n=Count("pk"),
                      **{key: Count("pk", filter=condition) for key, condition in conditions.items()})}
    for plan in plans:
        row = rows.get(plan.pk, {})
        total = Group(plan.pk, plan.name, count=counts.get(plan.pk, 0), progress_sum=row.get("total") or 0,
                      progress_n=row.get("n", 0))
        plan.summary = {"total": total,
                        "light_list": [(key, label, row.get(key, 0)) for key, label, _rule in LIGHTS]}
    return plans
