"""The shell: home page, health check, error pages."""

from __future__ import annotations

import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .home import queues_for
from .params import refused_input


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The user's day: their work queues with counts (the apps above add them), their authority and role."""
    user = request.user
    return render(
        request,
        "core/home.html",
        {
            "authority": user.authority,  # type: ignore[union-attr]
            "now": timezone.now(),
            "queues": queues_for(user),
        },
    )


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask /favicon.ico whatever the page says: answer with the SVG icon."""
    return HttpResponsePermanentRedirect(static("entraide/favicon.svg"))


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _api(request: HttpRequest) -> bool:
    """A client of the API reads JSON, also when the refusal comes before any API view ran (a path
    that matches no URL, a body too large, a handler of Django's)."""
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": _("You do not have permission to perform this action.")}, status=403)
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "errors/404.html", status=404)


def database_busy(exc: BaseException | None) -> bool:
    """SQLite's one writer was held past the connection's timeout ("database is locked"; "database
    table is locked" on a shared-cache database, such as the test suite's in-memory one)."""
    message = str(exc).lower()
    return (
        isinstance(exc, OperationalError)
        and connection.vendor == "sqlite"
        and ("database is locked" in message or "database table is locked" in message)
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """Django calls this with the exception being handled: input the database driver cannot bind is
    the client's error (400); SQLite busy past its timeout is a 503 to try again, not a failure."""
    exc = sys.exc_info()[1]
    api = _api(request)
    reason = refused_input(exc)
    if reason is not None:
        if api:
            return JsonResponse({"detail": reason}, status=400)
        return render(request, "errors/400.html", {"message": reason}, status=400)
    if database_busy(exc):
        message = _("The database is busy with another change. Try again in a few seconds.")
        response = (
            JsonResponse({"detail": message}, status=503)
            if api
            else render(request, "errors/503.html", {"message": message}, status=503)
        )
        response["Retry-After"] = str(settings.ENTRAIDE_BUSY_RETRY_AFTER)
        return response
    if api:
        return JsonResponse({"detail": _("Server error. It has been logged.")}, status=500)
    return render(request, "errors/500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)
