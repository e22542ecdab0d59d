"""``{% finding_message finding %}``: a quality finding's message as safe HTML, its citations linked
to the library and its detail (the request's own words: an offence's provision, a person's name)
in ``<bdi>``, data in whatever language and direction it was typed, apart from the rule's words."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString

from entraide.library.citations import for_request

from ..checks import Finding

register = template.Library()


@register.simple_tag(takes_context=True)
def finding_message(context: template.Context, finding: Finding, links: bool = True) -> SafeString:
    """``links=False`` where a link cannot go (inside a form field's label): the text, escaped."""
    citations = for_request(context.get("request"))
    instrument = finding.rule.source_instrument or ""

    def text(part: str) -> SafeString:
        return citations.link(part, default=instrument) if links else conditional_escape(part)

    before, detail, after = finding.message_parts
    if not detail:
        return text(before)
    return format_html("{}<bdi>{}</bdi>{}", text(before), detail, text(after))
