"""django-allauth and django-axes hooks."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Administrators create accounts; nobody signs themselves up."""
        return False


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The login name axes counts failures against (allauth passes ``email``)."""
    credentials = credentials or {}
    for key in ("email", "login", "username"):
        if credentials.get(key):
            return str(credentials[key]).strip().lower()
    return str(request.POST.get("login", "")).strip().lower() if request.method == "POST" else ""
