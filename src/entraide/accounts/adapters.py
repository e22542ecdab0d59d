"""django-allauth and django-axes hooks."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Administrators create accounts; nobody signs themselves up."""
        return False

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        """Outside demo mode a demo account (a fictitious person whose password was printed) does
        not sign in: it is answered as a wrong password, and counted as one."""
        user = super().authenticate(request, **credentials)
        if user is not None and getattr(user, "is_demo", False) and not settings.DEMO:
            return None
        return user


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The login name axes counts failures against (allauth passes ``email``)."""
    credentials = credentials or {}
    for key in ("email", "login", "username"):
        if credentials.get(key):
            return str(credentials[key]).strip().lower()
    return str(request.POST.get("login", "")).strip().lower() if request.method == "POST" else ""
