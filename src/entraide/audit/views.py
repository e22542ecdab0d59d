"""The audit trail of my authority, for auditors and administrators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from entraide.tenancy.policies import require_role

from .models import AuditEvent
from .selectors import audit_events_for_user, get_audit_event_for_user


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, AuditEvent, "view")
    events = audit_events_for_user(request.user)
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"page": page, "action": action})


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_audit_event_for_user(request.user, pk)
    return render(request, "audit/event_detail.html", {"event": event})
