"""Reads of requests and their parts, always through ``restrict(user)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db.models import Count, Model, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django_filters.constants import EMPTY_VALUES

from entraide.accounts.models import Role
from entraide.core.compiled import CompiledQuery, run_together
from entraide.core.i18n import active_language
from entraide.core.tenancy import TenantQuerySet, found_for_user, get_for_user
from entraide.directory.models import Authority
from entraide.reference.models import short_name

from . import lifecycle
from .models import (
    Deadline,
    Document,
    DocumentVersion,
    Measure,
    Offence,
    Person,
    Reminder,
    Request,
    TimelineEntry,
)

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
    "offence_class": frozenset({"id", "code", "name_en", "name_es", "name_fr"}),
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
    return _labelled(list(queryset.values(*LIST_COLUMNS)[start:stop]))


def filtered_rows(user: Any, filterset: Any, start: int, stop: int) -> list[dict[str, Any]]:
    """``request_rows`` of ``filterset.qs``, compiled once per shape: which filters are set (a
    list with how many values) and the slice. ``filterset`` is given ``request_list(user)``; a
    shape that cannot be kept (text and date filters) runs as ``filterset.qs``."""
    data = {}
    if filterset.is_bound:
        filterset.is_valid()  # cleaned_data then holds the valid fields, which FilterSet.qs applies
        data = filterset.form.cleaned_data
    filters: list[tuple[str, int]] = []
    values: list[Any] = []
    for name, value in data.items():
        if value in EMPTY_VALUES:
            continue
        if isinstance(value, Model):
            value = value.pk
        many = isinstance(value, list | tuple)
        filters.append((name, len(value) if many else -1))
        values.extend(value if many else [value])
    shape = (type(filterset), tuple(filters), start, stop)
    planned = _LIST_ROWS.plan(user, tuple(values), shape)
    if planned is None:
        return request_rows(filterset.qs, start, stop)
    plan, every = planned
    return _labelled(plan.run(every))


def _list_rows(shape: tuple[Any, ...], user: Any, *values: Any) -> QuerySet[Request]:
    filterset_class, filters, start, stop = shape
    queryset, rest = request_list(user), iter(values)
    filterset = filterset_class(queryset=queryset)  # only when compiling: method filters need a parent
    for name, count in filters:
        value = [next(rest) for _ in range(count)] if count >= 0 else next(rest)
        queryset = filterset.filters[name].filter(queryset, value)
    return queryset.values(*LIST_COLUMNS)[start:stop]


_LIST_ROWS: CompiledQuery[Request] = CompiledQuery(_list_rows)


def _labelled(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lang = active_language()
    statuses, directions = dict(lifecycle.Status.choices), dict(lifecycle.Direction.choices)
    modalities = dict(Request.Modality.choices)
    from django.urls import reverse

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


def get_request_for_page(user: Any, pk: int) -> Request:
    """``get_request_for_user(user, pk, related=PAGE_RELATED)``, compiled once: the request page's
    query runs on every view."""
    return found_for_user(_PAGE_REQUEST.run(user, pk), user, Request)


def request_page(user: Any, request: Request) -> dict[str, Any]:
    """Everything the request page shows, in a fixed number of queries, each compiled once and
    all sent together (``run_together``).

    These are one request's own rows, a handful each: they are sorted here by their models'
    ordering rather than with ORDER BY, which costs Django more (it matches the ordering
    against every selected column) than sorting a few rows costs Python.
    """
    fetched = run_together(user, {name: (query, (request.pk,)) for name, query in _PAGE_PARTS.items()})
    parts = {name: _sorted(rows) for name, rows in fetched.items()}
    for rows in parts.values():
        for row in rows:
            row.request = request  # the request shown: no query if a template reads it
    shown = {measure.pk: measure for measure in parts["measures"]}
    for entry in parts["timeline"]:  # an entry's measure is one of the measures shown: no join, no query
        if entry.measure_id in shown:
            entry.measure = shown[entry.measure_id]
    if parts["documents"]:
        prefetch_related_objects(
            parts["documents"], Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
        )
    return parts


def _sorted(rows: list[Any]) -> list[Any]:
    """``rows`` (of one model, fetched without ORDER BY) sorted by the model's ordering
    (field names, "-" for descending; the fields must not be null)."""
    if not rows:
        return rows
    for name in reversed(type(rows[0])._meta.ordering):
        field = name.lstrip("-")
        key = "pk" if field == "id" else field
        rows.sort(key=attrgetter(key), reverse=name.startswith("-"))
    return rows


_PAGE_REQUEST: CompiledQuery[Request] = CompiledQuery(
    lambda _, user, pk: with_related(Request.objects.in_scope(user).filter(pk=pk), *PAGE_RELATED).order_by()[:1]
)
# The rows of one request that its page shows, the request having been read through its scope;
# measures and documents through restrict(user) too: an executor sees those assigned or shared.
_PAGE_PARTS: dict[str, CompiledQuery[Any]] = {
    "measures": CompiledQuery(
        lambda _, user, pk: with_related(
            Measure.objects.restrict(user).filter(request_id=pk),  # type: ignore[attr-defined]
            "assigned_authority",
        ).order_by()
    ),
    "offences": CompiledQuery(
        lambda _, user, pk: with_related(Offence.objects.filter(request_id=pk), "offence_class").order_by()
    ),
    "persons": CompiledQuery(
        lambda _, user, pk: with_related(Person.objects.filter(request_id=pk), "nationality").order_by()
    ),
    "deadlines": CompiledQuery(lambda _, user, pk: Deadline.objects.filter(request_id=pk).order_by()),
    "documents": CompiledQuery(
        lambda _, user, pk: Document.objects.restrict(user).filter(request_id=pk).order_by()  # type: ignore[attr-defined]
    ),
    "timeline": CompiledQuery(lambda _, user, pk: timeline_for_user(user, pk).order_by()),
    "reminders": CompiledQuery(
        lambda _, user, pk: Reminder.objects.filter(request_id=pk, dismissed_at__isnull=True).order_by()
    ),
}


def timeline_for_user(user: Any, request: Request | int) -> QuerySet[TimelineEntry]:
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


def open_counts(user: Any) -> dict[str, int]:
    """My authority's open requests by direction: an index-only scan of the open rows
    (``COUNT(*)``, as the partial index holds no ``id``)."""
    open_requests = requests_for_user(user).filter(status__in=lifecycle.OPEN_STATUSES)
    return dict(open_requests.values_list("direction").annotate(n=Count("*")).order_by())


def dashboard(user: Any, *, today: dt.date | None = None, with_counts: bool = True) -> Dashboard:
    """My authority's work, overdue first.

    Open rows are read through the partial indexes on open statuses (cases/models.py): the
    filters repeat their conditions, ``status IN OPEN_STATUSES`` rather than ``status <> closed``,
    so that neither PostgreSQL nor SQLite reads the authority's closed history. The counts still
    read every open row; the page asks for them apart (``with_counts=False``, an HTMX pane)."""
    today = today or timezone.localdate()
    requests = requests_for_user(user)
    open_requests = requests.filter(status__in=lifecycle.OPEN_STATUSES)
    reminders = (
        Reminder.objects.restrict(user)  # type: ignore[attr-defined]
        .filter(dismissed_at__isnull=True)
        .select_related("request")
        .order_by("created_at")[:50]
    )
    overdue = (
        Measure.objects.restrict(user)  # type: ignore[attr-defined]
        .filter(
            status__in=lifecycle.MEASURE_OPEN_STATUSES,
            due_on__lt=today,
            request__status__in=lifecycle.OPEN_STATUSES,
        )
        .select_related("request")
        .order_by("due_on")[:50]
    )
    deadlines = (
        Deadline.objects.restrict(user)  # type: ignore[attr-defined]
        .filter(met=False, due_on__gte=today - dt.timedelta(days=7))
        .filter(request__status__in=lifecycle.OPEN_STATUSES)
        .select_related("request")
        .order_by("due_on")[:20]
    )
    counts = open_counts(user) if with_counts else {}
    recent = request_rows(open_requests.order_by("-urgent", "status_changed_at"), 0, 25)
    return Dashboard(list(reminders), list(overdue), list(deadlines), recent, counts)
