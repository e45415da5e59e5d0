"""Member panel routes of the sessions app (included by stl_portal.panel_urls, namespace panel)."""

urlpatterns = []
