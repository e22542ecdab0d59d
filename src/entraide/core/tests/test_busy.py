"""SQLite under contention: while another writer holds the lock, an audited page and a sign-in
answer 503 "try again" with Retry-After, never 500 (issue 17, finding 8)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from entraide.testing.cases import new_outgoing
from entraide.testing.fixtures import PASSWORD

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single writer"),
]


class HeldWriteLock:
    """Another connection, in another thread, holding SQLite's write lock until released."""

    def __init__(self) -> None:
        self.taken, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("BEGIN IMMEDIATE")
                cursor.execute("UPDATE accounts_user SET full_name = full_name")
                self.taken.set()
                self.release.wait(30)
                cursor.execute("ROLLBACK")
        finally:
            connections["default"].close()

    def __enter__(self) -> "HeldWriteLock":
        self.thread.start()
        assert self.taken.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join(10)


def test_an_audited_page_answers_503_while_another_writer_holds_the_lock(users, settings):
    request = new_outgoing(users)
    client = Client(raise_request_exception=False)
    client.force_login(users.officer)
    with HeldWriteLock():
        page = client.get(reverse("cases:request-detail", args=[request.pk]))
        api = client.get(reverse("api-request-detail", args=[request.pk]))
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert "Try again in a few seconds" in page.content.decode()
    assert api.status_code == 503 and "Try again" in api.json()["detail"]
    assert client.get(reverse("cases:request-detail", args=[request.pk])).status_code == 200


def test_a_sign_in_answers_503_while_another_writer_holds_the_lock(users):
    client = Client(raise_request_exception=False)
    with HeldWriteLock():
        response = client.post(reverse("account_login"), {"login": users.officer.email, "password": PASSWORD})
    assert response.status_code == 503
