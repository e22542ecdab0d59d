"""Reads of notifications, always through ``restrict(user)``: a user reads only their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from entraide.tenancy.policies import get_for_user

from .models import Notification

LIST_SIZE = 100


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's notifications, newest first, with what each is about (a fixed number of queries)."""
    return (
        Notification.objects.restrict(user)
        .select_related("request", "measure", "reminder__deadline")
        .order_by("-created_at", "-id")
    )


def unread_count(user: Any) -> int:
    return Notification.objects.restrict(user).filter(read_at__isnull=True).count()


def get_notification_for_user(user: Any, pk: int, action: str = "view") -> Notification:
    """One of the user's notifications: 404 for anyone else's."""
    return get_for_user(Notification.objects.select_related("request"), user, action, pk=pk)
