"""Pages: the legal-basis question, the instruments and their party tables.

Treaty data is reference data, not tenant data: any signed-in user may read it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from entraide.library import selectors as library

from . import selectors
from .forms import LegalBasisForm
from .models import Modality, Participation

FORM_FIELDS = {"requesting", "requested", "modality", "offence", "max_penalty_years", "date"}


@login_required
@require_GET
def legal_basis(request: HttpRequest) -> HttpResponse:
    """The question (two countries, a modality, an offence, a date) and its answer."""
    bound = "requesting" in request.GET
    form = LegalBasisForm(request.GET if bound else None)
    resolution = None
    checked = None
    if bound and form.is_valid():
        data = form.cleaned_data
        try:
            checked = selectors.build_query(
                requesting=data["requesting"],
                requested=data["requested"],
                modality=data["modality"],
                date=data["date"],
                offence=data["offence"] or None,
                max_penalty_years=data["max_penalty_years"],
                transnational=data["transnational"],
                organized_group=data["organized_group"],
            )
        except selectors.BadInput as exc:
            form.add_error(exc.field if exc.field in FORM_FIELDS else None, str(exc))
        else:
            resolution = selectors.legal_basis(checked)
    names = selectors.question_labels(checked) if checked is not None else {}
    known = set(selectors.instruments().values_list("code", flat=True))
    context = {
        "form": form,
        "names": names,
        "modality_label": Modality(checked.query.modality).label if checked is not None else "",
        "resolution": resolution,
        # What applies (or applies if) first; what does not apply is folded under its count.
        "applicable_options": [o for o in resolution.options if o.applicability != "no"] if resolution else [],
        "not_applicable_options": [o for o in resolution.options if o.applicability == "no"] if resolution else [],
        "known_instruments": known,
        "api_query": urlencode({k: v for k, v in request.GET.items() if v}) if resolution else "",
    }
    return render(request, "treaties/legal_basis.html", context)


@login_required
@require_GET
def instrument_list(request: HttpRequest) -> HttpResponse:
    """Every instrument, with its kind, entry into force, number of parties and "as at" date."""
    items = [
        (instrument, getattr(instrument, "party_count", 0))  # annotated by the selector
        for instrument in selectors.instruments_with_party_counts()
    ]
    return render(request, "treaties/instrument_list.html", {"items": items})


SORTS = [
    ("name", _("Jurisdiction")),
    ("kind", _("Participation")),
    ("signed", _("Signature")),
    ("deposited", _("Deposit")),
    ("in_force", _("In force")),
]


@login_required
@require_GET
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One instrument: its rules, modalities, scope and its party table (sortable, filterable)."""
    instrument = selectors.get_instrument(code)
    if instrument is None:
        raise Http404(_("No instrument has this code."))
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    if kind not in {"", "party", *Participation.Kind.values}:
        kind = ""
    sort = request.GET.get("sort", "name")
    if sort not in selectors.PARTY_SORTS:
        sort = "name"
    descending = request.GET.get("dir") == "desc"
    rows = list(selectors.participations(instrument, query=query, kind=kind, sort=sort, descending=descending))
    base = {k: v for k, v in (("q", query), ("kind", kind)) if v}
    sort_links = [
        (
            key,
            label,
            urlencode({**base, "sort": key, "dir": "asc" if key != sort or descending else "desc"}),
            key == sort,
        )
        for key, label in SORTS
    ]
    modalities = [
        (key, value.get("articles", []), value.get("conditions", [])) for key, value in instrument.modalities.items()
    ]
    context = {
        "instrument": instrument,
        "rows": rows,
        "q": query,
        "kind": kind,
        "kinds": Participation.Kind.choices,
        "sort": sort,
        "descending": descending,
        "sort_links": sort_links,
        "modalities": modalities,
        "scope": instrument.offence_scope or {},
        "declarations": _by_participation(instrument),
        **_library_articles(request, instrument.code),
    }
    return render(request, "treaties/instrument_detail.html", context)


def _library_articles(request: HttpRequest, code: str) -> dict[str, object]:
    """The articles of the instrument's text in the library (number and heading), if it holds it."""
    text = library.treaty_text(request.user, code)
    version = library.version_for(text) if text is not None else None
    if version is None:
        return {"library_articles": [], "library_language": ""}
    sections = library.articles(version).exclude(number="").only("version_id", "position", "number", "heading")
    return {"library_articles": list(sections), "library_language": version.language}


def _by_participation(instrument: object) -> dict[int, list[object]]:
    grouped: dict[int, list[object]] = {}
    for declaration in selectors.declarations_for(instrument):  # type: ignore[arg-type]
        grouped.setdefault(declaration.participation_id, []).append(declaration)
    return grouped
