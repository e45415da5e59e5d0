from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    Agreement,
    Attendance,
    Correction,
    Document,
    DocumentVersion,
    MinutesRemark,
    Session,
    Vote,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "title", "description"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["seat", "status", "person", "institution", "note"]


class VoteInline(admin.TabularInline):
    model = Vote
    extra = 0
    fields = ["seat", "option", "person"]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "kind", "number", "date", "modality", "status", "is_public"]
    list_filter = ["kind", "modality", "status", "is_public", "body", "year"]
    search_fields = ["title", "summary", "place", "identifier"]
    date_hierarchy = "date"
    inlines = [AgendaItemInline, AttendanceInline]
    readonly_fields = ["quorum_present", "quorum_required", "has_quorum", "announced_at",
                       "minutes_circulated_at", "minutes_published_at", "minutes_pdf"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "session"]
    search_fields = ["title", "description"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "session", "seat", "status"]
    list_filter = ["status"]
    search_fields = ["person__name", "institution__name"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "session", "result", "unanimous"]
    list_filter = ["result", "unanimous", "session__body"]
    search_fields = ["code", "title", "text", "identifier"]
    inlines = [VoteInline]


@admin.register(Vote)
class VoteAdmin(SimpleHistoryAdmin):
    list_display = ["agreement", "seat", "option"]
    list_filter = ["option"]
    search_fields = ["agreement__code"]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "date", "date_certainty", "status", "file", "approved_by", "drafted_in"]
    raw_id_fields = ["approved_by", "drafted_in"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "body"]
    list_filter = ["kind", "body"]
    search_fields = ["title", "description", "identifier"]
    inlines = [DocumentVersionInline]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "status", "date", "approved_by"]
    list_filter = ["status"]
    search_fields = ["document__title", "notes"]
    raw_id_fields = ["approved_by", "drafted_in"]


@admin.register(MinutesRemark)
class MinutesRemarkAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "session", "institution"]
    search_fields = ["text", "identifier"]


@admin.register(Correction)
class CorrectionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "session", "kind", "status", "approved_by"]
    list_filter = ["kind", "status"]
    search_fields = ["reason", "corrected_text", "identifier"]
