"""request_update on a stale instance must not revert a transition made meanwhile."""

import threading

import pytest
from django.db import connection

from entraide.cases.lifecycle import Status
from entraide.cases.models import Request, TimelineEntry
from entraide.cases.services import request_transition, request_update
from entraide.testing.cases import new_outgoing


@pytest.mark.django_db
def test_update_of_a_stale_instance_keeps_the_status_a_transition_set(users):
    stale = new_outgoing(users)
    assert stale.status == Status.DRAFT
    # Another page moves the request while this one still holds the draft instance.
    request_transition(
        actor=users.officer, request=Request.objects.get(pk=stale.pk), to=Status.IN_REVIEW, reviewed=True
    )

    request_update(actor=users.officer, request=stale, title="A new title")

    fresh = Request.objects.get(pk=stale.pk)
    assert fresh.title == "A new title"
    assert fresh.status == Status.IN_REVIEW
    assert list(TimelineEntry.objects.filter(request=fresh))[-1].new_status == fresh.status


@pytest.mark.django_db(transaction=True)
def test_concurrent_update_and_transition_keep_both_changes(users):
    """On PostgreSQL two threads really race: the row lock orders them, neither change is lost."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the race needs PostgreSQL row locks")
    request = new_outgoing(users)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(work) -> None:
        try:
            start.wait()
            work()
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    stale = Request.objects.get(pk=request.pk)
    threads = [
        threading.Thread(target=run, args=(lambda: request_update(actor=users.officer, request=stale, title="T2"),)),
        threading.Thread(
            target=run,
            args=(
                lambda: request_transition(
                    actor=users.officer, request=Request.objects.get(pk=request.pk), to=Status.IN_REVIEW, reviewed=True
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    fresh = Request.objects.get(pk=request.pk)
    assert (fresh.title, fresh.status) == ("T2", Status.IN_REVIEW)
