from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionPlan,
    Axis,
    Commitment,
    CommitmentChange,
    Milestone,
    MilestoneChange,
    MilestoneUpdate,
    RoutePhase,
)


class RoutePhaseInline(admin.TabularInline):
    model = RoutePhase
    extra = 0
    fields = ["order", "name", "planned_start", "planned_start_certainty", "planned_end", "planned_end_certainty",
              "actual_start", "actual_end", "status"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["order", "title", "start_date", "start_date_certainty", "end_date", "end_date_certainty",
              "completion_percent"]


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["name", "stl", "start_year", "end_year", "status"]
    list_filter = ["status", "stl"]
    search_fields = ["name", "description"]
    raw_id_fields = ["approved_by", "route_approved_by"]
    inlines = [RoutePhaseInline]


@admin.register(RoutePhase)
class RoutePhaseAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "planned_start", "planned_end", "actual_start", "actual_end", "status"]
    list_filter = ["status", "plan"]
    search_fields = ["name", "description"]


@admin.register(Axis)
class AxisAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "lead_institution", "status"]
    list_filter = ["status", "lead_institution", "plan"]
    search_fields = ["name", "description"]
    raw_id_fields = ["approved_by"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "axis", "kind", "status", "lead_institution", "completion", "is_example"]
    list_filter = ["status", "kind", "completion", "is_example", "axis", "lead_institution"]
    search_fields = ["title", "public_problem", "objective", "identifier"]
    raw_id_fields = ["approved_by"]
    inlines = [MilestoneInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "commitment", "end_date", "completion_percent"]
    search_fields = ["title", "description", "commitment__title"]


@admin.register(MilestoneUpdate)
class MilestoneUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["milestone", "date", "completion_percent"]
    search_fields = ["note", "milestone__title"]


class MilestoneChangeInline(admin.TabularInline):
    model = MilestoneChange
    extra = 0
    fields = ["action", "milestone", "order", "title", "start_date", "end_date"]
    raw_id_fields = ["milestone"]


@admin.register(CommitmentChange)
class CommitmentChangeAdmin(SimpleHistoryAdmin):
    """Approving applies the change: do it by recording the agreement in the panel, not here."""

    list_display = ["__str__", "status", "requested_at", "approved_by", "applied_at"]
    list_filter = ["status"]
    search_fields = ["justification", "commitment__title", "identifier"]
    raw_id_fields = ["commitment", "approved_by", "new_lead_institution"]
    readonly_fields = ["status", "approved_by", "applied_at"]
    inlines = [MilestoneChangeInline]


@admin.register(MilestoneChange)
class MilestoneChangeAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "change", "action", "order"]
    list_filter = ["action"]
    search_fields = ["title", "description", "change__commitment__title"]
    raw_id_fields = ["change", "milestone"]
