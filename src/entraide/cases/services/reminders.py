"""Reminders: raised by the worker, claimed safely by several workers, e-mailed, dismissed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.audit.services import record
from entraide.tenancy import roles

from .. import lifecycle
from ..models import Deadline, Measure, Reminder, ReminderPolicy, Request
from ..signals import reminder_due

# A claim older than this is considered abandoned by a worker that died.
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
RAISE_LOCK_ID = 0x72656D69  # "remi"


def _no_answer(now: dt.datetime) -> Iterable[Reminder]:
    policies = {(p.authority_id, p.counterpart_id): p.days_without_answer for p in ReminderPolicy.objects.all()}
    shortest = min([settings.ENTRAIDE_REMINDER_DAYS, *policies.values()])
    waiting = (
        Request.objects.filter(
            status__in=lifecycle.AWAITING_ANSWER, last_sent_at__lte=now - dt.timedelta(days=shortest)
        )
        .only("pk", "authority_id", "counterpart_id", "last_sent_at", "our_reference", "status")
        .iterator(chunk_size=2000)
    )
    for request in waiting:
        days = policies.get((request.authority_id, request.counterpart_id), settings.ENTRAIDE_REMINDER_DAYS)
        assert request.last_sent_at is not None
        if request.last_sent_at <= now - dt.timedelta(days=days):
            yield Reminder(
                request=request,
                kind=Reminder.Kind.NO_ANSWER,
                key=f"no-answer:{request.pk}:{request.last_sent_at:%Y%m%d%H%M%S}:{days}",
                message=_("%(ref)s: no answer for %(days)d days (%(status)s since %(since)s).")
                % {
                    "ref": request.our_reference,
                    "days": days,
                    "status": request.status,
                    "since": request.last_sent_at.date().isoformat(),
                },
            )


def _overdue_measures(today: dt.date) -> Iterable[Reminder]:
    overdue = (
        Measure.objects.filter(status__in=lifecycle.MEASURE_OPEN, due_on__lt=today)
        .exclude(request__status__in=[lifecycle.Status.CLOSED, lifecycle.Status.WITHDRAWN])
        .select_related("request")
        .only("pk", "kind", "due_on", "request__id", "request__our_reference")
        .iterator(chunk_size=2000)
    )
    for measure in overdue:
        yield Reminder(
            request=measure.request,
            measure=measure,
            kind=Reminder.Kind.MEASURE_OVERDUE,
            key=f"measure:{measure.pk}:{measure.due_on}",
            message=_("%(ref)s: measure “%(kind)s” was due on %(due)s.")
            % {"ref": measure.request.our_reference, "kind": measure.get_kind_display(), "due": measure.due_on},
        )


def _approaching_deadlines(today: dt.date) -> Iterable[Reminder]:
    horizon = today + dt.timedelta(days=settings.ENTRAIDE_DEADLINE_WARNING_DAYS)
    approaching = (
        Deadline.objects.filter(met=False, due_on__lte=horizon, due_on__gte=today)
        .exclude(request__status__in=[lifecycle.Status.CLOSED, lifecycle.Status.WITHDRAWN, lifecycle.Status.LAPSED])
        .select_related("request")
        .iterator(chunk_size=2000)
    )
    for deadline in approaching:
        yield Reminder(
            request=deadline.request,
            deadline=deadline,
            kind=Reminder.Kind.DEADLINE,
            key=f"deadline:{deadline.pk}:{deadline.due_on}",
            message=_("%(ref)s: %(kind)s on %(due)s.")
            % {"ref": deadline.request.our_reference, "kind": deadline.get_kind_display(), "due": deadline.due_on},
        )


def reminders_raise(*, now: dt.datetime | None = None) -> int:
    """Raise the reminders that are due; each cause raises one reminder only (its key)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    candidates = [*_no_answer(now), *_overdue_measures(today), *_approaching_deadlines(today)]
    if not candidates:
        return 0
    with transaction.atomic():
        # One worker raises at a time (PostgreSQL: an advisory lock; SQLite: its single writer),
        # so a second worker finds the first one's reminders known and logs no round twice.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RAISE_LOCK_ID])
        known = set(Reminder.objects.filter(key__in=[r.key for r in candidates]).values_list("key", flat=True))
        fresh = [r for r in candidates if r.key not in known]
        Reminder.objects.bulk_create(fresh, batch_size=500)
        if fresh:
            record(None, "reminder.raised", None, detail={"count": len(fresh)})
    return len(fresh)


