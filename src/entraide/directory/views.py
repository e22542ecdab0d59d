"""Directory pages: search, routing, networks, authorities, country profiles, notes, CSV import and export.

Authorities, contact points and networks: any signed-in user reads them; the import is for
administrators. Country notes are library documents: read through the library's selectors and
written through its services, by whom the library's policy allows (the office and the administrator).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entraide.core.i18n import active_language
from entraide.library import selectors as library_selectors
from entraide.library import services as library_services
from entraide.library.models import Document
from entraide.reference.choices import Modality
from entraide.reference.models import Jurisdiction
from entraide.reference.selectors import UnknownCode, resolve_jurisdiction
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import can, require_role
from entraide.treaties.models import Declaration

from . import selectors, services
from .forms import AsAtForm, AuthorityForm, ContactPointForm, CountryNoteForm, ImportForm, RouteForm, SharedNetworksForm
from .models import ContactPoint, Membership


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
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "directory/_search_results.html", {"results": results, "q": results.query})
    context: dict[str, Any] = {"results": results, "q": results.query, "not_verified_count": None}
    if can(request.user, "change", ContactPoint):
        context["not_verified_count"] = selectors.not_verified_count(request.user)
        context["own_authority_id"] = getattr(request.user, "authority_id", None)
    return render(request, "directory/search.html", context)


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
    kinds = dict(Declaration.Kind.choices)
    declarations = [
        {**d, "kind_label": kinds.get(d["kind"], d["kind"]), "as_at_date": dt.date.fromisoformat(d["as_at"])}
        for d in (result.declarations if result is not None else [])
    ]
    context = {"form": form, "route": result, "modality_label": label, "declarations": declarations}
    return render(request, "directory/route.html", context, status=status)


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
    current: list[Membership] = []
    past: list[Membership] = []
    for m in memberships:
        (current if selectors.membership_in_effect(m, today) else past).append(m)
    return render(
        request,
        "directory/network_detail.html",
        {
            "network": network,
            "current_rows": current,
            "past_rows": past,
            "sources": network.sources.all(),
            "contacts": selectors.network_contact_points(network),
        },
    )


@login_required
@require_GET
def authority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(
        selectors.authorities().prefetch_related("contact_points__languages", "contact_points__network_roles__network"),
        pk=pk,
    )
    may_change = can(request.user, "change", authority)
    # An inactive contact point is no longer offered; its administrator still sees it, to reactivate it.
    contacts = [c for c in authority.contact_points.all() if c.is_active or may_change]
    return render(
        request,
        "directory/authority_detail.html",
        {"authority": authority, "contacts": contacts, "may_change": may_change},
    )


# --- the administrator keeps their own authority and its contact points ----------------


def _own_authority(request: HttpRequest, pk: int) -> Authority:
    """The user's own authority, to change: 403 for a role that may not, 404 for another authority."""
    require_role(request.user, Authority, "change")
    return get_object_or_404(Authority.objects.restrict(request.user, "change"), pk=pk)


def _own_contact_point(request: HttpRequest, pk: int) -> ContactPoint:
    """A contact point of the user's own authority, to change: 403 for another role, 404 for another authority's."""
    require_role(request.user, ContactPoint, "change")
    rows = ContactPoint.objects.restrict(request.user, "change").select_related("authority")
    return get_object_or_404(rows, pk=pk)


def _add_errors(form: Any, exc: ValidationError) -> None:
    """A service's refusal, shown by the field it is about (or above the form)."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    for field, texts in errors.items():
        form.add_error(field if field in form.fields else None, texts)


def _saved(request: HttpRequest, form: Any, save: Callable[[], object], done: str) -> bool:
    """POST of a valid form: save through the service and say so; a refusal goes back on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save()
    except ValidationError as exc:
        _add_errors(form, exc)
        return False
    messages.success(request, done)
    return True


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the action was taken from (``next``, on this site only), else ``default``."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect(default)


@login_required
@require_http_methods(["GET", "POST"])
def authority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    authority = _own_authority(request, pk)
    form = AuthorityForm(request.POST or None, instance=authority)
    if _saved(
        request,
        form,
        lambda: services.authority_update(actor=request.user, authority=authority, values=form.cleaned_data),
        _("The details of your authority are saved."),
    ):
        return redirect("directory:authority-detail", pk=authority.pk)
    status = 400 if form.errors else 200
    return render(request, "directory/authority_form.html", {"form": form, "authority": authority}, status=status)


@login_required
@require_POST
def authority_verify(request: HttpRequest, pk: int) -> HttpResponse:
    authority = _own_authority(request, pk)
    services.authority_verify(actor=request.user, authority=authority)
    messages.success(request, _("The details of your authority are marked verified today."))
    return _back(request, reverse("directory:authority-detail", args=[authority.pk]))


def _contact_point_form(
    request: HttpRequest, authority: Authority, contact: ContactPoint | None
) -> tuple[ContactPointForm, HttpResponse | None]:
    form = ContactPointForm(request.POST or None, instance=contact, authority=authority)

    def save() -> object:
        if contact is None:
            return services.contact_point_create(actor=request.user, authority=authority, values=form.cleaned_data)
        return services.contact_point_update(actor=request.user, contact_point=contact, values=form.cleaned_data)

    if _saved(request, form, save, _("The contact point is saved.")):
        return form, redirect("directory:authority-detail", pk=authority.pk)
    return form, None


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_create(request: HttpRequest, pk: int) -> HttpResponse:
    authority = _own_authority(request, pk)
    form, done = _contact_point_form(request, authority, None)
    if done is not None:
        return done
    context = {"form": form, "authority": authority, "contact": None}
    return render(request, "directory/contact_point_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _own_contact_point(request, pk)
    form, done = _contact_point_form(request, contact.authority, contact)
    if done is not None:
        return done
    context = {"form": form, "authority": contact.authority, "contact": contact}
    return render(request, "directory/contact_point_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def contact_point_verify(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _own_contact_point(request, pk)
    services.contact_point_verify(actor=request.user, contact_point=contact)
    messages.success(request, _("“%(name)s” is marked verified today.") % {"name": contact.name})
    return _back(request, reverse("directory:authority-detail", args=[contact.authority_id]))


@login_required
@require_POST
def contact_point_active(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _own_contact_point(request, pk)
    active = request.POST.get("active") == "1"
    services.contact_point_set_active(actor=request.user, contact_point=contact, active=active)
    if active:
        messages.success(request, _("“%(name)s” is offered again.") % {"name": contact.name})
    else:
        messages.success(request, _("“%(name)s” is deactivated: kept, no longer offered.") % {"name": contact.name})
    return redirect("directory:authority-detail", pk=contact.authority_id)


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _own_contact_point(request, pk)
    if request.method == "POST":
        services.contact_point_delete(actor=request.user, contact_point=contact)
        messages.success(request, _("“%(name)s” is deleted.") % {"name": contact.name})
        return redirect("directory:authority-detail", pk=contact.authority_id)
    return render(request, "directory/contact_point_delete.html", {"contact": contact})


@login_required
@require_GET
def not_verified(request: HttpRequest) -> HttpResponse:
    """The entries the administrator keeps that nobody has verified for a year (or ever)."""
    require_role(request.user, ContactPoint, "change")
    authorities, contacts = selectors.not_verified(request.user)
    return render(request, "directory/not_verified.html", {"authorities": authorities, "contacts": contacts})


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
                _add_errors(form, exc)
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
