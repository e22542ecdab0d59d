"""REST API plumbing shared by every app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .middleware import mfa_required_but_missing

if TYPE_CHECKING:  # rest_framework.views imports this module through its settings
    from rest_framework.request import Request
    from rest_framework.views import APIView


class IsVerifiedUser(permissions.BasePermission):
    """Signed in, with an authority, and past MFA where it is required."""

    message = _("Authentication with two factors is required.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not user or not user.is_authenticated or not getattr(user, "authority_id", None):
            return False
        return not mfa_required_but_missing(user)
