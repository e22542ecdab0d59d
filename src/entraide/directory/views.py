"""Directory pages: search, routing, networks, authorities, country profiles, notes, CSV import and export.

Authorities, contact points and networks: any signed-in user reads them; the import is for
administrators. Country notes are library documents: read through the library's selectors and
written through its services, by whom the library's policy allows (the office and the administrator).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from entraide.core.i18n import active_language
from entraide.library import selectors as library_selectors
from entraide.library import services as library_services
from entraide.library.models import Document
from entraide.reference.choices import Modality
from entraide.reference.models import Jurisdiction
from entraide.reference.selectors import UnknownCode, resolve_jurisdiction
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import can, require_role

from . import selectors, services
from .forms import AsAtForm, CountryNoteForm, ImportForm, RouteForm, SharedNetworksForm
from .models import Membership


def _jurisdiction_or_404(code: str) -> Jurisdiction:
    """The jurisdiction with alpha-3 or alpha-2 ``code`` (any case), else 404."""
    if "\x00" in code:
        raise Http404
    try:
        return resolve_jurisdiction(code)
    except UnknownCode:
        raise Http404 from None


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    results = selectors.search(request.GET.get("q", ""))
    template = "directory/_search_results.html" if request.htmx else "directory/search.html"  # type: ignore[attr-defined]
    return render(request, template, {"results": results, "q": results.query})


@login_required
@require_GET
def route_page(request: HttpRequest) -> HttpResponse:
    result = None
    status = 200
    if {"requesting", "requested"} & set(request.GET):
        form = RouteForm(request.GET)
        if form.is_valid():
            d = form.cleaned_data
            result = selectors.route(d["requesting"], d["requested"], d["modality"], d["date"])
        else:
            status = 400
    else:
        form = RouteForm(initial={"modality": "mla"})
    label = Modality(result.modality).label if result is not None else ""
    return render(
        request, "directory/route.html", {"form": form, "route": result, "modality_label": label}, status=status
    )


@login_required
@require_GET
def network_list(request: HttpRequest) -> HttpResponse:
    as_at = AsAtForm(request.GET or None)
    date = as_at.date()
    listing = selectors.networks_as_at(date)
    matrix = selectors.membership_matrix(date)
    cell, label_width, header = 18, 190, 120
    context = {
        "as_at_form": as_at,
        "date": date,
        "listing": listing,
        "matrix": matrix,
        "svg": {
            "cell": cell,
            "label_width": label_width,
            "header": header,
            "width": label_width + cell * len(matrix.networks) + 10,
            "height": header + cell * len(matrix.rows) + 10,
            "columns": [
                (label_width + i * cell, label_width + i * cell + cell // 2, n) for i, n in enumerate(matrix.networks)
            ],
            "rows": [
                (
                    header + r * cell,
                    header + r * cell + cell - 5,
                    j,
                    [(label_width + i * cell + 2, flag, matrix.networks[i]) for i, flag in enumerate(flags)],
                )
                for r, (j, flags) in enumerate(matrix.rows)
            ],
        },
        "shared_form": SharedNetworksForm(),
    }
    return render(request, "directory/network_list.html", context)


@login_required
@require_GET
def shared_networks_page(request: HttpRequest) -> HttpResponse:
    form = SharedNetworksForm(request.GET)
    shared = None
    status = 200
    if form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        shared = selectors.shared_networks(a.code, b.code)
    else:
        status = 400
    template = "directory/_shared.html" if request.htmx else "directory/shared.html"  # type: ignore[attr-defined]
    return render(request, template, {"shared_form": form, "shared": shared, "form": form}, status=status)


@login_required
@require_GET
def network_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        network = selectors.get_network(code)
    except LookupError:
        raise Http404 from None
    memberships = (
        Membership.objects.filter(network=network)
        .select_related("jurisdiction")
        .prefetch_related("sources")
        .order_by("role", "jurisdiction__name_en")
    )
    today = timezone.localdate()
    rows = [(m, selectors.membership_in_effect(m, today)) for m in memberships]
    return render(
        request,
        "directory/network_detail.html",
        {
            "network": network,
            "rows": rows,
            "sources": network.sources.all(),
            "contacts": selectors.network_contact_points(network),
        },
    )


@login_required
@require_GET
def authority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(selectors.authorities().prefetch_related("contact_points__languages"), pk=pk)
    return render(request, "directory/authority_detail.html", {"authority": authority})


def _profile_context(request: HttpRequest, code: str) -> dict[str, Any]:
    jurisdiction = _jurisdiction_or_404(code)
    profile = selectors.country_profile(jurisdiction, request.user)
    return {
        "profile": profile,
        "jurisdiction": jurisdiction,
        "today": timezone.localdate(),
        "can_edit_note": can(request.user, "add", Document),
    }


@login_required
@require_GET
def country_profile(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "directory/country_profile.html", _profile_context(request, code))


def _no_fetch(url: str) -> dict[str, Any]:
    # The PDF is self-contained: WeasyPrint must not reach the network (closed networks).
    raise ValueError(f"external resource refused: {url}")


@login_required
@require_GET
def country_profile_pdf(request: HttpRequest, code: str) -> HttpResponse:
    context = _profile_context(request, code)
    try:
        from weasyprint import HTML
    except (ImportError, OSError):  # OSError: pango libraries missing
        return HttpResponse(
            _("PDF rendering is not available on this server (WeasyPrint is not installed)."),
            status=501,
            content_type="text/plain; charset=utf-8",
        )
    html = render_to_string("directory/country_profile_print.html", context, request=request)
    pdf = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="entraide-{context["jurisdiction"].code}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def country_note_edit(request: HttpRequest, code: str) -> HttpResponse:
    """My authority's note on a country, a library document (created on first save): the office and
    the administrator keep it. The form opens the version the reader sees (their language's, else
    English, else the first); a note in another language is saved as that language's version."""
    require_role(request.user, Document, "add")
    jurisdiction = _jurisdiction_or_404(code)
    note = library_selectors.own_country_note(request.user, jurisdiction)
    version = library_selectors.version_for(note) if note else None
    initial: dict[str, Any] = {"language": active_language(), "visibility": Document.Visibility.AUTHORITY}
    if note is not None and version is not None:
        requirements, practical_tips = library_selectors.country_note_texts(version)
        initial = {
            "language": version.language,
            "visibility": note.visibility,
            "requirements": requirements,
            "practical_tips": practical_tips,
        }
    form = CountryNoteForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                library_services.country_note_save(actor=request.user, jurisdiction=jurisdiction, **form.cleaned_data)
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
                for field, messages in errors.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                return redirect("directory:country", code=jurisdiction.code)
        status = 400
    return render(
        request, "directory/note_form.html", {"form": form, "jurisdiction": jurisdiction, "note": note}, status=status
    )


