"""The authentication backend: allauth's, loading the user with their authority; demo accounts
(fictitious people whose passwords were printed) sign in only while the node runs in demo mode."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib.auth import get_user_model


class AuthenticationBackend(AllauthBackend):
    """Every page shows the user's authority: fetch it with the user, in one query."""

    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("authority").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO:
            return False
        return bool(super().user_can_authenticate(user))
