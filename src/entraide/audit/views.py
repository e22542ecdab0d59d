"""The audit trail of my authority, for auditors and administrators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from entraide.tenancy.policies import require_role

from . import display
from .forms import AuditFilterForm
from .models import AuditEvent
from .selectors import audit_events_for_user, get_audit_event_for_user


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, AuditEvent, "view")
    form = AuditFilterForm(request.GET or None, viewer=request.user)
    valid = form.is_valid() if form.is_bound else True
    events = form.apply(audit_events_for_user(request.user)) if form.is_bound else audit_events_for_user(request.user)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "rows": display.present(page, request.user), "form": form, "query": query.urlencode()}
    return render(request, "audit/event_list.html", context, status=200 if valid else 400)


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_audit_event_for_user(request.user, pk)
    (row,) = display.present([event], request.user)
    return render(request, "audit/event_detail.html", {"event": event, "row": row})
