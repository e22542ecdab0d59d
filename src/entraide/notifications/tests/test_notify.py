"""Who is told of what: each kind's recipients, their preferences, their language, and nothing told
when the change rolls back."""

import datetime as dt

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from entraide.audit.models import AuditEvent
from entraide.cases.models import Measure, Reminder
from entraide.cases.services import measure_add, request_transition
from entraide.drafting.services.review import request_approve, request_submit
from entraide.notifications.models import MailLanguage, Notification
from entraide.notifications.services import preferences_set, silenced
from entraide.testing.cases import new_incoming, new_outgoing

pytestmark = pytest.mark.django_db


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def _mailed():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def now(django_capture_on_commit_callbacks):
    """Run the block and then what waits for its commit (the e-mails)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_review_requested_tells_the_authoritys_supervisors(users, somali_supervisor, now):
    request = new_outgoing(users)
    with now():
        request_submit(actor=users.officer, request=request)
    assert _told("review-requested") == [users.supervisor.email]
    assert _mailed() == [users.supervisor.email]
    assert request.our_reference in mail.outbox[0].subject
    event = AuditEvent.objects.get(action="notification.sent")
    assert event.detail["kind"] == "review-requested" and event.detail["recipients"] == [users.supervisor.pk]


def test_approved_and_returned_tell_the_drafter(users, now):
    approved, returned = new_outgoing(users, title="One"), new_outgoing(users, title="Two")
    request_submit(actor=users.officer, request=approved)
    request_submit(actor=users.officer, request=returned)
    mail.outbox.clear()
    with now():
        request_approve(actor=users.supervisor, request=approved)
        request_transition(actor=users.supervisor, request=returned, to="draft", reason="Facts missing")
    assert _told("approved") == [users.officer.email]
    assert _told("returned") == [users.officer.email]
    assert _mailed() == [users.officer.email, users.officer.email]
    link = f"http://127.0.0.1:8000/requests/{approved.pk}/"
    assert any(link in message.body for message in mail.outbox)


def test_assigned_tells_the_executing_authority(users, now):
    with now():
        request = new_incoming(users, assign=True)
    assert _told("assigned") == [users.executor.email]
    with now():
        measure = measure_add(actor=users.officer, request=request, kind="bank-records")
    assert Notification.objects.filter(kind="assigned", measure=measure, recipient=users.executor).exists()
    assert _mailed() == [users.executor.email, users.executor.email]


def test_overdue_tells_the_responsible_people_once(users, now):
    request = new_incoming(users, assign=True)
    Measure.objects.filter(request=request).update(due_on=timezone.localdate() - dt.timedelta(days=2))
    mail.outbox.clear()
    with now():
        call_command("worker", "--once")
    reminder = Reminder.objects.get(kind="measure-overdue")
    assert _told("overdue") == [users.executor.email, users.officer.email]
    assert Notification.objects.filter(reminder=reminder).count() == 2
    assert _mailed() == [users.executor.email, users.officer.email]
    with now():
        call_command("worker", "--once")
    assert Notification.objects.filter(kind="overdue").count() == 2 and len(mail.outbox) == 2


def test_preferences_are_respected(users, now):
    preferences_set(actor=users.supervisor, choices={"review-requested": (False, True)})
    with now():
        request_submit(actor=users.officer, request=new_outgoing(users, title="In the page only"))
    assert _told("review-requested") == [users.supervisor.email] and mail.outbox == []
    preferences_set(actor=users.supervisor, choices={"review-requested": (True, False)})
    with now():
        request_submit(actor=users.officer, request=new_outgoing(users, title="By e-mail only"))
    assert Notification.objects.filter(kind="review-requested").count() == 1
    assert _mailed() == [users.supervisor.email]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_email_is_in_the_recipients_language(users, now, language):
    preferences_set(actor=users.executor, choices={}, language=language)
    request = new_incoming(users, assign=True)
    mail.outbox.clear()
    with now():
        measure_add(actor=users.officer, request=request, kind="bank-records")
    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)  # text and HTML
    html = str(message.alternatives[0][0])
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) is (language == "ar")
    with translation.override(language):
        kind = str(Measure.Kind.BANK_RECORDS.label)
    assert kind in message.body and kind in message.subject


def test_nothing_is_told_when_the_change_rolls_back(users, now):
    request = new_outgoing(users)
    with now(), pytest.raises(RuntimeError), transaction.atomic():
        request_submit(actor=users.officer, request=request)
        raise RuntimeError("the move fails after the submission")
    assert mail.outbox == [] and not Notification.objects.exists()


def test_emails_follow_the_language_of_the_last_sign_in_unless_chosen(users, client):
    with translation.override("fr"):
        client.force_login(users.supervisor)
    assert MailLanguage.objects.get(user=users.supervisor).language == "fr"
    preferences_set(actor=users.supervisor, choices={}, language="ar")
    with translation.override("en"):
        client.force_login(users.supervisor)
    assert MailLanguage.objects.get(user=users.supervisor).language == "ar"


def test_history_replayed_tells_nobody(users, now):
    """The demo's synthetic year goes through the services: nobody is e-mailed about a past replayed."""
    with now(), silenced():
        request_submit(actor=users.officer, request=new_outgoing(users))
    assert mail.outbox == [] and not Notification.objects.exists()
