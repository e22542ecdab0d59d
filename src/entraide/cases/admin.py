"""Admin: reminder policies are edited here; requests are shown read-only (their services
are the only way to change them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import ReminderPolicy, Request, TimelineEntry


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    """Days without an answer per counterpart, per authority."""

    list_display = ["authority", "counterpart", "days_without_answer"]
    list_filter = ["authority"]


class TimelineInline(admin.TabularInline):
    """The timeline, read-only."""

    model = TimelineEntry
    fields = ("at", "old_status", "new_status", "actor_label", "reason")
    readonly_fields = ("at", "old_status", "new_status", "actor_label", "reason")
    extra = 0
    can_delete = False


@admin.register(Request)
class RequestAdmin(admin.ModelAdmin):
    """Requests, read-only: only the services change them."""

    list_display = ["our_reference", "authority", "direction", "modality", "status", "created_at"]
    list_filter = ["direction", "modality", "status"]
    search_fields = ["our_reference", "their_reference", "title"]
    inlines = [TimelineInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
