"""Reads of requests and their parts, always through ``restrict(user)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from entraide.accounts.models import Role
from entraide.core.i18n import active_language
from entraide.core.tenancy import TenantQuerySet, get_for_user
from entraide.directory.models import Authority
from entraide.reference.models import short_name

from . import lifecycle
from .models import Deadline, Document, DocumentVersion, Measure, Reminder, Request, TimelineEntry

LIST_RELATED = ("requesting_jurisdiction", "requested_jurisdiction", "counterpart", "officer", "assigned_authority")
# What pages and the API read of a request's related rows; their other columns are not fetched
# (a jurisdiction or an authority is a wide row, and the request page joins five of them).
JURISDICTION_SHOWN = frozenset({"id", "code", "name_en", "name_fr", "name_es", "name_pt", "name_ar"})
RELATED_SHOWN = {
    "requesting_jurisdiction": JURISDICTION_SHOWN,
    "requested_jurisdiction": JURISDICTION_SHOWN,
    "counterpart": JURISDICTION_SHOWN,
    "officer": frozenset({"id", "email", "full_name"}),
    "assigned_authority": frozenset({"id", "name", "names"}),
    "nationality": JURISDICTION_SHOWN,
}


def with_related(queryset: QuerySet[Any], *relations: str) -> QuerySet[Any]:
    """``select_related(*relations)`` fetching only the columns of RELATED_SHOWN from each."""
    model = queryset.model
    deferred = [
        f"{relation}__{field.name}"
        for relation in relations
        for field in model._meta.get_field(relation).related_model._meta.concrete_fields
        if field.name not in RELATED_SHOWN[relation]
    ]
    return queryset.select_related(*relations).defer(*deferred)


def requests_for_user(user: Any, action: str = "view") -> TenantQuerySet[Request]:
    """The requests the user may see: their authority's, or for an executor those assigned to it."""
    return Request.objects.restrict(user, action)  # type: ignore[attr-defined,no-any-return]


def request_list(user: Any) -> QuerySet[Request]:
    """The rows of the list page and API: one query for the rows, whatever their number."""
    return requests_for_user(user).order_by("-created_at", "-id")


LIST_COLUMNS = (
    "id",
    "our_reference",
    "urgent",
    "title",
    "direction",
    "modality",
    "status",
    "created_at",
    "counterpart__code",
    "counterpart__name_en",
    "counterpart__name_fr",
    "counterpart__name_es",
    "counterpart__name_pt",
    "counterpart__name_ar",
    "officer__full_name",
    "assigned_authority__name",
)


def request_rows(queryset: QuerySet[Request], start: int, stop: int) -> list[dict[str, Any]]:
    """The rows of one page of the list, as plain dicts with their labels: one query, no model
    instances (the list shows 50 rows of a table that may hold millions)."""
    lang = active_language()
    statuses, directions = dict(lifecycle.Status.choices), dict(lifecycle.Direction.choices)
    modalities = dict(Request.Modality.choices)
    from django.urls import reverse

    rows = list(queryset.values(*LIST_COLUMNS)[start:stop])
    detail = reverse("cases:request-detail", args=[0])[:-2]  # one reverse() per page, not per row
    for row in rows:
        row["url"] = f"{detail}{row['id']}/"
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["direction_label"] = directions.get(row["direction"], row["direction"])
        row["modality_label"] = modalities.get(row["modality"], row["modality"])
        row["counterpart_name"] = short_name(row.get(f"counterpart__name_{lang}") or row["counterpart__name_en"])
    return rows


# What the request page shows of a request's related rows (the API also shows the others).
PAGE_RELATED = ("requesting_jurisdiction", "requested_jurisdiction", "assigned_authority")


def get_request_for_user(
    user: Any, pk: int, action: str = "view", *, related: tuple[str, ...] = LIST_RELATED
) -> Request:
    """One request: 404 outside the user's scope, 403 if the role may not ``action``.
    ``related``: the related rows fetched with it (others load when first read)."""
    queryset = with_related(Request.objects.all(), *related)
    return get_for_user(queryset, user, action, pk=pk)  # type: ignore[arg-type]