@login_required
@require_GET
def note_list(request: HttpRequest) -> HttpResponse:
    """Country notes now live in the library: its search, filtered to them."""
    return redirect(f"{reverse('library:search')}?kind={Document.Kind.COUNTRY_NOTE}")


@login_required
@require_http_methods(["GET", "POST"])
def import_csv(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Authority, "change")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            importer = (
                services.authorities_import
                if form.cleaned_data["kind"] == "authorities"
                else services.contact_points_import
            )
            try:
                result = importer(actor=request.user, content=form.cleaned_data["file"])
            except services.CsvImportError as exc:
                errors = exc.errors
                status = 400
        else:
            status = 400
    return render(
        request,
        "directory/import.html",
        {
            "form": form,
            "errors": errors,
            "result": result,
            "authority_columns": services.AUTHORITY_COLUMNS,
            "contact_point_columns": services.CONTACT_POINT_COLUMNS,
        },
        status=status,
    )


def _csv_response(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def export_authorities(request: HttpRequest) -> HttpResponse:
    return _csv_response(services.authorities_export(selectors.authorities()), "authorities.csv")


@login_required
@require_GET
def export_contact_points(request: HttpRequest) -> HttpResponse:
    return _csv_response(services.contact_points_export(selectors.contact_points()), "contact-points.csv")
