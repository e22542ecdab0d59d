"""Who is told of what: the cases app signals its moves (``cases.signals``), and these receivers tell
the people concerned, in the transaction of the move (a move rolled back tells nobody)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models import QuerySet
from django.utils import translation

from entraide.accounts.models import User
from entraide.cases.lifecycle import Direction, Status
from entraide.cases.models import Measure, Reminder, Request
from entraide.cases.signals import measure_assigned, reminder_due, request_moved
from entraide.drafting.services.review import drafters
from entraide.tenancy import rules

from . import services
from .models import Kind


def connect() -> None:
    request_moved.connect(on_request_moved, sender=Request, dispatch_uid="notifications.request_moved")
    measure_assigned.connect(on_measure_assigned, sender=Measure, dispatch_uid="notifications.measure_assigned")
    reminder_due.connect(on_reminder_due, sender=Reminder, dispatch_uid="notifications.reminder_due")
    user_logged_in.connect(on_signed_in, dispatch_uid="notifications.signed_in")


def able(authority_id: int | None, action: str) -> QuerySet[User]:
    """The active users of an authority whose role may ``action`` a request (the request policy decides)."""
    if authority_id is None:
        return User.objects.none()
    return User.objects.filter(authority_id=authority_id, is_active=True, role__in=rules.REQUEST.roles[action])


def _drafting_side(request: Request) -> Iterable[User]:
    """Who drafted the request and its officer in charge."""
    people = drafters(request)
    if request.officer_id:
        people.add(request.officer_id)
    return User.objects.filter(pk__in=people, is_active=True)


def on_request_moved(
    sender: Any, request: Request, old: str, new: str, actor: Any, remote: bool = False, **kw: Any
) -> None:
    if remote:
        return  # the other side's move: its own people were told there
    if request.direction == Direction.OUTGOING:
        if new == Status.IN_REVIEW:
            services.notify(
                kind=Kind.REVIEW_REQUESTED,
                recipients=able(request.authority_id, "approve"),
                request=request,
                actor=actor,
            )
        elif new == Status.APPROVED:
            services.notify(kind=Kind.APPROVED, recipients=_drafting_side(request), request=request, actor=actor)
        elif old == Status.IN_REVIEW and new == Status.DRAFT:
            services.notify(kind=Kind.RETURNED, recipients=_drafting_side(request), request=request, actor=actor)
    elif new == Status.ASSIGNED:
        executing = able(request.assigned_authority_id, "execute")
        services.notify(kind=Kind.ASSIGNED, recipients=executing, request=request, actor=actor)


def on_measure_assigned(sender: Any, measure: Measure, authority: Any, actor: Any, **kw: Any) -> None:
    """A measure added with its executing authority (the request's, or another one)."""
    services.notify(
        kind=Kind.ASSIGNED,
        recipients=able(authority.pk, "execute"),
        request=measure.request,
        measure=measure,
        actor=actor,
    )


def on_reminder_due(sender: Any, reminder: Reminder, recipients: list[User], **kw: Any) -> bool:
    """The worker's reminder (overdue measure, no answer, deadline approaching): each person told once."""
    services.notify(
        kind=Kind.OVERDUE,
        recipients=recipients,
        request=reminder.request,
        measure=reminder.measure,
        reminder=reminder,
    )
    return True


def on_signed_in(sender: Any, request: Any, user: Any, **kw: Any) -> None:
    """E-mails follow the language the user works in, unless they chose another."""
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
    if isinstance(user, User) and language:
        services.mail_language_remember(user=user, language=language)
