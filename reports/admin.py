from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ProgrammeActivity, ReportText


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
