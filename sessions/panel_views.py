"""The sessions part of the member panel: the STL's sessions, working meetings and events (drafts
and private ones included), their agenda, attendance and quorum, agreements that approve things,
and the draft documents a meeting worked on.

Every view takes the account's STL from ``member_required`` and looks records up within that STL
only, so a record of another STL is a 404. Writes go through the models' methods in one transaction.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commitments.models import CommitmentChange
from core.records import StaleRecordError
from workgroups.access import is_secretariat, member_required, require_secretariat, secretariat_required
from workgroups.models import Body

from .forms import (
    AgendaFormSet,
    AgendaProposalForm,
    AgreementForm,
    AttendanceForm,
    CorrectionForm,
    DiscardForm,
    DraftVersionForm,
    MinutesRemarkForm,
    ParticipantFormSet,
    SessionForm,
    session_blocker,
    stl_bodies,
    with_more_agenda_rows,
    without_errors,
)
from .jobs import render_minutes_pdf
from .models import AgendaItem, Agreement, Attendance, DocumentVersion, Session, Vote

PAGE_SIZE = 50

# One-time form tokens: a double submit lands on the record the first submit created (or saved)
# instead of creating a second one or being refused as a concurrent edit. Database uniqueness
# (session number, agreement number, version number) covers two submits arriving at the same moment.
TOKENS_KEY = "sessions_panel_form_tokens"
TOKENS_KEPT = 40


def new_form_token(request):
    token = secrets.token_urlsafe(16)
    tokens = dict(request.session.get(TOKENS_KEY, {}))
    tokens[token] = ""
    request.session[TOKENS_KEY] = dict(list(tokens.items())[-TOKENS_KEPT:])
    return token


def form_token(request):
    """The token of the form being shown: the posted one, or a new one."""
    if request.method == "POST" and request.POST.get("form_token") in request.session.get(TOKENS_KEY, {}):
        return request.POST["form_token"]
    return new_form_token(request)


def already_done(request):
    """Where the first submit of this form went, if it was already submitted successfully."""
    token = request.POST.get("form_token", "")
    url = request.session.get(TOKENS_KEY, {}).get(token)
    if url:
        messages.info(request, _("Ese formulario ya se había enviado; este es el registro que se guardó."))
    return url or None


def spend_form_token(request, url):
    token = request.POST.get("form_token", "")
    tokens = dict(request.session.get(TOKENS_KEY, {}))
    if token in tokens:
        tokens[token] = url
        request.session[TOKENS_KEY] = tokens


def get_session(request, identifier):
    """A session of the account's STL, or 404 (another STL's sessions do not exist here)."""
    return get_object_or_404(
        Session.objects.of_stl(request.account.stl).select_related("body", "body__parent"),
        identifier=identifier,
    )


def panel_url(session):
    return reverse("panel:session_detail", args=[session.identifier])


# List and detail -----------------------------------------------------------------------------


@member_required
def session_list(request):
    sessions = Session.objects.of_stl(request.account.stl).select_related("body")
    kind = request.GET.get("tipo", "")
    if kind in Session.Kind.values:
        sessions = sessions.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "sessions/panel/session_list.html", {
        "page": page, "sessions": page.object_list, "kind": kind, "kinds": Session.Kind.choices,
        "can_record": is_secretariat(request.account),
    })


@member_required
def session_detail(request, identifier):
    session = get_session(request, identifier)
    agreements = session.agreements.prefetch_related(
        Prefetch("votes", queryset=Vote.objects.select_related("seat")),
        Prefetch("approved_versions", queryset=DocumentVersion.objects.select_related("document")),
        "approved_axes", "approved_routes", "approved_plans", "approved_commitments", "approved_corrections",
        Prefetch("approved_commitment_changes", queryset=CommitmentChange.objects.select_related("commitment")),
    ).select_related("minutes_of")
    account = request.account
    return render(request, "sessions/panel/session_detail.html", {
        "session": session,
        "agenda": session.agenda_items.filter(is_proposal=False),
        "proposals": session.agenda_items.filter(is_proposal=True).select_related("proposed_by"),
        "remarks": session.minutes_remarks.select_related("institution"),
        "corrections": session.corrections.select_related("agreement", "proposed_by", "approved_by__session"),
        "minutes_approval": session.minutes_approval(),
        "notice_problems": session.notice_problems() if not session.announced_at else [],
        "can_propose": session.status == Session.Status.SCHEDULED,
        "can_remark": can_remark(account, session),
        "can_correct": session.record_is_locked,
        "seat_rows": session.attendances.filter(seat__isnull=False).select_related("seat", "person", "institution"),
        "participants": session.attendances.filter(status=Attendance.Status.PARTICIPANT)
        .select_related("person", "institution"),
        "agreements": agreements,
        "versions": session.drafted_versions.select_related("document"),
        "blocker": session_blocker(session),
        "can_record": is_secretariat(request.account),
    })


# Record and edit a session -------------------------------------------------------------------


def next_numbers(stl, day):
    """The next free number of each body and kind this year, from one query: shown next to the
    form, so the person sees what an empty number will become."""
    tops = {}
    for row in (Session.objects.of_stl(stl).values("body", "kind", "year").annotate(top=Max("number"))):
        tops.setdefault((row["body"], row["kind"]), []).append((row["year"], row["top"]))
    suggestions = []
    for body in stl_bodies(stl).order_by("kind", "name"):
        kinds = ([Session.Kind.INSTALLATION, Session.Kind.ORDINARY, Session.Kind.EXTRAORDINARY]
                 if body.kind == Body.Kind.STL else [])
        kinds += [Session.Kind.WORKING_MEETING, Session.Kind.PUBLIC_EVENT]
        for kind in kinds:
            years = tops.get((body.pk, kind), [])
            if body.session_numbering == Body.Numbering.ANNUAL:
                years = [(year, top) for year, top in years if year == day.year]
            top = max((top for _year, top in years), default=0)
            if kind == Session.Kind.INSTALLATION and top:
                continue
            suggestions.append((body, Session.Kind(kind).label, top + 1))
    return suggestions


def warn_same_day(request, form):
    others = list(form.same_day_sessions())
    if others:
        messages.warning(request, _("Atención: ese mismo día ya hay otra sesión del mismo tipo de este órgano "
                                    "(%(others)s). Si se registró por error, descártela.")
                         % {"others": ", ".join(other.display_name for other in others)})


def can_remark(account, session):
    """Members whose institution was present (and the secretariat) send remarks on circulated minutes."""
    if session.minutes_status != Session.MinutesStatus.CIRCULATED:
        return False
    return is_secretariat(account) or (account.institution_id in session.present_institutions())


def _save_session(form, agenda):
    """The session, then its agenda, in one transaction; None (with the form's errors) if refused."""
    try:
        with transaction.atomic():
            session = form.save_checked()
            if session is None:
                return None
            agenda.save_items(session)
            return session
    except IntegrityError:
        form.add_error("number", _("Otra persona registró al mismo tiempo una sesión con ese número; "
                                   "revise el número y vuelva a guardar."))
    except ValidationError as error:
        form.add_error(None, ValidationError(error.messages))
    return None


@secretariat_required
def session_create(request):
    stl = request.account.stl
    if request.method == "POST":
        done = already_done(request)
        if done:
            return redirect(done)
        if "add_agenda_rows" in request.POST:
            data = with_more_agenda_rows(request.POST)
            form = without_errors(SessionForm(data, stl=stl))
            agenda = without_errors(AgendaFormSet(data, instance=Session(), prefix="agenda"))
        else:
            form = SessionForm(request.POST, request.FILES, stl=stl)
            agenda = AgendaFormSet(request.POST, instance=Session(), prefix="agenda")
        if "add_agenda_rows" not in request.POST and form.is_valid() and agenda.is_valid():
            session = _save_session(form, agenda)
            if session is not None:
                spend_form_token(request, panel_url(session))
                messages.success(request, _("Se registró %(session)s como programada y no pública. Publique su "
                                            "convocatoria cuando esté completa.")
                                 % {"session": session.display_name}
                                 if session.status == Session.Status.SCHEDULED else
                                 _("Se registró %(session)s. Ahora registre la asistencia.")
                                 % {"session": session.display_name})
                warn_same_day(request, form)
                return redirect(panel_url(session))
    else:
        form = SessionForm(stl=stl)
        agenda = AgendaFormSet(instance=Session(), prefix="agenda")
    today = timezone.localdate()
    return render(request, "sessions/panel/session_form.html", {
        "form": form, "agenda": agenda, "form_token": form_token(request), "session": None,
        "next_numbers": next_numbers(stl, today), "year": today.year,
    })


@member_required
def session_edit(request, identifier):
    session = get_session(request, identifier)
    require_secretariat(request.account)
    stl = request.account.stl
    if request.method == "POST":
        done = already_done(request)
        if done:
            return redirect(done)
        if "add_agenda_rows" in request.POST:
            data = with_more_agenda_rows(request.POST)
            form = without_errors(SessionForm(data, instance=session, stl=stl))
            agenda = without_errors(AgendaFormSet(data, instance=session, prefix="agenda"))
        else:
            form = SessionForm(request.POST, request.FILES, instance=session, stl=stl)
            agenda = AgendaFormSet(request.POST, instance=session, prefix="agenda")
        if "add_agenda_rows" not in request.POST and form.is_valid() and agenda.is_valid():
            saved = _save_session(form, agenda)
            if saved is not None:
                spend_form_token(request, panel_url(saved))
                messages.success(request, _("Se guardaron los cambios de %(session)s.")
                                 % {"session": saved.display_name})
                warn_same_day(request, form)
                return redirect(panel_url(saved))
    else:
        form = SessionForm(instance=session, stl=stl)
        agenda = AgendaFormSet(instance=session, prefix="agenda")
    return render(request, "sessions/panel/session_form.html", {
        # The form's instance holds what was typed; the page names the session as it is stored.
        "form": form, "agenda": agenda, "session": get_session(request, identifier),
        "form_token": form_token(request),
    })


# Attendance and quorum -----------------------------------------------------------------------


@member_required
def session_attendance(request, identifier):
    session = get_session(request, identifier)
    require_secretariat(request.account)
    if session.record_is_locked:
        return locked_page(request, session)
    stl = request.account.stl
    initial = [{"person": row.person_id, "institution": row.institution_id, "note": row.note}
               for row in session.attendances.filter(status=Attendance.Status.PARTICIPANT)]
    if request.method == "POST":
        done = already_done(request)
        if done:
            return redirect(done)
        form = AttendanceForm(request.POST, session=session)
        participants = ParticipantFormSet(request.POST, prefix="participants", stl=stl, initial=initial)
        if form.is_valid() and participants.is_valid():
            try:
                with transaction.atomic():
                    current = (Session.objects.select_for_update().filter(pk=session.pk)
                               .values_list("revision", flat=True).get())
                    seen = form.cleaned_data.get("revision_seen")
                    if seen is not None and seen != current:
                        raise StaleRecordError(
                            _("Alguien más guardó esta sesión mientras usted registraba la asistencia. "
                              "Revise la asistencia actual y vuelva a intentarlo; lo que marcó se conserva."),
                            code="stale")
                    if (form.seats and session.agreements.filter(result=Agreement.Result.ADOPTED).exists()
                            and form.present_count() < session.body.quorum_required()):
                        raise ValidationError(
                            _("La sesión ya adoptó acuerdos: con esta asistencia no habría quórum."),
                            code="agreements_need_quorum")
                    session.record_attendance(form.rows() + participants.rows())
            except ValidationError as error:
                form.add_error(None, ValidationError(error.messages))
            else:
                session.refresh_from_db()
                if session.has_quorum is None:
                    note = _("Se guardó la asistencia.")
                elif session.has_quorum:
                    note = _("Se guardó la asistencia: %(present)s asientos presentes; se requieren %(required)s. "
                             "Hubo quórum.")
                else:
                    note = _("Se guardó la asistencia: %(present)s asientos presentes; se requieren %(required)s. "
                             "No hubo quórum.")
                spend_form_token(request, panel_url(session))
                messages.success(request, note % {"present": session.quorum_present,
                                                  "required": session.quorum_required})
                return redirect(panel_url(session))
    else:
        form = AttendanceForm(session=session)
        participants = ParticipantFormSet(prefix="participants", stl=stl, initial=initial)
    voting = [seat for seat in form.seats if seat.counts_for_quorum]
    return render(request, "sessions/panel/attendance_form.html", {
        "session": session, "form": form, "participants": participants,
        "voting_seats": len(voting), "required": session.body.quorum_required(len(voting)) if voting else 0,
        "form_token": form_token(request),
    })


# Agreements ----------------------------------------------------------------------------------


def _save_agreement(form):
    """The agreement, its votes and every approval in one transaction: all or nothing."""
    is_new = form.instance.pk is None
    try:
        with transaction.atomic():
            agreement = form.save_checked()
            if agreement is None:
                return None
            form.save_votes(agreement)
            for field, thing in form.things_to_approve():
                # Read each thing again: an earlier approval of this submit may have changed it
                # (the plan and its route are one row).
                (thing if hasattr(thing, "pk") else thing.plan).refresh_from_db()
                try:
                    agreement.approve(thing)
                except ValidationError as error:
                    form.add_error(field, ValidationError(
                        _("%(thing)s: %(reason)s") % {"thing": thing, "reason": " ".join(error.messages)}))
                    raise
            return agreement
    except IntegrityError:
        form.add_error("number", _("Otra persona registró al mismo tiempo un acuerdo con ese número; "
                                   "revise el número y vuelva a guardar."))
    except ValidationError as error:
        if not form.errors:
            form.add_error(None, ValidationError(error.messages))
    if is_new:
        form.instance.pk = None
        form.instance._state.adding = True
    return None


@member_required
def agreement_create(request, identifier):
    session = get_session(request, identifier)
    require_secretariat(request.account)
    if session.record_is_locked:
        return locked_page(request, session)
    if not session.is_formal:
        return render(request, "sessions/panel/agreement_form.html", {
            "session": session, "form": None, "blocker": session_blocker(session)})
    if request.method == "POST":
        done = already_done(request)
        if done:
            return redirect(done)
        form = AgreementForm(request.POST, session=session)
        if form.is_valid():
            agreement = _save_agreement(form)
            if agreement is not None:
                url = panel_url(session) + f"#acuerdo-{agreement.pk}"
                spend_form_token(request, url)
                approved = len(form.things_to_approve())
                messages.success(request, _("Se registró el acuerdo %(code)s.") % {"code": agreement.code}
                                 + (" " + _("Quedó aprobado lo que el acuerdo aprueba (%(count)s).")
                                    % {"count": approved} if approved else ""))
                return redirect(url)
    else:
        form = AgreementForm(session=session)
        wanted = request.GET.get("compromiso")
        if wanted:
            form.initial["approve_commitments"] = list(
                form.fields["approve_commitments"].queryset.filter(identifier=wanted).values_list("pk", flat=True))
    return render(request, "sessions/panel/agreement_form.html", {
        "session": session, "form": form, "blocker": session_blocker(session),
        "form_token": form_token(request),
    })


# Draft documents of a meeting ----------------------------------------------------------------


@member_required
def draft_version_create(request, identifier):
    session = get_session(request, identifier)
    if request.method == "POST":
        done = already_done(request)
        if done:
            return redirect(done)
        form = DraftVersionForm(request.POST, request.FILES, session=session)
        if form.is_valid():
            document, version = form.build()
            try:
                with transaction.atomic():
                    if document.pk is None:
                        document.full_clean()
                        document.save()
                    version.document = document
                    version.full_clean()
                    version.save()
            except ValidationError as error:
                form.add_error(None, ValidationError(error.messages))
            except IntegrityError:
                form.add_error("document", _("Otra persona agregó al mismo tiempo una versión de este "
                                             "documento; vuelva a enviar el formulario."))
            else:
                url = panel_url(session) + "#documentos"
                spend_form_token(request, url)
                messages.success(request, _("Se agregó la versión %(number)s (borrador) de «%(title)s».")
                                 % {"number": version.number, "title": document.title})
                return redirect(url)
    else:
        form = DraftVersionForm(session=session)
    return render(request, "sessions/panel/version_form.html", {
        "session": session, "form": form, "form_token": form_token(request),
    })


@member_required
def agreement_edit(request, identifier, agreement):
    session = get_session(request, identifier)
    require_secretariat(request.account)
    agreement = get_object_or_404(session.agreements, identifier=agreement)
    if session.record_is_locked:
        return locked_page(request, session, agreement)
    if request.method == "POST":
        done = already_done(request)
        if done:
            return redirect(done)
        form = AgreementForm(request.POST, instance=agreement, session=session)
        if form.is_valid():
            saved = _save_agreement(form)
            if saved is not None:
                url = panel_url(session) + f"#acuerdo-{saved.pk}"
                spend_form_token(request, url)
                messages.success(request, _("Se guardaron los cambios del acuerdo %(code)s.") % {"code": saved.code})
                return redirect(url)
    else:
        form = AgreementForm(instance=agreement, session=session)
    return render(request, "sessions/panel/agreement_form.html", {
        "session": session, "form": form, "agreement": session.agreements.get(pk=agreement.pk),
        "blocker": session_blocker(session), "form_token": form_token(request),
    })


def locked_page(request, session, agreement=None):
    """The record of a session whose minutes are approved: nothing changes but by a correction."""
    return render(request, "sessions/panel/locked.html", {"session": session, "agreement": agreement},
                  status=409 if request.method == "POST" else 200)


# The life of a session -----------------------------------------------------------------------


def _act(request, session, action, done_message):
    """Run one model method on POST; its refusal is shown on the session's page, nothing changes."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done_message)
    return redirect(panel_url(session))


@require_POST
@member_required
def session_announce(request, identifier):
    session = get_session(request, identifier)
    require_secretariat(request.account)
    return _act(request, session, session.announce,
                _("Se publicó la convocatoria de %(session)s: la sesión ya aparece en el portal público.")
                % {"session": session.display_name})


@require_POST
@member_required
def session_mark_held(request, identifier):
    session = get_session(request, identifier)
    require_secretariat(request.account)
    return _act(request, session, session.mark_held,
                _("%(session)s consta como celebrada. Registre la asistencia.") % {"session": session.display_name})


@member_required
def session_discard(request, identifier):
    session = get_session(request, identifier)
    require_secretariat(request.account)
    form = DiscardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            name = session.display_name
            session.discard(form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            messages.success(request, _("Se descartó %(session)s; su historial conserva quién, cuándo y por qué.")
                             % {"session": name})
            return redirect("panel:session_list")
    return render(request, "sessions/panel/session_discard.html", {"session": session, "form": form})


@require_POST
@member_required
def minutes_circulate(request, identifier):
    session = get_session(request, identifier)
    require_secretariat(request.account)
    return _act(request, session, session.circulate_minutes,
                _("El acta se circuló a los integrantes presentes para sus observaciones."))


@require_POST
@member_required
def minutes_publish(request, identifier):
    session = get_session(request, identifier)
    require_secretariat(request.account)

    def publish():
        with transaction.atomic():
            if session.minutes_status != Session.MinutesStatus.PUBLISHED:
                session.publish_minutes()
            # Published minutes whose PDF is missing (history loaded from a file) get it made again.
            render_minutes_pdf.enqueue(session.pk)

    return _act(request, session, publish,
                _("El acta quedó publicada; su PDF se genera del registro en unos momentos."))


@member_required
def minutes_remark(request, identifier):
    session = get_session(request, identifier)
    if not can_remark(request.account, session):
        raise PermissionDenied
    form = MinutesRemarkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        remark = form.save(commit=False)
        remark.session = session
        remark.institution = request.account.institution
        with transaction.atomic():
            remark.full_clean()
            remark.save()
        messages.success(request, _("Se registró su observación al acta."))
        return redirect(panel_url(session) + "#acta")
    return render(request, "sessions/panel/simple_form.html", {
        "session": session, "form": form, "title": _("Observación al acta"),
        "intro": _("El acta se circuló a los integrantes presentes. Escriba su observación; la secretaría técnica "
                   "la considera antes de someter el acta a aprobación."),
        "submit": _("Enviar la observación")})


@member_required
def agenda_propose(request, identifier):
    session = get_session(request, identifier)
    if session.status != Session.Status.SCHEDULED:
        messages.error(request, _("Solo se proponen puntos para una sesión programada."))
        return redirect(panel_url(session))
    form = AgendaProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            Session.objects.select_for_update().filter(pk=session.pk).first()
            top = max(session.agenda_items.filter(is_proposal=True).values_list("order", flat=True), default=999)
            item = AgendaItem(session=session, order=top + 1, title=form.cleaned_data["title"],
                              description=form.cleaned_data["description"], is_proposal=True,
                              proposed_by=request.account.institution)
            item.full_clean()
            item.save()
        messages.success(request, _("Se registró su propuesta de punto; la secretaría técnica decide si la incluye "
                                    "en el orden del día."))
        return redirect(panel_url(session) + "#orden-del-dia")
    return render(request, "sessions/panel/simple_form.html", {
        "session": session, "form": form, "title": _("Proponer un punto del orden del día"),
        "intro": _("La secretaría técnica integra el orden del día y decide si incluye su propuesta."),
        "submit": _("Proponer el punto")})


@require_POST
@member_required
def agenda_include(request, identifier, item):
    session = get_session(request, identifier)
    require_secretariat(request.account)
    item = get_object_or_404(session.agenda_items, pk=item, is_proposal=True)
    with transaction.atomic():
        top = max(session.agenda_items.filter(is_proposal=False).values_list("order", flat=True), default=0)
        item.order = top + 1
        item.is_proposal = False
        item.full_clean()
        item.save()
    messages.success(request, _("El punto «%(title)s» se incluyó en el orden del día.") % {"title": item.title})
    return redirect(panel_url(session) + "#orden-del-dia")


@member_required
def correction_create(request, identifier):
    session = get_session(request, identifier)
    if not session.record_is_locked:
        messages.error(request, _("El acta de esta sesión aún no está aprobada: la secretaría técnica corrige el "
                                  "registro directamente."))
        return redirect(panel_url(session))
    form = CorrectionForm(request.POST or None, session=session,
                          initial={"agreement": request.GET.get("acuerdo")} if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        correction = form.save(commit=False)
        correction.proposed_by = request.account.institution
        try:
            correction.propose()
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            messages.success(request, _("Se registró la fe de erratas propuesta. Surte efecto cuando la apruebe un "
                                        "acuerdo de una sesión posterior."))
            return redirect(panel_url(session) + "#fe-de-erratas")
    return render(request, "sessions/panel/simple_form.html", {
        "session": session, "form": form, "title": _("Proponer una fe de erratas"),
        "intro": _("El acta de esta sesión ya está aprobada: sus acuerdos y su asistencia se corrigen solo con una "
                   "fe de erratas que explique el motivo y que apruebe un acuerdo de una sesión posterior."),
        "submit": _("Proponer la fe de erratas")})


@member_required
def approve_commitment(request, identifier):
    """From a commitment sent for approval: the sessions where its approving agreement can be recorded
    (held formal sessions of the STL with recorded quorum whose minutes are still open)."""
    from commitments.models import Commitment

    commitment = get_object_or_404(Commitment.objects.of_stl(request.account.stl).select_related(
        "lead_institution"), identifier=identifier)
    sessions = (Session.objects.of_stl(request.account.stl).formal()
                .filter(status=Session.Status.HELD, has_quorum=True)
                .exclude(minutes_status__in=[Session.MinutesStatus.APPROVED, Session.MinutesStatus.PUBLISHED])
                .select_related("body")[:20])
    return render(request, "sessions/panel/approve_commitment.html", {
        "commitment": commitment, "sessions": sessions, "can_record": is_secretariat(request.account)})
