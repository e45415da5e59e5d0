"""Who may do what: the checks every member-facing view calls on the server, object by object.

Roles come from ``Account.role``: a member acts for an institution within one STL; the facilitator
and staff act on everything of their STL; staff also export reports and manage accounts; Django
superusers are the administrators. Nobody touches another STL's records.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .models import Account


def account_for(user):
    """The active account of a logged-in user, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return Account.objects.select_related("stl", "institution", "person").get(user=user)
    except Account.DoesNotExist:
        return None


def require_account(request):
    account = account_for(request.user)
    if account is None:
        raise PermissionDenied
    return account


def member_required(view):
    """Logged in (else the login page) and holding an account of an STL (else 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.account = require_account(request)
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    """Logged in and staff of an STL (or an administrator with an account), else 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        account = require_account(request)
        if account.role != Account.Role.STAFF and not request.user.is_superuser:
            raise PermissionDenied
        request.account = account
        return view(request, *args, **kwargs)

    return wrapper


def same_stl(account, stl):
    """Raise PermissionDenied unless ``stl`` is the account's STL."""
    if stl is None or account.stl_id != stl.pk:
        raise PermissionDenied


def is_secretariat(account):
    """The technical secretariat of the STL: its staff and its facilitator (and administrators).
    They record sessions, attendance, agreements and minutes; the rules are in docs/permissions.md."""
    if account is None:
        return False
    return (account.role in (Account.Role.STAFF, Account.Role.FACILITATOR)
            or getattr(account.user, "is_superuser", False))


def secretariat_required(view):
    """Logged in and of the technical secretariat of an STL (staff or facilitator), else 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        account = require_account(request)
        if not is_secretariat(account):
            raise PermissionDenied
        request.account = account
        return view(request, *args, **kwargs)

    return wrapper


def require_secretariat(account):
    """Raise PermissionDenied unless the account is of the technical secretariat. Views look the
    record up first, so another STL's record is a 404 before the role is even asked."""
    if not is_secretariat(account):
        raise PermissionDenied
