"""The shipped treaty texts, by article: every article has its own address.

``library:instrument`` shows an instrument's whole text, each article anchored ``art-<number>``
and each numbered paragraph ``art-<number>-<paragraph>``. ``library:article`` is the address a
citation links to: it answers 302 to the article's anchor on that page (to the paragraph's when
one is cited, ``?paragraph=15`` or ``18(15)`` in the address, and the text has it). Treaty texts
are public: anyone may read them, signed in or not. A text or an article the library does not
hold answers a 404 page that says so.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import selectors
from ..citations import PARAGRAPH_KEY, instrument_code, landing, paragraphs, parse_reference

MAX_CODE = 60


def _code(code: str) -> str:
    """The code as the library spells it; "" for one it cannot hold (too long, control characters)."""
    code = instrument_code(code).upper()
    if len(code) > MAX_CODE or not code.isprintable():
        return ""
    return code


def _missing(request: HttpRequest, code: str, number: str = "", *, has_text: bool = False) -> HttpResponse:
    shown = "".join(ch for ch in code if ch.isprintable())[:MAX_CODE]
    context = {"code": shown, "number": "".join(ch for ch in number if ch.isprintable())[:20], "has_text": has_text}
    return render(request, "library/instrument_missing.html", context, status=404)


@require_GET
def instrument_text(request: HttpRequest, code: str) -> HttpResponse:
    """An instrument's text: its title, source and licence, preamble, contents and every article."""
    wanted = _code(code)
    document = selectors.treaty_text(request.user, wanted) if wanted else None
    version = selectors.version_for(document) if document is not None else None
    if document is None or version is None:
        return _missing(request, code)
    sections = list(selectors.articles(version))
    context = {
        "document": document,
        "version": version,
        "preamble": [s for s in sections if not s.number],
        "articles": [(s, paragraphs(s.number, s.text)) for s in sections if s.number],
    }
    return render(request, "library/instrument.html", context)


@require_GET
def article(request: HttpRequest, code: str, number: str) -> HttpResponse:
    """Where a citation lands: 302 to the article on its instrument's page, at the paragraph cited."""
    wanted = _code(code)
    reference = parse_reference(wanted, number) if wanted and number.isprintable() else None
    section = selectors.article(request.user, wanted, reference.article) if reference is not None else None
    if reference is None or section is None:
        has_text = bool(wanted) and selectors.treaty_text(request.user, wanted) is not None
        return _missing(request, wanted if has_text else code, number, has_text=has_text)
    paragraph = request.GET.get("paragraph", "").strip().lower() or reference.paragraph
    if not PARAGRAPH_KEY.match(paragraph):
        paragraph = ""
    target = landing(section.number, section.text, paragraph)
    return redirect(f"{reverse('library:instrument', args=[wanted])}#{target}")
