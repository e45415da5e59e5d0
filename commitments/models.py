"""The action plan: its route of phases, its thematic axes, its commitments and their milestones."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import Avg, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.certainty import certainty_field, check_certainty
from core.records import Record, check_period, field_error, refresh_draft_identifier
from core.search import Searchable
from core.spanish import long_date
from sessions.models import Agreement, ApprovalMixin
from workgroups.models import Body, Institution


def evidence_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    extension = extension if extension.isalnum() and len(extension) <= 5 else "bin"
    return f"evidencias/{uuid.uuid4().hex}.{extension}"


# Length limits of the free texts (characters). The OGP template asks for a few paragraphs per field;
# the limits leave room for that and refuse what no reader could use (a 10 MB «problema público»).
# The model validates them (forms, admin, imports), the forms show them, the open-data schema states them.
NARRATIVE_LENGTH = 5000
SHORT_TEXT_LENGTH = 3000
ACTORS_LENGTH = 1000


def limited_text(verbose_name, max_length, **kwargs):
    """A TextField whose length is checked by ``full_clean()`` (Django checks only CharFields)."""
    return models.TextField(verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)],
                            **kwargs)


def _check_same_stl(field, body, stl):
    if body is not None and stl is not None and body.stl.pk != stl.pk:
        raise field_error(field, _("Pertenece a otro secretariado."), "other_stl")


class ActionPlan(ApprovalMixin, Record):
    class Status(models.TextChoices):
        IN_CONSTRUCTION = "in_construction", _("En construcción")
        APPROVED = "approved", _("Aprobado")

    stl = models.ForeignKey(Body, verbose_name=_("secretariado"), on_delete=models.PROTECT,
                            related_name="action_plans", limit_choices_to={"kind": Body.Kind.STL})
    name = models.CharField(_("nombre"), max_length=300,
                            help_text=_("p. ej. «Plan de Acción Local de Gobierno Abierto 2019-2021»"))
    start_year = models.PositiveSmallIntegerField(_("año de inicio"))
    end_year = models.PositiveSmallIntegerField(_("año de término"))
    description = limited_text(_("descripción"), SHORT_TEXT_LENGTH, blank=True)
    status = models.CharField(_("estado"), max_length=20, choices=Status.choices,
                              default=Status.IN_CONSTRUCTION)
    approved_by = models.ForeignKey(Agreement, verbose_name=_("aprobado por el acuerdo"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="approved_plans")
    route_approved_by = models.ForeignKey(
        Agreement, verbose_name=_("ruta aprobada por el acuerdo"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="approved_routes",
    )

    class Meta:
        verbose_name = _("plan de acción")
        verbose_name_plural = _("planes de acción")
        ordering = ["-start_year", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:plan_detail", args=[self.identifier])

    def approval_stl(self):
        return self.stl

    def is_approved_state(self):
        return self.status == self.Status.APPROVED

    @property
    def route(self):
        return PlanRoute(self)

    @property
    def route_is_approved(self):
        return self.route_approved_by_id is not None

    @property
    def end_date(self):
        """The last day of the plan: 31 December of its last year."""
        return datetime.date(self.end_year, 12, 31)

    @property
    def is_finished(self):
        return self.end_date < timezone.localdate()

    @property
    def is_current(self):
        return self.start_year <= timezone.localdate().year <= self.end_year

    def route_outcome(self, phases):
        """How the route of a finished plan ended, in words; None while the plan runs."""
        if not self.is_finished:
            return None
        done = sum(1 for phase in phases if phase.status == RoutePhase.Status.DONE)
        running = [phase for phase in phases if phase.status == RoutePhase.Status.IN_PROGRESS]
        pending = sum(1 for phase in phases if phase.status == RoutePhase.Status.PENDING)
        text = _("El plan terminó el 31 de diciembre de %(year)s. Su ruta cerró con %(done)s de %(total)s "
                 "fases concluidas") % {"year": self.end_year, "done": done, "total": len(phases)}
        if running:
            text += _("; quedaron sin fecha de término %(names)s (su retraso se cuenta hasta el fin del plan)") % {
                "names": ", ".join(f"«{phase.name}»" for phase in running)}
        if pending:
            text += _("; %(n)s no llegaron a iniciar") % {"n": pending}
        return text + "."

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise field_error("end_year", _("El año de término no puede ser anterior al de inicio."), "end_before_start")
        if self.stl_id and self.stl.kind != Body.Kind.STL:
            raise ValidationError({"stl": _("Un plan de acción pertenece a un secretariado.")})
        self.clean_approval()
        if self.route_approved_by_id:
            try:
                self.route_approved_by.check_can_approve(self.stl)
            except ValidationError as error:
                raise field_error("route_approved_by", error) from error

    def approve_by(self, agreement):
        agreement.check_can_approve(self.stl)
        if self.status == self.Status.APPROVED:
            raise ValidationError(_("El plan ya está aprobado."), code="already_approved")
        self.status = self.Status.APPROVED
        self.approved_by = agreement
        self.full_clean()
        self.save()

    def approve_route_by(self, agreement):
        agreement.check_can_approve(self.stl)
        if self.route_approved_by_id:
            raise ValidationError(_("La ruta ya está aprobada."), code="already_approved")
        self.route_approved_by = agreement
        self.full_clean()
        self.save()

    def progress(self):
        """Share of the published commitments' milestones' completion (0–100), or None."""
        value = Milestone.objects.filter(commitment__plan=self,
                                         commitment__status=Commitment.Status.PUBLISHED).aggregate(
            value=Avg("completion_percent"))["value"]
        return None if value is None else round(value)


class PlanRoute:
    """The route of a plan, as something an agreement approves."""

    def __init__(self, plan):
        self.plan = plan

    def __str__(self):
        return _("Ruta de %(plan)s") % {"plan": self.plan}

    def approve_by(self, agreement):
        self.plan.approve_route_by(agreement)


class RoutePhase(Record):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pendiente")
        IN_PROGRESS = "in_progress", _("En curso")
        DONE = "done", _("Concluida")

    plan = models.ForeignKey(ActionPlan, verbose_name=_("plan de acción"), on_delete=models.CASCADE,
                             related_name="route_phases")
    order = models.PositiveSmallIntegerField(_("orden"))
    name = models.CharField(_("fase"), max_length=300)
    description = limited_text(_("descripción"), SHORT_TEXT_LENGTH, blank=True)
    planned_start = models.DateField(_("inicio previsto"), null=True, blank=True)
    planned_end = models.DateField(_("término previsto"), null=True, blank=True)
    actual_start = models.DateField(_("inicio real"), null=True, blank=True)
    actual_end = models.DateField(_("término real"), null=True, blank=True)
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices, default=Status.PENDING)
    planned_start_certainty = certainty_field(_("certeza del inicio previsto"))
    planned_end_certainty = certainty_field(_("certeza del término previsto"))

    class Meta:
        verbose_name = _("fase de la ruta")
        verbose_name_plural = _("fases de la ruta")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="route_phase_order_unique",
                                    violation_error_message=_("Ya hay una fase con ese orden en la ruta."),
                                    violation_error_code="route_phase_order_unique")]

    def __str__(self):
        return f"{self.order}. {self.name}"

    def clean(self):
        check_period(self.planned_start, self.planned_end, "planned_start", "planned_end")
        check_certainty(self, "planned_start", "planned_end")
        check_period(self.actual_start, self.actual_end, "actual_start", "actual_end")
        if self.status == self.Status.DONE and not self.actual_end:
            raise ValidationError({"actual_end": _("Una fase concluida tiene fecha real de término.")})
        if self.status == self.Status.PENDING and self.actual_start:
            raise ValidationError({"status": _("Una fase que ya inició no está pendiente.")})

    @property
    def delay_days(self):
        """Days the phase ended (or is running) past its planned end. A phase still running counts
        to today or to the end of its plan, whichever is earlier: a finished plan stops the count."""
        if not self.planned_end:
            return None
        end = self.actual_end
        if end is None and self.status == self.Status.IN_PROGRESS:
            end = min(timezone.localdate(), self.plan.end_date)
        return (end - self.planned_end).days if end else None

    @property
    def delay_counted_to_plan_end(self):
        """True when the delay of a phase left running stops at the plan's end."""
        return (self.actual_end is None and self.status == self.Status.IN_PROGRESS
                and self.plan.end_date < timezone.localdate())


class AxisQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Axis.Status.APPROVED)


class Axis(ApprovalMixin, Record):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Propuesto")
        APPROVED = "approved", _("Aprobado")

    plan = models.ForeignKey(ActionPlan, verbose_name=_("plan de acción"), on_delete=models.PROTECT,
                             related_name="axes")
    name = models.CharField(_("nombre"), max_length=300, help_text=_("p. ej. «Fortalecimiento de la Democracia»"))
    description = limited_text(_("descripción"), SHORT_TEXT_LENGTH, blank=True)
    lead_institution = models.ForeignKey(Institution, verbose_name=_("institución que lo encabeza"),
                                         on_delete=models.PROTECT, related_name="led_axes")
    working_table = models.ForeignKey(
        Body, verbose_name=_("mesa de trabajo"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="axes", limit_choices_to={"kind": Body.Kind.WORKING_TABLE},
    )
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    approved_by = models.ForeignKey(Agreement, verbose_name=_("aprobado por el acuerdo"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="approved_axes")
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    objects = AxisQuerySet.as_manager()

    class Meta:
        verbose_name = _("eje")
        verbose_name_plural = _("ejes")
        ordering = ["plan", "order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:axis_detail", args=[self.identifier])

    def approval_stl(self):
        return self.plan.stl

    def is_approved_state(self):
        return self.status == self.Status.APPROVED

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED

    def clean(self):
        if self.working_table_id:
            if self.working_table.kind != Body.Kind.WORKING_TABLE:
                raise ValidationError({"working_table": _("Elija una mesa de trabajo.")})
            _check_same_stl("working_table", self.working_table, self.plan.stl if self.plan_id else None)
        self.clean_approval()

    def approve_by(self, agreement):
        agreement.check_can_approve(self.plan.stl)
        if self.status == self.Status.APPROVED:
            raise ValidationError(_("El eje ya está aprobado."), code="already_approved")
        refresh_draft_identifier(self, "name")
        self.status = self.Status.APPROVED
        self.approved_by = agreement
        self.full_clean()
        self.save()


class CommitmentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Commitment.Status.PUBLISHED)

    def of_stl(self, stl):
        return self.filter(plan__stl=stl)

    def editable_by(self, account):
        """What an account may edit: facilitator and staff, all of their STL; a member, the
        commitments their institution leads or that sit on an axis their institution leads."""
        if account is None:
            return self.none()
        mine = self.of_stl(account.stl)
        if account.sees_everything_of_stl:
            return mine
        return mine.filter(Q(lead_institution=account.institution_id)
                           | Q(axis__lead_institution=account.institution_id))


class Commitment(ApprovalMixin, Searchable, Record):
    search_title_fields = ("title",)
    search_body_fields = ("public_problem", "objective", "solution")

    class Kind(models.TextChoices):
        CO_CREATED = "co_created", _("Cocreado")
        PROACTIVE = "proactive", _("Proactivo")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        APPROVED = "approved", _("Aprobado")
        PUBLISHED = "published", _("Publicado")

    class Completion(models.TextChoices):
        NOT_STARTED = "not_started", _("No iniciado")
        LIMITED = "limited", _("Limitado")
        SUBSTANTIAL = "substantial", _("Sustancial")
        COMPLETE = "complete", _("Completo")

    plan = models.ForeignKey(ActionPlan, verbose_name=_("plan de acción"), on_delete=models.PROTECT,
                             related_name="commitments")
    axis = models.ForeignKey(Axis, verbose_name=_("eje"), on_delete=models.PROTECT, related_name="commitments")
    title = models.CharField(_("título"), max_length=300)
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices, default=Kind.CO_CREATED)
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    lead_institution = models.ForeignKey(Institution, verbose_name=_("institución responsable"),
                                         on_delete=models.PROTECT, related_name="led_commitments")
    other_actors = limited_text(_("otros actores"), ACTORS_LENGTH, blank=True,
                                    help_text=_("Instituciones y organizaciones que participan, separadas por comas."))
    public_problem = limited_text(_("problema público"), NARRATIVE_LENGTH, blank=True)
    objective = limited_text(_("objetivo"), NARRATIVE_LENGTH, blank=True)
    solution = limited_text(_("cómo contribuye a resolver el problema"), NARRATIVE_LENGTH, blank=True)
    relevance_transparency = limited_text(_("relevancia: transparencia"), SHORT_TEXT_LENGTH, blank=True)
    relevance_participation = limited_text(_("relevancia: participación ciudadana"), SHORT_TEXT_LENGTH, blank=True)
    relevance_accountability = limited_text(_("relevancia: rendición de cuentas"), SHORT_TEXT_LENGTH, blank=True)
    relevance_technology = limited_text(_("relevancia: tecnología e innovación"), SHORT_TEXT_LENGTH, blank=True)
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    start_date_certainty = certainty_field(_("certeza del inicio"))
    end_date = models.DateField(_("fecha de término"), null=True, blank=True)
    end_date_certainty = certainty_field(_("certeza del término"))
    completion = models.CharField(_("nivel de cumplimiento"), max_length=12, choices=Completion.choices,
                                  default=Completion.NOT_STARTED)
    is_example = models.BooleanField(
        _("ejemplo"), default=False,
        help_text=_("Registro de demostración, no un compromiso real; se indica en la página."),
    )
    submitted_at = models.DateTimeField(_("enviado a aprobación"), null=True, blank=True)
    approved_by = models.ForeignKey(Agreement, verbose_name=_("aprobado por el acuerdo"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="approved_commitments")
    published_at = models.DateTimeField(_("publicado"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retirado de la publicación"), null=True, blank=True)
    withdrawal_reason = limited_text(_("motivo del retiro"), SHORT_TEXT_LENGTH, blank=True)
    form_token = models.UUIDField(
        _("clave del formulario"), null=True, blank=True, unique=True, editable=False,
        help_text=_("Evita que un doble envío del formulario cree dos registros."),
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("compromiso")
        verbose_name_plural = _("compromisos")
        ordering = ["plan", "axis__order", "title"]
        # Lists sorted by title walk this index (core.search.by_title) instead of sorting every row.
        indexes = [models.Index(fields=["status", "sort_title"], name="commitment_sort_title")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:commitment_detail", args=[self.identifier])

    def approval_stl(self):
        return self.plan.stl

    def is_approved_state(self):
        return self.status in (self.Status.APPROVED, self.Status.PUBLISHED)

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    @property
    def stl(self):
        return self.plan.stl

    # What the member panel asks of one commitment.

    def can_be_edited_by(self, account):
        """One-instance version of ``Commitment.objects.editable_by(account)``."""
        if account is None or self.plan.stl_id != account.stl_id:
            return False
        if account.sees_everything_of_stl:
            return True
        return account.institution_id is not None and account.institution_id in (
            self.lead_institution_id, self.axis.lead_institution_id)

    @property
    def is_open_draft(self):
        """A draft nobody has sent for approval yet: the only state whose OGP fields change."""
        return self.status == self.Status.DRAFT and not self.submitted_at

    @property
    def is_awaiting_approval(self):
        return self.status == self.Status.DRAFT and bool(self.submitted_at)

    @property
    def is_withdrawn(self):
        return self.status == self.Status.APPROVED and bool(self.withdrawn_at)

    @property
    def workflow_label(self):
        if self.is_awaiting_approval:
            return _("Enviado a aprobación")
        if self.is_withdrawn:
            return _("Retirado de la publicación")
        return self.get_status_display()

    def clean(self):
        check_period(self.start_date, self.end_date)
        check_certainty(self, "start_date", "end_date")
        if self.axis_id and self.plan_id and self.axis.plan_id != self.plan_id:
            raise ValidationError({"axis": _("El eje pertenece a otro plan de acción.")})
        self.clean_approval()
        if self.is_approved_state() and self.axis_id and not self.axis.is_approved_state():
            raise field_error("axis", _("El eje del compromiso aún no está aprobado."), "axis_not_approved")
        if self.status == self.Status.PUBLISHED and not self.published_at:
            raise ValidationError({"published_at": _("Un compromiso publicado tiene fecha de publicación.")})
        if self.status != self.Status.PUBLISHED and self.published_at and not self.withdrawn_at:
            raise ValidationError({"status": _("Un compromiso con fecha de publicación está publicado "
                                               "o fue retirado.")})

    # Workflow: draft → sent for approval → approved (by an agreement) → published (⇄ withdrawn).

    def submit(self):
        if self.status != self.Status.DRAFT:
            raise ValidationError(_("Solo un borrador se envía a aprobación."), code="not_draft")
        if self.submitted_at:
            raise ValidationError(_("Este borrador ya se envió a aprobación."), code="already_submitted")
        missing = [str(self._meta.get_field(name).verbose_name) for name in
                   ("public_problem", "objective", "solution") if not getattr(self, name).strip()]
        if missing or not (self.start_date and self.end_date):
            if not (self.start_date and self.end_date):
                missing.append(str(_("fechas de inicio y término")))
            raise ValidationError(
                _("Complete antes de enviarlo: %(fields)s.") % {"fields": ", ".join(missing)},
                code="incomplete",
            )
        self.submitted_at = timezone.now()
        self.full_clean()
        self.save()

    def return_to_draft(self):
        if self.status != self.Status.DRAFT or not self.submitted_at:
            raise ValidationError(_("Solo un borrador enviado regresa a edición."), code="not_submitted")
        self.submitted_at = None
        self.save()

    def approve_by(self, agreement):
        agreement.check_can_approve(self.plan.stl)
        if self.status != self.Status.DRAFT:
            raise ValidationError(_("El compromiso ya está aprobado."), code="already_approved")
        if not self.submitted_at:
            raise ValidationError(_("El compromiso no se ha enviado a aprobación."), code="not_submitted")
        self.status = self.Status.APPROVED
        self.approved_by = agreement
        self.full_clean()
        self.save()

    @transaction.atomic
    def publish(self):
        if self.status != self.Status.APPROVED or not self.approved_by_id:
            raise ValidationError(_("Solo se publica un compromiso aprobado por un acuerdo."),
                                  code="not_approved")
        if self.published_at is None and self.withdrawn_at is None:
            refresh_draft_identifier(self, "title")
            self.refresh_milestone_identifiers()
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()
        self.withdrawn_at = None
        self.withdrawal_reason = ""
        self.full_clean()
        self.save()

    def refresh_milestone_identifiers(self):
        """At first publication, the milestones (and their progress updates) get identifiers made
        from their final wording: one made from a title the draft no longer has would show in
        /datos/, the public record and the evidence's download name."""
        for milestone in self.milestones.all():
            old = milestone.identifier
            if refresh_draft_identifier(milestone, "title"):
                milestone.save()
            for update in milestone.updates.all():
                if refresh_draft_identifier(update, old_sources={f"avance-{old}"}):
                    update.save()

    @transaction.atomic
    def withdraw(self, reason):
        if self.status != self.Status.PUBLISHED:
            raise ValidationError(_("Solo se retira un compromiso publicado."), code="not_published")
        if not (reason or "").strip():
            raise field_error("withdrawal_reason", _("Explique por qué se retira de la publicación."), "reason_required")
        self.status = self.Status.APPROVED
        self.withdrawn_at = timezone.now()
        self.withdrawal_reason = reason.strip()
        self.full_clean()
        self.save()

    def progress(self):
        """Average completion of the milestones (0–100), or None without milestones."""
        values = [m.completion_percent for m in self.milestones.all()]
        return round(sum(values) / len(values)) if values else None

    # One measure of progress: the level follows from the milestones (completion_from_progress);
    # the level the STL records by hand is shown beside it, and a disagreement is pointed out.

    def completion_by_milestones(self, progress=None):
        """The level the milestones give (``Completion`` value), or None without milestones."""
        return completion_from_progress(self.progress() if progress is None else progress)

    def completion_disagrees(self, progress=None):
        derived = self.completion_by_milestones(progress)
        return derived is not None and derived != self.completion


# The rule, in the words the public pages and the dashboard print.
COMPLETION_RULE = _(
    "El nivel de cumplimiento se deduce del avance promedio de los hitos: «No iniciado» con 0 %, "
    "«Limitado» de 1 % a 49 %, «Sustancial» de 50 % a 99 % y «Completo» cuando todos los hitos "
    "llegan al 100 %. El Secretariado también registra un nivel declarado; si los dos no coinciden, "
    "la página lo advierte.")


def completion_from_progress(progress):
    """The completion level a milestone average gives: 0 → not started, 1–49 → limited, 50–99 →
    substantial, 100 → complete; None (no milestones) gives None."""
    if progress is None:
        return None
    progress = round(progress)
    if progress >= 100:
        return Commitment.Completion.COMPLETE
    if progress >= 50:
        return Commitment.Completion.SUBSTANTIAL
    if progress > 0:
        return Commitment.Completion.LIMITED
    return Commitment.Completion.NOT_STARTED


def completion_label(value):
    return Commitment.Completion(value).label if value else None


class Milestone(Record):
    commitment = models.ForeignKey(Commitment, verbose_name=_("compromiso"), on_delete=models.CASCADE,
                                   related_name="milestones")
    order = models.PositiveSmallIntegerField(_("orden"))
    title = models.CharField(_("entregable verificable"), max_length=400)
    description = limited_text(_("descripción"), SHORT_TEXT_LENGTH, blank=True)
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    start_date_certainty = certainty_field(_("certeza del inicio"))
    end_date = models.DateField(_("fecha de término"), null=True, blank=True)
    end_date_certainty = certainty_field(_("certeza del término"))
    completion_percent = models.PositiveSmallIntegerField(_("avance (%)"), default=0)
    evidence_url = models.URLField(_("enlace a la evidencia"), blank=True, max_length=500)
    evidence_file = models.FileField(_("archivo de evidencia"), upload_to=evidence_path, blank=True,
                                     max_length=200)
    form_token = models.UUIDField(
        _("clave del formulario"), null=True, blank=True, unique=True, editable=False,
        help_text=_("Evita que un doble envío del formulario cree dos registros."),
    )

    class Meta:
        verbose_name = _("hito")
        verbose_name_plural = _("hitos")
        ordering = ["commitment", "order"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "order"], name="milestone_order_unique",
                                    violation_error_message=_("Ya hay un hito con ese orden en el compromiso."),
                                    violation_error_code="milestone_order_unique"),
            models.CheckConstraint(condition=Q(completion_percent__lte=100), name="milestone_percent_max_100",
                                    violation_error_message=_("El avance va de 0 a 100 %."),
                                    violation_error_code="milestone_percent_max_100"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        check_period(self.start_date, self.end_date)
        check_certainty(self, "start_date", "end_date")
        if self.completion_percent is not None and self.completion_percent > 100:
            raise ValidationError({"completion_percent": _("El avance va de 0 a 100 %.")})

    @property
    def is_done(self):
        return self.completion_percent >= 100

    @transaction.atomic
    def record_progress(self, update):
        """Store a progress update and carry its completion and evidence onto the milestone."""
        update.milestone = self
        update.full_clean()
        update.save()
        self.completion_percent = update.completion_percent
        if update.evidence_url:
            self.evidence_url = update.evidence_url
        if update.evidence_file:
            self.evidence_file = update.evidence_file
        self.full_clean()
        self.save()
        return update


class MilestoneUpdate(Record):
    milestone = models.ForeignKey(Milestone, verbose_name=_("hito"), on_delete=models.CASCADE,
                                  related_name="updates")
    date = models.DateField(_("fecha"))
    date_certainty = certainty_field()
    completion_percent = models.PositiveSmallIntegerField(_("avance (%)"))
    note = limited_text(_("qué se hizo"), SHORT_TEXT_LENGTH)
    evidence_url = models.URLField(_("enlace a la evidencia"), blank=True, max_length=500)
    evidence_file = models.FileField(_("archivo de evidencia"), upload_to=evidence_path, blank=True,
                                     max_length=200)
    form_token = models.UUIDField(
        _("clave del formulario"), null=True, blank=True, unique=True, editable=False,
        help_text=_("Evita que un doble envío del formulario cree dos registros."),
    )

    class Meta:
        verbose_name = _("avance de hito")
        verbose_name_plural = _("avances de hitos")
        ordering = ["milestone", "-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(completion_percent__lte=100), name="update_percent_max_100",
                                    violation_error_message=_("El avance va de 0 a 100 %."),
                                    violation_error_code="update_percent_max_100"),
        ]

    def __str__(self):
        return f"{self.date.isoformat()}: {self.completion_percent} %"

    def identifier_source(self):
        return f"avance-{self.milestone.identifier}"

    def clean(self):
        if self.completion_percent is not None and self.completion_percent > 100:
            raise ValidationError({"completion_percent": _("El avance va de 0 a 100 %.")})


class CommitmentChangeQuerySet(models.QuerySet):
    def public(self):
        """Approved changes of published commitments (a proposal or a withdrawn one never shows)."""
        return self.filter(status=CommitmentChange.Status.APPROVED,
                           commitment__status=Commitment.Status.PUBLISHED)

    def of_stl(self, stl):
        return self.filter(commitment__plan__stl=stl)

    def awaiting_approval(self):
        return self.filter(status=CommitmentChange.Status.PROPOSED)


class CommitmentChange(ApprovalMixin, Record):
    """A justified change to an approved commitment (its milestones, dates or lead institution).

    OGP allows commitments to change during implementation if the change is justified and in the
    open. The lead institution (or staff) proposes it; an agreement of a session approves it
    (``Agreement.approve(change)``), and only then does it apply, all in one transaction. The
    values before and after are kept, so the public page says what changed, when and by which
    agreement."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("En espera de aprobación")
        APPROVED = "approved", _("Aprobado y aplicado")
        WITHDRAWN = "withdrawn", _("Retirado por quien lo propuso")

    commitment = models.ForeignKey(Commitment, verbose_name=_("compromiso"), on_delete=models.PROTECT,
                                   related_name="changes")
    justification = limited_text(
        _("justificación"), NARRATIVE_LENGTH,
        help_text=_("Por qué cambia el compromiso, p. ej. «El proveedor del micrositio entregó tres meses "
                    "después de lo previsto»."))
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    requested_at = models.DateTimeField(_("propuesto"), default=timezone.now)
    new_lead_institution = models.ForeignKey(
        Institution, verbose_name=_("nueva institución responsable"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    new_start_date = models.DateField(_("nueva fecha de inicio"), null=True, blank=True)
    new_end_date = models.DateField(_("nueva fecha de término"), null=True, blank=True)
    old_lead_institution = models.ForeignKey(
        Institution, verbose_name=_("institución responsable anterior"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False)
    old_start_date = models.DateField(_("fecha de inicio anterior"), null=True, blank=True, editable=False)
    old_end_date = models.DateField(_("fecha de término anterior"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(Agreement, verbose_name=_("aprobado por el acuerdo"), null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="approved_commitment_changes")
    applied_at = models.DateTimeField(_("aplicado"), null=True, blank=True)
    form_token = models.UUIDField(
        _("clave del formulario"), null=True, blank=True, unique=True, editable=False,
        help_text=_("Evita que un doble envío del formulario cree dos registros."),
    )

    objects = CommitmentChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("cambio de compromiso")
        verbose_name_plural = _("cambios de compromisos")
        ordering = ["commitment", "-requested_at", "-id"]

    def __str__(self):
        return _("Cambio a «%(commitment)s» (%(date)s)") % {
            "commitment": self.commitment.title if self.commitment_id else "—",
            "date": timezone.localtime(self.requested_at).date().isoformat() if self.requested_at else "—"}

    def identifier_source(self):
        return f"cambio-{self.commitment.identifier}" if self.commitment_id else "cambio"

    def get_absolute_url(self):
        return reverse("panel:commitment_change_detail", args=[self.identifier])

    def approval_stl(self):
        return self.commitment.plan.stl

    def is_approved_state(self):
        return self.status == self.Status.APPROVED

    @staticmethod
    def can_be_requested_by(commitment, account):
        """The commitment's lead institution or the STL's staff propose changes."""
        if account is None or commitment.plan.stl_id != account.stl_id:
            return False
        return account.role == account.Role.STAFF or (
            account.institution_id is not None and account.institution_id == commitment.lead_institution_id)

    def clean(self):
        self.clean_approval()
        if self.commitment_id and self.status == self.Status.PROPOSED and self._state.adding:
            if not self.commitment.is_approved_state():
                raise ValidationError(_("Solo se proponen cambios a un compromiso ya aprobado; un borrador "
                                        "se edita directamente."), code="commitment_not_approved")
        start = self.new_start_date or (self.commitment.start_date if self.commitment_id else None)
        end = self.new_end_date or (self.commitment.end_date if self.commitment_id else None)
        if start and end and end < start:
            raise field_error("new_end_date", _("La fecha de término no puede ser anterior a la fecha de inicio."),
                              "end_before_start")
        if self.status != self.Status.APPROVED and self.approved_by_id:
            raise ValidationError({"approved_by": _("Solo un cambio aprobado lleva el acuerdo que lo aprobó.")})

    @property
    def changes_commitment(self):
        return bool(self.new_lead_institution_id or self.new_start_date or self.new_end_date)

    def commitment_changes(self):
        """[(label, before, after)] as text, for the commitment's own fields; «before» is what was
        replaced (known once applied; until then, the current value)."""
        applied = self.status == self.Status.APPROVED
        commitment = self.commitment

        def day(value):
            return long_date(value) if value else "—"

        rows = []
        if self.new_lead_institution_id:
            before = self.old_lead_institution if applied else commitment.lead_institution
            rows.append((_("Institución responsable"), before.display_name if before else "—",
                         self.new_lead_institution.display_name))
        if self.new_start_date:
            rows.append((_("Fecha de inicio"), day(self.old_start_date if applied else commitment.start_date),
                         day(self.new_start_date)))
        if self.new_end_date:
            rows.append((_("Fecha de término"), day(self.old_end_date if applied else commitment.end_date),
                         day(self.new_end_date)))
        return rows

    @transaction.atomic
    def withdraw(self):
        if self.status != self.Status.PROPOSED:
            raise ValidationError(_("Solo se retira un cambio en espera de aprobación."), code="not_proposed")
        self.status = self.Status.WITHDRAWN
        self.save()

    @transaction.atomic
    def approve_by(self, agreement):
        """Approve the change and apply it: the commitment's fields and its milestones change in the
        same transaction, each save with its history row."""
        agreement.check_can_approve(self.approval_stl())
        if self.status != self.Status.PROPOSED:
            raise ValidationError(_("Ese cambio no está en espera de aprobación."), code="not_proposed")
        commitment = Commitment.objects.select_for_update().get(pk=self.commitment_id)
        if not commitment.is_approved_state():
            raise ValidationError(_("El compromiso ya no está aprobado."), code="commitment_not_approved")
        self.old_lead_institution_id = commitment.lead_institution_id
        self.old_start_date, self.old_end_date = commitment.start_date, commitment.end_date
        if self.new_lead_institution_id:
            commitment.lead_institution_id = self.new_lead_institution_id
        if self.new_start_date:
            commitment.start_date = self.new_start_date
        if self.new_end_date:
            commitment.end_date = self.new_end_date
        if self.changes_commitment:
            commitment.full_clean()
            commitment.save()
        steps = {MilestoneChange.Action.REMOVE: 0, MilestoneChange.Action.MODIFY: 1, MilestoneChange.Action.ADD: 2}
        items = sorted(self.milestone_changes.select_related("milestone"), key=lambda i: (steps[i.action], i.order))
        for item in items:  # removals first, so a new milestone may take a freed order
            item.apply(commitment)
        self.commitment = commitment
        self.status = self.Status.APPROVED
        self.approved_by = agreement
        self.applied_at = timezone.now()
        self.full_clean()
        self.save()


class MilestoneChange(Record):
    """One milestone added, changed or removed by a commitment change."""

    class Action(models.TextChoices):
        ADD = "add", _("Se agrega")
        MODIFY = "modify", _("Cambia")
        REMOVE = "remove", _("Se quita")

    change = models.ForeignKey(CommitmentChange, verbose_name=_("cambio"), on_delete=models.CASCADE,
                               related_name="milestone_changes")
    action = models.CharField(_("acción"), max_length=8, choices=Action.choices)
    milestone = models.ForeignKey(Milestone, verbose_name=_("hito"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="changes")
    order = models.PositiveSmallIntegerField(_("orden"))
    title = models.CharField(_("entregable verificable"), max_length=400)
    description = limited_text(_("descripción"), SHORT_TEXT_LENGTH, blank=True)
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    end_date = models.DateField(_("fecha de término"), null=True, blank=True)
    old_title = models.CharField(_("entregable anterior"), max_length=400, blank=True, editable=False)
    old_start_date = models.DateField(_("fecha de inicio anterior"), null=True, blank=True, editable=False)
    old_end_date = models.DateField(_("fecha de término anterior"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("cambio de hito")
        verbose_name_plural = _("cambios de hitos")
        ordering = ["change", "order", "id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.title}"

    def identifier_source(self):
        return f"cambio-hito-{self.change_id}"

    def clean(self):
        check_period(self.start_date, self.end_date)
        applied = self.change_id and self.change.status == CommitmentChange.Status.APPROVED
        if self.action in (self.Action.MODIFY, self.Action.REMOVE) and not self.milestone_id and not applied:
            # Once applied, a removed milestone is gone; the change keeps its title and dates.
            raise ValidationError({"milestone": _("Indique el hito que cambia o se quita.")})
        if self.milestone_id and self.change_id and self.milestone.commitment_id != self.change.commitment_id:
            raise ValidationError({"milestone": _("El hito es de otro compromiso.")})

    def apply(self, commitment):
        if self.action == self.Action.ADD:
            if commitment.milestones.filter(order=self.order).exists():
                raise field_error("order", _("Ya hay un hito con el orden %(order)s.") % {"order": self.order},
                                  "milestone_order_unique")
            milestone = Milestone(commitment=commitment, order=self.order, title=self.title,
                                  description=self.description, start_date=self.start_date,
                                  end_date=self.end_date)
            milestone.full_clean()
            milestone.save()
            self.milestone = milestone
        else:
            milestone = Milestone.objects.select_for_update().get(pk=self.milestone_id)
            self.old_title = milestone.title
            self.old_start_date, self.old_end_date = milestone.start_date, milestone.end_date
            if self.action == self.Action.REMOVE:
                if milestone.updates.exists():
                    raise ValidationError(
                        _("El hito «%(title)s» tiene avances registrados: no se quita; cambie sus fechas o "
                          "su entregable.") % {"title": milestone.title}, code="milestone_has_progress")
                milestone.delete()
                self.milestone = None
            else:
                milestone.title, milestone.description = self.title, self.description
                milestone.start_date, milestone.end_date = self.start_date, self.end_date
                milestone.full_clean()
                milestone.save()
        self.save()
