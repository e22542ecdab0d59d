import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from entraide.cases.models import Measure, Reminder, ReminderPolicy, Request
from entraide.cases.services import deadline_add, reminders_claim, reminders_raise
from entraide.testing.cases import new_outgoing, walk

pytestmark = pytest.mark.django_db


def _transmitted(users, days_ago):
    request = walk(users, new_outgoing(users), ["in-review", "approved", "transmitted"])
    Request.objects.filter(pk=request.pk).update(last_sent_at=timezone.now() - dt.timedelta(days=days_ago))
    return request


def test_worker_once_raises_and_emails_a_reminder_for_a_request_without_answer(
    users, settings, django_capture_on_commit_callbacks
):
    settings.ENTRAIDE_REMINDER_DAYS = 30
    late = _transmitted(users, 31)
    _transmitted(users, 5)
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave once the worker's round commits
        call_command("worker", "--once")
    reminder = Reminder.objects.get()
    assert reminder.request == late and reminder.kind == "no-answer" and reminder.emailed_at
    assert len(mail.outbox) == 1 and late.our_reference in mail.outbox[0].subject
    assert users.officer.email in mail.outbox[0].to
    with django_capture_on_commit_callbacks(execute=True):
        call_command("worker", "--once")  # the same cause raises no second reminder
    assert Reminder.objects.count() == 1 and len(mail.outbox) == 1


def test_days_set_per_counterpart(users, settings):
    settings.ENTRAIDE_REMINDER_DAYS = 60
    ReminderPolicy.objects.create(
        authority=users.officer.authority, counterpart=users.outsider.authority.jurisdiction, days_without_answer=10
    )
    _transmitted(users, 11)
    assert reminders_raise() == 1


def test_overdue_measures_and_approaching_deadlines(world, settings, django_capture_on_commit_callbacks):
    settings.ENTRAIDE_DEADLINE_WARNING_DAYS = 14
    Measure.objects.filter(request=world.incoming).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    deadline_add(
        actor=world.users.officer,
        request=world.outgoing,
        kind="detention-limit",
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )
    deadline_add(
        actor=world.users.officer,
        request=world.outgoing,
        kind="court-date",
        due_on=timezone.localdate() + dt.timedelta(days=90),
    )
    assert reminders_raise() == 2
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert kinds == {"measure-overdue", "deadline"}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("worker", "--once")
    executor_mail = [m for m in mail.outbox if world.users.executor.email in m.to]
    assert executor_mail, "the executing authority hears about its overdue measure"


def test_two_workers_never_claim_the_same_reminder(users):
    for days in (40, 50, 60):
        _transmitted(users, days)
    reminders_raise()
    first = reminders_claim(worker="a", limit=2)
    second = reminders_claim(worker="b", limit=10)
    assert len(first) == 2 and len(second) == 1
    assert not {r.pk for r in first} & {r.pk for r in second}


def test_old_form_tokens_are_purged(users):
    import uuid

    from entraide.cases.models import FormToken
    from entraide.cases.services import form_tokens_purge

    old = FormToken.objects.create(token=uuid.uuid4(), user=users.officer)
    FormToken.objects.filter(pk=old.pk).update(used_at=timezone.now() - dt.timedelta(days=3))
    FormToken.objects.create(token=uuid.uuid4(), user=users.officer)
    assert form_tokens_purge() == 1 and FormToken.objects.count() == 1
