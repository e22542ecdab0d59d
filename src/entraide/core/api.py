"""REST API plumbing shared by every app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, permissions, views
from rest_framework.exceptions import ParseError
from rest_framework.response import Response

from .middleware import mfa_required_but_missing
from .params import refused_input

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


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a body nested past Python's recursion limit answered 400, not 500."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - the document is nested too deeply.")) from None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler; and input the database driver cannot bind (see ``refused_input``) is the
    client's error, answered 400."""
    reason = refused_input(exc)
    if reason is not None:
        return Response({"detail": reason}, status=400)
    return views.exception_handler(exc, context)
