from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Account, Body, Institution, Membership, Person, Seat, SocialLink, StlHost


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    fields = ["order", "label", "role", "counts_for_quorum", "identifier"]


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "kind", "stl", "key", "identifier"]
    list_filter = ["kind", "stl"]
    search_fields = ["name", "acronym", "identifier", "key"]


class SocialLinkInline(admin.TabularInline):
    model = SocialLink
    extra = 0
    fields = ["order", "network", "url"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent", "jurisdiction", "state", "identifier"]
    list_filter = ["kind", "jurisdiction"]
    search_fields = ["name", "short_name", "identifier"]
    inlines = [SeatInline, SocialLinkInline]
    fieldsets = [
        (None, {"fields": ["kind", "name", "short_name", "jurisdiction", "state", "parent", "description", "identifier",
                           "article", "gender"]}),
        (_("Sesiones"), {"fields": ["quorum_seats", "session_numbering", "session_prefix", "notice_days",
                                    "notice_days_extraordinary"]}),
        (_("Identidad del secretariado (portal público, canales, calendarios y PDF)"), {
            "fields": ["logo", "accent", "contact_email", "contact_phone", "contact_address"],
            "description": _("Solo para un secretariado; las redes sociales se agregan abajo."),
        }),
    ]


@admin.register(SocialLink)
class SocialLinkAdmin(SimpleHistoryAdmin):
    list_display = ["stl", "network", "url", "order"]
    list_filter = ["network", "stl"]
    search_fields = ["url", "stl__name", "stl__short_name"]


@admin.register(Seat)
class SeatAdmin(SimpleHistoryAdmin):
    list_display = ["label", "body", "role", "counts_for_quorum", "order"]
    list_filter = ["role", "counts_for_quorum", "body"]
    search_fields = ["label", "identifier"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "institution", "stl", "key", "identifier"]
    list_filter = ["stl", "institution"]
    search_fields = ["name", "email", "identifier", "key"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "seat", "institution", "role", "start_date", "end_date"]
    list_filter = ["role", "body", "institution"]
    search_fields = ["person__name", "institution__name", "institution__acronym", "label"]
    autocomplete_fields = ["person", "institution"]


@admin.register(Account)
class AccountAdmin(SimpleHistoryAdmin):
    list_display = ["user", "stl", "institution", "role"]
    list_filter = ["role", "stl", "institution"]
    search_fields = ["user__username", "user__email", "person__name"]
    raw_id_fields = ["user"]


@admin.register(StlHost)
class StlHostAdmin(SimpleHistoryAdmin):
    """Host names that open one STL's own site at the plain addresses (issue 15)."""

    list_display = ["host", "stl"]
    list_filter = ["stl"]
    search_fields = ["host", "stl__name", "stl__short_name"]
    fields = ["host", "stl", "identifier"]
