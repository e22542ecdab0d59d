"""The directory in the admin: administrators edit authorities, contact points, networks and memberships.

Django's admin keeps its own history (LogEntry); every save and deletion also goes
through the directory's services, which write our audit log in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from entraide.tenancy.models import Authority
from entraide.tenancy.policies import can

from . import services
from .models import ContactPoint, Designation, Membership, Network, NetworkRole, NetworkSource

_SAVERS = {
    Authority: lambda actor, obj, changed: services.authority_save(actor=actor, authority=obj, changed=changed),
    Designation: lambda actor, obj, changed: services.designation_save(actor=actor, designation=obj, changed=changed),
    ContactPoint: lambda actor, obj, changed: services.contact_point_save(
        actor=actor, contact_point=obj, changed=changed
    ),
    Network: lambda actor, obj, changed: services.network_save(actor=actor, network=obj, changed=changed),
    Membership: lambda actor, obj, changed: services.membership_save(actor=actor, membership=obj, changed=changed),
}


def _is_directory_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and (can(user, "change", Authority) or user.is_superuser))


class AdministratorsOnly:
    """Administrators (the role) edit the directory, whatever Django's model permissions say."""

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_directory_admin(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _is_directory_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_directory_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_directory_admin(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_directory_admin(request)


class DirectoryAdmin(AdministratorsOnly, admin.ModelAdmin):
    """Saves through the services (audit-logged); only administrators may change anything."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        changed = sorted(form.changed_data) if form is not None else []
        saver = _SAVERS.get(type(obj))
        if saver is None:
            super().save_model(request, obj, form, change)
            return
        saver(request.user, obj, changed)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.directory_object_delete(actor=request.user, obj=obj)
        for obj in instances:
            saver = _SAVERS.get(type(obj))
            if saver is None:
                obj.save()
            else:
                saver(request.user, obj, [])
        formset.save_m2m()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.directory_object_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            services.directory_object_delete(actor=request.user, obj=obj)


class DesignationInline(AdministratorsOnly, admin.TabularInline):
    model = Designation
    extra = 0


class NetworkRoleInline(AdministratorsOnly, admin.TabularInline):
    model = NetworkRole
    extra = 0
    autocomplete_fields = ["network"]


class MembershipInline(AdministratorsOnly, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["jurisdiction", "role", "status", "since", "until", "name_in_source", "note"]
    autocomplete_fields = ["jurisdiction"]


class NetworkSourceInline(AdministratorsOnly, admin.TabularInline):
    model = NetworkSource
    extra = 0


@admin.register(Authority)
class AuthorityAdmin(DirectoryAdmin):
    list_display = ["name", "jurisdiction", "kind", "last_verified_on", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "jurisdiction__code", "jurisdiction__name_en", "email"]
    autocomplete_fields = ["jurisdiction"]
    filter_horizontal = ["languages"]
    inlines = [DesignationInline]
    # An authority's own settings have their pages and audited services (four eyes, statistics).
    exclude = ["four_eyes_relaxed", "statistics_threshold"]


@admin.register(ContactPoint)
class ContactPointAdmin(DirectoryAdmin):
    list_display = ["name", "authority", "is_function", "available_24_7", "last_verified_on", "is_demo"]
    list_filter = ["is_function", "is_demo"]
    search_fields = ["name", "title", "email", "authority__name"]
    autocomplete_fields = ["authority"]
    filter_horizontal = ["languages"]
    inlines = [NetworkRoleInline]


@admin.register(Network)
class NetworkAdmin(DirectoryAdmin):
    list_display = ["code", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name_en", "name_fr", "name_es"]
    filter_horizontal = ["languages"]
    inlines = [NetworkSourceInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(DirectoryAdmin):
    list_display = ["network", "jurisdiction", "role", "status", "since", "until"]
    list_filter = ["network", "role", "status"]
    search_fields = ["jurisdiction__code", "jurisdiction__name_en", "name_in_source"]
    autocomplete_fields = ["jurisdiction"]
    filter_horizontal = ["sources"]
