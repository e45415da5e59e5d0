from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from stl_portal import admin_onboarding, health
from workgroups.throttling import AdminLoginForm

admin.site.site_header = _("Administración del Portal STL")
admin.site.site_title = _("Portal STL")
admin.site.index_title = _("Registros")
admin.site.login_form = AdminLoginForm  # refuses over-long user names before the login throttle

urlpatterns = [
    path("admin/alta-secretariado/", admin.site.admin_view(admin_onboarding.onboard_view), name="admin_onboard_stl"),
    path("admin/", admin.site.urls),
    path("cuentas/", include("workgroups.account_urls")),
    path("panel/", include("stl_portal.panel_urls")),
    path("informes/", include("reports.urls")),
    path("salud/", health.health, name="health"),
    path("consultas/", include("cocreation.participation_urls")),
    path("avisos/", include("alerts.urls")),
    path("", include("stl_portal.public_urls")),
]

# An unhandled database outage answers the 503 page; any other failure the plain 500 page.
handler500 = "stl_portal.middleware.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    from stl_portal import site

    # Every component of the design system (docs/design.md); a developer's tool, never in production.
    urlpatterns.insert(0, path("diseno/", site.design_system, name="design_system"))

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
