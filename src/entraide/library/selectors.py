"""Reads of the library, always through ``restrict(user)``: a document another authority keeps
private is never returned, counted or shown."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from entraide.core.i18n import active_language
from entraide.reference.models import Jurisdiction
from entraide.tenancy.policies import found_for_user

from .models import Document, Section, Version

# Full-text search of what the user may see, with facets and marked passages (see :mod:`.search`).
from .search import Filters
from .search import search as search


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


def citable_articles() -> set[tuple[str, str]]:
    """(instrument code, article number) of every article of a shipped text that anyone may read:
    what a citation may link to. One query."""
    return set(
        Section.objects.restrict(AnonymousUser())
        .filter(version__document__key__startswith="treaty-text:")
        .exclude(number="")
        .values_list("version__document__instrument_code", "number")
        .distinct()
    )


def country_notes_for_user(user: Any) -> QuerySet[Document]:
    """The country notes the user may see (their authority's, and those shared with the node),
    with each version's sections."""
    return (
        documents_for_user(user)
        .filter(kind=Document.Kind.COUNTRY_NOTE)
        .prefetch_related(Prefetch("versions__sections", queryset=Section.objects.order_by("position")))
    )


def country_notes(user: Any, jurisdiction: Jurisdiction) -> list[Document]:
    """The notes on ``jurisdiction`` the user may see: their authority's own first, then the others,
    most recently updated first. Another authority's private note is never among them."""
    notes = country_notes_for_user(user).filter(jurisdiction=jurisdiction)
    own = getattr(user, "authority_id", None)
    by_date = sorted(notes, key=lambda note: note.updated_at, reverse=True)
    return sorted(by_date, key=lambda note: note.authority_id != own)


def own_country_note(user: Any, jurisdiction: Jurisdiction) -> Document | None:
    """The note the user's authority keeps on ``jurisdiction``, if it has one."""
    authority_id = getattr(user, "authority_id", None)
    if authority_id is None:
        return None
    return (
        country_notes_for_user(user).filter(jurisdiction=jurisdiction, authority_id=authority_id).order_by("pk").first()
    )


def country_note_texts(version: Version) -> tuple[str, str]:
    """A note version's requirements (its first section) and practical tips (the rest)."""
    texts = [section.text for section in version.sections.all()]
    return (texts[0] if texts else "", "\n\n".join(texts[1:]))


def documents_about(user: Any, jurisdiction: Jurisdiction, limit: int = 50) -> list[Document]:
    """The library's other documents about ``jurisdiction`` (laws, guides, case law, forms) that the
    user may see, by kind and newest first, at most ``limit``."""
    return list(
        documents_for_user(user)
        .filter(jurisdiction=jurisdiction)
        .exclude(kind=Document.Kind.COUNTRY_NOTE)
        .order_by("kind", "-date", "-pk")[:limit]
    )


def instrument_codes(user: Any) -> list[str]:
    """The instrument codes of the documents the user may see (the shipped treaty texts' among them),
    offered when a document names its instrument."""
    return list(
        Document.objects.restrict(user)
        .exclude(instrument_code="")
        .order_by("instrument_code")
        .values_list("instrument_code", flat=True)
        .distinct()
    )


def browse(user: Any, filters: Filters) -> QuerySet[Document]:
    """The documents the user may see under ``filters`` (what the library shows before any search),
    most recently changed first. The shipped treaty texts are listed apart, unless asked for."""
    documents = documents_for_user(user).filter(filters.q(document="", version="versions__"))
    if not (filters.kind or filters.instrument):
        documents = documents.exclude(key__startswith="treaty-text:")
    return documents.distinct().order_by("-updated_at", "-pk")


def treaty_texts(user: Any) -> list[tuple[str, str]]:
    """(instrument code, title) of every shipped treaty text, by code."""
    rows = (
        Version.objects.restrict(user)
        .filter(document__key__startswith="treaty-text:", language="en")
        .order_by("document__instrument_code")
        .values_list("document__instrument_code", "title")
    )
    return list(rows)
