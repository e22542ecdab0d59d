"""The statistics page (filters, every indicator with its definition) and the exports that leave
the authority (CSV, XLSX, the annual report in PDF), small counts suppressed in the exports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from entraide.audit.services import record
from entraide.cases.errors import CaseValidationError
from entraide.cases.lifecycle import Direction
from entraide.cases.models import Request
from entraide.core.params import whole_number
from entraide.reference.choices import Modality
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import can, require_role

from . import charts, exports
from .indicators import INDICATORS, BadFilter, Filters, Table, parse_filters
from .services import statistics_threshold_set


def _filters(request: HttpRequest, *extra: str) -> Filters:
    require_role(request.user, Request, "statistics")
    return parse_filters({k: v for k, v in request.GET.items() if k not in extra})


def _authority(request: HttpRequest) -> Authority:
    user: Any = request.user
    return Authority.objects.get(pk=user.authority_id)


def _bad(exc: BadFilter) -> HttpResponse:
    return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def page(request: HttpRequest) -> HttpResponse:
    try:
        filters = _filters(request)
    except BadFilter as exc:
        return render(request, "stats/page.html", {"error": str(exc), "tables": [], "query": request.GET}, status=400)
    tables = [compute(request.user, filters) for compute in INDICATORS.values()]
    record(request.user, "statistics.viewed", detail=filters.as_query())
    authority = _authority(request)
    context = {
        "tables": tables,
        "filters": filters,
        "query": filters.as_query(),
        "directions": Direction.choices,
        "modalities": Modality.choices,
        "threshold": authority.statistics_threshold,
        "may_set_threshold": can(request.user, "change", authority),
        "languages": settings.LANGUAGES,
    }
    return render(request, "stats/page.html", context)


def _exported(request: HttpRequest, filters: Filters, keys: list[str], what: str) -> list[Table]:
    threshold = _authority(request).statistics_threshold
    tables = [INDICATORS[key](request.user, filters).suppressed(threshold) for key in keys]
    record(request.user, "statistics.exported", detail={"what": what, "threshold": threshold, **filters.as_query()})
    return tables


def _attachment(data: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def export(request: HttpRequest, indicator: str) -> HttpResponse:
    if indicator not in INDICATORS:
        raise Http404
    try:
        filters = _filters(request)
    except BadFilter as exc:
        return _bad(exc)
    (table,) = _exported(request, filters, [indicator], f"{indicator}.csv")
    return _attachment(
        exports.csv_text(table), "text/csv; charset=utf-8", f"entraide-{indicator}-{filters.start}-{filters.end}.csv"
    )


@login_required
@require_GET
def workbook(request: HttpRequest) -> HttpResponse:
    try:
        filters = _filters(request)
    except BadFilter as exc:
        return _bad(exc)
    tables = _exported(request, filters, list(INDICATORS), "xlsx")
    return _attachment(
        exports.xlsx_bytes(tables, filters, _authority(request).name),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"entraide-statistics-{filters.start}-{filters.end}.xlsx",
    )


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The report of the period as PDF, in the language asked (``lang``) or the page's."""
    try:
        filters = _filters(request, "lang")
    except BadFilter as exc:
        return _bad(exc)
    languages = dict(settings.LANGUAGES)
    language = request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", "en")
    if language not in languages:
        return _bad(BadFilter(_("Unknown language: %(value)s.") % {"value": language}))
    tables = _exported(request, filters, list(INDICATORS), f"report-{language}.pdf")
    authority = _authority(request)
    try:
        pdf = exports.pdf_bytes(tables, filters, authority.name, language, authority.statistics_threshold)
    except (ImportError, OSError):  # OSError: WeasyPrint without its Pango libraries
        return HttpResponse(
            _("PDF output is not available on this server; the XLSX holds the same figures."),
            status=501,
            content_type="text/plain; charset=utf-8",
        )
    return _attachment(pdf, "application/pdf", f"entraide-statistics-{filters.start}-{filters.end}-{language}.pdf")


@login_required
@require_GET
def chart(request: HttpRequest, indicator: str) -> HttpResponse:
    compute = INDICATORS.get(indicator)
    if compute is None:
        raise Http404
    try:
        filters = _filters(request)
    except BadFilter as exc:
        return _bad(exc)
    response = HttpResponse(charts.svg(compute(request.user, filters)), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
@require_POST
def threshold(request: HttpRequest) -> HttpResponse:
    authority = _authority(request)
    if not can(request.user, "change", authority):
        raise PermissionDenied
    raw = request.POST.get("threshold", "")
    try:
        statistics_threshold_set(
            actor=request.user,  # type: ignore[arg-type]
            authority=authority,
            threshold=whole_number(raw) or 0,
        )
    except CaseValidationError as exc:
        messages.error(request, str(exc))
        return redirect("stats:page")
    messages.success(request, _("Saved."))
    return redirect("stats:page")
