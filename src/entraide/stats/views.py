"""The statistics page (filters, every indicator with its definition) and CSV exports."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from entraide.audit.services import record
from entraide.cases.lifecycle import Direction
from entraide.cases.models import Request
from entraide.reference.choices import Modality
from entraide.tenancy.policies import require_role

from .indicators import INDICATORS, BadFilter, Filters, parse_filters


def _filters(request: HttpRequest) -> Filters:
    require_role(request.user, Request, "statistics")
    return parse_filters(request.GET)


@login_required
@require_GET
def page(request: HttpRequest) -> HttpResponse:
    try:
        filters = _filters(request)
    except BadFilter as exc:
        return render(request, "stats/page.html", {"error": str(exc), "tables": [], "query": request.GET}, status=400)
    tables = [compute(request.user, filters) for compute in INDICATORS.values()]
    record(request.user, "statistics.viewed", detail=filters.as_query())
    context = {
        "tables": tables,
        "filters": filters,
        "query": filters.as_query(),
        "directions": Direction.choices,
        "modalities": Modality.choices,
    }
    return render(request, "stats/page.html", context)


@login_required
@require_GET
def export(request: HttpRequest, indicator: str) -> HttpResponse:
    compute = INDICATORS.get(indicator)
    if compute is None:
        raise Http404
    try:
        filters = _filters(request)
    except BadFilter as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    table = compute(request.user, filters)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c) for c in table.columns])
    writer.writerows(table.rows)
    record(request.user, "statistics.exported", detail={"indicator": indicator, **filters.as_query()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="entraide-{indicator}-{filters.start}-{filters.end}.csv"'
    return response
