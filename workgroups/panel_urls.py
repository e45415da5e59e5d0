"""Member panel routes of the workgroups app (included by stl_portal.panel_urls, namespace panel)."""

urlpatterns = []
