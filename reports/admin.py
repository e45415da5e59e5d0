from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ProgrammeActivity, ReportFile, ReportText


@admin.register(ProgrammeActivity)
class ProgrammeActivityAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "institution", "year", "unit"]
    list_filter = ["year", "institution"]
    search_fields = ["code", "name", "unit"]


@admin.register(ReportText)
class ReportTextAdmin(SimpleHistoryAdmin):
    list_display = ["institution", "stl", "start_date", "end_date"]
    list_filter = ["institution", "stl"]
    search_fields = ["opening", "closing"]


@admin.register(ReportFile)
class ReportFileAdmin(admin.ModelAdmin):
    """Read-only: each PDF request is its own log (who asked, when, what came of it)."""

    list_display = ["kind", "institution", "commitment", "plan", "stl", "start_date", "end_date", "internal", "status",
                     "requested_by", "requested_at"]
    list_filter = ["kind", "internal", "status", "stl", "institution"]
    search_fields = ["filename", "fingerprint", "institution__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
