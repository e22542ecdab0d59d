"""Every indicator, computed a second, independent way (plain Python over the rows) gives the same numbers."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from entraide.cases.lifecycle import Status
from entraide.cases.models import Measure, Request, TimelineEntry
from entraide.cases.services import measure_add, offence_add, request_transition, request_update
from entraide.reference.models import OffenceClass
from entraide.stats.indicators import INDICATORS, SPANS, BadFilter, Filters, continuous, parse_filters
from entraide.testing.cases import new_incoming, new_outgoing, walk

pytestmark = pytest.mark.django_db

YEAR = Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
OUT_PATHS = [
    ["in-review", "approved", "transmitted"],
    ["in-review", "approved", "transmitted", "acknowledged", "in-execution", "executed"],
    ["in-review", "approved", "transmitted", "refused"],
    ["withdrawn"],
    [],
]
IN_PATHS = [
    ["registered", "under-assessment", "accepted"],
    ["registered", "under-assessment", "refused"],
    ["registered", "withdrawn"],
    [],
]


@pytest.fixture
def history(users: Any) -> list[Request]:
    """A year of fictitious work in a seeded order, with the timeline spread over the months."""
    rng = random.Random(7)
    classes = [
        OffenceClass.objects.get_or_create(
            code=code, defaults={"level": 2, "name_en": name, "source": "test", "as_at": dt.date(2026, 1, 1)}
        )[0]
        for code, name in [("0701", "Fraud"), ("0704", "Money laundering"), ("0903", "Cybercrime")]
    ]
    made = []
    for i in range(24):
        outgoing = i % 3 != 0
        request = (
            new_outgoing(users, title=f"Out {i} (test)") if outgoing else new_incoming(users, title=f"In {i} (test)")
        )
        request_update(
            actor=users.officer, request=request, legal_basis_code=rng.choice(["UNTOC", "UNCAC", "", "reciprocity"])
        )
        offence_add(actor=users.officer, request=request, provision=f"s. {i} (test)", offence_class=rng.choice(classes))
        measure_add(actor=users.officer, request=request, kind=rng.choice(["bank-records", "witness-hearing"]))
        path = rng.choice(OUT_PATHS if outgoing else IN_PATHS)
        if path and path[-1] == "refused":
            walk(users, request, path[:-1])
            actor = users.officer if outgoing else users.supervisor
            request_transition(
                actor=actor, request=request, to="refused", ground="double-jeopardy", reason="t", reviewed=True
            )
        else:
            walk(users, request, path)
        # Spread the timeline: each request starts on a day of 2026, its moves a few days apart.
        start = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=rng.randrange(0, 330))
        for k, entry in enumerate(TimelineEntry.objects.filter(request=request).order_by("at", "pk")):
            TimelineEntry.objects.filter(pk=entry.pk).update(at=start + dt.timedelta(days=k * rng.randrange(1, 9)))
        Request.objects.filter(pk=request.pk).update(created_at=start)
        made.append(request)
    return made


def _rows(user: Any, key: str) -> list[list[Any]]:
    return INDICATORS[key](user, YEAR).rows


def _moves() -> list[TimelineEntry]:
    return list(TimelineEntry.objects.filter(measure=None).select_related("request"))


def _opened_ids() -> dict[int, str]:
    return {
        e.request_id: e.request.direction
        for e in _moves()
        if (e.request.direction == "outgoing" and e.new_status == "transmitted" and e.old_status == "approved")
        or (e.request.direction == "incoming" and e.new_status == "received" and e.old_status == "")
    }


def test_sent_received_and_splits_match_a_count_in_python(history, users):
    opened = _opened_ids()
    expected = Counter(opened.values())
    assert _rows(users.supervisor, "sent-received") == [
        ["Outgoing", expected["outgoing"]],
        ["Incoming", expected["incoming"]],
    ]
    requests = {r.pk: r for r in Request.objects.filter(pk__in=opened)}
    for key, attr in [("by-modality", "modality"), ("by-legal-basis", "legal_basis_code")]:
        by: dict[str, Counter[str]] = {}
        for pk, direction in opened.items():
            by.setdefault(getattr(requests[pk], attr), Counter())[direction] += 1
        got = {row[0]: (row[1], row[2]) for row in _rows(users.supervisor, key)}
        assert sum(sent + received for sent, received in got.values()) == len(opened)
        assert sorted(got.values()) == sorted((c["outgoing"], c["incoming"]) for c in by.values())
    measures = Counter(m.get_kind_display() for m in Measure.objects.filter(request_id__in=opened))
    assert {row[0]: row[1] for row in _rows(users.supervisor, "by-measure")} == dict(measures)


def test_outcomes_match(history, users):
    reached: dict[str, set[int]] = {}
    for e in _moves():
        if e.new_status in {"executed", "partially-executed", "refused", "withdrawn", "lapsed"}:
            reached.setdefault(e.new_status, set()).add(e.request_id)
    got = {row[0]: row[1] for row in _rows(users.supervisor, "outcomes")}
    for status, label in [("executed", "Executed"), ("refused", "Refused"), ("withdrawn", "Withdrawn")]:
        assert got[label] == len(reached.get(status, ())), status


def test_times_match_a_percentile_in_python(history, users):
    got = {row[0]: row[1:] for row in _rows(users.supervisor, "times")}
    assert sum(n for n, _p50, _p90 in got.values()) >= 5  # the history has spans to measure
    for name, start, end, direction in SPANS:
        spans = []
        for request in Request.objects.filter(direction=direction):
            moves = sorted(TimelineEntry.objects.filter(request=request, measure=None), key=lambda e: e.at)
            began = next((e.at for e in moves if e.new_status in start), None)
            ended = next((e.at for e in moves if e.new_status in end), None)
            if began and ended and YEAR.start <= timezone.localdate(ended) <= YEAR.end:
                spans.append((ended - began).total_seconds() / 86400)
        spans.sort()
        label = f"{direction.capitalize()} {name}"
        n, p50, p90 = got[label]
        assert n == len(spans), label
        for value, fraction in [(p50, 0.5), (p90, 0.9)]:
            want = continuous(spans, fraction)
            if want is None:
                assert value is None, (label, fraction)
            else:
                assert value is not None and abs(value - round(want, 1)) < 0.051, (label, fraction)


def test_backlog_and_workload_match(history, users):
    open_requests = [r for r in Request.objects.all() if r.status != Status.CLOSED]
    assert sum(row[1] for row in _rows(users.supervisor, "backlog")) == len(open_requests)
    workload = {row[0]: row[1] for row in _rows(users.supervisor, "workload")}
    open_measures = Measure.objects.filter(request__in=open_requests, status__in=["pending", "in-execution"])
    assert workload["Overdue measures"] == sum(1 for m in open_measures if m.due_on and m.due_on < YEAR.end)


def test_an_outsider_sees_nothing_of_ours_and_an_officer_no_statistics(history, users, client_for):
    theirs = INDICATORS["sent-received"](users.outsider, YEAR).rows
    assert sum(row[1] for row in theirs) == 0  # the Somali authority has nothing in this history
    assert client_for(users.officer).get(reverse("stats:page")).status_code == 403
    assert client_for(users.auditor).get(reverse("stats:page")).status_code == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-05-01", "end": "2026-04-01"}, "ends before it starts"),
        ({"direction": "sideways"}, "Unknown direction"),
        ({"colour": "red"}, "Unknown filter: colour"),
        ({"start": "yesterday"}, "not a date"),
        ({"offence": "abc"}, "Unknown ICCS code"),
    ],
)
def test_a_bad_filter_is_refused_naming_it(users, client_for, query, message):
    with pytest.raises(BadFilter, match=message):
        parse_filters(query)
    page = client_for(users.supervisor).get(reverse("stats:page"), query)
    assert page.status_code == 400 and message.split(":")[0] in page.content.decode()
    api = client_for(users.supervisor).get(reverse("api-statistics-sent-received"), query)
    assert api.status_code == 400 and message.split(":")[0] in api.json()["detail"]


def test_an_empty_period_shows_empty_tables(users, client_for):
    page = client_for(users.supervisor).get(reverse("stats:page"), {"start": "2001-01-01", "end": "2001-12-31"})
    assert page.status_code == 200 and page.content.decode().count("data-indicator=") == len(INDICATORS)


def test_csv_and_api_give_the_page_s_numbers(history, users, client_for):
    query = {"start": "2026-01-01", "end": "2026-12-31"}
    csv_text = client_for(users.supervisor).get(reverse("stats:export", args=["sent-received"]), query).content.decode()
    api = client_for(users.supervisor).get(reverse("api-statistics-sent-received"), query).json()
    rows = _rows(users.supervisor, "sent-received")
    assert csv_text.splitlines()[1:] == [f"{label},{n}" for label, n in rows]
    assert api["rows"] == rows and api["definition"]
