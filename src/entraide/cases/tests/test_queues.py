"""Work queues: each role's counts, counted in one query, never counting another authority's requests,
and each count agreeing with the list it links to."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from entraide.cases import queues
from entraide.cases.lifecycle import Direction
from entraide.cases.models import Measure
from entraide.cases.services import measure_add, request_create, request_transition
from entraide.testing.cases import new_incoming, new_outgoing, walk

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()  # the request list filters by the real date: so do these counts


def _somali(users, title):
    return request_create(
        actor=users.outsider,
        direction=Direction.OUTGOING,
        requesting_jurisdiction=users.outsider.authority.jurisdiction,
        requested_jurisdiction=users.officer.authority.jurisdiction,
        title=title,
    )


def _outsider_work(users):
    """The same work at the Somali authority: drafts, a returned one, one in review, measures."""
    _somali(users, "Somali draft")
    returned = _somali(users, "Somali returned")
    for to in ("in-review", "draft"):
        request_transition(actor=users.outsider, request=returned, to=to, reviewed=True)
    other = _somali(users, "Somali in review")
    request_transition(actor=users.outsider, request=other, to="in-review", reviewed=True)
    measure_add(actor=users.outsider, request=other, kind="bank-records", due_on=TODAY - dt.timedelta(days=3))
    measure_add(actor=users.outsider, request=other, kind="production", due_on=TODAY + dt.timedelta(days=2))


@pytest.fixture
def work(users):
    """Kenyan work: two drafts of the officer (one returned from review), one in review, an incoming
    request the officer handles with a measure due this week and one overdue (assigned to the
    prosecution office), an incoming request no officer has taken."""
    draft = new_outgoing(users, title="Draft")
    returned = walk(users, new_outgoing(users, title="Returned"), ["in-review", "draft"])
    in_review = walk(users, new_outgoing(users, title="In review"), ["in-review"])
    incoming = new_incoming(users, assign=True)
    Measure.objects.filter(request=incoming).update(due_on=TODAY - dt.timedelta(days=3))  # overdue
    measure_add(actor=users.officer, request=incoming, kind="production", due_on=TODAY + dt.timedelta(days=6))
    measure_add(actor=users.officer, request=incoming, kind="service", due_on=TODAY + dt.timedelta(days=7))
    untaken = new_incoming(users, title="Untaken")
    untaken.officer = None
    untaken.save(update_fields=["officer"])
    _outsider_work(users)
    return {"draft": draft, "returned": returned, "in_review": in_review, "incoming": incoming, "untaken": untaken}


def test_an_officer_counts_their_drafts_returns_own_requests_and_the_unit(users, work):
    counts = queues.counts(users.officer, today=TODAY)
    assert counts == {
        "my-drafts": 2,
        "returned": 1,
        "mine": 2,  # the request in review (the officer is in charge of it) and the incoming one
        "unit": 1,
        "due-this-week": 1,  # due in six days; the one due in seven is next week's
        "overdue": 1,
    }


def test_a_supervisor_counts_what_awaits_approval(users, work):
    counts = queues.counts(users.supervisor, today=TODAY)
    assert counts["awaiting-approval"] == 1 and "mine" not in counts
    rows = next(q for q in queues.for_user(users.supervisor, today=TODAY) if q.code == "awaiting-approval").rows
    assert [r.pk for r in rows] == [work["in_review"].pk]


def test_an_executor_counts_what_is_assigned_to_its_authority(users, work):
    counts = queues.counts(users.executor, today=TODAY)
    assert counts == {"assigned": 1, "due-this-week": 1, "overdue": 1}


def test_a_measure_of_another_executing_authority_is_not_the_executors(users, work, authorities):
    incoming = work["incoming"]
    Measure.objects.filter(request=incoming).update(assigned_authority=authorities["ke_central"])
    assert queues.counts(users.executor, today=TODAY) == {"assigned": 1, "due-this-week": 0, "overdue": 0}


def test_an_auditor_counts_open_requests_and_the_administrator_has_no_queue(users, work):
    counts = queues.counts(users.auditor, today=TODAY)
    assert counts == {"open": 5, "due-this-week": 1, "overdue": 1}
    assert queues.counts(users.administrator, today=TODAY) == {}


def test_no_count_includes_another_authoritys_requests(users, work):
    """The Somali officer sees only the Somali work, though the Kenyan work is the same shape."""
    counts = queues.counts(users.outsider, today=TODAY)
    assert counts == {"my-drafts": 2, "returned": 1, "mine": 1, "unit": 0, "due-this-week": 1, "overdue": 1}


def test_the_counts_are_one_query(users, work):
    with CaptureQueriesContext(connection) as ctx:
        queues.counts(users.officer, today=TODAY)
    assert len(ctx.captured_queries) == 1


@pytest.mark.parametrize("code", ["my-drafts", "returned", "mine", "unit", "due-this-week", "overdue"])
def test_each_count_agrees_with_the_list_it_links_to(users, work, client_for, code):
    assert timezone.localdate() == TODAY
    counts = queues.counts(users.officer)
    page = client_for(users.officer).get(queues.list_url(code))
    assert page.status_code == 200
    assert len(page.context["page"].object_list) == counts[code] > 0


def test_the_home_page_shows_the_queues_with_their_counts_and_links(users, work, client_for):
    page = client_for(users.officer).get(reverse("core:home")).content.decode()
    assert 'data-testid="queue-my-drafts-count">2<' in page
    assert f'href="{queues.list_url("returned")}"' in page
    home = client_for(users.supervisor).get(reverse("core:home")).content.decode()
    assert 'data-testid="queue-awaiting-approval-count">1<' in home
    assert f'href="{reverse("drafting:review", args=[work["in_review"].pk])}"' in home
    assert "Somali in review" not in home


def test_the_dashboard_separates_the_same_queues(users, work, client_for):
    pane = client_for(users.supervisor).get(reverse("cases:dashboard-counts")).content.decode()
    assert 'data-testid="queue-awaiting-approval-count">1<' in pane
    assert f'href="{reverse("drafting:review", args=[work["in_review"].pk])}"' in pane


def test_the_home_page_query_count_does_not_grow_with_waiting_requests(users, work, client_for):
    client = client_for(users.supervisor)
    client.get(reverse("core:home"))  # the first page of a session also refreshes the session

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("core:home")).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(5):
        walk(users, new_outgoing(users, title=f"More {i}"), ["in-review"])
    assert queries() == few
