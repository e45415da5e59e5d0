"""Throttled password guessing (django-axes), configured at the end of settings.py.

Axes counts failed logins per user name and per address; after ``AXES_FAILURE_LIMIT`` of either,
every login for that name or from that address is refused until ``AXES_COOLOFF_TIME`` passes, even
with the right password. These hooks make it fit the portal: the client's address comes from
REMOTE_ADDR unless the deployment declares trusted proxies, and the refusal is the Spanish login
page itself (status 429), not an English text.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.shortcuts import render
from django.utils.translation import gettext as _


class UsernameLengthMixin:
    """A user name longer than the field holds is refused by the form, before ``authenticate()``:
    Axes would otherwise try to store the failed attempt with it (a 500 on PostgreSQL). Django's
    form sets the field's ``max_length`` after building it, so the length was never checked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = self.fields["username"].max_length
        self.fields["username"].validators.append(MaxLengthValidator(limit, message=_(
            "El nombre de usuario tiene como máximo %(limit_value)d caracteres.")))


class LoginForm(UsernameLengthMixin, AuthenticationForm):
    pass


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    pass


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Axes' check, for logins that come with a web request.

    Without a request there is no address to count (a management command, the test client's
    ``login()``); those calls go straight to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The address that failed logins are counted against.

    X-Forwarded-For is written by whoever sends the request, so it is read only when
    ``STL_TRUSTED_PROXIES`` (the number of our own proxies in front of the portal) is set; then the
    address is the one the outermost trusted proxy saw, counted from the right.
    """
    proxies = getattr(settings, "STL_TRUSTED_PROXIES", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def cooloff_minutes():
    cooloff = settings.AXES_COOLOFF_TIME
    return max(1, int(cooloff.total_seconds() // 60)) if cooloff else None


def lockout_message():
    return _("Demasiados intentos fallidos de inicio de sesión con esta cuenta o desde esta "
                "dirección. Por seguridad, el acceso queda bloqueado durante %(minutes)s minutos, "
                "aunque la contraseña sea correcta. Espere y vuelva a intentarlo.") % {"minutes": cooloff_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the reason in Spanish and HTTP 429."""
    form = LoginForm(request, initial={"username": (credentials or {}).get("username", "")})
    message = lockout_message()
    return render(request, "registration/login.html",
                  {"form": form, "locked_out": True, "lockout_message": message,
                   "next": request.POST.get("next", "")},
                  status=429)


class LoginView(auth_views.LoginView):
    """Django's login; when this address is locked, the page says so before anyone types."""

    template_name = "registration/login.html"
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET" and settings.AXES_ENABLED and AxesProxyHandler.is_locked(self.request):
            context.update(locked_out=True, lockout_message=lockout_message())
        return context
