"""The languages a library version may be in: ISO 639-1 codes, named in the reader's language (CLDR)."""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from django.conf import settings

from entraide.core.i18n import active_language

# The interface's languages come first in a list of languages.
FIRST = [code.split("-")[0] for code, _name in settings.LANGUAGES]


@cache
def _names(locale: str) -> dict[str, str]:
    try:
        names = Locale.parse(locale).languages
    except (UnknownLocaleError, ValueError):
        names = Locale("en").languages
    return {code: name for code, name in names.items() if len(code) == 2 and code.isalpha()}


CODES = frozenset(_names("en"))


def is_language(code: str) -> bool:
    return code in CODES


def language_name(code: str) -> str:
    """The language's name in the reader's language ("French", "français"), or its code."""
    return _names(active_language()).get(code) or _names("en").get(code) or code


def language_choices() -> list[tuple[str, str]]:
    """Every ISO 639-1 language, the interface's first, then by name in the reader's language."""
    names = _names(active_language())
    english = _names("en")
    others = sorted((c for c in CODES if c not in FIRST), key=lambda c: (names.get(c) or english[c]).casefold())
    return [(code, names.get(code) or english[code]) for code in [*FIRST, *others]]
