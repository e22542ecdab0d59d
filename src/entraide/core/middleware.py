"""Session expiry and the MFA requirement."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

LOGIN_AT = "entraide_login_at"
SEEN_AT = "entraide_seen_at"
MFA_OK = "entraide_mfa_ok"


# Room for a form's other fields beside the largest accepted file.
FORM_SLACK_BYTES = 1024 * 1024


class RequestSizeMiddleware:
    """Refuse (413) a body larger than the largest upload, from its Content-Length, before anything
    reads it: a 400 MB POST is answered at once instead of being taken in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.ENTRAIDE_UPLOAD_MAX_BYTES
        if request.path.startswith("/exchange/v1/"):
            # The exchange's own endpoints answer an oversized envelope with a signed rejection.
            return self.get_response(request)
        if length > limit + FORM_SLACK_BYTES:
            message = _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return render(request, "errors/413.html", {"message": message}, status=413)
        return self.get_response(request)


class NoStoreMiddleware:
    """Answers to a signed-in user, and every API answer, are not kept by the browser or any cache
    on the way (``Cache-Control: no-store``): a shared computer's back button or a proxy must not
    show a request's personal data to the next person."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            add_never_cache_headers(response)
        return response


class SessionExpiryMiddleware:
    """Absolute expiry: a session ends a fixed time after login, however active.

    Idle expiry is Django's own (SESSION_COOKIE_AGE from the last save): the session is
    saved when a request comes more than SESSION_RENEW_SECONDS after the last renewal, so
    it ends between SESSION_IDLE_SECONDS - SESSION_RENEW_SECONDS and SESSION_IDLE_SECONDS
    after the last request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(LOGIN_AT, now)
            if now - int(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
                return redirect(settings.LOGIN_URL)
            if now - int(request.session.get(SEEN_AT, 0)) >= settings.SESSION_RENEW_SECONDS:
                request.session[SEEN_AT] = now  # modified: saved, with a new expiry
        return self.get_response(request)


def mfa_required_but_missing(user: Any) -> bool:
    """True when MFA is required for ``user`` and they have no TOTP authenticator yet. Demo
    accounts are exempt in demo mode only (outside it they cannot sign in at all: accounts.backends)."""
    if not settings.REQUIRE_MFA or not user.is_authenticated:
        return False
    if settings.DEMO and getattr(user, "is_demo", False):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    """When MFA is required, a user without TOTP may only set it up (demo accounts excepted)."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/favicon.ico")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and not request.session.get(MFA_OK)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            if not mfa_required_but_missing(request.user):
                request.session[MFA_OK] = True
            elif request.path.startswith("/api/"):  # a client of the API gets an answer it can read
                return JsonResponse({"detail": _("Authentication with two factors is required.")}, status=403)
            else:
                messages.warning(
                    request, _("Two-factor authentication is required. Set up an authenticator app to continue.")
                )
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def forget_mfa_check(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    """An authenticator was removed: check again at the next request (allauth's signal)."""
    session = getattr(request, "session", None)
    if session is not None:
        session.pop(MFA_OK, None)
