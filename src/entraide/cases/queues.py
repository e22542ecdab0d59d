"""Work queues: what waits for each user, counted in one query, by the same conditions the request
list filters by (``?queue=<code>``), so a count and the list it links to always agree.

Which queues a user has follows from what the policies let them do (``can``), never from a role
name: who drafts has drafts, who approves has what awaits approval, who executes without running
the office has what is assigned to its authority, who only reads has the authority's open requests.
Every count reads ``restrict(user)``: no queue counts another authority's requests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from entraide.audit.services import record_shown
from entraide.core.home import Queue
from entraide.tenancy.policies import TenantQuerySet, can

from . import lifecycle
from .lifecycle import Direction, Status
from .models import Measure, Request, TimelineEntry

# "This week": today and the six days after it.
WEEK = dt.timedelta(days=6)


def _office(user: Any) -> bool:
    return can(user, "create", Request)


def _approver(user: Any) -> bool:
    return can(user, "approve", Request)


def _handler(user: Any) -> bool:
    return can(user, "handle", Request)


def _executing_authority(user: Any) -> bool:
    """Executes what is assigned to its authority without running the office (an executor)."""
    return can(user, "execute", Request) and not can(user, "change", Request)


def _reader(user: Any) -> bool:
    """Reads the authority's requests and acts on none (an auditor)."""
    return can(user, "view", Request) and not can(user, "execute", Request)


def _anyone_reading(user: Any) -> bool:
    return can(user, "view", Request)


def _drafts(user: Any, today: dt.date) -> Q:
    return Q(direction=Direction.OUTGOING, status=Status.DRAFT) & (Q(created_by=user.pk) | Q(officer=user.pk))


def _returned(user: Any, today: dt.date) -> Q:
    """My drafts whose last move was back from review (a supervisor sent them back)."""
    back = TimelineEntry.objects.filter(
        request=OuterRef("pk"),
        measure=None,
        old_status=Status.IN_REVIEW,
        new_status=Status.DRAFT,
        at__gte=OuterRef("status_changed_at"),
    )
    return _drafts(user, today) & Q(Exists(back))


def _mine(user: Any, today: dt.date) -> Q:
    return Q(officer=user.pk) & ~Q(status=Status.DRAFT)


def _unit(user: Any, today: dt.date) -> Q:
    """Incoming requests of my authority that no officer has taken yet."""
    return Q(direction=Direction.INCOMING, officer__isnull=True)


def _approval(user: Any, today: dt.date) -> Q:
    return Q(direction=Direction.OUTGOING, status=Status.IN_REVIEW)


def _every_open(user: Any, today: dt.date) -> Q:
    return Q()


def _measures(user: Any, **due: Any) -> Q:
    """Requests with an open measure the user sees (an executor: those assigned to its authority)."""
    open_measures = Measure.objects.restrict(user).filter(
        request=OuterRef("pk"), status__in=lifecycle.MEASURE_OPEN_STATUSES, **due
    )
    return Q(Exists(open_measures))


def _due_this_week(user: Any, today: dt.date) -> Q:
    return _measures(user, due_on__gte=today, due_on__lte=today + WEEK)


def _overdue(user: Any, today: dt.date) -> Q:
    return _measures(user, due_on__lt=today)


@dataclass(frozen=True)
class QueueKind:
    code: str
    label: Promise
    shown: Callable[[Any], bool]
    condition: Callable[[Any, dt.date], Q]
    urgent: bool = False


KINDS: tuple[QueueKind, ...] = (
    QueueKind("awaiting-approval", _("Awaiting my approval"), _approver, _approval),
    QueueKind("my-drafts", _("My drafts"), _office, _drafts),
    QueueKind("returned", _("Returned to me"), _office, _returned, urgent=True),
    QueueKind("mine", _("Assigned to me"), _handler, _mine),
    QueueKind("unit", _("Received, no officer yet"), _office, _unit),
    QueueKind("assigned", _("Assigned to my authority"), _executing_authority, _every_open),
    QueueKind("open", _("Open requests of my authority"), _reader, _every_open),
    QueueKind("due-this-week", _("Measures due this week"), _anyone_reading, _due_this_week),
    QueueKind("overdue", _("Overdue measures"), _anyone_reading, _overdue, urgent=True),
)
BY_CODE = {kind.code: kind for kind in KINDS}
CHOICES = [(kind.code, kind.label) for kind in KINDS]


def condition(code: str, user: Any, today: dt.date | None = None) -> Q:
    """The condition on open requests of queue ``code`` for ``user`` (the request list's ``queue`` filter)."""
    return Q(status__in=lifecycle.OPEN_STATUSES) & BY_CODE[code].condition(user, today or timezone.localdate())


def list_url(code: str) -> str:
    return f"{reverse('cases:request-list')}?{urlencode({'queue': code})}"


def counts(user: Any, *, today: dt.date | None = None) -> dict[str, int]:
    """How many open requests wait in each of the user's queues: one aggregate query."""
    today = today or timezone.localdate()
    kinds = [kind for kind in KINDS if kind.shown(user)]
    if not kinds:
        return {}
    open_requests = Request.objects.restrict(user).filter(status__in=lifecycle.OPEN_STATUSES)
    return open_requests.aggregate(**{kind.code: Count("pk", filter=kind.condition(user, today)) for kind in kinds})


def awaiting_approval(user: Any) -> TenantQuerySet[Request]:
    """Outgoing requests awaiting approval in the user's authority, urgent first, longest waiting first."""
    return (
        Request.objects.restrict(user, "approve")
        .filter(_approval(user, timezone.localdate()))
        .select_related("requested_jurisdiction", "created_by")
        .order_by("-urgent", "status_changed_at", "pk")
    )


APPROVAL_ROWS = 10


def for_user(user: Any, *, where: str = "core:home", today: dt.date | None = None) -> list[Queue]:
    """The user's queues with their counts and links; the approval queue with its first rows (a read
    of those requests, logged as the lists log theirs)."""
    found = counts(user, today=today)
    queues = []
    for kind in KINDS:
        if kind.code not in found:
            continue
        listed = kind.code == "awaiting-approval" and found[kind.code]
        rows = list(awaiting_approval(user)[:APPROVAL_ROWS]) if listed else ()
        queues.append(
            Queue(kind.code, kind.label, found[kind.code], list_url(kind.code), rows=rows, urgent=kind.urgent)
        )
    shown = [row.pk for queue in queues for row in queue.rows]
    record_shown(user, Request, shown, ["request"], where=where)
    return queues
