"""The outbox of the user's authority (failures first, each can be sent again) and the node's log of
refused envelopes."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from entraide.tenancy.policies import can, get_for_user, require_role

from .. import services
from ..forms import FAILURES, OutboxFilterForm
from ..models import Message, Rejection

PAGE_SIZE = 50
# A message is failing when it went nowhere: dead, refused by the other side, or waiting after a failed try.
FAILING = Q(state__in=[Message.State.DEAD, Message.State.NOT_DELIVERED]) | Q(state=Message.State.QUEUED, attempts__gt=0)


@login_required
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Message)
    form = OutboxFilterForm(request.GET or None)
    state = form.cleaned_data["state"] if form.is_valid() else ""
    rows = Message.objects.restrict(request.user).filter(direction=Message.Direction.OUT).exclude(type="evidence")
    if state == FAILURES:
        rows = rows.filter(FAILING)
    elif state:
        rows = rows.filter(state=state)
    failing_first = Case(When(FAILING, then=Value(0)), default=Value(1), output_field=IntegerField())
    rows = rows.select_related("conversation__request", "conversation__remote_authority").order_by(
        failing_first, "-created_at", "-pk"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "exchange/outbox.html",
        {
            "form": form,
            "page": page,
            "may_retry": can(request.user, "retry", Message),
            "may_oversee": can(request.user, "view", Rejection),
            "query": urlencode({"state": state}) if state else "",
        },
    )


@login_required
@require_POST
def message_retry(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_for_user(Message.objects.select_related("conversation", "peer"), request.user, "retry", pk=pk)
    try:
        services.message_retry(actor=request.user, message=message)
    except services.ExchangeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The message will be sent again."))
    request_id = message.conversation.request_id
    if request.POST.get("back") == "conversation" and request_id is not None:
        return redirect("exchange:conversation", pk=request_id)
    return redirect("exchange:messages")


@login_required
@require_GET
def rejections(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Rejection)
    page = Paginator(Rejection.objects.restrict(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "exchange/rejections.html", {"page": page})
