"""The notification pages: my list (open one, mark read, mark all read), my preferences; another
user's notification answers 404."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from entraide.audit.models import AuditEvent
from entraide.cases.models import Measure
from entraide.drafting.services.review import request_submit
from entraide.notifications.models import MailLanguage, Notification, NotificationPreference
from entraide.testing.cases import new_incoming, new_outgoing

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(users):
    """Two requests submitted for review: two notifications for the supervisor."""
    for title in ("First (test)", "Second (test)"):
        request_submit(actor=users.officer, request=new_outgoing(users, title=title))
    return list(Notification.objects.filter(recipient=users.supervisor).order_by("pk"))


def test_the_list_shows_my_notifications_and_the_navigation_their_unread_count(users, waiting, client_for):
    page = client_for(users.supervisor).get(reverse("notifications:list")).content.decode()
    assert all(f'data-testid="notification-{n.pk}"' in page for n in waiting)
    assert 'data-testid="unread-count">2<' in page
    assert "First (test)" in page and "awaits your approval" in page
    other = client_for(users.officer).get(reverse("notifications:list")).content.decode()
    assert 'data-testid="notification-' not in other and 'data-testid="unread-count"' not in other


def test_opening_one_marks_it_read_and_goes_to_the_request(users, waiting, client_for):
    first = waiting[0]
    response = client_for(users.supervisor).get(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:request-detail", args=[first.request_id]
    )
    first.refresh_from_db()
    assert first.read_at is not None
    assert AuditEvent.objects.filter(action="notification.read", object_id=str(first.pk)).count() == 1


def test_mark_read_and_mark_all_read(users, waiting, client_for):
    client = client_for(users.supervisor)
    assert client.get(reverse("notifications:read", args=[waiting[0].pk])).status_code == 405
    response = client.post(reverse("notifications:read", args=[waiting[0].pk]))
    assert response.status_code == 302 and response["Location"] == reverse("notifications:list")
    assert Notification.objects.filter(recipient=users.supervisor, read_at__isnull=True).count() == 1
    client.post(reverse("notifications:read-all"))
    assert not Notification.objects.filter(recipient=users.supervisor, read_at__isnull=True).exists()
    assert 'data-testid="unread-count"' not in client.get(reverse("notifications:list")).content.decode()


@pytest.mark.parametrize("who", ["officer", "auditor", "outsider", "executor"])
def test_another_users_notification_answers_404(users, waiting, client_for, who):
    client = client_for(getattr(users, who))
    mine = waiting[0]
    assert client.get(reverse("notifications:open", args=[mine.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[mine.pk])).status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None


def test_preferences_are_saved_and_a_bad_choice_keeps_the_input(users, client_for):
    client = client_for(users.executor)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200 and 'name="assigned__email"' in page.content.decode()
    data = {"language": "fr", "assigned__in_page": "on", "overdue__email": "on", "overdue__in_page": "on"}
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302 and response["Location"] == reverse("notifications:preferences")
    assigned = NotificationPreference.objects.get(user=users.executor, kind="assigned")
    assert (assigned.email, assigned.in_page) == (False, True)
    assert not NotificationPreference.objects.filter(user=users.executor, kind="overdue").exists()  # the default
    assert MailLanguage.objects.get(user=users.executor).language == "fr"
    assert AuditEvent.objects.filter(action="notification-preferences.changed", actor=users.executor).exists()
    bad = client.post(reverse("notifications:preferences"), {**data, "language": "xx", "approved__email": "on"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert 'name="approved__email" id="id_approved__email" aria-labelledby' in body
    assert 'id="id_approved__email" aria-labelledby="kind-approved label-id_approved__email" checked' in body
    assert "xx" in body and "Select a valid choice" in body
    assert MailLanguage.objects.get(user=users.executor).language == "fr"


def test_pages_need_a_signed_in_user(client):
    assert client.get(reverse("notifications:list")).status_code == 302
    assert client.get(reverse("notifications:preferences")).status_code == 302


def test_the_list_query_count_does_not_grow_with_notifications(users, waiting, client_for):
    client = client_for(users.supervisor)
    client.get(reverse("notifications:list"))

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("notifications:list")).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(5):
        request_submit(actor=users.officer, request=new_outgoing(users, title=f"More {i} (test)"))
    assert queries() == few


def test_an_overdue_measure_reads_with_its_kind_and_date(users, client_for):
    request = new_incoming(users, assign=True)
    due = timezone.localdate() - dt.timedelta(days=2)
    Measure.objects.filter(request=request).update(due_on=due)
    call_command("worker", "--once")
    page = client_for(users.executor).get(reverse("notifications:list")).content.decode()
    assert 'data-kind="overdue"' in page
    assert (
        f"<bdi>{request.our_reference}</bdi>: the measure Witness hearing was due on {formats.date_format(due)}" in page
    )
