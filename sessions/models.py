"""Sessions of a body (formal sessions, working meetings, public events), their agenda,
attendance and quorum; agreements with their votes; documents with their versions."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.certainty import DateCertainty, caveat, certainty_field
from core.records import Record, field_error, refresh_draft_identifier
from core.search import Searchable
from core.spanish import long_date, ordinal
from workgroups.models import Body, Institution, Membership, Person, Seat


def minutes_path(instance, filename):
    """Uploaded files are stored under a generated name, never the one the browser sent."""
    return f"actas/{uuid.uuid4().hex}.pdf"


def document_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    extension = extension if extension.isalnum() and len(extension) <= 5 else "bin"
    return f"documentos/{uuid.uuid4().hex}.{extension}"


class SessionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def formal(self):
        return self.filter(kind__in=Session.FORMAL_KINDS)

    def of_stl(self, stl):
        return self.filter(Q(body=stl) | Q(body__parent=stl))

    def next_number(self, body, kind, day):
        """The number the next session of this body and kind would take."""
        same = self.filter(body=body, kind=kind)
        if body.session_numbering == Body.Numbering.ANNUAL:
            same = same.filter(year=day.year)
        return (same.aggregate(top=Max("number"))["top"] or 0) + 1


class Session(Searchable, Record):
    search_title_fields = ("title",)
    search_body_fields = ("summary",)

    class Kind(models.TextChoices):
        INSTALLATION = "installation", _("Sesión de instalación")
        ORDINARY = "ordinary", _("Sesión ordinaria")
        EXTRAORDINARY = "extraordinary", _("Sesión extraordinaria")
        WORKING_MEETING = "working_meeting", _("Reunión de trabajo")
        PUBLIC_EVENT = "public_event", _("Evento público")

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("Presencial")
        VIDEOCONFERENCE = "videoconference", _("Videoconferencia")
        HYBRID = "hybrid", _("Híbrida")
        NOT_RECORDED = "not_recorded", _("No consta")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Programada")
        HELD = "held", _("Celebrada")
        CANCELLED = "cancelled", _("Cancelada")

    FORMAL_KINDS = (Kind.INSTALLATION, Kind.ORDINARY, Kind.EXTRAORDINARY)
    KIND_CODES = {Kind.INSTALLATION: "SI", Kind.ORDINARY: "SO", Kind.EXTRAORDINARY: "SE",
                  Kind.WORKING_MEETING: "RT", Kind.PUBLIC_EVENT: "EP"}

    body = models.ForeignKey(Body, verbose_name=_("órgano"), on_delete=models.PROTECT,
                             related_name="sessions")
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(
        _("número"), help_text=_("Número de la sesión de este tipo, p. ej. 3 para la Tercera Sesión Ordinaria."),
    )
    year = models.PositiveSmallIntegerField(_("año"), editable=False, blank=True, db_index=True)
    date = models.DateField(_("fecha"))
    start_time = models.TimeField(_("hora de inicio"), null=True, blank=True)
    # An unknown date keeps an approximate day to sort by; it is never shown (core/certainty.py).
    date_certainty = certainty_field()
    class MinutesStatus(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        CIRCULATED = "circulated", _("Circulada para observaciones")
        APPROVED = "approved", _("Aprobada")
        PUBLISHED = "published", _("Publicada")

    # A session is recorded before it happens: scheduled and private until it is announced.
    status = models.CharField(_("estado"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    modality = models.CharField(_("modalidad"), max_length=20, choices=Modality.choices,
                                default=Modality.IN_PERSON)
    place = models.CharField(_("lugar"), max_length=300, blank=True)
    link = models.URLField(_("enlace de la videoconferencia o transmisión"), blank=True)
    stream_url = models.URLField(_("transmisión en vivo"), blank=True,
                                 help_text=_("p. ej. la dirección de la transmisión en YouTube o Facebook"))
    recording_url = models.URLField(_("grabación"), blank=True,
                                    help_text=_("Dirección de la grabación, una vez celebrada la sesión."))
    announced_at = models.DateTimeField(
        _("convocada el"), null=True, blank=True, editable=False,
        help_text=_("Fecha y hora en que se publicó la convocatoria."))
    title = models.CharField(_("título"), max_length=300, blank=True,
                             help_text=_("p. ej. «Presentación del Estudio sobre la Calidad de la Ciudadanía»"))
    summary = models.TextField(_("temas y resumen"), blank=True)
    is_public = models.BooleanField(_("visible al público"), default=False)
    is_example = models.BooleanField(
        _("ejemplo"), default=False,
        help_text=_("Registro de demostración, no una sesión real; se indica en la página."),
    )
    minutes = models.FileField(_("acta (PDF)"), upload_to=minutes_path, blank=True, max_length=200)
    minutes_status = models.CharField(_("estado del acta"), max_length=12, choices=MinutesStatus.choices,
                                      default=MinutesStatus.DRAFT)
    minutes_circulated_at = models.DateTimeField(_("acta circulada el"), null=True, blank=True, editable=False)
    minutes_published_at = models.DateTimeField(_("acta publicada el"), null=True, blank=True, editable=False)
    minutes_pdf = models.FileField(_("acta generada del registro (PDF)"), upload_to=minutes_path, blank=True,
                                   max_length=200, editable=False)
    quorum_present = models.PositiveSmallIntegerField(_("asientos presentes"), null=True, blank=True,
                                                      editable=False)
    quorum_required = models.PositiveSmallIntegerField(_("asientos requeridos"), null=True, blank=True,
                                                       editable=False)
    has_quorum = models.BooleanField(_("hubo quórum"), null=True, blank=True, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("sesión")
        verbose_name_plural = _("sesiones")
        ordering = ["-date", "-start_time", "body", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "year", "number"],
                                    name="session_number_unique_per_body_kind_year",
                                    violation_error_message=_("Ya existe una sesión de ese tipo con ese número en ese año para este órgano."),
                                    violation_error_code="session_number_unique_per_body_kind_year"),
        ]

    def __str__(self):
        day = caveat(self.date_certainty) if self.date_is_unknown else self.date.isoformat()
        return f"{self.display_name} — {day}"

    def identifier_source(self):
        return f"{self.body.identifier}-{self.KIND_CODES.get(self.kind, 'S')}-{self.year}-{self.number}"

    def get_absolute_url(self):
        return reverse("public:session_detail", args=[self.identifier])

    @property
    def is_formal(self):
        return self.kind in self.FORMAL_KINDS

    @property
    def display_name(self):
        """«Tercera Sesión Ordinaria», «Sesión de Instalación», «Reunión de trabajo 4»."""
        if self.kind == self.Kind.INSTALLATION:
            return str(_("Sesión de Instalación"))
        if self.kind == self.Kind.ORDINARY:
            return _("%(ordinal)s Sesión Ordinaria") % {"ordinal": ordinal(self.number, capitalize=True)}
        if self.kind == self.Kind.EXTRAORDINARY:
            return _("%(ordinal)s Sesión Extraordinaria") % {
                "ordinal": ordinal(self.number, capitalize=True)}
        if self.kind == self.Kind.WORKING_MEETING:
            return _("Reunión de trabajo %(number)s") % {"number": self.number}
        return self.title or _("Evento público %(number)s") % {"number": self.number}

    @property
    def long_date(self):
        """The date in words; a date nobody knows is never shown: it reads «fecha por confirmar». (An
        illustrative date is shown as it is; pages add its caveat with ``{% dated session "date" %}``.)"""
        return caveat(self.date_certainty) if self.date_is_unknown else long_date(self.date)

    @property
    def date_is_unknown(self):
        return self.date_certainty == DateCertainty.UNKNOWN

    @property
    def code(self):
        return self.KIND_CODES.get(self.kind, "S")

    def clean(self):
        if self.date:
            self.year = self.date.year
        if self.number is not None and self.number < 1:
            raise ValidationError({"number": _("El número debe ser 1 o mayor.")})
        if self.body_id and self.kind:
            if self.kind in self.FORMAL_KINDS and self.body.kind != Body.Kind.STL:
                raise ValidationError(
                    {"kind": _("Solo un secretariado celebra sesiones formales; el grupo operativo y las "
                               "mesas celebran reuniones de trabajo y eventos.")}
                )
            if self.kind == self.Kind.INSTALLATION and self.number != 1:
                raise ValidationError({"number": _("La sesión de instalación lleva el número 1.")})
        if self.modality in (self.Modality.IN_PERSON,) and self.link and not self.place:
            raise ValidationError({"place": _("Indique el lugar de una sesión presencial.")})
        if self.minutes_status != self.MinutesStatus.DRAFT and self.status != self.Status.HELD:
            raise field_error("minutes_status", _("Solo una sesión celebrada tiene acta que circular, aprobar o "
                                                  "publicar."), "not_held")
        if self.announced_at and not self.is_public and self.status == self.Status.SCHEDULED:
            raise field_error("is_public", _("Una sesión convocada es pública: su convocatoria ya se publicó."),
                              "announced")

    # The life of a session: scheduled (private) → announced (public notice) → held → minutes
    # draft → circulated → approved by an agreement of a later session → published as a PDF.

    @property
    def is_due(self):
        """Its day has come: it can be marked as held."""
        from django.utils import timezone

        return self.date <= timezone.localdate()

    @property
    def is_announced(self):
        return self.announced_at is not None

    @property
    def record_is_locked(self):
        """Once its minutes are approved, a session's agreements and attendance change only by a
        correction (fe de erratas) approved by an agreement."""
        return self.minutes_status in (self.MinutesStatus.APPROVED, self.MinutesStatus.PUBLISHED)

    @property
    def is_discardable(self):
        """A session recorded by mistake: never announced, nothing recorded in it yet."""
        return (self.status == self.Status.SCHEDULED and not self.announced_at and not self.is_public
                and not self.attendances.exists() and not self.agreements.exists()
                and not self.drafted_versions.exists())

    def notice_deadline(self):
        """The last day the notice may be published for this session."""
        import datetime

        return self.date - datetime.timedelta(days=self.body.notice_days_for(self.kind))

    def notice_problems(self, today=None):
        """What the notice (convocatoria) still lacks, in Spanish; empty when it can be published."""
        from django.utils import timezone

        today = today or timezone.localdate()
        problems = []
        if self.status != self.Status.SCHEDULED:
            problems.append(_("Solo se convoca una sesión programada."))
        if not self.start_time:
            problems.append(_("Indique la hora de inicio."))
        if not (self.place or self.link):
            problems.append(_("Indique el lugar o el enlace de la videoconferencia."))
        if self.is_formal and not self.agenda_items.filter(is_proposal=False).exists():
            problems.append(_("Registre el orden del día."))
        if self.date and today > self.notice_deadline():
            problems.append(_("La convocatoria debe publicarse con %(days)s días de anticipación (a más tardar el "
                              "%(deadline)s); reprograme la sesión.")
                            % {"days": self.body.notice_days_for(self.kind),
                               "deadline": long_date(self.notice_deadline())})
        return problems

    @transaction.atomic
    def announce(self):
        """Publish the notice: the session becomes public with its date, time, place and agenda."""
        from django.utils import timezone

        problems = self.notice_problems()
        if self.announced_at:
            problems.insert(0, _("La convocatoria ya se publicó."))
        if problems:
            raise ValidationError(problems, code="notice_incomplete")
        self.announced_at = timezone.now()
        self.is_public = True
        self.full_clean()
        self.save()

    @transaction.atomic
    def mark_held(self):
        from django.utils import timezone

        if self.status != self.Status.SCHEDULED:
            raise ValidationError(_("Solo una sesión programada pasa a celebrada."), code="not_scheduled")
        if self.date > timezone.localdate():
            raise ValidationError(_("La sesión aún no llega a su fecha."), code="held_in_future")
        self.status = self.Status.HELD
        self.full_clean()
        self.save()

    @transaction.atomic
    def discard(self, reason):
        """Delete a session recorded by mistake; its history keeps the record, the user and why."""
        reason = (reason or "").strip()
        if not reason:
            raise field_error("reason", _("Explique por qué se descarta la sesión."), "reason_required")
        if not self.is_discardable:
            raise ValidationError(_("Solo se descarta una sesión programada que no se ha convocado ni tiene "
                                    "asistencia, acuerdos o documentos."), code="not_discardable")
        for item in self.agenda_items.all():
            item._change_reason = reason
            item.delete()
        self._change_reason = reason
        self.delete()

    @transaction.atomic
    def circulate_minutes(self):
        from django.utils import timezone

        if self.status != self.Status.HELD:
            raise ValidationError(_("Solo se circula el acta de una sesión celebrada."), code="not_held")
        if self.minutes_status != self.MinutesStatus.DRAFT:
            raise ValidationError(_("El acta ya se circuló."), code="already_circulated")
        if self.has_quorum is None and self.is_formal:
            raise ValidationError(_("Registre la asistencia antes de circular el acta."), code="no_attendance")
        self.minutes_status = self.MinutesStatus.CIRCULATED
        self.minutes_circulated_at = timezone.now()
        self.full_clean()
        self.save()

    def present_institutions(self):
        return set(self.attendances.exclude(status=Attendance.Status.ABSENT)
                   .exclude(institution=None).values_list("institution_id", flat=True))

    def approve_minutes_by(self, agreement):
        """The minutes are approved by an adopted agreement of a later session of the same STL."""
        agreement.check_can_approve(self.body.stl)
        if self.minutes_status != self.MinutesStatus.CIRCULATED:
            raise ValidationError(_("El acta de %(session)s no se ha circulado para observaciones.")
                                  % {"session": self.display_name}, code="not_circulated")
        if agreement.session_id == self.pk or (agreement.session.date, agreement.session.pk) <= (self.date, self.pk):
            raise ValidationError(_("El acta de una sesión se aprueba en una sesión posterior."), code="not_later")
        self.minutes_status = self.MinutesStatus.APPROVED
        self.full_clean()
        self.save()

    def approve_by(self, agreement):
        """What ``Agreement.approve(session)`` does: it approves the session's minutes."""
        self.approve_minutes_by(agreement)
        agreement.minutes_of = self
        agreement.full_clean()
        agreement.save()

    def minutes_approval(self):
        """The adopted agreement that approved these minutes, if any."""
        return self.minutes_approvals.filter(result=Agreement.Result.ADOPTED).select_related("session").first()

    @transaction.atomic
    def publish_minutes(self):
        from django.utils import timezone

        if self.minutes_status != self.MinutesStatus.APPROVED:
            raise ValidationError(_("Solo se publica un acta aprobada."), code="not_approved")
        self.minutes_status = self.MinutesStatus.PUBLISHED
        self.minutes_published_at = timezone.now()
        self.full_clean()
        self.save()

    def save(self, *args, **kwargs):
        self.year = self.date.year
        super().save(*args, **kwargs)

    # Attendance and quorum -------------------------------------------------------------

    def seat_attendance(self):
        return self.attendances.filter(seat__isnull=False).select_related("seat", "person", "institution")

    def compute_quorum(self):
        """(present, required, reached): seats present against the body's rule.

        A seat is present when its holder attends, or when its alternate stands in for an absent
        holder; a seat never counts twice.
        """
        seat_count = self.body.voting_seats().count()
        present = (
            self.attendances.filter(seat__counts_for_quorum=True,
                                    status__in=[Attendance.Status.HOLDER, Attendance.Status.ALTERNATE])
            .values("seat").distinct().count()
        )
        required = self.body.quorum_required(seat_count)
        return present, required, present >= required if seat_count else None

    def update_quorum(self):
        self.quorum_present, self.quorum_required, self.has_quorum = self.compute_quorum()
        self.save()

    def validate_attendance(self, rows):
        """Rules over the whole list: each seat once, and an alternate stands in only for an
        absent holder (a holder listed anywhere as present keeps the alternate from counting)."""
        seats = [row.seat_id for row in rows if row.seat_id]
        if len(seats) != len(set(seats)):
            raise ValidationError(_("Cada asiento aparece una sola vez en la lista de asistencia."),
                                  code="duplicate_seat")
        present = {row.person_id for row in rows
                   if row.person_id and row.status != Attendance.Status.ABSENT}
        for row in rows:
            if row.status == Attendance.Status.ALTERNATE:
                holders = row.seat.members_on(self.date, Membership.Role.HOLDER)
                if present & set(holders.values_list("person_id", flat=True)):
                    raise ValidationError(
                        _("%(seat)s: el titular asistió, así que la persona suplente no lo sustituye.")
                        % {"seat": row.seat}, code="holder_present",
                    )

    @transaction.atomic
    def record_attendance(self, rows):
        """Replace the attendance with ``rows`` (unsaved Attendance objects), then store the quorum."""
        if self.record_is_locked:
            raise ValidationError(_("El acta de esta sesión ya está aprobada: la asistencia solo se corrige con "
                                    "una fe de erratas aprobada por acuerdo."), code="locked")
        self.validate_attendance(rows)
        self.attendances.all().delete()
        for row in rows:
            row.session = self
            # Each field and the row's own rules (clean) are checked. Not its uniqueness: the list
            # replaces the session's rows and holds each seat once (validate_attendance), and the
            # identifier is made on save. Asking the database would cost a query per row (three on
            # PostgreSQL, where Django checks a conditional constraint inside a savepoint).
            row.full_clean(validate_unique=False, validate_constraints=False)
            row.save()
        self.update_quorum()


