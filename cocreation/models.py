"""Co-creation with the public and what OGP Local asks of an STL: consultations on drafts, the
inputs anyone sends (confirmed by e-mail, moderated against written rules), the STL's reasoned
response to each, and the Independent Reporting Mechanism's assessment of each commitment."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import ActionPlan, Commitment
from core.records import Record, check_period, field_error
from core.secrets import keyed_digest
from sessions.models import DocumentVersion
from workgroups.models import Body

DEFAULT_RULES = _(
    "1. Se publican las aportaciones sobre el tema de la consulta, con un nombre o seudónimo.\n"
    "2. Se ocultan, con su motivo publicado, las que contengan insultos, amenazas o discriminación.\n"
    "3. Se ocultan las que publiquen datos personales de terceros (domicilios, teléfonos, correos).\n"
    "4. Se ocultan la publicidad, el proselitismo electoral y los mensajes repetidos.\n"
    "5. Ninguna aportación se oculta por criticar al secretariado o a una institución."
)


def secret_digest(value):
    """A keyed digest: what is stored instead of a confirmation key or a client's address."""
    return keyed_digest(value, purpose="cocreation")


class ConsultationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published_at__isnull=False)

    def of_stl(self, stl):
        return self.filter(stl=stl)


class Consultation(Record):
    """A public consultation on a draft, open for a period, with its own public page."""

    class Subject(models.TextChoices):
        PLAN = "plan", _("Plan de acción")
        COMMITMENT = "commitment", _("Compromiso")
        DOCUMENT_VERSION = "document_version", _("Versión de un documento")
        QUESTION = "question", _("Pregunta abierta de una mesa de trabajo")

    stl = models.ForeignKey(Body, verbose_name=_("secretariado"), on_delete=models.PROTECT,
                            related_name="consultations", limit_choices_to={"kind": Body.Kind.STL})
    title = models.CharField(_("título"), max_length=300,
                             help_text=_("p. ej. «Consulta sobre el borrador del compromiso de datos abiertos»"))
    subject = models.CharField(_("qué se consulta"), max_length=20, choices=Subject.choices)
    plan = models.ForeignKey(ActionPlan, verbose_name=_("plan de acción"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="consultations")
    commitment = models.ForeignKey(Commitment, verbose_name=_("compromiso"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="consultations")
    document_version = models.ForeignKey(DocumentVersion, verbose_name=_("versión del documento"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="consultations")
    working_table = models.ForeignKey(Body, verbose_name=_("mesa de trabajo"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="table_consultations",
                                      limit_choices_to={"kind": Body.Kind.WORKING_TABLE})
    question = models.TextField(_("pregunta"), blank=True,
                                help_text=_("Para una pregunta abierta: lo que la mesa pregunta al público."))
    draft_text = models.TextField(
        _("texto sometido a consulta"), blank=True,
        help_text=_("El borrador tal como se publica para comentarios (lo que no se copie aquí no se publica)."))
    description = models.TextField(_("presentación"), blank=True,
                                   help_text=_("Qué se consulta, por qué y cómo se usarán las aportaciones."))
    opens_on = models.DateField(_("abre el"))
    closes_on = models.DateField(_("cierra el"))
    rules = models.TextField(_("reglas de moderación"), default=DEFAULT_RULES,
                             help_text=_("Se publican en la página de la consulta."))
    published_at = models.DateTimeField(_("publicada"), null=True, blank=True)
    is_example = models.BooleanField(
        _("ejemplo"), default=False,
        help_text=_("Registro de demostración, no una consulta real; se indica en la página."))

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consulta pública")
        verbose_name_plural = _("consultas públicas")
        ordering = ["-opens_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:consultation_detail", args=[self.identifier])

    def clean(self):
        check_period(self.opens_on, self.closes_on, "opens_on", "closes_on")
        needed = {self.Subject.PLAN: "plan", self.Subject.COMMITMENT: "commitment",
                  self.Subject.DOCUMENT_VERSION: "document_version",
                  self.Subject.QUESTION: "working_table"}.get(self.subject)
        if needed and not getattr(self, f"{needed}_id"):
            raise field_error(needed, _("Indique qué se somete a consulta."), "subject_missing")
        if self.subject == self.Subject.QUESTION and not self.question.strip():
            raise field_error("question", _("Escriba la pregunta que se hace al público."), "question_missing")
        if self.stl_id:
            stl_of = {
                "plan": lambda: self.plan.stl_id,
                "commitment": lambda: self.commitment.plan.stl_id,
                "document_version": lambda: self.document_version.document.body.stl_id,
                "working_table": lambda: self.working_table.stl_id,
            }
            for name, owner in stl_of.items():
                if getattr(self, f"{name}_id") and owner() != self.stl_id:
                    raise field_error(name, _("Pertenece a otro secretariado."), "other_stl")

    @property
    def subject_record(self):
        return {self.Subject.PLAN: self.plan, self.Subject.COMMITMENT: self.commitment,
                self.Subject.DOCUMENT_VERSION: self.document_version,
                self.Subject.QUESTION: self.working_table}.get(self.subject)

    @property
    def is_published(self):
        return self.published_at is not None

    def is_open(self, day=None):
        day = day or timezone.localdate()
        return self.is_published and self.opens_on <= day <= self.closes_on

    def is_closed(self, day=None):
        return (day or timezone.localdate()) > self.closes_on

    @property
    def state_label(self):
        if not self.is_published:
            return _("Borrador (no publicada)")
        today = timezone.localdate()
        if today < self.opens_on:
            return _("Próxima")
        if today <= self.closes_on:
            return _("Abierta")
        return _("Cerrada")

    @transaction.atomic
    def publish(self):
        if self.published_at:
            raise ValidationError(_("La consulta ya está publicada."), code="already_published")
        self.published_at = timezone.now()
        self.full_clean()
        self.save()

    def counted_inputs(self):
        """Inputs that count: confirmed by their author's e-mail."""
        return self.inputs.filter(confirmed_at__isnull=False)

    def response_counts(self):
        """How many counted, visible inputs got each answer, and how many wait for one."""
        rows = (self.counted_inputs().filter(moderation=Input.Moderation.VISIBLE)
                .values("response").annotate(n=Count("pk")))
        counts = {value: 0 for value, _label in Input.Response.choices}
        counts[""] = 0
        for row in rows:
            counts[row["response"]] = row["n"]
        return {
            "adopted": counts[Input.Response.ADOPTED], "partly": counts[Input.Response.PARTLY_ADOPTED],
            "not_adopted": counts[Input.Response.NOT_ADOPTED], "unanswered": counts[""],
            "total": sum(counts.values()),
        }


class InputQuerySet(models.QuerySet):
    def counted(self):
        return self.filter(confirmed_at__isnull=False)

    def public(self):
        """What anybody may read: confirmed inputs of published consultations (hidden ones show
        only their moderation, never their text: see ``Input.is_hidden``)."""
        return self.filter(confirmed_at__isnull=False, consultation__published_at__isnull=False)

    def unanswered(self):
        return self.counted().filter(moderation=Input.Moderation.VISIBLE, response="")


class ThrottledError(ValidationError):
    """Too many inputs from one address or one client in the last hour."""


class Input(Record):
    """A comment or a proposal sent by anyone to a consultation."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comentario")
        PROPOSAL = "proposal", _("Propuesta")

    class Moderation(models.TextChoices):
        VISIBLE = "visible", _("Publicada")
        HIDDEN = "hidden", _("Ocultada por moderación")

    class Response(models.TextChoices):
        ADOPTED = "adopted", _("Adoptada")
        PARTLY_ADOPTED = "partly_adopted", _("Adoptada en parte")
        NOT_ADOPTED = "not_adopted", _("No adoptada")

    # Never on any page, the history pages included, and never in the open data.
    history_hidden_fields = ("email",)
    # Inputs per hour: per e-mail address and per client (address of the browser).
    PER_ADDRESS_PER_HOUR = 3
    PER_CLIENT_PER_HOUR = 10

    consultation = models.ForeignKey(Consultation, verbose_name=_("consulta"), on_delete=models.PROTECT,
                                     related_name="inputs")
    kind = models.CharField(_("tipo de aportación"), max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    author_name = models.CharField(_("nombre o seudónimo"), max_length=120,
                                   help_text=_("Se publica con la aportación."))
    # Blank only for inputs loaded from open data (which never carries addresses); the form requires it.
    email = models.EmailField(_("correo electrónico"), blank=True, help_text=_("Nunca se publica ni se exporta."))
    comment = models.TextField(_("comentario"), blank=True, max_length=5000)
    problem = models.TextField(_("problema que identifica"), blank=True, max_length=3000)
    solution = models.TextField(_("solución que propone"), blank=True, max_length=3000)
    proposed_lead = models.CharField(_("quién podría encabezarla"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("enviada"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmada"), null=True, blank=True)
    confirmation_digest = models.CharField(_("clave de confirmación (resumen)"), max_length=64, blank=True,
                                           editable=False)
    client_digest = models.CharField(_("cliente (resumen)"), max_length=64, blank=True, editable=False)
    moderation = models.CharField(_("moderación"), max_length=10, choices=Moderation.choices,
                                  default=Moderation.VISIBLE)
    hidden_rule = models.CharField(_("regla aplicada"), max_length=200, blank=True)
    hidden_reason = models.TextField(_("motivo de la moderación"), blank=True)
    moderated_at = models.DateTimeField(_("moderada"), null=True, blank=True)
    response = models.CharField(_("respuesta"), max_length=16, choices=Response.choices, blank=True)
    response_reason = models.TextField(_("razones de la respuesta"), blank=True)
    responded_at = models.DateTimeField(_("respondida"), null=True, blank=True)
    resulting_commitment = models.ForeignKey(
        Commitment, verbose_name=_("compromiso al que dio origen"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="originating_inputs")
    is_example = models.BooleanField(_("ejemplo"), default=False)

    objects = InputQuerySet.as_manager()

    class Meta:
        verbose_name = _("aportación")
        verbose_name_plural = _("aportaciones")
        ordering = ["consultation", "submitted_at", "pk"]
        indexes = [models.Index(fields=["email", "submitted_at"]),
                   models.Index(fields=["client_digest", "submitted_at"])]

    def __str__(self):
        return _("Aportación de %(name)s") % {"name": self.author_name}

    def identifier_source(self):
        return "aportacion"

    def get_absolute_url(self):
        return f"{self.consultation.get_absolute_url()}#aportacion-{self.identifier}"

    def clean(self):
        if self.kind == self.Kind.COMMENT and not self.comment.strip():
            raise field_error("comment", _("Escriba su comentario."), "comment_missing")
        if self.kind == self.Kind.PROPOSAL and not (self.problem.strip() and self.solution.strip()):
            raise field_error("solution", _("Una propuesta dice qué problema ve y qué solución propone."),
                              "proposal_incomplete")
        if self.moderation == self.Moderation.HIDDEN and not self.hidden_reason.strip():
            raise field_error("hidden_reason", _("Diga por qué se oculta: se publica."), "reason_required")
        if self.response and not self.response_reason.strip():
            raise field_error("response_reason", _("Explique la respuesta: se publica."), "reason_required")
        if self.resulting_commitment_id and self.resulting_commitment.plan.stl_id != self.consultation.stl_id:
            raise field_error("resulting_commitment", _("Pertenece a otro secretariado."), "other_stl")

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def is_hidden(self):
        return self.moderation == self.Moderation.HIDDEN

    # What the public does -------------------------------------------------------------------

    @classmethod
    def check_throttle(cls, email, client_digest, now=None):
        since = (now or timezone.now()) - datetime.timedelta(hours=1)
        recent = cls.objects.filter(submitted_at__gte=since)
        if recent.filter(email__iexact=email).count() >= cls.PER_ADDRESS_PER_HOUR:
            raise ThrottledError(_("Ya recibimos varias aportaciones de este correo en la última hora. "
                                   "Espere un poco y vuelva a intentarlo."), code="throttled_address")
        if client_digest and recent.filter(client_digest=client_digest).count() >= cls.PER_CLIENT_PER_HOUR:
            raise ThrottledError(_("Ya recibimos muchas aportaciones desde esta conexión en la última hora. "
                                   "Espere un poco y vuelva a intentarlo."), code="throttled_client")

    @classmethod
    @transaction.atomic
    def receive(cls, consultation, *, client_address="", **fields):
        """Store an input sent from the public page and queue the e-mail that confirms it; it counts
        once its author follows the link (``send_input_confirmation`` makes the key)."""
        from .jobs import send_input_confirmation

        if not consultation.is_open():
            raise ValidationError(_("Esta consulta no está abierta."), code="closed")
        client_digest = secret_digest(f"client:{client_address}") if client_address else ""
        cls.check_throttle(fields.get("email", ""), client_digest)
        item = cls(consultation=consultation, client_digest=client_digest, **fields)
        item.full_clean()
        item.save()
        send_input_confirmation.enqueue(item.pk)
        return item

    @classmethod
    def for_key(cls, key):
        if not key or len(key) > 100:
            return None
        return cls.objects.select_related("consultation").filter(
            confirmation_digest=secret_digest(f"confirm:{key}")).first()

    @transaction.atomic
    def confirm(self):
        """The author followed the link: the input counts from now (a second click changes nothing)."""
        if self.confirmed_at:
            return False
        self.confirmed_at = timezone.now()
        self.save()
        return True

    # What the STL does ---------------------------------------------------------------------

    @transaction.atomic
    def hide(self, rule, reason):
        if not (reason or "").strip():
            raise field_error("hidden_reason", _("Diga por qué se oculta: se publica."), "reason_required")
        self.moderation = self.Moderation.HIDDEN
        self.hidden_rule = (rule or "").strip()[:200]
        self.hidden_reason = reason.strip()
        self.moderated_at = timezone.now()
        self.full_clean()
        self.save()

    @transaction.atomic
    def show(self):
        self.moderation = self.Moderation.VISIBLE
        self.hidden_rule = ""
        self.hidden_reason = ""
        self.moderated_at = timezone.now()
        self.full_clean()
        self.save()

    @transaction.atomic
    def answer(self, response, reason, commitment=None):
        if not self.is_confirmed:
            raise ValidationError(_("Solo se responde una aportación confirmada."), code="not_confirmed")
        if response not in self.Response.values:
            raise field_error("response", _("Elija una respuesta."), "response_missing")
        if commitment is not None and response == self.Response.NOT_ADOPTED:
            raise field_error("resulting_commitment", _("Una aportación no adoptada no dio origen a un compromiso."),
                              "not_adopted")
        from .jobs import send_answer_notice

        first_answer = not self.response
        self.response = response
        self.response_reason = (reason or "").strip()
        self.resulting_commitment = commitment
        self.responded_at = timezone.now()
        self.full_clean()
        self.save()
        if first_answer and self.email:
            send_answer_notice.enqueue(self.pk)  # queued in this transaction: sent only if it commits


class AssessmentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(commitment__status=Commitment.Status.PUBLISHED)


class Assessment(Record):
    """The Independent Reporting Mechanism's indicators for one commitment, as recorded on a date
    by the STL's monitoring role: at design (inception report) or at its end (end-of-commitment)."""

    class Stage(models.TextChoices):
        DESIGN = "design", _("Diseño (informe de inicio)")
        END = "end", _("Fin del compromiso")

    class Impact(models.TextChoices):
        NONE = "none", _("Ninguno")
        MINOR = "minor", _("Menor")
        MODERATE = "moderate", _("Moderado")
        TRANSFORMATIVE = "transformative", _("Transformador")

    class Completion(models.TextChoices):
        NO_EVIDENCE = "no_evidence", _("Sin evidencia disponible")
        NOT_STARTED = "not_started", _("No iniciado")
        LIMITED = "limited", _("Limitado")
        SUBSTANTIAL = "substantial", _("Sustancial")
        COMPLETE = "complete", _("Completo")

    class OpenedGovernment(models.TextChoices):
        NO_CHANGE = "no_change", _("No cambió")
        MARGINAL = "marginal", _("Marginal")
        MAJOR = "major", _("Importante")
        OUTSTANDING = "outstanding", _("Sobresaliente")

    commitment = models.ForeignKey(Commitment, verbose_name=_("compromiso"), on_delete=models.PROTECT,
                                   related_name="assessments")
    stage = models.CharField(_("momento"), max_length=10, choices=Stage.choices, default=Stage.DESIGN)
    assessed_on = models.DateField(_("fecha de la evaluación"))
    assessor = models.CharField(_("quién evalúa"), max_length=200,
                                help_text=_("Nombre e institución u organización de quien evalúa."))
    verifiable = models.BooleanField(_("verificable"), default=False)
    relevant = models.BooleanField(_("relevante para los valores de OGP"), default=False)
    relevant_access = models.BooleanField(_("relevante: acceso a la información"), default=False)
    relevant_participation = models.BooleanField(_("relevante: participación cívica"), default=False)
    relevant_accountability = models.BooleanField(_("relevante: rendición de cuentas"), default=False)
    relevant_technology = models.BooleanField(_("relevante: tecnología e innovación"), default=False)
    potential_impact = models.CharField(_("impacto potencial"), max_length=16, choices=Impact.choices)
    completion = models.CharField(_("nivel de cumplimiento"), max_length=12, choices=Completion.choices,
                                  blank=True)
    opened_government = models.CharField(_("¿abrió el gobierno?"), max_length=12,
                                         choices=OpenedGovernment.choices, blank=True)
    starred = models.BooleanField(_("destacado (estrella)"), default=False, editable=False,
                                  help_text=_("Se calcula: verificable, relevante, impacto moderado o "
                                              "transformador y cumplimiento sustancial o completo."))
    explanation = models.TextField(_("explicación"), blank=True,
                                   help_text=_("El nivel de cumplimiento explicado; qué ayudó o dificultó."))
    opened_government_explanation = models.TextField(_("explicación de «¿abrió el gobierno?»"), blank=True)
    lessons = models.TextField(_("lecciones aprendidas"), blank=True)
    evidence = models.TextField(_("evidencia"), blank=True, help_text=_("Enlaces a la evidencia, uno por línea."))

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluación MRI")
        verbose_name_plural = _("evaluaciones MRI")
        ordering = ["commitment", "assessed_on", "pk"]

    def __str__(self):
        return _("Evaluación de %(commitment)s (%(date)s)") % {
            "commitment": self.commitment, "date": self.assessed_on.isoformat() if self.assessed_on else "—"}

    def identifier_source(self):
        return f"evaluacion-{self.commitment.identifier[:40]}"

    def clean(self):
        if self.relevant and not (self.relevant_access or self.relevant_participation
                                  or self.relevant_accountability):
            raise field_error("relevant", _("Señale a qué valor de OGP es relevante."), "values_missing")
        if self.stage == self.Stage.END and not self.completion:
            raise field_error("completion", _("Al cierre se evalúa el nivel de cumplimiento."), "completion_missing")
        if self.assessed_on and self.assessed_on > timezone.localdate():
            raise field_error("assessed_on", _("La fecha de la evaluación no puede ser futura."), "future")
        self.starred = self.compute_starred()

    def compute_starred(self):
        return bool(self.verifiable and self.relevant
                    and self.potential_impact in (self.Impact.MODERATE, self.Impact.TRANSFORMATIVE)
                    and self.completion in (self.Completion.SUBSTANTIAL, self.Completion.COMPLETE))

    def save(self, *args, **kwargs):
        self.starred = self.compute_starred()
        super().save(*args, **kwargs)

    def relevant_values(self):
        names = [("relevant_access", _("acceso a la información")),
                 ("relevant_participation", _("participación cívica")),
                 ("relevant_accountability", _("rendición de cuentas")),
                 ("relevant_technology", _("tecnología e innovación"))]
        return [str(label) for name, label in names if getattr(self, name)]

    def evidence_links(self):
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


def unanswered_q():
    return Q(confirmed_at__isnull=False, moderation=Input.Moderation.VISIBLE, response="")
