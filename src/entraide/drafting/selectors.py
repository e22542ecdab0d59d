"""Reads of the request writer, every one through the policy of the data it reads."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from entraide.cases import queues
from entraide.cases.models import Request
from entraide.reference.models import Language
from entraide.tenancy.policies import TenantQuerySet

from .checks import Subject, subject_of
from .models import LETTER_LANGUAGES, GeneratedLetter, Translation


def review_queue(user: Any) -> TenantQuerySet[Request]:
    """Outgoing requests awaiting approval in the user's authority, longest waiting first."""
    return queues.awaiting_approval(user)


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


def letters_for(user: Any, request: Request) -> list[GeneratedLetter]:
    """The request's generated letters with their latest version; outdated when the request changed since."""
    rows = list(
        GeneratedLetter.objects.restrict(user)
        .filter(request=request)
        .select_related("document")
        .prefetch_related("document__versions")
    )
    for row in rows:
        versions = sorted(row.document.versions.all(), key=lambda v: v.number)
        row.latest = versions[-1] if versions else None  # type: ignore[attr-defined]
        row.outdated = request.updated_at > row.generated_at  # type: ignore[attr-defined]
    return rows


def _letter_language(languages: Any) -> str:
    for language in languages:
        if language.iso639_1 in LETTER_LANGUAGES:
            return str(language.iso639_1)
    return ""


def our_letter_language(request: Request) -> str:
    return _letter_language(request.authority.languages.all()) or "en"


def their_letter_language(request: Request) -> str:
    """The requested State's first accepted language we can write a letter in ("" when none or unknown)."""
    subject = subject_of(request)
    theirs = _letter_language(subject.accepted_languages or [])
    return "" if theirs == our_letter_language(request) else theirs
