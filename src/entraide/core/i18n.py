"""The active interface language, and fields kept once per language (``name_en``, ``name_fr``…)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def active_language() -> str:
    """The base language code of the request ("pt" for "pt-pt"), English outside a request."""
    return (get_language() or "en").split("-")[0]


def localized(obj: Any, field: str) -> str:
    """``obj.<field>_<language>`` in the active language, or the English one where that is empty."""
    return getattr(obj, f"{field}_{active_language()}", "") or getattr(obj, f"{field}_en", "")


def localized_language(obj: Any, field: str) -> str:
    """The language ``localized(obj, field)`` answers in: the active one, or "en" where it fell back,
    for the ``lang`` attribute of the element that shows it."""
    language = active_language()
    return language if getattr(obj, f"{field}_{language}", "") else "en"
