"""The reads compiled once per shape (core.compiled) give what the plain QuerySets give."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404, QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entraide.cases import selectors
from entraide.cases.filters import RequestFilter
from entraide.cases.lifecycle import Status
from entraide.cases.models import Document, Measure, Request, TimelineEntry
from entraide.cases.services import measure_add
from entraide.core.compiled import CompiledQuery, run_together

pytestmark = pytest.mark.django_db


def _pks(rows):
    return sorted(row.pk for row in rows)


def test_request_page_parts_match_the_querysets_for_each_role(world):
    users = world.users
    measure_add(  # a measure the central authority executes itself: not the executor's
        actor=users.officer,
        request=world.incoming,
        kind="bank-records",
        due_on=dt.date(2030, 1, 1),
        assigned_authority=users.officer.authority,
    )
    for user in [users.officer, users.supervisor, users.executor, users.outsider]:
        for request in Request.objects.restrict(user):
            assert selectors.get_request_for_page(user, request.pk) == request
            page = selectors.request_page(user, request)
            plain = Measure.objects.restrict(user).filter(request=request)
            assert _pks(page["measures"]) == _pks(plain)
            assert _pks(page["timeline"]) == _pks(selectors.timeline_for_user(user, request))
            assert _pks(page["documents"]) == _pks(Document.objects.restrict(user).filter(request=request))
            assert page["offences"] == list(request.offences.all())
    # The executor sees only the incoming request's assigned measure and its own timeline rows.
    executor_page = selectors.request_page(users.executor, world.incoming)
    assert len(executor_page["measures"]) == 1 < len(selectors.request_page(users.officer, world.incoming)["measures"])
    assert all(
        entry.measure_id is None or entry.measure.assigned_authority_id == users.executor.authority_id
        for entry in executor_page["timeline"]
    )


def test_request_outside_scope_is_404_and_wrong_role_403(world):
    with pytest.raises(Http404):
        selectors.get_request_for_page(world.users.officer, world.theirs.pk)
    with pytest.raises(Http404):
        selectors.get_request_for_page(world.users.executor, world.unassigned.pk)
    with pytest.raises(Http404):
        selectors.get_request_for_page(world.users.officer, 0)  # a falsy value runs uncached
    with pytest.raises(Http404):
        selectors.get_request_for_page(AnonymousUser(), world.outgoing.pk)


def test_a_shape_is_compiled_once_and_runs_in_one_query(world):
    officer = world.users.officer
    query = CompiledQuery(lambda _, user, pk: Request.objects.restrict(user).filter(pk=pk))
    assert _pks(query.run(officer, world.outgoing.pk)) == [world.outgoing.pk]
    with CaptureQueriesContext(connection) as ctx:
        assert _pks(query.run(officer, world.incoming.pk)) == [world.incoming.pk]
        assert query.run(officer, world.theirs.pk) == []  # another authority's: the scope is in the SQL
    assert len(ctx.captured_queries) == 2 and len(query._plans) == 1
    assert _pks(query.run(world.users.supervisor, world.outgoing.pk)) == [world.outgoing.pk]
    assert query.run(world.users.executor, world.outgoing.pk) == []  # another role: its own plan
    assert len(query._plans) == 3  # officer, supervisor, executor


def test_a_lookup_that_alters_its_value_is_not_kept(world):
    officer = world.users.officer
    contains = CompiledQuery(lambda _, user, text: Request.objects.restrict(user).filter(title__icontains=text))
    assert _pks(contains.run(officer, "SHELL")) == [world.outgoing.pk]
    assert contains.run(officer, "%") == [] and contains.run(officer, "_") == []  # no wildcards
    assert list(contains._plans.values()) == [None]
    exact = CompiledQuery(lambda _, user, code: Request.objects.restrict(user).filter(counterpart__code__iexact=code))
    assert _pks(exact.run(officer, "som")) == _pks(Request.objects.restrict(officer).filter(counterpart__code="SOM"))
    assert exact.run(officer, "S_M") == [] and exact.run(officer, "S%") == []


def test_values_rows_are_converted_like_django_does(world):
    officer, columns = world.users.officer, ("id", "created_at", "urgent", "counterpart__code")
    query = CompiledQuery(lambda _, user, pk: Request.objects.restrict(user).filter(pk=pk).values(*columns))
    plain = list(Request.objects.filter(pk=world.outgoing.pk).values(*columns))
    assert query.run(officer, world.outgoing.pk) == plain
    assert query.run(officer, world.outgoing.pk) == plain  # from the plan
    assert isinstance(plain[0]["created_at"], dt.datetime) and plain[0]["created_at"].tzinfo is not None


def test_timeline_of_a_measure_follows_the_role(world):
    executor, officer = world.users.executor, world.users.officer
    seen = {entry.pk for entry in selectors.request_page(executor, world.incoming)["timeline"]}
    everything = set(TimelineEntry.objects.filter(request=world.incoming).values_list("pk", flat=True))
    assert seen <= everything
    assert {entry.pk for entry in selectors.request_page(officer, world.incoming)["timeline"]} == everything


FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "direction": st.sampled_from(["outgoing", "incoming", "nonsense"]),
        "status": st.lists(st.sampled_from([Status.DRAFT, Status.RECEIVED, Status.ASSIGNED, "x"]), max_size=3),
        "modality": st.sampled_from(["mla", "extradition"]),
        "counterpart": st.sampled_from(["som", "KEN", "S_M", "%", "ke"]),
        "q": st.sampled_from(["shell", "%", "_", "Hear"]),
        "offence": st.sampled_from(["07", "0701", "_"]),
        "created_after": st.sampled_from(["2000-01-01", "2999-01-01", "not a date"]),
        "officer": st.sampled_from(["officer", "supervisor", "outsider"]),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=FILTERS, page=st.integers(min_value=0, max_value=2), who=st.sampled_from(["officer", "executor"]))
def test_list_rows_match_the_filterset(world, data, page, who):
    user = getattr(world.users, who)
    query = QueryDict(mutable=True)
    for name, value in data.items():
        if name == "officer":  # a colleague is a choice, another authority's officer is not
            value = str(getattr(world.users, value).pk)
        query.setlist(name, value if isinstance(value, list) else [value])
    start, stop = page * 2, page * 2 + 3
    request = RequestFactory().get("/", query)
    request.user = user
    filterset = RequestFilter(query or None, queryset=selectors.request_list(user), request=request)
    expected = selectors.request_rows(filterset.qs, start, stop)
    again = RequestFilter(query or None, queryset=selectors.request_list(user), request=request)
    assert selectors.filtered_rows(user, again, start, stop) == expected
    assert selectors.filtered_rows(user, again, start, stop) == expected  # from the plan, if kept


def test_list_filtered_by_choices_is_kept_and_by_text_is_not(world):
    officer, plans = world.users.officer, selectors._LIST_ROWS._plans
    plans.clear()
    by_choice = RequestFilter(QueryDict("direction=outgoing&status=draft"), queryset=selectors.request_list(officer))
    assert [row["id"] for row in selectors.filtered_rows(officer, by_choice, 0, 51)] == [world.outgoing.pk]
    by_text = RequestFilter(QueryDict("q=shell"), queryset=selectors.request_list(officer))
    assert [row["id"] for row in selectors.filtered_rows(officer, by_text, 0, 51)] == [world.outgoing.pk]
    assert sorted(plan is not None for plan in plans.values()) == [False, True]


def test_reads_run_together_give_what_each_gives_and_are_all_logged(world):
    officer, reads = world.users.officer, selectors._PAGE_PARTS
    with CaptureQueriesContext(connection) as ctx:
        together = run_together(officer, {name: (query, (world.incoming.pk,)) for name, query in reads.items()})
    assert len(ctx.captured_queries) >= len(reads)  # in one pipeline on PostgreSQL, but each one seen
    assert list(together) == list(reads)
    for name, query in reads.items():
        assert _pks(together[name]) == _pks(query.run(officer, world.incoming.pk))
