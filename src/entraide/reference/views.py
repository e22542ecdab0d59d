"""Reference data pages: jurisdictions and the ICCS tree, for every signed-in user.

Reference data is not tenant data: no ``restrict``, any signed-in user may read it.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .models import Jurisdiction
from .selectors import offence_class_tree, search_jurisdictions
from .services import ICCS_SOURCE

PAGE_SIZE = 50


@login_required
@require_GET
def jurisdiction_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    if kind not in Jurisdiction.Kind.values:
        kind = ""
    page = Paginator(search_jurisdictions(query, kind), PAGE_SIZE).get_page(request.GET.get("page"))
    # The page's records grouped by where they come from (the part of the source before ";").
    sources = Counter((j.source.split(";")[0], j.as_at) for j in page)
    context = {
        "page": page,
        "q": query,
        "kind": kind,
        "kinds": Jurisdiction.Kind.choices,
        "query": urlencode({k: v for k, v in (("q", query), ("kind", kind)) if v}),
        "sources": sorted(sources.items(), key=lambda item: (str(item[0][1]), item[0][0])),
    }
    return render(request, "reference/jurisdiction_list.html", context)


@login_required
@require_GET
def jurisdiction_detail(request: HttpRequest, code: str) -> HttpResponse:
    jurisdiction = Jurisdiction.objects.filter(code=code.upper()).first()
    if jurisdiction is None:
        raise Http404(_("No jurisdiction has this code."))
    names = [
        (_("English"), "en", jurisdiction.name_en, jurisdiction.formal_name_en),
        (_("French"), "fr", jurisdiction.name_fr, jurisdiction.formal_name_fr),
        (_("Spanish"), "es", jurisdiction.name_es, jurisdiction.formal_name_es),
        (_("Portuguese"), "pt", jurisdiction.name_pt, ""),
        (_("Arabic"), "ar", jurisdiction.name_ar, jurisdiction.formal_name_ar),
    ]
    return render(
        request,
        "reference/jurisdiction_detail.html",
        {"jurisdiction": jurisdiction, "names": names},
    )


@login_required
@require_GET
def offence_class_list(request: HttpRequest) -> HttpResponse:
    sections = offence_class_tree()
    first = sections[0][0] if sections else None
    context = {
        "sections": sections,
        # Labels are official in English and Spanish only; elsewhere English is shown.
        "labels_official": first.has_official_label if first is not None else True,
        "as_at": first.as_at if first is not None else None,
        "source": ICCS_SOURCE,
    }
    return render(request, "reference/offence_class_list.html", context)
