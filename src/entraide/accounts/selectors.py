"""Reads of users, always through restrict(user)."""

from __future__ import annotations

from typing import Any

from entraide.tenancy.policies import TenantQuerySet, get_for_user

from .models import User


def users_for_user(user: Any) -> TenantQuerySet[User]:
    return User.objects.restrict(user, "view").select_related("authority")


def get_user_for_user(user: Any, pk: int, action: str = "view") -> User:
    return get_for_user(User.objects.get_queryset(), user, action, pk=pk)
