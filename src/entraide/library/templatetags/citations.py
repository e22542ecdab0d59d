"""``{% cite text instrument %}``: a text with its citations of articles linked to the library.

``{% cite_articles instrument articles %}``: a list of articles ("18", "18(4)", or "18, 19") as
"art. 18, 18(4)", each linked. Both escape the text and read the library once per request
(:func:`entraide.library.citations.for_request`), however many texts a page cites.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..citations import for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def cite(context: template.Context, text: Any, instrument: str = "") -> SafeString:
    return for_request(context.get("request")).link(text, default=instrument or "")


@register.simple_tag(takes_context=True)
def cite_articles(context: template.Context, instrument: str, articles: Iterable[str] | str) -> SafeString:
    listed = articles if isinstance(articles, str) else ", ".join(str(a) for a in articles)
    if not listed.strip():
        return SafeString("")
    return for_request(context.get("request")).link(f"{_('art.')} {listed}", default=instrument or "")