def reminders_claim(*, worker: str, limit: int = 50, now: dt.datetime | None = None) -> list[Reminder]:
    """Claim reminders to e-mail so that no two workers send the same one."""
    now = now or timezone.now()
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    todo = Reminder.objects.filter(free, emailed_at__isnull=True, dismissed_at__isnull=True).order_by("pk")
    if connection.vendor == "postgresql":
        with transaction.atomic():
            ids = list(todo.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
            Reminder.objects.filter(pk__in=ids).update(claimed_by=worker, claimed_at=now)
    else:
        ids = []
        for pk in todo.values_list("pk", flat=True)[:limit]:
            # Conditional UPDATE: only one worker sees a row count of 1 for a row.
            if Reminder.objects.filter(free, pk=pk, emailed_at__isnull=True).update(claimed_by=worker, claimed_at=now):
                ids.append(pk)
    return list(Reminder.objects.filter(pk__in=ids, claimed_by=worker).select_related("request", "measure"))


def _recipients(reminder: Reminder) -> list[User]:
    """Who answers for a reminder: the officer in charge (else the authority's office) and, for an
    overdue measure, the executing authority's executors."""
    request = reminder.request
    if request.officer_id:
        people = User.objects.filter(pk=request.officer_id, is_active=True)
    else:
        people = User.objects.filter(authority_id=request.authority_id, role__in=roles.OFFICE, is_active=True)
    if reminder.kind == Reminder.Kind.MEASURE_OVERDUE and reminder.measure and reminder.measure.assigned_authority_id:
        people |= User.objects.filter(
            authority_id=reminder.measure.assigned_authority_id, role__in=roles.EXECUTORS, is_active=True
        )
    return list(people.order_by("email"))


def reminders_send(*, worker: str, limit: int = 50) -> int:
    """Tell the people responsible for each claimed reminder, once: the notifications app tells each
    in their language and as they chose (``reminder_due``); without it, a plain e-mail goes through
    Django's e-mail backend. Returns how many reminders were handled."""
    sent = 0
    for reminder in reminders_claim(worker=worker, limit=limit):
        recipients = _recipients(reminder)
        with transaction.atomic():
            answers = reminder_due.send(sender=Reminder, reminder=reminder, recipients=recipients)
            told = any(answer for _receiver, answer in answers)
            if recipients and not told:
                # The subject names no person: only the reference and the kind of reminder.
                send_mail(
                    subject=_("[Entraide] Reminder: %(ref)s") % {"ref": reminder.request.our_reference},
                    message=reminder.message + "\n",
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[person.email for person in recipients],
                )
            Reminder.objects.filter(pk=reminder.pk, claimed_by=worker).update(emailed_at=timezone.now())
            record(
                None,
                "reminder.emailed",
                reminder,
                authority_id=reminder.request.authority_id,
                detail={"recipients": len(recipients), "notified": told},
            )
        sent += 1
    return sent


@transaction.atomic
def reminder_dismiss(*, actor: User, reminder: Reminder) -> Reminder:
    """Take a reminder off the dashboard of the actor's side only: an executing authority that
    dismisses a reminder about its measure does not hide it from the authority that owns the request."""
    field = Reminder.dismissed_field(actor)
    setattr(reminder, field, timezone.now())
    reminder.save(update_fields=[field])
    record(actor, "reminder.dismissed", reminder, authority_id=reminder.request.authority_id, detail={"side": field})
    return reminder


def form_tokens_purge(*, older_than: dt.timedelta = dt.timedelta(days=2)) -> int:
    """Forget one-time form tokens once no one can still submit their form twice."""
    from ..models import FormToken

    deleted, _ = FormToken.objects.filter(used_at__lt=timezone.now() - older_than).delete()
    return deleted
