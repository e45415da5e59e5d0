"""What belongs to the site rather than to a record: the web app manifest and, while debugging, the
page that shows every component of the design system (docs/design.md)."""

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _

from commitments.models import Commitment
from core.charts import Bar, progress_bars
from core.icons import PATHS
from sessions.models import Session


def manifest(request):
    """The web app manifest: a phone can keep the portal on its home screen with its name and icon."""
    data = {
        "name": settings.PORTAL_NAME,
        "short_name": _("Portal STL"),
        "description": _("Seguimiento público del Secretariado Técnico Local de Gobierno Abierto."),
        "lang": "es-MX",
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#073f56",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False, indent=1),
                        content_type="application/manifest+json; charset=utf-8")


def design_system(request):
    """Every component of the design system on one page, to look at while changing the stylesheet.
    Served only while debugging (DJANGO_DEBUG=1): it is a tool, not a page of the portal."""
    if not settings.DEBUG:
        raise Http404
    return render(request, "public/design.html", {
        "icons": sorted(PATHS),
        "levels": Commitment.Completion.choices,
        "states": [("draft", _("Borrador")), ("sent", _("Enviado a aprobación")), ("approved", _("Aprobado")),
                   ("published", _("Publicado")), ("withdrawn", _("Retirado de la publicación"))],
        "lights": [("on_time", _("A tiempo")), ("at_risk", _("En riesgo")), ("late", _("Atrasado")),
                   ("done", _("Concluido"))],
        "session_states": Session.Status.choices,
        "swatches": ["ink", "muted", "soft", "line", "brand", "brand-dark", "brand-tint", "accent", "ok", "warn",
                     "bad", "focus"],
        "type_steps": [("-1", "t--1"), ("0", "t-0"), ("1", "t-1"), ("2", "t-2"), ("3", "t-3")],
        "spaces": ["1", "2", "3", "4", "5", "6", "7"],
        "chart": progress_bars([Bar("Fortalecimiento de la Democracia", 43), Bar("Cultura de Gobierno Abierto", 83),
                                Bar("Eje sin hitos", None)], "Avance por eje (ejemplo)", "chart-demo"),
    })
