"""Reads of the library, always through ``restrict(user)``: a document another authority keeps
private is never returned, counted or shown."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from entraide.core.i18n import active_language
from entraide.tenancy.policies import found_for_user

from . import search as _search
from .models import Document, Section, Version
from .search import Result


def documents_for_user(user: Any, action: str = "view") -> QuerySet[Document]:
    return (
        Document.objects.restrict(user, action)
        .select_related("jurisdiction", "authority")
        .prefetch_related(Prefetch("versions", queryset=Version.objects.order_by("language")))
    )


def get_document_for_user(user: Any, pk: int, action: str = "view") -> Document:
    """One document the user may see (404 otherwise; 403 if the role may not ``action`` it)."""
    return found_for_user(documents_for_user(user).filter(pk=pk)[:1], user, Document, action)


def version_for(document: Document, language: str | None = None) -> Version | None:
    """The document's version in ``language`` (the reader's by default), else in English, else the first."""
    versions = list(document.versions.all())
    wanted = (language or active_language()).split("-")[0]
    for code in (wanted, "en"):
        for version in versions:
            if version.language == code:
                return version
    return versions[0] if versions else None


def treaty_text(user: Any, instrument_code: str) -> Document | None:
    """The shipped text of an instrument, if it is loaded and the user may see it."""
    return documents_for_user(user).filter(key=f"treaty-text:{instrument_code}").first()


def articles(version: Version) -> QuerySet[Section]:
    """The version's sections in order (for a treaty text, the preamble then each article)."""
    return version.sections.order_by("position")


def article(user: Any, instrument_code: str, number: str) -> Section | None:
    """Article ``number`` of an instrument's shipped text, in the reader's language where the library
    has it, else in English; None if the text or the article is not there."""
    document = treaty_text(user, instrument_code)
    version = version_for(document) if document else None
    if version is None:
        return None
    return version.sections.filter(number=number.strip().lower()).first()


def search(
    user: Any,
    query: str,
    *,
    jurisdiction: str | None = None,
    instrument: str | None = None,
    kind: str | None = None,
    language: str | None = None,
    year: str | int | None = None,
    page: int = 1,
) -> Result:
    """Full-text search of the sections the user may see, with facets and marked passages (see
    :mod:`.search`); unknown filter values raise :class:`.search.UnknownFilters`."""
    return _search.search(
        user,
        query,
        jurisdiction=jurisdiction,
        instrument=instrument,
        kind=kind,
        language=language,
        year=year,
        page=page,
    )