class AgendaItem(Record):
    session = models.ForeignKey(Session, verbose_name=_("sesión"), on_delete=models.CASCADE,
                                related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("orden"))
    title = models.CharField(_("punto"), max_length=500)
    description = models.TextField(_("descripción"), blank=True)
    is_proposal = models.BooleanField(
        _("propuesta"), default=False,
        help_text=_("Punto propuesto por una institución integrante que la secretaría técnica aún no incluye."))
    proposed_by = models.ForeignKey(Institution, verbose_name=_("propuesto por"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="proposed_agenda_items")

    class Meta:
        verbose_name = _("punto del orden del día")
        verbose_name_plural = _("orden del día")
        ordering = ["session", "order"]
        constraints = [models.UniqueConstraint(fields=["session", "order"], name="agenda_order_unique",
                                    violation_error_message=_("Ya hay un punto con ese número en el orden del día."),
                                    violation_error_code="agenda_order_unique")]

    def __str__(self):
        return f"{self.order}. {self.title}"


class Attendance(Record):
    """Who sat in a session: one row per seat, plus participants without a seat."""

    class Status(models.TextChoices):
        HOLDER = "holder", _("Titular presente")
        ALTERNATE = "alternate", _("Suplente en funciones")
        ABSENT = "absent", _("Ausente")
        PARTICIPANT = "participant", _("Participó")

    session = models.ForeignKey(Session, verbose_name=_("sesión"), on_delete=models.CASCADE,
                                related_name="attendances")
    seat = models.ForeignKey(Seat, verbose_name=_("asiento"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("asistencia"), max_length=12, choices=Status.choices)
    person = models.ForeignKey(Person, verbose_name=_("persona"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="attendances")
    institution = models.ForeignKey(Institution, verbose_name=_("institución"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="attendances")
    note = models.CharField(_("nota"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("asistencia")
        verbose_name_plural = _("asistencias")
        ordering = ["session", "seat__order", "institution__name", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "seat"], condition=Q(seat__isnull=False),
                                    name="attendance_one_row_per_seat",
                                    violation_error_message=_("Ese asiento ya está en la lista de asistencia."),
                                    violation_error_code="attendance_one_row_per_seat"),
        ]

    def __str__(self):
        who = self.person or self.institution or self.seat
        return f"{who}: {self.get_status_display()}"

    def identifier_source(self):
        return f"asistencia-{self.session_id}"

    def clean(self):
        if self.status == self.Status.PARTICIPANT:
            if self.seat_id:
                raise ValidationError({"status": _("Para un asiento indique titular, suplente o ausente.")})
            if not (self.person_id or self.institution_id or self.note.strip()):
                raise ValidationError({"person": _("Indique la persona, la institución o el carácter "
                                                   "de quien participó.")})
            return
        if not self.seat_id:
            raise ValidationError({"seat": _("Indique el asiento.")})
        session = self.session
        if self.seat.body_id != session.body_id:
            raise ValidationError({"seat": _("El asiento pertenece a otro órgano.")})
        if self.status == self.Status.ABSENT:
            return
        role = Membership.Role.HOLDER if self.status == self.Status.HOLDER else Membership.Role.ALTERNATE
        members = self.seat.members_on(session.date, role)
        # The membership that puts this person (or, unnamed, anybody) in the seat that day, in one query.
        member = (members.filter(person_id=self.person_id) if self.person_id else members).first()
        if self.person_id and member is None:
            raise field_error("person", _("Esa persona no era %(role)s de este asiento el %(date)s.")
                 % {"role": Membership.Role(role).label.lower(), "date": long_date(session.date)}, "not_a_member")
        if not self.person_id and member is None:
            raise field_error("status", _("Este asiento no tenía %(role)s el %(date)s.")
                 % {"role": Membership.Role(role).label.lower(), "date": long_date(session.date)}, "no_member")
        if self.status == self.Status.ALTERNATE and session.pk:
            # An alternate stands in only for an absent holder.
            holders = self.seat.members_on(session.date, Membership.Role.HOLDER).exclude(person=None)
            present = session.attendances.exclude(status=self.Status.ABSENT).exclude(pk=self.pk)
            if present.filter(person__in=holders.values("person")).exists():
                raise field_error("status", _("El titular de este asiento asistió: la persona suplente no lo sustituye."), "holder_present")
        if not self.institution_id:
            if member:
                self.institution_id = member.institution_id


class AgreementQuerySet(models.QuerySet):
    def public(self):
        return self.filter(session__is_public=True)

    def of_stl(self, stl):
        return self.filter(Q(session__body=stl) | Q(session__body__parent=stl))


class Agreement(Searchable, Record):
    search_title_fields = ("title",)
    search_body_fields = ("text",)

    class Result(models.TextChoices):
        ADOPTED = "adopted", _("Aprobado")
        REJECTED = "rejected", _("No aprobado")
        DEFERRED = "deferred", _("Diferido")

    session = models.ForeignKey(Session, verbose_name=_("sesión"), on_delete=models.PROTECT,
                                related_name="agreements")
    # The session's STL, copied on save so that the database itself keeps codes unique per STL.
    stl = models.ForeignKey(Body, verbose_name=_("secretariado"), on_delete=models.PROTECT,
                            related_name="stl_agreements", editable=False)
    number = models.PositiveSmallIntegerField(_("número en la sesión"))
    code = models.CharField(_("clave"), max_length=60, help_text=_("p. ej. «STL/SO/03/2020-01»"))
    title = models.CharField(_("asunto"), max_length=300)
    text = models.TextField(_("texto del acuerdo"))
    result = models.CharField(_("resultado"), max_length=10, choices=Result.choices,
                              default=Result.ADOPTED)
    unanimous = models.BooleanField(_("por unanimidad de los presentes"), default=False)
    minutes_of = models.ForeignKey(
        Session, verbose_name=_("aprueba el acta de"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="minutes_approvals", help_text=_("Sesión anterior cuya acta aprueba este acuerdo."))
    proposed_by = models.ForeignKey(
        Institution, verbose_name=_("propuesto por"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="proposed_agreements", help_text=_("La institución que presentó la propuesta, si consta."),
    )
    charged_to = models.ForeignKey(
        Institution, verbose_name=_("a cargo de"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="charged_agreements",
        help_text=_("La institución encargada de cumplir el acuerdo, si el acuerdo la nombra."),
    )

    LOCKED_FIELDS = ("number", "code", "title", "text", "result", "unanimous")

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("acuerdo")
        verbose_name_plural = _("acuerdos")
        ordering = ["-session__date", "session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="agreement_number_unique_per_session",
                                    violation_error_message=_("Ya hay un acuerdo con ese número en esta sesión."),
                                    violation_error_code="agreement_number_unique_per_session"),
            models.UniqueConstraint(fields=["stl", "code"], name="agreement_code_unique_per_stl",
                                    violation_error_message=_("Ya existe un acuerdo con esa clave en este secretariado."),
                                    violation_error_code="duplicate"),
        ]

    def __str__(self):
        return f"{self.code}: {self.title}"

    def identifier_source(self):
        return self.code

    def get_absolute_url(self):
        return reverse("public:agreement_detail", args=[self.identifier])

    def save(self, *args, **kwargs):
        self.set_stl()
        if kwargs.get("update_fields") is not None and "session" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "stl"}
        super().save(*args, **kwargs)

    def set_stl(self):
        """Copy the session's STL (every creation path goes through save(); bulk_create callers call this)."""
        if self.session_id:
            self.stl = self.session.body.stl

    @property
    def session_stl(self):
        """The STL through the session (query-free with ``session__body__parent`` loaded)."""
        return self.session.body.stl

    @property
    def is_public(self):
        """An agreement of a reserved session is reserved: the public side never names it (its code,
        its link, its session), not even where it approved something public. Load ``session`` along."""
        return self.session.is_public

    @property
    def code_with_stl(self):
        """The code with its STL's short name, for lists where agreements of several STLs appear
        (codes are unique only within an STL): «STL/SO/04/2020-01 (STL Estado de México)». Load
        ``session__body__parent`` with the agreements to keep it query-free."""
        return f"{self.code} ({self.session_stl})"

    @classmethod
    def suggest_code(cls, session, number):
        prefix = session.body.session_prefix or "STL"
        return f"{prefix}/{session.code}/{session.number:02d}/{session.year}-{number:02d}"

    def clean(self):
        if not self.session_id:
            return
        self.set_stl()
        if not self.session.is_formal:
            raise ValidationError(
                {"session": _("Solo las sesiones formales adoptan acuerdos; las reuniones de trabajo y "
                              "los eventos no.")}
            )
        if self.result == self.Result.ADOPTED and self.session.status != Session.Status.HELD:
            raise ValidationError({"result": _("Solo una sesión celebrada adopta acuerdos.")})
        if self.result == self.Result.ADOPTED and self.session.has_quorum is False:
            raise field_error("result", _("La sesión no tuvo quórum: no pudo adoptar acuerdos."), "no_quorum")
        if self.code:
            clash = Agreement.objects.filter(stl=self.stl, code=self.code).exclude(pk=self.pk)
            if clash.exists():
                raise field_error("code", _("Ya existe un acuerdo con esa clave en este secretariado."), "duplicate")
        if self.pk and self.session.record_is_locked and not getattr(self, "_by_correction", False):
            stored = Agreement.objects.filter(pk=self.pk).values(*self.LOCKED_FIELDS).first() or {}
            if any(stored.get(name) != getattr(self, name) for name in stored):
                raise ValidationError(_("El acta de esta sesión ya está aprobada: el acuerdo solo se corrige con "
                                        "una fe de erratas aprobada por acuerdo."), code="locked")
        if self.minutes_of_id:
            earlier = self.minutes_of
            if earlier.body.stl.pk != self.session_stl.pk:
                raise field_error("minutes_of", _("La sesión es de otro secretariado."), "other_stl")
            if (earlier.date, earlier.pk or 0) >= (self.session.date, self.session.pk or 0):
                raise field_error("minutes_of", _("El acta de una sesión se aprueba en una sesión posterior."),
                                  "not_later")
            if self.result != self.Result.ADOPTED:
                raise field_error("result", _("Solo un acuerdo aprobado aprueba un acta."), "not_adopted")

    def check_can_approve(self, stl):
        """Nothing is approved except by an adopted agreement of a held session of the same STL."""
        if self.result != self.Result.ADOPTED:
            raise ValidationError(_("El acuerdo %(code)s no fue aprobado.") % {"code": self.code},
                                  code="not_adopted")
        if self.session.status != Session.Status.HELD:
            raise ValidationError(_("La sesión del acuerdo %(code)s no se ha celebrado.") % {"code": self.code},
                                  code="session_not_held")
        if not self.session.is_formal:
            raise ValidationError(_("Solo una sesión formal aprueba."), code="not_formal")
        if stl is None or self.session_stl.pk != stl.pk:
            raise ValidationError(
                _("El acuerdo %(code)s es de otro secretariado.") % {"code": self.code}, code="other_stl"
            )

    @transaction.atomic
    def approve(self, target):
        """Approve ``target`` (a document version, an axis, the route or plan, a commitment) and move
        it forward in the same transaction."""
        approve = getattr(target, "approve_by", None)
        if approve is None:
            raise ValidationError(_("Eso no se aprueba por acuerdo."), code="not_approvable")
        # The record says the approving body had quorum: attendance recorded, quorum reached.
        # (Imported history may lack attendance; new approvals may not.)
        if self.session.has_quorum is not True:
            raise ValidationError(
                _("El acuerdo %(code)s es de una sesión sin quórum registrado: registre la asistencia "
                  "con quórum antes de aprobar.") % {"code": self.code}, code="no_quorum")
        approve(self)
        return target

    @property
    def is_locked(self):
        """Adopted in a session whose minutes are approved: changed only by a correction."""
        return self.pk is not None and self.session.record_is_locked

    def approved_things(self):
        """Everything this agreement approved, each with its approvals as the caller needs them."""
        things = list(self.approved_versions.all())
        if self.minutes_of_id:
            things.append(self.minutes_of)
        for name in ("approved_axes", "approved_routes", "approved_plans", "approved_commitments",
                     "approved_commitment_changes", "approved_corrections"):
            manager = getattr(self, name, None)
            if manager is not None:
                things.extend(manager.all())
        return things


class Vote(Record):
    class Option(models.TextChoices):
        YES = "yes", _("A favor")
        NO = "no", _("En contra")
        ABSTAIN = "abstain", _("Abstención")
        ABSENT = "absent", _("Ausente")

    agreement = models.ForeignKey(Agreement, verbose_name=_("acuerdo"), on_delete=models.CASCADE,
                                  related_name="votes")
    seat = models.ForeignKey(Seat, verbose_name=_("asiento"), on_delete=models.PROTECT,
                             related_name="votes")
    option = models.CharField(_("sentido"), max_length=8, choices=Option.choices)
    person = models.ForeignKey(Person, verbose_name=_("persona"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="votes")

    class Meta:
        verbose_name = _("voto")
        verbose_name_plural = _("votos")
        ordering = ["agreement", "seat__order"]
        constraints = [models.UniqueConstraint(fields=["agreement", "seat"], name="one_vote_per_seat",
                                    violation_error_message=_("Ese asiento ya votó este acuerdo."),
                                    violation_error_code="one_vote_per_seat")]

    def __str__(self):
        return f"{self.seat}: {self.get_option_display()}"

    def identifier_source(self):
        return f"voto-{self.agreement_id}"

    def clean(self):
        if self.seat_id and self.agreement_id and self.seat.body_id != self.agreement.session.body_id:
            raise ValidationError({"seat": _("El asiento pertenece a otro órgano.")})


class ApprovalMixin:
    """A thing an agreement approves. It keeps the link to that agreement in its own
    ``approved_by`` foreign key (each model names the reverse relation the agreement sees)."""

    def approval_stl(self):
        raise NotImplementedError

    def is_approved_state(self):
        raise NotImplementedError

    def clean_approval(self):
        """The approved state needs an agreement of a held session of the same STL, and vice versa."""
        if self.is_approved_state():
            if not self.approved_by_id:
                raise field_error("approved_by", _("Solo un acuerdo de una sesión celebrada del mismo secretariado aprueba."), "approval_required")
            try:
                self.approved_by.check_can_approve(self.approval_stl())
            except ValidationError as error:
                raise field_error("approved_by", error) from error


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents with at least one approved version (drafts alone are never public)."""
        return self.filter(pk__in=DocumentVersion.objects.public().values("document_id"))


class Document(Searchable, Record):
    search_title_fields = ("title",)
    search_body_fields = ("description",)

    class Kind(models.TextChoices):
        GOVERNANCE = "governance", _("Mecanismo de gobernanza")
        ROUTE = "route", _("Ruta")
        METHODOLOGY = "methodology", _("Metodología")
        AXIS_DOCUMENT = "axis_document", _("Documento de eje")
        STUDY = "study", _("Estudio")
        OTHER = "other", _("Otro")

    body = models.ForeignKey(Body, verbose_name=_("órgano"), on_delete=models.PROTECT,
                             related_name="documents")
    title = models.CharField(_("título"), max_length=400)
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("descripción"), blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("documento")
        verbose_name_plural = _("documentos")
        ordering = ["title"]
        indexes = [models.Index(fields=["sort_title"], name="document_sort_title")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:document_detail", args=[self.identifier])


class DocumentVersionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=DocumentVersion.Status.APPROVED)


class DocumentVersion(ApprovalMixin, Record):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Borrador")
        APPROVED = "approved", _("Aprobado")

    document = models.ForeignKey(Document, verbose_name=_("documento"), on_delete=models.PROTECT,
                                 related_name="versions")
    number = models.PositiveSmallIntegerField(_("versión"))
    date = models.DateField(_("fecha"))
    date_certainty = certainty_field()
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    file = models.FileField(_("archivo"), upload_to=document_path, blank=True, max_length=200)
    notes = models.TextField(_("notas"), blank=True)
    drafted_in = models.ForeignKey(
        Session, verbose_name=_("trabajada en"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="drafted_versions",
        help_text=_("Reunión o sesión en la que se elaboró esta versión."),
    )
    approved_by = models.ForeignKey(
        Agreement, verbose_name=_("aprobado por el acuerdo"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="approved_versions",
    )

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("versión de documento")
        verbose_name_plural = _("versiones de documentos")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="version_number_unique",
                                    violation_error_message=_("Ese documento ya tiene una versión con ese número."),
                                    violation_error_code="version_number_unique")]

    def __str__(self):
        return _("%(title)s, versión %(number)s") % {"title": self.document.title, "number": self.number}

    def identifier_source(self):
        return f"{self.document.identifier}-v{self.number}"

    def approval_stl(self):
        return self.document.body.stl

    def is_approved_state(self):
        return self.status == self.Status.APPROVED

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED

    def clean(self):
        self.clean_approval()
        if self.drafted_in_id and self.document_id and (
                self.drafted_in.body.stl.pk != self.document.body.stl.pk):
            raise field_error("drafted_in", _("La reunión es de otro secretariado."), "other_stl")

    def refresh_draft_identifiers(self):
        """The first approved version makes its document public: neither the document's identifier
        nor this version's (made from the document's) may carry a title the draft no longer has."""
        document = self.document
        old_document_ids = set(document.history.values_list("identifier", flat=True))
        if not document.versions.public().exists() and refresh_draft_identifier(document, "title"):
            document.save()
        old_document_ids.discard(document.identifier)
        refresh_draft_identifier(self, old_sources={f"{old}-v{self.number}" for old in old_document_ids})

    def approve_by(self, agreement):
        agreement.check_can_approve(self.approval_stl())
        if self.status == self.Status.APPROVED:
            raise ValidationError(_("Esta versión ya está aprobada."), code="already_approved")
        self.refresh_draft_identifiers()
        self.status = self.Status.APPROVED
        self.approved_by = agreement
        self.full_clean()
        self.save()


class MinutesRemark(Record):
    """A remark on circulated minutes, sent by a member whose institution was present."""

    session = models.ForeignKey(Session, verbose_name=_("sesión"), on_delete=models.CASCADE,
                                related_name="minutes_remarks")
    institution = models.ForeignKey(Institution, verbose_name=_("institución"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="minutes_remarks")
    text = models.TextField(_("observación"), max_length=5000)

    class Meta:
        verbose_name = _("observación al acta")
        verbose_name_plural = _("observaciones al acta")
        ordering = ["session", "pk"]

    def __str__(self):
        return f"{self.institution or '—'}: {self.text[:60]}"

    def identifier_source(self):
        return f"observacion-{self.session_id}"


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=Correction.Status.APPROVED, session__is_public=True)

    def of_stl(self, stl):
        return self.filter(Q(session__body=stl) | Q(session__body__parent=stl))


class Correction(ApprovalMixin, Record):
    """A «fe de erratas»: how a locked record (an agreement's text, the attendance, the minutes) is
    corrected after the minutes were approved. It carries its reason and takes effect only when an
    agreement approves it; the public page then shows the corrected text with the correction."""

    class Kind(models.TextChoices):
        AGREEMENT_TEXT = "agreement_text", _("Texto de un acuerdo")
        ATTENDANCE = "attendance", _("Asistencia")
        MINUTES = "minutes", _("Otro punto del acta")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Propuesta")
        APPROVED = "approved", _("Aprobada")

    session = models.ForeignKey(Session, verbose_name=_("sesión corregida"), on_delete=models.PROTECT,
                                related_name="corrections")
    kind = models.CharField(_("qué corrige"), max_length=20, choices=Kind.choices, default=Kind.AGREEMENT_TEXT)
    agreement = models.ForeignKey(Agreement, verbose_name=_("acuerdo corregido"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="corrections")
    original_text = models.TextField(_("texto original"), blank=True, max_length=20000)
    corrected_text = models.TextField(_("texto corregido"), max_length=20000,
                                      help_text=_("El texto como debe quedar, o la corrección de la asistencia."))
    reason = models.TextField(_("motivo"), max_length=2000,
                              help_text=_("p. ej. «Error de captura en el nombre del documento aprobado»"))
    proposed_by = models.ForeignKey(Institution, verbose_name=_("propuesta por"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="proposed_corrections")
    status = models.CharField(_("estado"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    approved_by = models.ForeignKey(Agreement, verbose_name=_("aprobada por el acuerdo"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="approved_corrections")

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("fe de erratas")
        verbose_name_plural = _("fe de erratas")
        ordering = ["session", "pk"]

    def __str__(self):
        target = self.agreement.code if self.agreement_id else self.session.display_name
        return _("Fe de erratas de %(target)s") % {"target": target}

    def identifier_source(self):
        return f"fe-de-erratas-{self.agreement.code if self.agreement_id else self.session.identifier}"

    def approval_stl(self):
        return self.session.body.stl

    def is_approved_state(self):
        return self.status == self.Status.APPROVED

    @property
    def date(self):
        """The date the correction took effect: the session of the agreement that approved it."""
        return self.approved_by.session.date if self.approved_by_id else None

    def clean(self):
        self.clean_approval()
        if not (self.reason or "").strip():
            raise field_error("reason", _("Explique el motivo de la corrección."), "reason_required")
        if self.kind == self.Kind.AGREEMENT_TEXT:
            if not self.agreement_id:
                raise field_error("agreement", _("Elija el acuerdo que se corrige."), "agreement_required")
            if self.session_id and self.agreement.session_id != self.session_id:
                raise field_error("agreement", _("El acuerdo es de otra sesión."), "other_session")
        elif self.agreement_id:
            raise field_error("agreement", _("Solo una corrección del texto de un acuerdo señala un acuerdo."),
                              "agreement_not_expected")
        if self.approved_by_id and self.session_id and self.approved_by.session_id == self.session_id:
            raise field_error("approved_by", _("Una fe de erratas se aprueba en una sesión posterior."), "same_session")

    @transaction.atomic
    def propose(self):
        """Record the proposal; the agreement's current text is kept as the original."""
        if self.session_id and not self.session.record_is_locked:
            raise ValidationError(_("El acta de esta sesión aún no está aprobada: corrija el registro "
                                    "directamente."), code="not_locked")
        if self.kind == self.Kind.AGREEMENT_TEXT and self.agreement_id:
            self.original_text = self.agreement.text
            if self.corrected_text.strip() == self.agreement.text.strip():
                raise field_error("corrected_text", _("El texto corregido es igual al actual."), "unchanged")
        self.status = self.Status.PROPOSED
        self._change_reason = self.reason
        self.full_clean()
        self.save()

    def approve_by(self, agreement):
        agreement.check_can_approve(self.approval_stl())
        if self.status == self.Status.APPROVED:
            raise ValidationError(_("Esta fe de erratas ya está aprobada."), code="already_approved")
        if agreement.session_id == self.session_id:
            raise ValidationError(_("Una fe de erratas se aprueba en una sesión posterior."), code="same_session")
        self.status = self.Status.APPROVED
        self.approved_by = agreement
        self._change_reason = self.reason
        self.full_clean()
        self.save()
        if self.kind == self.Kind.AGREEMENT_TEXT:
            corrected = Agreement.objects.get(pk=self.agreement_id)
            corrected.text = self.corrected_text
            corrected._by_correction = True
            corrected._change_reason = _("Fe de erratas aprobada por el acuerdo %(code)s: %(reason)s") % {
                "code": agreement.code, "reason": self.reason}
            corrected.full_clean()
            corrected.save()