def request_page(user: Any, request: Request) -> dict[str, Any]:
    """Everything the request page shows, in a fixed number of queries.

    These are one request's own rows, a handful each: they are sorted here by their models'
    ordering rather than with ORDER BY, which costs Django more (it matches the ordering
    against every selected column) than sorting a few rows costs Python.
    """
    measures = _sorted(
        with_related(Measure.objects.restrict(user).filter(request=request), "assigned_authority")  # type: ignore[attr-defined]
    )
    timeline = _sorted(timeline_for_user(user, request))
    shown = {measure.pk: measure for measure in measures}
    for entry in timeline:  # an entry's measure is one of the measures shown: no join, no query
        if entry.measure_id in shown:
            entry.measure = shown[entry.measure_id]
    documents = (
        Document.objects.restrict(user)  # type: ignore[attr-defined]
        .filter(request=request)
        .prefetch_related(Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number")))
    )
    return {
        "measures": measures,
        "offences": _sorted(request.offences.select_related("offence_class")),
        "persons": _sorted(with_related(request.persons.all(), "nationality")),
        "deadlines": _sorted(request.deadlines.all()),
        "documents": _sorted(documents),
        "timeline": timeline,
        "reminders": _sorted(Reminder.objects.filter(request=request, dismissed_at__isnull=True)),
    }


def _sorted(queryset: QuerySet[Any]) -> list[Any]:
    """The rows of ``queryset``, fetched without ORDER BY and sorted by the model's ordering
    (field names, "-" for descending; the fields must not be null)."""
    rows = list(queryset.order_by())
    for name in reversed(queryset.model._meta.ordering):
        field = name.lstrip("-")
        key = "pk" if field == "id" else field
        rows.sort(key=attrgetter(key), reverse=name.startswith("-"))
    return rows


def timeline_for_user(user: Any, request: Request) -> QuerySet[TimelineEntry]:
    """The request's timeline as ``user`` may see it: an executor sees the request's own rows
    and those of the measures assigned to its authority, not other authorities' measures."""
    entries = TimelineEntry.objects.filter(request=request)
    if getattr(user, "role", None) == Role.EXECUTOR:
        entries = entries.filter(Q(measure__isnull=True) | Q(measure__assigned_authority=user.authority_id))
    return entries.order_by("at", "id")


def assignable_authorities(request: Request) -> QuerySet[Authority]:
    """The authorities an incoming request may be assigned to for execution: the other
    authorities of its owner's jurisdiction (the page's choices, and what the service accepts)."""
    jurisdiction = Authority.objects.filter(pk=request.authority_id).values("jurisdiction_id")
    return Authority.objects.filter(jurisdiction_id__in=jurisdiction).exclude(pk=request.authority_id).order_by("name")


def get_measure_for_user(user: Any, pk: int, action: str = "view") -> Measure:
    return get_for_user(Measure.objects.select_related("request"), user, action, pk=pk)  # type: ignore[arg-type]


def get_document_for_user(user: Any, pk: int, action: str = "view") -> Document:
    return get_for_user(Document.objects.select_related("request"), user, action, pk=pk)  # type: ignore[arg-type]


def get_version_for_user(user: Any, document_pk: int, number: int | None = None) -> DocumentVersion:
    document = get_document_for_user(user, document_pk)
    versions = document.versions.order_by("-number")
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        from django.http import Http404

        raise Http404
    version.document = document
    return version


def get_reminder_for_user(user: Any, pk: int, action: str = "view") -> Reminder:
    return get_for_user(Reminder.objects.select_related("request"), user, action, pk=pk)  # type: ignore[arg-type]


@dataclass
class Dashboard:
    reminders: list[Reminder]
    overdue_measures: list[Measure]
    deadlines: list[Deadline]
    open_requests: list[dict[str, Any]]
    counts: dict[str, int]


def dashboard(user: Any, *, today: dt.date | None = None) -> Dashboard:
    """My authority's work, overdue first."""
    today = today or timezone.localdate()
    requests = requests_for_user(user)
    open_requests = requests.exclude(status=lifecycle.Status.CLOSED)
    reminders = (
        Reminder.objects.restrict(user)  # type: ignore[attr-defined]
        .filter(dismissed_at__isnull=True)
        .select_related("request")
        .order_by("created_at")[:50]
    )
    overdue = (
        Measure.objects.restrict(user)  # type: ignore[attr-defined]
        .filter(status__in=lifecycle.MEASURE_OPEN, due_on__lt=today)
        .exclude(request__status=lifecycle.Status.CLOSED)
        .select_related("request")
        .order_by("due_on")[:50]
    )
    deadlines = (
        Deadline.objects.restrict(user)  # type: ignore[attr-defined]
        .filter(met=False, due_on__gte=today - dt.timedelta(days=7))
        .exclude(request__status=lifecycle.Status.CLOSED)
        .select_related("request")
        .order_by("due_on")[:20]
    )
    counts = dict(open_requests.values_list("direction").annotate(n=Count("pk")).order_by())
    recent = request_rows(open_requests.order_by("-urgent", "status_changed_at"), 0, 25)
    return Dashboard(list(reminders), list(overdue), list(deadlines), recent, counts)
