"""Admin for treaty data: every save goes through the services (audit, data version)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from . import services
from .models import BilateralTreaty, Declaration, Instrument, Participation

# URLs typed without a scheme are https:// (Django 6's default, chosen now).
HTTPS_URLS: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["code", "reference", "kind", "entry_into_force", "eif_rule", "parties_known", "as_at"]
    list_filter = ["kind", "parties_known"]
    search_fields = ["code", "reference", "title_en"]

    def save_model(self, request: HttpRequest, obj: Instrument, form: Any, change: bool) -> None:
        services.instrument_save(actor=request.user, instrument=obj)


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["instrument", "jurisdiction", "kind", "signed_on", "deposited_on", "in_force_on", "as_at"]
    list_filter = ["instrument", "kind"]
    search_fields = ["jurisdiction__code", "jurisdiction__name_en", "name_in_source"]
    raw_id_fields = ["jurisdiction"]

    def save_model(self, request: HttpRequest, obj: Participation, form: Any, change: bool) -> None:
        services.participation_save(actor=request.user, participation=obj)


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["participation", "kind", "articles", "as_at"]
    list_filter = ["kind", "participation__instrument"]
    raw_id_fields = ["participation"]

    def save_model(self, request: HttpRequest, obj: Declaration, form: Any, change: bool) -> None:
        services.declaration_save(actor=request.user, declaration=obj)


@admin.register(BilateralTreaty)
class BilateralTreatyAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["code", "first", "second", "modality", "in_force_on", "terminated_on", "as_at"]
    list_filter = ["modality"]
    raw_id_fields = ["first", "second"]

    def save_model(self, request: HttpRequest, obj: BilateralTreaty, form: Any, change: bool) -> None:
        services.bilateral_treaty_save(actor=request.user, treaty=obj)
