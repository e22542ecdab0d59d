"""The protocol's HTTP endpoints (docs/exchange.md): what peers call, not people.

No session and no CSRF token: every envelope, pull request and evidence is signed, and the signature
is what authenticates its node. An answer is JSON; a refused envelope is answered with a signed
rejection evidence, never an error page.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import services
from .envelope import Refused

MAX_SMALL_BODY = 1024 * 1024


def _read(request: HttpRequest, limit: int) -> bytes | None:
    """The body, or None when it is over ``limit`` (read no further than that)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    data = request.read(limit + 1)
    return None if len(data) > limit else data


@require_GET
def node(request: HttpRequest) -> JsonResponse:
    """This node's keys and hosted authorities, signed: what a peer's administrator compares."""
    return JsonResponse(services.node_document())


@csrf_exempt
@require_POST
def inbox(request: HttpRequest) -> JsonResponse:
    """Push: a peer posts an envelope; the answer carries the signed evidence of acceptance or refusal."""
    data = _read(request, settings.ENTRAIDE_EXCHANGE_MAX_BYTES)
    receipt = services.refuse_oversized() if data is None else services.inbox_receive(data)
    return JsonResponse({"evidence": receipt.evidence}, status=receipt.status)


@csrf_exempt
@require_POST
def outbox(request: HttpRequest) -> JsonResponse:
    """Pull: a peer that cannot be posted to fetches what we queued for it, with a signed request."""
    data = _read(request, MAX_SMALL_BODY)
    if data is None:
        return JsonResponse({"error": "request too large"}, status=413)
    try:
        return JsonResponse(services.pull_serve(data))
    except Refused as exc:
        return JsonResponse({"error": exc.reason}, status=403)


@csrf_exempt
@require_POST
def evidence(request: HttpRequest) -> HttpResponse:
    """A peer posts signed evidences about what we sent it (those it fetched, above all)."""
    data = _read(request, 10 * MAX_SMALL_BODY)
    if data is None:
        return JsonResponse({"error": "request too large"}, status=413)
    try:
        services.evidences_take(json.loads(data).get("evidences"))
        return HttpResponse(status=204)
    except (ValueError, AttributeError):
        return JsonResponse({"error": 'the body is {"evidences": [JWS, ...]}'}, status=400)
    except Refused as exc:
        return JsonResponse({"error": exc.reason}, status=400)
