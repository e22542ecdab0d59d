"""Reads of the audit log, always through restrict(user)."""

from __future__ import annotations

from typing import Any

from entraide.tenancy.policies import TenantQuerySet, get_for_user

from .models import AuditEvent


def audit_events_for_user(user: Any) -> TenantQuerySet[AuditEvent]:
    return AuditEvent.objects.restrict(user, "view").select_related("actor")


def get_audit_event_for_user(user: Any, pk: int) -> AuditEvent:
    return get_for_user(AuditEvent.objects.all(), user, "view", pk=pk)
