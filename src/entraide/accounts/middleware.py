"""Answer a check refused by its rate limit with 429, the time to wait, and an audit event."""

from __future__ import annotations

import math
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from . import throttle


class ThrottleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, throttle.Throttled):
            return None
        throttle.refused(exception)
        response = TemplateResponse(
            request,
            "accounts/throttled.html",
            {"minutes": max(1, math.ceil(exception.wait / 60))},
            status=429,
        )
        response["Retry-After"] = str(exception.wait)
        return response.render()
