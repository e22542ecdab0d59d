"""``{% unread_notifications as n %}``: the signed-in user's unread notifications, for the navigation."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import unread_count
from ..texts import sentence_html

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: Any) -> int:
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user)


register.filter("notification_sentence", sentence_html)
