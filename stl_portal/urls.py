from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Administración del Portal STL")
admin.site.site_title = _("Portal STL")
admin.site.index_title = _("Registros")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("cuentas/", include("workgroups.account_urls")),
    path("panel/", include("stl_portal.panel_urls")),
    path("informes/", include("reports.urls")),
    path("", include("stl_portal.public_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
