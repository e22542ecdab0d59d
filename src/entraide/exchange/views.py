"""Pages of the exchange: the node's keys and peers, the outbox, a request's conversation."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from entraide.tenancy.policies import require_role

from .models import Peer


def overview(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Peer)
    return render(request, "exchange/overview.html", {})
