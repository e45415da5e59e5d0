from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("confirmar/<str:token>/", views.confirm_subscription, name="confirm"),
    path("baja/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
