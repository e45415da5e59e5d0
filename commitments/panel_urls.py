"""Member panel routes of the commitments app (included by stl_portal.panel_urls, namespace panel)."""

urlpatterns = []
