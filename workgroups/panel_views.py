"""Staff manage the accounts of their STL: list, create for a person or institution with a role,
deactivate (never delete, so the history keeps its authors)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import staff_required
from .forms import AccountCreateForm, SocialLinkFormSet, STLIdentityForm
from .models import Account, Body


@staff_required
def account_list(request):
    accounts = (Account.objects.filter(stl=request.account.stl)
                .select_related("user", "institution", "person").order_by("-user__is_active", "user__username"))
    return render(request, "workgroups/panel/account_list.html", {"accounts": accounts})


@staff_required
def account_create(request):
    form = AccountCreateForm(request.POST or None, stl=request.account.stl)
    if request.method == "POST" and form.is_valid():
        account = form.save()
        messages.success(request, _("Cuenta «%(name)s» creada.") % {"name": account.user.get_username()})
        return redirect("panel:account_list")
    return render(request, "workgroups/panel/account_form.html", {"form": form})


@staff_required
def stl_identity(request):
    """The STL's name, logo, colour, contact and social links, edited by its staff (history kept
    with the user). Nothing is saved unless the form and every social link are valid."""
    stl = Body.objects.get(pk=request.account.stl_id)
    form = STLIdentityForm(request.POST or None, request.FILES or None, instance=stl)
    links = SocialLinkFormSet(request.POST or None, instance=stl, prefix="redes")
    if request.method == "POST" and form.is_valid() and links.is_valid():
        with transaction.atomic():
            saved = form.save_checked()
            if saved is not None:
                links.save()
        if saved is not None:
            messages.success(request, _("Se guardó la identidad del secretariado."))
            return redirect("panel:stl_identity")
    return render(request, "workgroups/panel/stl_identity_form.html", {"form": form, "links": links, "stl": stl})


@require_POST
@staff_required
def account_deactivate(request, identifier):
    account = get_object_or_404(Account.objects.select_related("user"), identifier=identifier,
                                stl=request.account.stl)
    if account.pk == request.account.pk:
        messages.error(request, _("No puede desactivar su propia cuenta."))
    elif not account.user.is_active:
        messages.info(request, _("Esa cuenta ya estaba desactivada."))
    else:
        with transaction.atomic():
            account.deactivate()
        messages.success(request, _("Cuenta «%(name)s» desactivada: sus sesiones abiertas dejan de "
                                    "funcionar.") % {"name": account.user.get_username()})
    return redirect("panel:account_list")
