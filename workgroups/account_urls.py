"""Login, logout, password change and invitations, in Spanish (mounted at /cuentas/).

Guessing is throttled by django-axes (settings, ``workgroups/throttling.py``). Django's ``login()``
gives the session a new key, and changing the password ends every other session of the account.
"""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .throttling import LoginView

urlpatterns = [
    path("entrar/", LoginView.as_view(), name="login"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("contrasena/", auth_views.PasswordChangeView.as_view(
        template_name="registration/password_change_form.html",
        success_url=reverse_lazy("password_change_done")), name="password_change"),
    path("contrasena/lista/", auth_views.PasswordChangeDoneView.as_view(
        template_name="registration/password_change_done.html"), name="password_change_done"),
    # The one-time link of an invitation (workgroups/onboarding.py): choose a password, then log in.
    path("invitacion/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="registration/invitation_form.html",
        success_url=reverse_lazy("account_invitation_done")), name="account_invitation"),
    path("invitacion/lista/", auth_views.PasswordResetCompleteView.as_view(
        template_name="registration/invitation_done.html"), name="account_invitation_done"),
]
