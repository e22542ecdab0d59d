"""The placeholders an authority's letter template may use, and the check that refuses any other."""

from __future__ import annotations

import string

from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = {
    "authority": _("our authority"),
    "our_reference": _("our reference"),
    "their_reference": _("their reference"),
    "national_case_number": _("national case number"),
    "date": _("the date of the letter"),
    "title": _("the request's title"),
    "requesting_state": _("the requesting State"),
    "requested_state": _("the requested State"),
    "requested_authority": _("the requested authority"),
    "officer": _("the officer in charge"),
}


class TemplateError(ValueError):
    """A template names a placeholder that does not exist, or is not a valid template."""


def check(text: str) -> None:
    """Refuse a text whose placeholders are not all known: ``{name}`` only, no attribute or format."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise TemplateError(
            _("The template is not valid (%(error)s); write a literal brace as {{ or }}.") % {"error": exc}
        ) from exc
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            raise TemplateError(
                _("Unknown placeholder {%(name)s}; known: %(known)s.")
                % {"name": name, "known": ", ".join("{" + k + "}" for k in PLACEHOLDERS)}
            )


def fill(text: str, values: dict[str, str]) -> str:
    """Fill a checked template (values are data: they are never parsed as templates themselves)."""
    return text.format_map({k: values.get(k, "") for k in PLACEHOLDERS})
