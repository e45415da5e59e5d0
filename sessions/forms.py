"""Member panel forms for sessions: the session itself with its agenda and minutes, attendance seat
by seat (and participants), agreements with their votes and what they approve, and draft versions
of the documents a meeting worked on.

Every choice is limited to the account's STL, so an id of another STL forged into a POST is refused
as an invalid choice next to its field. The workflow rules live in the models; the forms turn their
``ValidationError`` into messages next to the field.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import ActionPlan, Axis, Commitment, CommitmentChange
from core.certainty import DateCertainty
from core.forms import RecordForm, clean_upload, pdf_field
from core.spanish import long_date
from workgroups.models import Body, Institution, Membership, Person

from .models import (
    AgendaItem,
    Agreement,
    Attendance,
    Correction,
    Document,
    DocumentVersion,
    MinutesRemark,
    Session,
    Vote,
)


def stl_bodies(stl):
    """The STL and the bodies that belong to it (its operational group, its working tables)."""
    return Body.objects.filter(Q(pk=stl.pk) | Q(parent=stl))


def stl_institutions(stl):
    bodies = stl_bodies(stl)
    return Institution.objects.filter(
        Q(memberships__body__in=bodies) | Q(accounts__stl=stl) | Q(led_axes__plan__stl=stl)
    ).distinct()


def stl_people(stl):
    bodies = stl_bodies(stl)
    return Person.objects.filter(
        Q(memberships__body__in=bodies) | Q(accounts__stl=stl) | Q(institution__in=stl_institutions(stl))
    ).distinct()


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ModelErrorsBelowForm:
    """A model rule about a field the form does not offer is shown at the top of the form instead
    of failing (Django raises ValueError for such errors)."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            placed = {}
            for field, messages in errors.error_dict.items():
                key = field if field in self.fields else NON_FIELD_ERRORS
                placed.setdefault(key, []).extend(messages)
            errors = ValidationError(placed)
        super()._update_errors(errors)


# Sessions ------------------------------------------------------------------------------------


