"""Reads of requests and their parts, always through ``restrict(user)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from entraide.core.i18n import active_language
from entraide.reference.models import short_name
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import TenantQuerySet, get_for_user

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


def requests_for_user(user: Any, action: str = "view") -> TenantQuerySet[Request]:
    """The requests the user may see: their authority's, or for an executor those assigned to it."""
    return Request.objects.restrict(user, action)


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
    instances (the list shows 50 rows of a table that may hold millions). The list page gives
    it ``filterset.qs``, the same queryset the API list filters with."""
    return _labelled(list(queryset.values(*LIST_COLUMNS)[start:stop]))


def _labelled(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lang = active_language()
    statuses, directions = dict(lifecycle.Status.choices), dict(lifecycle.Direction.choices)
    modalities = dict(Request.Modality.choices)
    for row in rows:
        row["url"] = reverse("cases:request-detail", args=[row["id"]])
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
    return get_for_user(Request.objects.select_related(*related), user, action, pk=pk)


def request_page(user: Any, request: Request) -> dict[str, Any]:
    """Everything the request page shows of a request's parts, each read through its model's
    policy (an executor sees only the measures, documents, timeline entries and reminders it
    may), in each model's own order, in a fixed number of queries."""
    parts: dict[str, list[Any]] = {
        "measures": list(_part(Measure, user, request).select_related("assigned_authority")),
        "offences": list(_part(Offence, user, request).select_related("offence_class")),
        "persons": list(_part(Person, user, request).select_related("nationality")),
        "deadlines": list(_part(Deadline, user, request)),
        "documents": list(
            _part(Document, user, request).prefetch_related(
                Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
            )
        ),
        "timeline": list(timeline_for_user(user, request).select_related("measure", "actor")),
        "reminders": list(_part(Reminder, user, request).filter(**{f"{Reminder.dismissed_field(user)}__isnull": True})),
    }
    for rows in parts.values():
        for row in rows:
            row.request = request  # the request shown: templates that read it cost no query
    return parts


def _part(model: type[Any], user: Any, request: Request) -> QuerySet[Any]:
    """The rows of ``model`` about ``request`` that ``user`` may see, in the model's ordering."""
    return model.objects.restrict(user).filter(request=request)


def timeline_for_user(user: Any, request: Request | int) -> QuerySet[TimelineEntry]:
    """The request's timeline as ``user`` may see it (TimelineEntry's policy: an executor sees the
    request's own rows and those of the measures assigned to its authority)."""
    entries = TimelineEntry.objects.restrict(user).filter(request=request)
    return entries.order_by("at", "id")


def assignable_authorities(request: Request) -> QuerySet[Authority]:
    """The authorities an incoming request may be assigned to for execution: the other
    authorities of its owner's jurisdiction (the page's choices, and what the service accepts)."""
    jurisdiction = Authority.objects.filter(pk=request.authority_id).values("jurisdiction_id")
    return Authority.objects.filter(jurisdiction_id__in=jurisdiction).exclude(pk=request.authority_id).order_by("name")


def get_measure_for_user(user: Any, pk: int, action: str = "view") -> Measure:
    return get_for_user(Measure.objects.select_related("request"), user, action, pk=pk)


def get_document_for_user(user: Any, pk: int, action: str = "view") -> Document:
    return get_for_user(Document.objects.select_related("request"), user, action, pk=pk)


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
    return get_for_user(Reminder.objects.select_related("request"), user, action, pk=pk)


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
        Reminder.objects.restrict(user)
        .filter(**{f"{Reminder.dismissed_field(user)}__isnull": True})
        .select_related("request")
        .order_by("created_at")[:50]
    )
    overdue = (
        Measure.objects.restrict(user)
        .filter(
            status__in=lifecycle.MEASURE_OPEN_STATUSES,
            due_on__lt=today,
            request__status__in=lifecycle.OPEN_STATUSES,
        )
        .select_related("request")
        .order_by("due_on")[:50]
    )
    deadlines = (
        Deadline.objects.restrict(user)
        .filter(met=False, due_on__gte=today - dt.timedelta(days=7))
        .filter(request__status__in=lifecycle.OPEN_STATUSES)
        .select_related("request")
        .order_by("due_on")[:20]
    )
    counts = open_counts(user) if with_counts else {}
    recent = request_rows(open_requests.order_by("-urgent", "status_changed_at"), 0, 25)
    return Dashboard(list(reminders), list(overdue), list(deadlines), recent, counts)
