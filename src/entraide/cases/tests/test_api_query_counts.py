"""Every list endpoint of the cases API answers 200 in a number of queries that does not grow
with the number of rows listed."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entraide.cases.models import Reminder
from entraide.cases.services import deadline_add, measure_add, offence_add, person_add
from entraide.testing.cases import CaseWorld, new_outgoing

from .helpers import shared_and_private_documents

pytestmark = pytest.mark.django_db


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def _assert_flat(client: Any, url: str, add: Callable[[int], None]) -> None:
    add(2)
    _queries(client, url)  # the first request of a session also reads and refreshes the session
    few = _queries(client, url)
    add(10)
    assert _queries(client, url) == few, url


def test_request_list_does_not_grow_with_the_requests(world, client_for):
    def add(n: int) -> None:
        for _ in range(n):
            new_outgoing(world.users)

    _assert_flat(client_for(world.users.officer), reverse("api-request-list"), add)


PARTS: dict[str, Callable[[CaseWorld, int], Any]] = {
    "api-offence-list": lambda w, i: offence_add(actor=w.users.officer, request=w.outgoing, provision=f"s. {i}"),
    "api-person-list": lambda w, i: person_add(
        actor=w.users.officer, request=w.outgoing, role="suspect", name=f"P{i}", nationality=w.somalia
    ),
    "api-deadline-list": lambda w, i: deadline_add(
        actor=w.users.officer, request=w.outgoing, kind="court-date", due_on=__import__("datetime").date(2031, 1, 1)
    ),
    "api-measure-list": lambda w, i: measure_add(actor=w.users.officer, request=w.outgoing, kind="bank-records"),
}


@pytest.mark.parametrize("name", sorted(PARTS))
def test_parts_of_a_request_do_not_grow_with_the_parts(world, client_for, name):
    counter = iter(range(1000))

    def add(n: int) -> None:
        for _ in range(n):
            PARTS[name](world, next(counter))

    _assert_flat(client_for(world.users.officer), reverse(name, args=[world.outgoing.pk]), add)


def test_timeline_does_not_grow_with_the_entries(world, client_for):
    def add(n: int) -> None:
        for _ in range(n):
            measure_add(actor=world.users.officer, request=world.outgoing, kind="bank-records")  # one entry each

    _assert_flat(client_for(world.users.officer), reverse("api-request-timeline", args=[world.outgoing.pk]), add)


def test_documents_do_not_grow_with_the_documents(world, client_for):
    def add(n: int) -> None:
        for _ in range(max(1, n // 2)):
            shared_and_private_documents(world)

    url = reverse("api-document-list", args=[world.incoming.pk])
    _assert_flat(client_for(world.users.officer), url, add)


def test_reminders_do_not_grow_with_the_reminders(world, client_for):
    counter = iter(range(1000))

    def add(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            Reminder.objects.create(request=world.incoming, kind="no-answer", key=f"k{i}", message=f"m{i}")

    _assert_flat(client_for(world.users.officer), reverse("api-reminder-list"), add)
