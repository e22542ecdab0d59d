"""Bootstrap classes on form widgets, so forms render the same everywhere."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

CHECKS = {"checkbox", "radio", "checkboxselectmultiple", "radioselect"}


@register.filter
def bootstrap(field: BoundField) -> SafeString:
    """Render the widget with Bootstrap's class for its kind, marked invalid when it has errors."""
    kind = field.widget_type
    if kind in CHECKS:
        css = "form-check-input"
    elif kind in {"select", "selectmultiple", "nullbooleanselect"}:
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = field.field.widget.attrs.get("class", "")
    attrs: dict[str, str | bool] = {"class": f"{existing} {css}".strip()}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_check(field: BoundField) -> bool:
    return field.widget_type in CHECKS
