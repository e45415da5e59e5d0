"""Commitments in the member panel: list, draft, edit, send for approval, publish, withdraw, and the
milestones with their progress.

Every view finds the commitment among those of the account's STL (another STL's → 404) and, to
change it, asks ``Commitment.can_be_edited_by`` (same STL but not an editor → 403). The order of the
workflow lives in the model methods; these views only call them.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from workgroups.access import member_required, staff_required

from . import bulk
from .forms import (
    BulkProgressForm,
    CommitmentChangeForm,
    CommitmentFollowUpForm,
    CommitmentForm,
    MilestoneForm,
    MilestoneRowFormSet,
    ProgressForm,
    WithdrawForm,
)
from .models import Commitment, CommitmentChange, Milestone, MilestoneUpdate
from .views import completion_context


def commitments_of(account):
    return Commitment.objects.of_stl(account.stl).select_related(
        "plan", "axis", "axis__lead_institution", "lead_institution", "approved_by", "approved_by__session")


def _commitment(request, identifier, edit=False):
    commitment = get_object_or_404(commitments_of(request.account), identifier=identifier)
    if edit and not commitment.can_be_edited_by(request.account):
        raise PermissionDenied
    return commitment


def _milestone(request, identifier):
    milestone = get_object_or_404(
        Milestone.objects.select_related("commitment__plan", "commitment__axis")
        .filter(commitment__plan__stl=request.account.stl), identifier=identifier)
    if not milestone.commitment.can_be_edited_by(request.account):
        raise PermissionDenied
    return milestone


def _error_text(error):
    return " ".join(error.messages)


def _saved_before(model, form):
    """The record a previous submission of this same form created, if any."""
    token = form.cleaned_data.get("form_token") if hasattr(form, "cleaned_data") else None
    if token is None:
        token = form.data.get("form_token")
    try:
        return model.objects.filter(form_token=token).first() if token else None
    except ValidationError:
        return None


@member_required
def commitment_list(request):
    account = request.account
    commitments = list(commitments_of(account).order_by("axis__order", "title"))
    editable = set(Commitment.objects.editable_by(account).values_list("pk", flat=True))
    for commitment in commitments:
        commitment.editable = commitment.pk in editable
    return render(request, "commitments/panel/commitment_list.html", {
        "commitments": commitments, "account": account})


@member_required
def commitment_detail(request, identifier):
    commitment = get_object_or_404(
        commitments_of(request.account).prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.prefetch_related("updates"))),
        identifier=identifier)
    return render(request, "commitments/panel/commitment_detail.html", {
        "commitment": commitment, "can_edit": commitment.can_be_edited_by(request.account),
        "can_request_change": CommitmentChange.can_be_requested_by(commitment, request.account),
        "changes": commitment.changes.select_related("approved_by__session").order_by("-requested_at", "-id"),
        "withdraw_form": WithdrawForm(), **completion_context(commitment)})


@member_required
def commitment_create(request):
    account = request.account
    form = CommitmentForm(request.POST or None, account=account)
    if request.method == "POST":
        earlier = _saved_before(Commitment, form)
        if earlier is not None:
            messages.info(request, _("Ese borrador ya se había guardado."))
            return redirect("panel:commitment_detail", earlier.identifier)
        if form.is_valid():
            form.instance.form_token = form.cleaned_data["form_token"]
            try:
                with transaction.atomic():
                    commitment = form.save_checked()
            except IntegrityError:
                earlier = _saved_before(Commitment, form)
                if earlier is None:
                    raise
                commitment = earlier
            messages.success(request, _("Borrador guardado."))
            return redirect("panel:commitment_detail", commitment.identifier)
    return render(request, "commitments/panel/commitment_form.html", {"form": form, "creating": True})


@member_required
def commitment_edit(request, identifier):
    commitment = _commitment(request, identifier, edit=True)
    if commitment.is_open_draft:
        form_class, kwargs = CommitmentForm, {"account": request.account}
    elif commitment.status in (Commitment.Status.APPROVED, Commitment.Status.PUBLISHED):
        form_class, kwargs = CommitmentFollowUpForm, {}
    else:
        messages.error(request, _("Un compromiso enviado a aprobación no se edita; regréselo a "
                                  "borrador para cambiarlo."))
        return redirect("panel:commitment_detail", commitment.identifier)
    form = form_class(request.POST or None, instance=commitment, **kwargs)
    if request.method == "POST" and form.is_valid():
        saved = form.save_checked()
        if saved is not None:
            messages.success(request, _("Cambios guardados."))
            return redirect("panel:commitment_detail", saved.identifier)
    return render(request, "commitments/panel/commitment_form.html", {
        "form": form, "commitment": commitment, "creating": False})


def _workflow_step(request, identifier, step, done_message):
    commitment = _commitment(request, identifier, edit=True)
    try:
        step(commitment)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, done_message)
    return redirect("panel:commitment_detail", commitment.identifier)


@require_POST
@member_required
def commitment_submit(request, identifier):
    return _workflow_step(request, identifier, Commitment.submit,
                          _("Enviado a aprobación. Lo aprueba un acuerdo de sesión del secretariado."))


@require_POST
@member_required
def commitment_return_to_draft(request, identifier):
    return _workflow_step(request, identifier, Commitment.return_to_draft,
                          _("El compromiso regresó a borrador y puede editarse."))


@require_POST
@member_required
def commitment_publish(request, identifier):
    return _workflow_step(request, identifier, Commitment.publish, _("Compromiso publicado."))


@member_required
def commitment_withdraw(request, identifier):
    commitment = _commitment(request, identifier, edit=True)
    if request.method != "POST" and commitment.status != Commitment.Status.PUBLISHED:
        messages.error(request, _("Solo se retira un compromiso publicado."))
        return redirect("panel:commitment_detail", commitment.identifier)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            commitment.withdraw(form.cleaned_data["reason"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error("reason", error.error_dict.get("withdrawal_reason", error.messages))
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("El compromiso se retiró de la publicación."))
            return redirect("panel:commitment_detail", commitment.identifier)
    return render(request, "commitments/panel/commitment_withdraw.html", {
        "commitment": commitment, "form": form})


@member_required
def milestone_create(request, identifier):
    commitment = _commitment(request, identifier, edit=True)
    if not commitment.is_open_draft:
        messages.error(request, _("Los hitos se definen mientras el compromiso es un borrador."))
        return redirect("panel:commitment_detail", commitment.identifier)
    form = MilestoneForm(request.POST or None, commitment=commitment)
    if request.method == "POST":
        earlier = _saved_before(Milestone, form)
        if earlier is not None:
            messages.info(request, _("Ese hito ya se había guardado."))
            return redirect("panel:commitment_detail", commitment.identifier)
        if form.is_valid():
            form.instance.form_token = form.cleaned_data["form_token"]
            try:
                with transaction.atomic():
                    form.save_checked()
            except IntegrityError:
                if _saved_before(Milestone, form) is None:
                    form.add_error("order", _("Ya hay un hito con ese orden en el compromiso."))
                    return render(request, "commitments/panel/milestone_form.html", {
                        "form": form, "commitment": commitment})
            messages.success(request, _("Hito agregado."))
            return redirect("panel:commitment_detail", commitment.identifier)
    return render(request, "commitments/panel/milestone_form.html", {"form": form, "commitment": commitment})


@member_required
def milestone_edit(request, identifier):
    milestone = _milestone(request, identifier)
    commitment = milestone.commitment
    if not commitment.is_open_draft:
        messages.error(request, _("Los hitos se definen mientras el compromiso es un borrador; "
                                  "después se registra su avance."))
        return redirect("panel:commitment_detail", commitment.identifier)
    form = MilestoneForm(request.POST or None, instance=milestone, commitment=commitment)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = form.save_checked()
        except IntegrityError:
            form.add_error("order", _("Ya hay un hito con ese orden en el compromiso."))
            saved = None
        if saved is not None:
            messages.success(request, _("Hito guardado."))
            return redirect("panel:commitment_detail", commitment.identifier)
    return render(request, "commitments/panel/milestone_form.html", {
        "form": form, "commitment": commitment, "milestone": milestone})


@member_required
def milestone_progress(request, identifier):
    milestone = _milestone(request, identifier)
    commitment = milestone.commitment
    if commitment.status not in (Commitment.Status.APPROVED, Commitment.Status.PUBLISHED):
        messages.error(request, _("El avance se registra cuando el compromiso está aprobado."))
        return redirect("panel:commitment_detail", commitment.identifier)
    form = ProgressForm(request.POST or None, request.FILES or None, milestone=milestone)
    if request.method == "POST":
        earlier = _saved_before(MilestoneUpdate, form)
        if earlier is not None:
            messages.info(request, _("Ese avance ya se había registrado."))
            return redirect("panel:commitment_detail", commitment.identifier)
        if form.is_valid():
            update = form.save(commit=False)
            update.form_token = form.cleaned_data["form_token"]
            try:
                with transaction.atomic():
                    milestone.record_progress(update)
            except IntegrityError:
                if _saved_before(MilestoneUpdate, form) is None:
                    raise
            except ValidationError as error:
                form.add_error(None, error)
                return render(request, "commitments/panel/milestone_progress.html", {
                    "form": form, "commitment": commitment, "milestone": milestone})
            messages.success(request, _("Avance registrado."))
            return redirect("panel:commitment_detail", commitment.identifier)
    return render(request, "commitments/panel/milestone_progress.html", {
        "form": form, "commitment": commitment, "milestone": milestone})


# Changes to an approved commitment ------------------------------------------------------------


@member_required
def commitment_change_create(request, identifier):
    """Propose a change to an approved or published commitment: the lead institution or staff."""
    commitment = get_object_or_404(commitments_of(request.account), identifier=identifier)
    if not CommitmentChange.can_be_requested_by(commitment, request.account):
        raise PermissionDenied
    if not commitment.is_approved_state():
        messages.error(request, _("Solo se proponen cambios a un compromiso aprobado; un borrador se edita "
                                  "directamente."))
        return redirect("panel:commitment_detail", commitment.identifier)
    form = CommitmentChangeForm(request.POST or None, commitment=commitment)
    rows = MilestoneRowFormSet(request.POST or None, commitment=commitment, prefix="hitos")
    if request.method == "POST":
        earlier = _saved_before(CommitmentChange, form)
        if earlier is not None:
            messages.info(request, _("Ese cambio ya se había registrado."))
            return redirect("panel:commitment_change_detail", earlier.identifier)
        if form.is_valid() and rows.is_valid():
            change = form.build()
            items = rows.milestone_changes()
            if not change.changes_commitment and not items:
                form.add_error(None, _("No cambió nada: modifique la institución, las fechas o los hitos."))
            else:
                try:
                    with transaction.atomic():
                        change.full_clean()
                        change.save()
                        for item in items:
                            item.change = change
                            item.full_clean()
                            item.save()
                except ValidationError as error:
                    form.add_error(None, error)
                except IntegrityError:
                    earlier = _saved_before(CommitmentChange, form)
                    if earlier is None:
                        raise
                    change = earlier
                else:
                    messages.success(request, _("Cambio propuesto. Se aplica cuando lo apruebe un acuerdo de "
                                                "sesión del secretariado."))
                    return redirect("panel:commitment_change_detail", change.identifier)
    return render(request, "commitments/panel/commitment_change_form.html", {
        "commitment": commitment, "form": form, "rows": rows})


def _change(request, identifier):
    return get_object_or_404(
        CommitmentChange.objects.of_stl(request.account.stl).select_related(
            "commitment__plan", "commitment__lead_institution", "new_lead_institution", "old_lead_institution",
            "approved_by__session"), identifier=identifier)


@member_required
def commitment_change_detail(request, identifier):
    change = _change(request, identifier)
    return render(request, "commitments/panel/commitment_change_detail.html", {
        "change": change, "commitment": change.commitment,
        "items": change.milestone_changes.select_related("milestone"),
        "can_withdraw": CommitmentChange.can_be_requested_by(change.commitment, request.account)})


@require_POST
@member_required
def commitment_change_withdraw(request, identifier):
    change = _change(request, identifier)
    if not CommitmentChange.can_be_requested_by(change.commitment, request.account):
        raise PermissionDenied
    try:
        change.withdraw()
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("El cambio propuesto se retiró; el compromiso sigue como estaba."))
    return redirect("panel:commitment_change_detail", change.identifier)


# Progress of many milestones from a CSV file (staff) ------------------------------------------

BULK_SESSION_KEY = "bulk-progress"


@staff_required
def bulk_progress_template(request):
    response = HttpResponse(bulk.template_csv(request.account.stl), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="avance-de-hitos.csv"'
    return response


@staff_required
def bulk_progress(request):
    """Upload the filled template; a good file is shown as a preview, kept in the login session
    under a one-time key until it is confirmed."""
    form = BulkProgressForm(request.POST or None, request.FILES or None)
    rows, problems, key = None, [], None
    if request.method == "POST" and form.is_valid():
        try:
            rows = bulk.parse(form.cleaned_data["file"].read(), request.account.stl)
        except bulk.BulkRefused as refused:
            problems = refused.messages
        else:
            key = secrets.token_urlsafe(16)
            request.session[BULK_SESSION_KEY] = {"key": key, "rows": rows}
    return render(request, "commitments/panel/bulk_progress.html", {
        "form": form, "rows": rows, "problems": problems, "key": key,
        "open_count": bulk.open_milestones(request.account.stl).count()})


@require_POST
@staff_required
def bulk_progress_confirm(request):
    stored = request.session.get(BULK_SESSION_KEY) or {}
    if not stored or stored.get("key") != request.POST.get("key"):
        messages.info(request, _("Esa vista previa ya se guardó o ya no está disponible; suba el archivo de "
                                 "nuevo si falta algo."))
        return redirect("panel:bulk_progress")
    try:
        count = bulk.apply(stored["rows"], request.account.stl)
    except bulk.BulkRefused as refused:
        del request.session[BULK_SESSION_KEY]
        return render(request, "commitments/panel/bulk_progress.html", {
            "form": BulkProgressForm(), "rows": None, "problems": refused.messages, "key": None,
            "open_count": bulk.open_milestones(request.account.stl).count()})
    del request.session[BULK_SESSION_KEY]
    messages.success(request, ngettext("Se registró el avance de %(count)s hito.",
                                       "Se registró el avance de %(count)s hitos.", count) % {"count": count})
    return redirect("panel:bulk_progress")
