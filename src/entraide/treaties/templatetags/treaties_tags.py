from __future__ import annotations

from typing import Any

from django import template

from ..said import render, render_stored

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``{{ mapping|get_item:key }}``: a dictionary lookup with a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def said(value: Any) -> str:
    """``{{ reason|said }}``: a sentence of the engine in the reader's language, dates in the reader's format."""
    return render(value)


@register.filter
def said_list(option: dict[str, Any] | None, kind: str) -> list[str]:
    """``{% for c in stored_option|said_list:"conditions" %}``: the sentences of an option kept in the
    database (a chosen legal basis), said again in the reader's language where the option kept their
    messages, else as they were stored."""
    return render_stored(option or {}, kind) if isinstance(option, dict) else []
