"""``{% can "change" note as may_edit %}``: the one permission question, asked in a template."""

from __future__ import annotations

from typing import Any

from django import template

from entraide.tenancy import policies

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, action: str, target: Any) -> bool:
    """``policies.can`` for the signed-in user; ``target`` is an object or a model label ("cases.request")."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return user is not None and policies.can(user, action, target)
