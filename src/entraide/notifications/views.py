"""Pages: my notifications (open one, mark read, mark all read) and my preferences."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entraide.cases.errors import CaseValidationError
from entraide.tenancy.policies import can

from . import selectors, services
from .forms import PreferencesForm
from .models import Kind, MailLanguage


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.notifications_for(request.user)[: selectors.LIST_SIZE])
    unread = sum(1 for row in rows if row.read_at is None)
    return render(request, "notifications/list.html", {"rows": rows, "unread": unread})


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification marks it read and goes to what it is about."""
    notification = selectors.get_notification_for_user(request.user, pk, "change")
    services.notification_read(actor=request.user, notification=notification)  # type: ignore[arg-type]
    if can(request.user, "view", notification.request):
        return redirect("cases:request-detail", pk=notification.request_id)
    # A measure assigned to an authority that does not execute the whole request: its list of work.
    return redirect("cases:dashboard")


@login_required
@require_POST
def notification_mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.get_notification_for_user(request.user, pk, "change")
    services.notification_read(actor=request.user, notification=notification)  # type: ignore[arg-type]
    return redirect("notifications:list")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_read_all(actor=request.user)  # type: ignore[arg-type]
    if count:
        messages.success(request, _("All your notifications are marked read."))
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    current = services.preference
    chosen = services.preferences_of([user.pk])
    values = {kind: current(chosen, user.pk, kind) for kind in Kind.values}
    language = MailLanguage.objects.restrict(user).values_list("language", flat=True).first() or get_language()
    form = PreferencesForm(request.POST or None, current=values, initial={"language": language})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.preferences_set(actor=user, choices=form.choices(), language=form.cleaned_data["language"])
            except CaseValidationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your notification preferences are saved."))
                return redirect("notifications:preferences")
        return render(request, "notifications/preferences.html", {"form": form}, status=400)
    return render(request, "notifications/preferences.html", {"form": form})
