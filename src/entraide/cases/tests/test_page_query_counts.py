"""The pages of bench/requests.py read a fixed number of queries, whatever the rows they show."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entraide.cases.services import measure_add
from entraide.testing.cases import new_incoming, new_outgoing

pytestmark = pytest.mark.django_db

OVERDUE = dt.date(2001, 1, 1)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_requests(world, count: int) -> None:
    """Requests each way, each with an overdue measure: rows on the dashboard and the list."""
    for i in range(count):
        for request in (new_outgoing(world.users, title=f"out {i}"), new_incoming(world.users, title=f"in {i}")):
            measure_add(actor=world.users.officer, request=request, kind="bank-records", due_on=OVERDUE)


@pytest.mark.parametrize(
    "url",
    [
        reverse("cases:dashboard"),
        reverse("cases:dashboard-counts"),
        reverse("cases:request-list"),
        reverse("cases:request-list") + "?direction=outgoing",
    ],
)
def test_dashboard_and_list_query_count_does_not_grow_with_rows(world, client_for, url):
    client = client_for(world.users.officer)
    client.get(url)  # the first page of a session also refreshes the session and the sign-in's records
    _more_requests(world, 2)
    few = _queries(client, url)
    _more_requests(world, 10)
    assert _queries(client, url) == few


def test_request_page_query_count_does_not_grow_with_measures(world, client_for):
    client = client_for(world.users.officer)
    url = reverse("cases:request-detail", args=[world.outgoing.pk])
    measure_add(actor=world.users.officer, request=world.outgoing, kind="bank-records", due_on=OVERDUE)
    client.get(url)  # the first page of a session also refreshes the session and the sign-in's records
    few = _queries(client, url)
    for kind in ("witness-hearing", "search-seizure", "production", "freezing", "service"):
        measure_add(actor=world.users.officer, request=world.outgoing, kind=kind, due_on=OVERDUE)
    assert _queries(client, url) == few


def test_dashboard_counts_pane(world, client_for):
    client = client_for(world.users.officer)
    page = client.get(reverse("cases:dashboard")).content.decode()
    assert reverse("cases:dashboard-counts") in page  # fetched by HTMX once the page is shown
    _more_requests(world, 2)
    pane = client.get(reverse("cases:dashboard-counts")).content.decode()
    outgoing = world.users.officer.authority.requests.filter(direction="outgoing").exclude(status="closed").count()
    incoming = world.users.officer.authority.requests.filter(direction="incoming").exclude(status="closed").count()
    assert f"{outgoing} outgoing and {incoming} incoming requests open." in pane
