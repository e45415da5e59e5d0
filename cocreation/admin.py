from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assessment, Consultation, Input


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "stl", "subject", "opens_on", "closes_on", "published_at"]
    list_filter = ["subject", "stl"]
    search_fields = ["title", "description", "question"]
    raw_id_fields = ["plan", "commitment", "document_version", "working_table"]


@admin.register(Input)
class InputAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "consultation", "kind", "submitted_at", "confirmed_at", "moderation", "response"]
    list_filter = ["kind", "moderation", "response"]
    search_fields = ["author_name", "comment", "problem", "solution"]
    raw_id_fields = ["consultation", "resulting_commitment"]
    exclude = ["email"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["commitment", "stage", "assessed_on", "potential_impact", "completion", "starred"]
    list_filter = ["stage", "potential_impact", "completion", "starred"]
    search_fields = ["commitment__title", "assessor", "explanation"]
    raw_id_fields = ["commitment"]