class SessionForm(ModelErrorsBelowForm, RecordForm):
    """A session, working meeting or public event of one of the STL's bodies."""

    number = forms.IntegerField(
        label=_("Número"), required=False, min_value=1, max_value=32767,
        help_text=_("Déjelo vacío para usar el siguiente número libre de ese órgano, tipo y año."),
    )
    link = forms.URLField(label=_("Enlace de la videoconferencia o transmisión"), required=False,
                          assume_scheme="https", max_length=200)
    stream_url = forms.URLField(label=_("Transmisión en vivo"), required=False, assume_scheme="https",
                                max_length=200, help_text=_("p. ej. la dirección de la transmisión en YouTube"))
    recording_url = forms.URLField(label=_("Grabación"), required=False, assume_scheme="https", max_length=200,
                                   help_text=_("Dirección de la grabación, una vez celebrada la sesión."))
    minutes = pdf_field(_("Acta firmada (PDF)"))

    class Meta:
        model = Session
        fields = ["body", "kind", "number", "date", "date_certainty", "start_time", "status",
                  "modality", "place", "link", "stream_url", "recording_url", "title", "summary", "is_public",
                  "minutes"]
        help_texts = {
            "date": _("Si la fecha es desconocida, escriba una aproximada y márquela «Desconocida»: solo sirve "
                      "para ordenar y no se muestra."),
            "is_public": _("Una sesión programada se hace pública al publicar su convocatoria; una sesión "
                           "reservada queda fuera del portal público."),
        }
        widgets = {
            "date": date_input(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, stl, **kwargs):
        super().__init__(*args, **kwargs)
        self.stl = stl
        self.fields["body"].queryset = stl_bodies(stl).order_by("kind", "name")
        self.fields["body"].empty_label = None
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("body", stl.pk)

    def clean_minutes(self):
        return clean_upload(self, "minutes")

    def clean(self):
        cleaned = super().clean()
        body, kind, day = cleaned.get("body"), cleaned.get("kind"), cleaned.get("date")
        instance = self.instance
        if body and kind and day:
            if cleaned.get("number") is None:
                cleaned["number"] = Session.objects.exclude(pk=instance.pk).next_number(body, kind, day)
            clash = Session.objects.filter(body=body, kind=kind, year=day.year, number=cleaned["number"])
            if clash.exclude(pk=instance.pk).exists():
                suggested = Session.objects.exclude(pk=instance.pk).next_number(body, kind, day)
                self.add_error("number", ValidationError(
                    _("Ya existe una sesión de ese tipo con ese número en ese año para este órgano; "
                      "el siguiente número libre es %(number)s."), code="duplicate_number",
                    params={"number": suggested}))
        if day and cleaned.get("status") == Session.Status.HELD and day > timezone.localdate():
            self.add_error("status", ValidationError(
                _("Una sesión con fecha futura aún no se celebra: regístrela como programada."),
                code="held_in_future"))
        if (cleaned.get("is_public") and cleaned.get("status") == Session.Status.SCHEDULED
                and not instance.announced_at):
            self.add_error("is_public", ValidationError(
                _("Una sesión programada se hace pública al publicar su convocatoria, con su fecha, hora, "
                  "lugar y orden del día: use «Publicar la convocatoria»."), code="not_announced"))
        if instance.pk:
            self._check_what_was_recorded(cleaned)
        return cleaned

    def same_day_sessions(self):
        """Other sessions of the same body and kind on the same day (a warning after saving)."""
        data = self.cleaned_data
        return Session.objects.filter(body=data["body"], kind=data["kind"], date=data["date"]).exclude(
            pk=self.instance.pk)

    def _check_what_was_recorded(self, cleaned):
        """A session that already adopted agreements stays a held formal session; its body does not
        change once attendance is recorded (the seats belong to the body)."""
        instance = self.instance
        if instance.record_is_locked:
            for name in ("body", "kind", "number", "date", "status"):
                if name in cleaned and cleaned[name] != getattr(instance, name):
                    self.add_error(name, ValidationError(
                        _("El acta de esta sesión ya está aprobada: este dato solo se corrige con una fe de "
                          "erratas."), code="locked"))
        if instance.agreements.exists():
            if cleaned.get("kind") and cleaned["kind"] not in Session.FORMAL_KINDS:
                self.add_error("kind", ValidationError(
                    _("Esta sesión ya tiene acuerdos: sigue siendo una sesión formal."), code="has_agreements"))
            if cleaned.get("status") and cleaned["status"] != Session.Status.HELD:
                self.add_error("status", ValidationError(
                    _("Esta sesión ya tiene acuerdos: consta como celebrada."), code="has_agreements"))
        body = cleaned.get("body")
        if body and body.pk != instance.body_id and instance.attendances.exists():
            self.add_error("body", ValidationError(
                _("La asistencia ya está registrada con los asientos de %(body)s; no se cambia el órgano."),
                code="has_attendance", params={"body": instance.body}))


class AgendaItemForm(ModelErrorsBelowForm, forms.ModelForm):
    order = forms.IntegerField(label=_("Orden"), required=False, min_value=1, max_value=999)

    class Meta:
        model = AgendaItem
        fields = ["order", "title"]
        labels = {"title": _("Punto")}


class BaseAgendaFormSet(forms.BaseInlineFormSet):
    """The agenda the secretariat sets; members' proposals stay out of it until included."""

    ROWS_ADDED = 3

    def get_queryset(self):
        return super().get_queryset().filter(is_proposal=False)

    def validate_unique(self):
        """Numbers are checked in ``clean`` with a message next to the repeated number."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        position = 0
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            if not form.cleaned_data.get("title"):
                continue
            position += 1
            order = form.cleaned_data.get("order") or max(seen | {position - 1}) + 1
            form.cleaned_data["order"] = order
            form.instance.order = order
            if order in seen:
                form.add_error("order", ValidationError(
                    _("Ya hay un punto con ese número en el orden del día."), code="duplicate_order"))
            seen.add(order)

    def save_items(self, session):
        """Save the agenda; items that swap numbers are first moved out of the way."""
        self.instance = session
        items = self.save(commit=False)
        for item in self.deleted_objects:
            item.delete()
        moving = [item for item in items if item.pk and item.order != AgendaItem.objects.get(pk=item.pk).order]
        for offset, item in enumerate(moving):
            real = item.order
            item.order = 10000 + offset
            item.save()
            item.order = real
        for item in items:
            item.session = session
            item.save()


# absolute_max = max_num in every formset: a POST that claims more rows than the form allows is answered
# with the form's own message after building at most that many forms (Django's default builds up to a
# thousand more, and shows them all again).
AgendaFormSet = forms.inlineformset_factory(
    Session, AgendaItem, form=AgendaItemForm, formset=BaseAgendaFormSet, extra=3, can_delete=True,
    max_num=200, absolute_max=200, validate_max=True,
)


def with_more_agenda_rows(data, prefix="agenda"):
    """The posted data with room for more agenda rows: the «Agregar renglones» button works
    without JavaScript by sending the form back with a larger TOTAL_FORMS."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except (TypeError, ValueError):
        total = 0
    data[key] = str(min(max(total, 0) + BaseAgendaFormSet.ROWS_ADDED, 200))
    return data


def without_errors(form):
    """Show a bound form again as typed, without judging it (used when rows are added)."""
    from django.forms.utils import ErrorDict, ErrorList

    if isinstance(form, forms.BaseFormSet):
        form._errors = []
        form._non_form_errors = ErrorList()
        for item in form.forms:
            without_errors(item)
        return form
    form._errors = ErrorDict()
    return form


class AgendaProposalForm(forms.Form):
    """A member proposes a point for the agenda of a scheduled session."""

    title = forms.CharField(label=_("Punto que propone"), max_length=500)
    description = forms.CharField(label=_("Motivo o descripción"), max_length=3000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class DiscardForm(forms.Form):
    reason = forms.CharField(label=_("Motivo"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("p. ej. «Se registró dos veces la misma sesión»"))


class MinutesRemarkForm(forms.ModelForm):
    class Meta:
        model = MinutesRemark
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class CorrectionForm(ModelErrorsBelowForm, forms.ModelForm):
    """A «fe de erratas» proposed for a session whose minutes are approved."""

    class Meta:
        model = Correction
        fields = ["kind", "agreement", "corrected_text", "reason"]
        widgets = {"corrected_text": forms.Textarea(attrs={"rows": 5}), "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.session = session
        self.fields["agreement"].queryset = session.agreements.all()
        self.fields["agreement"].required = False
        self.fields["reason"].required = True


# Attendance ----------------------------------------------------------------------------------

SEAT_CHOICES = [
    (Attendance.Status.HOLDER, Attendance.Status.HOLDER.label),
    (Attendance.Status.ALTERNATE, Attendance.Status.ALTERNATE.label),
    (Attendance.Status.ABSENT, Attendance.Status.ABSENT.label),
]


class AttendanceForm(forms.Form):
    """One radio group per seat of the session's body: holder present, alternate standing in, absent."""

    revision_seen = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.seats = list(session.body.seats.order_by("order", "label"))
        current = {row.seat_id: row.status for row in session.attendances.all() if row.seat_id}
        members = Membership.objects.filter(seat__in=self.seats).active_on(session.date).select_related("person")
        self.members = {}
        for membership in members:
            self.members.setdefault((membership.seat_id, membership.role), []).append(membership)
        for seat in self.seats:
            holder = self._names(seat, Membership.Role.HOLDER)
            alternate = self._names(seat, Membership.Role.ALTERNATE)
            choices = [
                (Attendance.Status.HOLDER, _("Titular presente") + (f" ({holder})" if holder else "")),
                (Attendance.Status.ALTERNATE, _("Suplente en funciones") + (f" ({alternate})" if alternate else "")),
                (Attendance.Status.ABSENT, _("Ausente")),
            ]
            field = forms.ChoiceField(
                label=seat.label, choices=choices, widget=forms.RadioSelect,
                error_messages={"required": _("Indique si el asiento estuvo presente.")},
            )
            field.seat = seat
            field.widget.attrs["data-counts-for-quorum"] = "1" if seat.counts_for_quorum else "0"
            self.fields[self.seat_field(seat)] = field
            if seat.pk in current:
                self.initial[self.seat_field(seat)] = current[seat.pk]
        if not self.is_bound:
            self.initial["revision_seen"] = session.revision

    @staticmethod
    def seat_field(seat):
        return f"seat_{seat.pk}"

    def _names(self, seat, role):
        return ", ".join(str(m.person or m.institution or m.label) for m in self.members.get((seat.pk, role), []))

    def seat_fields(self):
        return [self[self.seat_field(seat)] for seat in self.seats]

    def clean(self):
        cleaned = super().clean()
        day = long_date(self.session.date)
        for seat in self.seats:
            name = self.seat_field(seat)
            status = cleaned.get(name)
            if status == Attendance.Status.HOLDER and not self.members.get((seat.pk, Membership.Role.HOLDER)):
                self.add_error(name, ValidationError(
                    _("Este asiento no tenía titular el %(date)s."), code="no_holder", params={"date": day}))
            if status == Attendance.Status.ALTERNATE and not self.members.get((seat.pk, Membership.Role.ALTERNATE)):
                self.add_error(name, ValidationError(
                    _("Este asiento no tenía suplente el %(date)s."), code="no_alternate", params={"date": day}))
        return cleaned

    def rows(self):
        """Unsaved Attendance rows for the seats; the person is the member who sat, when known."""
        rows = []
        for seat in self.seats:
            status = self.cleaned_data[self.seat_field(seat)]
            person = None
            role = {Attendance.Status.HOLDER: Membership.Role.HOLDER,
                    Attendance.Status.ALTERNATE: Membership.Role.ALTERNATE}.get(status)
            members = self.members.get((seat.pk, role), []) if role else []
            if len(members) == 1:
                person = members[0].person
            rows.append(Attendance(seat=seat, status=status, person=person))
        return rows

    def present_count(self):
        return sum(1 for seat in self.seats if seat.counts_for_quorum
                   and self.cleaned_data.get(self.seat_field(seat)) in (Attendance.Status.HOLDER,
                                                                          Attendance.Status.ALTERNATE))


class ParticipantForm(forms.Form):
    """Somebody who took part without a seat (working meetings, events, guests of a session)."""

    person = forms.ModelChoiceField(label=_("Persona"), queryset=Person.objects.none(), required=False)
    institution = forms.ModelChoiceField(label=_("Institución"), queryset=Institution.objects.none(),
                                         required=False)
    note = forms.CharField(label=_("Carácter o nombre"), max_length=300, required=False,
                           help_text=_("p. ej. «Sociedad civil» o el nombre de una persona invitada"))

    def __init__(self, *args, stl, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = stl_people(stl)
        self.fields["institution"].queryset = stl_institutions(stl)

    def row(self):
        data = self.cleaned_data
        if not data or not (data.get("person") or data.get("institution") or data.get("note", "").strip()):
            return None
        return Attendance(status=Attendance.Status.PARTICIPANT, person=data.get("person"),
                          institution=data.get("institution"), note=data.get("note", "").strip())


class BaseParticipantFormSet(forms.BaseFormSet):
    def __init__(self, *args, stl, **kwargs):
        self.stl = stl
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"stl": self.stl}

    @property
    def empty_form(self):
        return self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), stl=self.stl,
                         use_required_attribute=False, renderer=self.renderer)

    def rows(self):
        return [row for row in (form.row() for form in self.forms) if row is not None]


ParticipantFormSet = forms.formset_factory(ParticipantForm, formset=BaseParticipantFormSet, extra=3,
                                           max_num=200, absolute_max=200, validate_max=True)


# Agreements ----------------------------------------------------------------------------------


def session_blocker(session):
    """Why this session cannot adopt agreements (the models' rule, in Spanish), or None."""
    if not session.is_formal:
        return _("Solo las sesiones formales adoptan acuerdos; las reuniones de trabajo y los eventos no.")
    if session.status != Session.Status.HELD:
        return _("Solo una sesión celebrada adopta acuerdos.")
    if session.has_quorum is False:
        return _("La sesión no tuvo quórum: no pudo adoptar acuerdos.")
    if session.has_quorum is None:
        return _("Registre primero la asistencia: sin quórum registrado la sesión no adopta acuerdos.")
    return None


class VersionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("%(title)s, versión %(number)s") % {"title": obj.document.title, "number": obj.number}


class RouteChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("Ruta de %(plan)s") % {"plan": obj}


class CommitmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.lead_institution})"


