"""Reference data in the admin: searchable, filterable, editable by administrators.

Each save or deletion is audit-logged in the admin's own transaction. Note that
``entraide load-reference`` puts a record back to its file's values: lasting
corrections belong in the files under data/.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from entraide.audit.services import record

from .models import Jurisdiction, Language, OffenceClass


class AuditedReferenceAdmin(admin.ModelAdmin):
    """Writes ``<model>.created`` / ``.changed`` / ``.deleted`` audit events."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = "changed" if change else "created"
        fields = sorted(form.changed_data) if form is not None else []
        record(request.user, f"{obj._meta.model_name}.{action}", obj, detail={"fields": fields})

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record(request.user, f"{obj._meta.model_name}.deleted", obj, detail={"code": obj.code})
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            record(request.user, f"{obj._meta.model_name}.deleted", obj, detail={"code": obj.code})
        super().delete_queryset(request, queryset)


@admin.register(Jurisdiction)
class JurisdictionAdmin(AuditedReferenceAdmin):
    list_display = ["code", "iso2", "name_en", "name_fr", "kind", "is_iso", "as_at"]
    list_filter = ["kind", "is_iso", "as_at"]
    search_fields = [
        "code",
        "iso2",
        "iso_numeric",
        "name_en",
        "name_fr",
        "name_es",
        "name_pt",
        "name_ar",
        "formal_name_en",
    ]
    ordering = ["name_en"]


@admin.register(Language)
class LanguageAdmin(AuditedReferenceAdmin):
    list_display = ["code", "iso639_1", "iso639_2b", "name_en", "name_fr", "as_at"]
    list_filter = ["as_at"]
    search_fields = [
        "code",
        "iso639_1",
        "iso639_2b",
        "name_en",
        "name_fr",
        "name_es",
        "name_pt",
        "name_ar",
    ]


@admin.register(OffenceClass)
class OffenceClassAdmin(AuditedReferenceAdmin):
    list_display = ["code", "level", "name_en", "name_es", "parent", "as_at"]
    list_filter = ["level", "as_at"]
    search_fields = ["code", "name_en", "name_es", "name_fr"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
