"""Staff may look up and erase an address on its owner's request; nobody edits these rows by hand
(they are the visitor's own requests), so the admin shows them read-only and keeps no history."""

from django.contrib import admin

from .models import Notice, Subscriber, Subscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    fields = ["stl", "axis", "commitment", "created_at", "confirmed_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdmin):
    list_display = ["email", "created_at", "confirmed_at", "last_digest_at"]
    list_filter = ["confirmed_at"]
    search_fields = ["email"]
    inlines = [SubscriptionInline]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "text"]
    list_filter = ["kind", "stl"]
    search_fields = ["text"]
