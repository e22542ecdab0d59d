"""Reminders: each side dismisses for itself (issue 17, finding 6), and a round of raising is
logged once however many workers run it (finding 10)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from entraide.audit.models import AuditEvent
from entraide.cases.models import Measure, Reminder
from entraide.cases.services import reminders_raise

pytestmark = pytest.mark.django_db


def open_reminders(client) -> list[int]:
    return [r["id"] for r in client.get(reverse("api-reminder-list")).json()["results"]]


def test_an_executor_dismissing_a_reminder_hides_it_for_itself_only(world, client_for):
    Measure.objects.filter(request=world.incoming).update(due_on=dt.date(2000, 1, 1))
    reminders_raise()
    reminder = world.incoming.reminders.get()
    officer, executor = client_for(world.users.officer), client_for(world.users.executor)
    assert open_reminders(officer) == open_reminders(executor) == [reminder.pk]

    assert executor.post(reverse("cases:reminder-dismiss", args=[reminder.pk])).status_code in (200, 302)
    assert open_reminders(executor) == []
    assert open_reminders(officer) == [reminder.pk], "the owning authority still sees its warning"
    assert reminder.message in officer.get(reverse("cases:dashboard")).content.decode()
    reminder.refresh_from_db()
    assert reminder.dismissed_at is None and reminder.executor_dismissed_at is not None

    assert officer.post(reverse("api-reminder-dismiss", args=[reminder.pk])).status_code == 200
    assert open_reminders(officer) == []


def test_raising_twice_logs_one_round(world):
    Measure.objects.filter(request=world.incoming).update(due_on=dt.date(2000, 1, 1))
    assert reminders_raise() == 1
    assert reminders_raise() == 0
    assert AuditEvent.objects.filter(action="reminder.raised").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent workers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_raising_at_once_log_one_round(world):
    Measure.objects.filter(request=world.incoming).update(due_on=dt.date(2000, 1, 1))
    start, counts = threading.Barrier(2), []

    def worker() -> None:
        try:
            start.wait(10)
            counts.append(reminders_raise())
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(counts) == [0, 1]
    assert Reminder.objects.count() == 1
    assert AuditEvent.objects.filter(action="reminder.raised").count() == 1
