"""Login and logout (issue 3 adds throttling, password change and the Spanish pages around them)."""

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path("entrar/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
]
