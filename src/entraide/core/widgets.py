"""Form widgets shared by the apps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms


class MarkedOptionsSelect(forms.Select):
    """A select whose options may carry attributes of their own: ``option_attrs`` maps an option's
    value to its attributes, e.g. ``{"lang": "en"}`` on a label that exists in English only, so a
    screen reader reads it in English and the page says it is not a translation left undone."""

    def __init__(self, attrs: dict[str, Any] | None = None, option_attrs: Mapping[str, dict[str, str]] | None = None):
        super().__init__(attrs)
        self.option_attrs = dict(option_attrs or {})

    def create_option(
        self, name: str, value: Any, label: Any, selected: Any, index: int, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, *args, **kwargs)
        option["attrs"].update(self.option_attrs.get(str(value), {}))
        return option


class AutonymSelect(forms.Select):
    """A choice of languages, each named in itself ("Français", "العربية"): every option says its
    language (its value, a language code), so it is read, and checked, as that language."""

    def create_option(
        self, name: str, value: Any, label: Any, selected: Any, index: int, *args: Any, **kwargs: Any
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = str(value)
        return option
