"""Reads of reference data, and code lookups with "did you mean" suggestions.

Reference data is not tenant data: every signed-in user may read all of it, so
these helpers take no user. The CLI of the legal-basis engine and the directory
print ``str(UnknownCode)`` as their one-line error::

    try:
        requested = resolve_jurisdiction(options["to"])
    except UnknownCode as exc:
        raise CommandError(str(exc))
    # unknown jurisdiction 'KNE'; did you mean KEN (Kenya)?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import TypeVar

from django.db.models import Case, Q, QuerySet, Value, When

from .choices import MODALITIES
from .models import Jurisdiction, Language, OffenceClass

_M = TypeVar("_M", Jurisdiction, Language, OffenceClass)

MAX_SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.6

# (code, label shown, keys compared as codes, keys compared as names)
_Entry = tuple[str, str, tuple[str, ...], tuple[str, ...]]


class UnknownCode(LookupError):
    """A code that names no reference record; carries close matches as ``(code, label)``."""

    def __init__(
        self, kind: str, value: str, suggestions: Sequence[tuple[str, str]] = (), *, choices: Sequence[str] = ()
    ) -> None:
        self.kind = kind
        self.value = value
        self.suggestions = list(suggestions)
        self.choices = list(choices)
        super().__init__(self.message())

    def message(self) -> str:
        text = f"unknown {self.kind} {self.value!r}"
        if self.suggestions:
            hints = ", ".join(f"{code} ({label})" if label else code for code, label in self.suggestions)
            text += f"; did you mean {hints}?"
        elif self.choices:
            text += f"; choose one of {', '.join(self.choices)}"
        return text

    def __str__(self) -> str:
        return self.message()


def _suggest(value: str, entries: Iterable[_Entry]) -> list[tuple[str, str]]:
    """Close matches of ``value`` among ``(code, label, code keys, name keys)``, best first.

    A code with the same letters in another order (a transposition, the usual typo
    in a code) scores highest; a name that starts with what was typed scores well.
    Only suggestions nearly as good as the best one are kept, at most three.
    """
    needle = value.strip().casefold()
    if not needle:
        return []
    scores: dict[str, tuple[float, str]] = {}
    for code, label, code_keys, name_keys in entries:
        best = 0.0
        for key in (k.casefold() for k in code_keys if k):
            if len(key) == len(needle) and sorted(key) == sorted(needle):
                best = max(best, 0.95)
            best = max(best, difflib.SequenceMatcher(None, needle, key).ratio())
        for key in (k.casefold() for k in name_keys if k):
            score = difflib.SequenceMatcher(None, needle, key).ratio()
            if len(needle) >= 3 and key.startswith(needle):
                score = max(score, 0.9)
            best = max(best, score)
        if best >= SUGGESTION_CUTOFF:
            scores[code] = (best, label)
    ranked = sorted(scores.items(), key=lambda item: (-item[1][0], item[0]))
    if not ranked:
        return []
    top = ranked[0][1][0]
    return [(code, label) for code, (score, label) in ranked if score >= top - 0.1][:MAX_SUGGESTIONS]


# --- jurisdictions -------------------------------------------------------------

_NAME_FIELDS = ("name_en", "name_fr", "name_es", "name_pt", "name_ar")
# Codes people type that ISO 3166 reserves for another use: suggested, never resolved.
_RESERVED_ALIASES = {"UK": "GBR"}


def jurisdictions() -> QuerySet[Jurisdiction]:
    """All jurisdictions, ordered by English name."""
    return Jurisdiction.objects.all()


def search_jurisdictions(
    query: str = "", kind: str = "", *, queryset: QuerySet[Jurisdiction] | None = None
) -> QuerySet[Jurisdiction]:
    """Jurisdictions matching ``query`` (code, alpha-2, part of a name), optionally of one kind.

    An exact code comes first: "KE" finds Kenya before Tokelau.
    """
    qs = jurisdictions() if queryset is None else queryset
    query = query.strip()
    if query:
        exact = Q(code__iexact=query) | Q(iso2__iexact=query)
        qs = _exact_first(qs.filter(jurisdiction_search_q(query)), exact, "name_en")
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def _exact_first(qs: QuerySet[_M], exact: Q, *then: str) -> QuerySet[_M]:
    return qs.order_by(Case(When(exact, then=Value(0)), default=Value(1)), *then)


def jurisdiction_search_q(query: str) -> Q:
    """The filter behind every jurisdiction search box: code, alpha-2 or part of a name."""
    query = query.strip()
    q = Q(code__iexact=query) | Q(iso2__iexact=query) | Q(formal_name_en__icontains=query)
    for field in _NAME_FIELDS:
        q |= Q(**{f"{field}__icontains": query})
    return q


def resolve_jurisdiction(value: str) -> Jurisdiction:
    """The jurisdiction with ISO alpha-3 (``code``) or alpha-2 ``value``, in any case.

    Raises :class:`UnknownCode` (kind ``"jurisdiction"``) with up to three close
    matches among codes and English names.
    """
    code = (value or "").strip().upper()
    field = "iso2" if len(code) == 2 else "code"
    found = Jurisdiction.objects.filter(**{field: code}).first() if code else None
    if found is not None:
        return found
    rows = Jurisdiction.objects.values_list("code", "iso2", "name_en")
    # Compare a two-letter value with alpha-2 codes, a three-letter one with alpha-3 codes.
    entries: list[_Entry] = [
        (a3, Jurisdiction(name_en=name).name, _code_keys(code, a3, i2), (name,)) for a3, i2, name in rows
    ]
    suggestions = _suggest(value or "", entries)
    alias = _RESERVED_ALIASES.get(code)
    if alias:
        suggestions = [(a3, label) for a3, label, *_ in entries if a3 == alias] + suggestions
    raise UnknownCode("jurisdiction", value, suggestions[:MAX_SUGGESTIONS])


def _code_keys(value: str, alpha3: str, alpha2: str) -> tuple[str, ...]:
    return {2: (alpha2,), 3: (alpha3,)}.get(len(value), (alpha3, alpha2))


def jurisdictions_for_choice() -> list[tuple[str, str]]:
    """``(code, "Name (CODE)")`` for every jurisdiction, sorted by name in the active language."""
    choices = [(j.code, f"{j.name} ({j.code})") for j in jurisdictions().only("code", *_NAME_FIELDS)]
    return sorted(choices, key=lambda choice: choice[1].casefold())


# --- offence classes -------------------------------------------------------------


def offence_classes() -> QuerySet[OffenceClass]:
    """All ICCS categories, in code order (which is tree order)."""
    return OffenceClass.objects.all()


def resolve_offence_class(value: str) -> OffenceClass:
    """The ICCS category with code ``value`` ("0903"; a leading "ICCS" is accepted).

    Raises :class:`UnknownCode` (kind ``"offence class"``) with close matches
    among codes and English labels.
    """
    code = (value or "").strip().upper().removeprefix("ICCS").strip()
    found = OffenceClass.objects.filter(code=code).first() if code else None
    if found is not None:
        return found
    rows = OffenceClass.objects.values_list("code", "name_en")
    entries: list[_Entry] = [(c, name, (c,), (name,)) for c, name in rows]
    raise UnknownCode("offence class", value, _suggest(value or "", entries))


def offence_class_tree() -> list[tuple[OffenceClass, list[OffenceClass]]]:
    """ICCS sections (level 1), each with its descendants in code order; two queries' worth."""
    sections: list[tuple[OffenceClass, list[OffenceClass]]] = []
    for offence in offence_classes():
        if offence.level == 1:
            sections.append((offence, []))
        elif sections:
            sections[-1][1].append(offence)
    return sections