class AgreementForm(ModelErrorsBelowForm, RecordForm):
    """An agreement of a held formal session with quorum: its text, votes and what it approves."""

    APPROVAL_FIELDS = ("approve_minutes", "approve_corrections", "approve_versions", "approve_axes",
                       "approve_plans", "approve_routes", "approve_commitments", "approve_commitment_changes")

    number = forms.IntegerField(label=_("Número en la sesión"), min_value=1, max_value=999)
    code = forms.CharField(label=_("Clave"), max_length=60, help_text=_("p. ej. «STL/SO/03/2020-01»"))
    approve_versions = VersionChoiceField(
        label=_("Versiones de documento que aprueba"), required=False, queryset=DocumentVersion.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    approve_axes = forms.ModelMultipleChoiceField(
        label=_("Ejes que aprueba"), required=False, queryset=Axis.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    approve_plans = forms.ModelMultipleChoiceField(
        label=_("Planes de acción que aprueba"), required=False, queryset=ActionPlan.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    approve_routes = RouteChoiceField(
        label=_("Rutas que aprueba"), required=False, queryset=ActionPlan.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    approve_minutes = forms.ModelChoiceField(
        label=_("Acta que aprueba"), required=False, queryset=Session.objects.none(),
        help_text=_("Solo aparecen las actas de sesiones anteriores que ya se circularon para observaciones."))
    approve_corrections = forms.ModelMultipleChoiceField(
        label=_("Fe de erratas que aprueba"), required=False, queryset=Correction.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    approve_commitments = CommitmentChoiceField(
        label=_("Compromisos que aprueba"), required=False, queryset=Commitment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Solo aparecen los compromisos enviados a aprobación."))
    approve_commitment_changes = forms.ModelMultipleChoiceField(
        label=_("Cambios a compromisos aprobados que aprueba"), required=False,
        queryset=CommitmentChange.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("Al aprobarse, el cambio se aplica al compromiso y sus hitos."))

    class Meta:
        model = Agreement
        fields = ["number", "code", "title", "text", "result", "unanimous"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.instance.session = session
        stl = session.body.stl
        self.stl = stl
        if not self.is_bound and not self.instance.pk:
            number = (max(session.agreements.values_list("number", flat=True), default=0) or 0) + 1
            self.initial.update(number=number, code=Agreement.suggest_code(session, number))
        self.seats = list(session.body.voting_seats().order_by("order", "label"))
        current = {vote.seat_id: vote.option for vote in self.instance.votes.all()} if self.instance.pk else {}
        # Seats absent in the attendance are absent in the vote.
        attendance = {row.seat_id: row.status for row in session.attendances.all() if row.seat_id}
        self.has_attendance = bool(attendance)
        self.absent_seats = {seat.pk for seat in self.seats
                             if attendance and attendance.get(seat.pk, Attendance.Status.ABSENT)
                             == Attendance.Status.ABSENT}
        for seat in self.seats:
            field = forms.ChoiceField(
                label=seat.label, required=False,
                choices=[("", _("— sin registrar —")), *Vote.Option.choices])
            if seat.pk in self.absent_seats:
                field.help_text = _("Ausente en la lista de asistencia: su voto consta como ausente.")
                self.initial[self.vote_field(seat)] = Vote.Option.ABSENT
            self.fields[self.vote_field(seat)] = field
            if seat.pk in current and not self.is_bound:
                self.initial[self.vote_field(seat)] = current[seat.pk]
        self.fields["approve_minutes"].queryset = Session.objects.of_stl(stl).filter(
            minutes_status=Session.MinutesStatus.CIRCULATED, date__lte=session.date).exclude(pk=session.pk)
        self.fields["approve_corrections"].queryset = Correction.objects.of_stl(stl).filter(
            status=Correction.Status.PROPOSED).exclude(session=session).select_related("session", "agreement")
        self.fields["approve_versions"].queryset = DocumentVersion.objects.filter(
            document__body__in=stl_bodies(stl), status=DocumentVersion.Status.DRAFT).select_related("document")
        self.fields["approve_axes"].queryset = Axis.objects.filter(plan__stl=stl, status=Axis.Status.PROPOSED)
        self.fields["approve_plans"].queryset = ActionPlan.objects.filter(
            stl=stl, status=ActionPlan.Status.IN_CONSTRUCTION)
        self.fields["approve_routes"].queryset = ActionPlan.objects.filter(stl=stl, route_approved_by__isnull=True)
        self.fields["approve_commitments"].queryset = Commitment.objects.filter(
            plan__stl=stl, status=Commitment.Status.DRAFT, submitted_at__isnull=False,
        ).select_related("lead_institution")
        self.fields["approve_commitment_changes"].queryset = CommitmentChange.objects.of_stl(
            stl).awaiting_approval().select_related("commitment")
        blocker = session_blocker(session)
        if blocker:
            self.fields["result"].help_text = blocker

    @staticmethod
    def vote_field(seat):
        return f"vote_{seat.pk}"

    def vote_fields(self):
        return [self[self.vote_field(seat)] for seat in self.seats]

    def approval_fields(self):
        return [self[name] for name in self.APPROVAL_FIELDS]

    def clean(self):
        cleaned = super().clean()
        result = cleaned.get("result")
        blocker = session_blocker(self.session)
        if result == Agreement.Result.ADOPTED and blocker:
            self.add_error("result", ValidationError(blocker, code="session_cannot_adopt"))
        approvals = any(cleaned.get(name) for name in self.APPROVAL_FIELDS)
        if approvals and result and result != Agreement.Result.ADOPTED:
            self.add_error("result", ValidationError(
                _("Solo un acuerdo aprobado aprueba documentos, ejes, planes o compromisos."),
                code="not_adopted"))
        votes = {seat: cleaned.get(self.vote_field(seat)) for seat in self.seats}
        for seat, option in votes.items():
            if seat.pk in self.absent_seats and option and option != Vote.Option.ABSENT:
                self.add_error(self.vote_field(seat), ValidationError(
                    _("Este asiento estuvo ausente según la lista de asistencia: no pudo votar. Corrija la "
                      "asistencia si asistió."), code="absent_seat_voted"))
        options = [option for option in votes.values() if option]
        if cleaned.get("unanimous") and (Vote.Option.NO in options or Vote.Option.ABSTAIN in options):
            self.add_error("unanimous", ValidationError(
                _("Una votación unánime no tiene votos en contra ni abstenciones."), code="not_unanimous"))
        if cleaned.get("unanimous") and result and result != Agreement.Result.ADOPTED:
            self.add_error("unanimous", ValidationError(
                _("Solo un acuerdo aprobado se adopta por unanimidad."), code="unanimous_not_adopted"))
        cast = [option for option in options if option != Vote.Option.ABSENT]
        if cast and result == Agreement.Result.ADOPTED and not cleaned.get("unanimous"):
            yes = options.count(Vote.Option.YES)
            if yes <= options.count(Vote.Option.NO):
                self.add_error("result", ValidationError(
                    _("Con esos votos el acuerdo no se aprueba: hay tantos o más votos en contra que a favor."),
                    code="votes_against"))
        if (self.instance.pk and result and result != Agreement.Result.ADOPTED
                and self.instance.approved_things()):
            self.add_error("result", ValidationError(
                _("Este acuerdo ya aprobó algo: su resultado sigue siendo «Aprobado»."), code="has_approvals"))
        number = cleaned.get("number")
        if number and self.session.agreements.filter(number=number).exclude(pk=self.instance.pk).exists():
            self.add_error("number", ValidationError(
                _("Ya hay un acuerdo con ese número en esta sesión."), code="duplicate_number"))
        return cleaned

    def vote_of(self, seat):
        """The seat's vote as it is stored: an absent seat is absent; with unanimity of those present,
        a present seat left blank voted in favour."""
        option = self.cleaned_data.get(self.vote_field(seat))
        if seat.pk in self.absent_seats:
            return Vote.Option.ABSENT
        if not option and self.cleaned_data.get("unanimous") and self.has_attendance:
            # Unanimity of those present, when the attendance says who was present.
            return Vote.Option.YES
        return option

    def votes(self):
        return [Vote(seat=seat, option=self.vote_of(seat)) for seat in self.seats if self.vote_of(seat)]

    def save_votes(self, agreement):
        """Store the votes seat by seat: new ones are added, changed ones updated, cleared ones removed."""
        current = {vote.seat_id: vote for vote in agreement.votes.all()}
        for seat in self.seats:
            option = self.vote_of(seat)
            vote = current.get(seat.pk)
            if not option:
                if vote:
                    vote.delete()
                continue
            if vote and vote.option == option:
                continue
            vote = vote or Vote(agreement=agreement, seat=seat)
            vote.option = option
            vote.full_clean()
            vote.save()

    def things_to_approve(self):
        """(field, thing) in the order approvals must happen: an axis before its commitments."""
        data = self.cleaned_data
        things = [("approve_minutes", data["approve_minutes"])] if data.get("approve_minutes") else []
        things += [("approve_corrections", item) for item in data.get("approve_corrections", [])]
        things += [("approve_versions", version) for version in data.get("approve_versions", [])]
        things += [("approve_axes", axis) for axis in data.get("approve_axes", [])]
        things += [("approve_plans", plan) for plan in data.get("approve_plans", [])]
        things += [("approve_routes", plan.route) for plan in data.get("approve_routes", [])]
        things += [("approve_commitments", item) for item in data.get("approve_commitments", [])]
        things += [("approve_commitment_changes", item) for item in data.get("approve_commitment_changes", [])]
        return things


# Draft documents -----------------------------------------------------------------------------


class DraftVersionForm(forms.Form):
    """A new draft version of a document, worked on in this meeting (documents keep their versions)."""

    document = forms.ModelChoiceField(label=_("Documento existente"), queryset=Document.objects.none(),
                                      required=False)
    new_title = forms.CharField(label=_("O bien, título de un documento nuevo"), max_length=400,
                                required=False)
    new_kind = forms.ChoiceField(label=_("Tipo del documento nuevo"), choices=Document.Kind.choices,
                                 initial=Document.Kind.AXIS_DOCUMENT, required=False)
    date = forms.DateField(label=_("Fecha de la versión"), widget=date_input())
    date_certainty = forms.TypedChoiceField(
        label=_("Certeza de la fecha"), choices=DateCertainty.choices, initial=DateCertainty.CERTAIN,
        required=False, empty_value="", help_text=DocumentVersion._meta.get_field("date_certainty").help_text)
    file = pdf_field(_("Archivo de la versión (PDF)"))
    notes = forms.CharField(label=_("Notas"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.stl = session.body.stl
        self.fields["document"].queryset = Document.objects.filter(body__in=stl_bodies(self.stl))
        if not self.is_bound:
            self.initial.setdefault("date", session.date)
            if session.date_certainty != DateCertainty.CERTAIN:
                # A version dated by its meeting is as sure of its date as the meeting is.
                self.initial.setdefault("date_certainty", session.date_certainty)

    def clean_file(self):
        return clean_upload(self, "file")

    def clean(self):
        cleaned = super().clean()
        document, title = cleaned.get("document"), (cleaned.get("new_title") or "").strip()
        if document and title:
            self.add_error("new_title", ValidationError(
                _("Elija un documento existente o escriba el título de uno nuevo, no ambos."), code="both"))
        elif not document and not title and "document" not in self.errors:
            self.add_error("document", ValidationError(
                _("Elija el documento o escriba el título de uno nuevo."), code="no_document"))
        elif title and Document.objects.filter(body__in=stl_bodies(self.stl), title__iexact=title).exists():
            self.add_error("new_title", ValidationError(
                _("Ya existe un documento con ese título: elíjalo en la lista de documentos existentes."),
                code="duplicate_title"))
        if title and not cleaned.get("new_kind"):
            cleaned["new_kind"] = Document.Kind.OTHER
        return cleaned

    def build(self):
        """The unsaved document (new or existing) and its new draft version."""
        data = self.cleaned_data
        document = data.get("document") or Document(
            body=self.session.body, title=data["new_title"].strip(), kind=data["new_kind"])
        number = 1
        if document.pk:
            number = (max(document.versions.values_list("number", flat=True), default=0) or 0) + 1
        certainty = data.get("date_certainty") or (
            # Not chosen: the meeting's own date is as sure as the meeting says; any other date is certain.
            self.session.date_certainty if data["date"] == self.session.date else DateCertainty.CERTAIN)
        version = DocumentVersion(number=number, date=data["date"], date_certainty=certainty,
                                  status=DocumentVersion.Status.DRAFT,
                                  file=data.get("file") or "", notes=data.get("notes", ""),
                                  drafted_in=self.session)
        return document, version
