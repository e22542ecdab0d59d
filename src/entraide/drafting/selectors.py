"""Reads of the request writer, every one through the policy of the data it reads."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from entraide.cases.lifecycle import Direction, Status
from entraide.cases.models import Request
from entraide.reference.models import Language
from entraide.tenancy.policies import TenantQuerySet

from .checks import Subject, subject_of
from .models import Translation


def review_queue(user: Any) -> TenantQuerySet[Request]:
    """Outgoing requests awaiting approval in the user's authority, longest waiting first."""
    return (
        Request.objects.restrict(user, "approve")
        .filter(direction=Direction.OUTGOING, status=Status.IN_REVIEW)
        .select_related("requested_jurisdiction", "created_by")
        .order_by("-urgent", "status_changed_at", "pk")
    )


def translations_for(user: Any, request: Request) -> QuerySet[Translation]:
    return (
        Translation.objects.restrict(user)
        .filter(request=request)
        .select_related("language", "document", "translated")
        .order_by("language__name_en", "pk")
    )


def languages_needed(request: Request) -> tuple[Subject, list[Language]]:
    """The requested State's accepted languages we do not write in (empty when unknown or shared)."""
    subject = subject_of(request)
    if subject.accepted_languages is None:
        return subject, []
    ours = {language.pk for language in subject.our_languages}
    if ours & {language.pk for language in subject.accepted_languages}:
        return subject, []
    return subject, subject.accepted_languages


def languages() -> QuerySet[Language]:
    return Language.objects.order_by("name_en")