# --- languages -------------------------------------------------------------------


def languages() -> QuerySet[Language]:
    """All ISO 639 languages, ordered by English name."""
    return Language.objects.all()


def language_search_q(query: str) -> Q:
    """The filter behind every language search box: ISO 639-3 or 639-1 code, or part of a name."""
    query = query.strip()
    q = Q(code__iexact=query) | Q(iso639_1__iexact=query)
    for field in _NAME_FIELDS:
        q |= Q(**{f"{field}__icontains": query})
    return q


def search_languages(query: str = "", *, queryset: QuerySet[Language] | None = None) -> QuerySet[Language]:
    """Languages matching ``query`` (ISO 639-3 or 639-1 code, part of a name); exact codes first."""
    qs = languages() if queryset is None else queryset
    query = query.strip()
    if query:
        exact = Q(code__iexact=query) | Q(iso639_1__iexact=query)
        qs = _exact_first(qs.filter(language_search_q(query)), exact, "name_en")
    return qs


def languages_for_choice() -> list[tuple[str, str]]:
    """``(ISO 639-3 code, name in the active language)``, sorted by that name."""
    return sorted(((lang.code, lang.name) for lang in languages()), key=lambda c: c[1].casefold())


def resolve_modality(value: str) -> str:
    """The modality code ``value`` (any case), or :class:`UnknownCode` with close matches."""
    code = (value or "").strip().lower()
    if code in MODALITIES:
        return code
    close = difflib.get_close_matches(code, MODALITIES, n=MAX_SUGGESTIONS, cutoff=0.5)
    raise UnknownCode("modality", value, [(c, "") for c in close], choices=MODALITIES)
