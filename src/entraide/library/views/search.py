"""The library's home: one search box, facets that narrow the results, marked passages.

Anyone may search: a visitor who is not signed in finds the public documents (the shipped
treaty texts); a member finds what their authority keeps and what other authorities share."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from entraide.audit.services import record_shown
from entraide.core.i18n import active_language
from entraide.core.params import whole_number
from entraide.tenancy.policies import can

from .. import selectors
from ..models import Document
from ..search import FACETS, PAGE_SIZE, UnknownFilters


def _link(params: dict[str, str], **changes: str) -> str:
    """The query string of this search with ``changes`` (an empty value removes a filter), page 1."""
    merged = {**params, **changes}
    return urlencode({name: value for name, value in merged.items() if value and name != "page"})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:500]
    raw = {name: request.GET.get(name, "") for name in FACETS}
    errors: list[str] = []
    page = 1
    if request.GET.get("page"):
        found = whole_number(request.GET["page"])
        if found:
            page = found
        else:
            errors.append(_("%(value)r is not a page number.") % {"value": request.GET["page"]})
    result = None
    if not errors:
        try:
            result = selectors.search(request.user, q, **{n: v or None for n, v in raw.items()}, page=page)
        except UnknownFilters as exc:
            errors += list(exc.unknown.values())
    # Before any search (an empty box), the library lists what the filters keep: the documents,
    # newest first, and the shipped treaty texts.
    browsing = result is not None and not q.strip()
    listed = None
    if browsing and result is not None:
        listed = Paginator(selectors.browse(request.user, result.filters), PAGE_SIZE).get_page(page)
    if request.user.is_authenticated and result is not None:
        kept = (
            [d.pk for d in listed if d.visibility != Document.Visibility.PUBLIC] if listed else result.kept_documents()
        )
        shown = ["title"] if browsing else ["passage"]
        record_shown(request.user, Document, kept, shown, where="library:search", name="library_document")
    params = {"q": q, **{name: value for name, value in raw.items() if value}}
    facets: list[dict[str, Any]] = []
    if result is not None:
        titles = {
            "jurisdiction": _("Jurisdiction"),
            "instrument": _("Instrument"),
            "kind": _("Kind"),
            "language": _("Language"),
            "year": _("Year"),
        }
        for name in FACETS:
            values = [
                {"facet": value, "link": _link(params, **{name: "" if value.selected else value.value})}
                for value in result.facets.get(name, [])
            ]
            if values:
                facets.append({"name": name, "title": titles[name], "values": values})
    context = {
        "q": q,
        "result": result,
        "errors": errors,
        "facets": facets,
        "active": [
            {"name": name, "value": value, "remove": _link(params, **{name: ""})}
            for name, value in params.items()
            if name != "q"
        ],
        "query": _link(params),
        # The pagination's template reads a Django page; the count is the search's.
        "page": listed
        if listed is not None
        else Paginator(range(result.total), PAGE_SIZE).get_page(result.page)
        if result
        else None,
        "may_add": can(request.user, "add", Document),
        "browsing": browsing,
        "listed": [(document, selectors.version_for(document)) for document in listed] if listed else [],
        "treaty_texts": selectors.treaty_texts(request.user) if browsing and not params.keys() - {"q"} else [],
        "reader_language": active_language(),
    }
    return render(request, "library/search.html", context, status=400 if errors else 200)
