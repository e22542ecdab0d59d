"""A year of fictitious work for the statistics' tests."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from entraide.cases.models import Request, TimelineEntry
from entraide.cases.services import measure_add, measure_transition, offence_add, request_transition, request_update
from entraide.reference.models import OffenceClass
from entraide.stats.indicators import Filters
from entraide.testing.cases import new_incoming, new_outgoing, walk

MEASURE_EXECUTED = "the measure is executed"
YEAR = Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
OUT_PATHS = [
    ["in-review", "approved", "transmitted"],
    ["in-review", "approved", "transmitted", "acknowledged", "in-execution", "executed"],
    ["in-review", "approved", "transmitted", "refused"],
    ["in-review", "approved", "transmitted", "acknowledged", "in-execution", MEASURE_EXECUTED],
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
        measure = measure_add(
            actor=users.officer, request=request, kind=rng.choice(["bank-records", "witness-hearing"])
        )
        path = rng.choice(OUT_PATHS if outgoing else IN_PATHS)
        if path and path[-1] == MEASURE_EXECUTED:
            walk(users, request, path[:-1])
            measure_transition(actor=users.officer, measure=measure, to="executed", result="Obtained (test)")
        elif path and path[-1] == "refused":
            walk(users, request, path[:-1])
            actor = users.officer if outgoing else users.supervisor
            request_transition(
                actor=actor, request=request, to="refused", ground="double-jeopardy", reason="t", reviewed=True
            )
        else:
            walk(users, request, path)
        # Spread the timeline: each request starts on a day of 2026, its moves a few days apart.
        start = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=rng.randrange(0, 330))
        offset = dt.timedelta(0)
        for entry in TimelineEntry.objects.filter(request=request).order_by("at", "pk"):
            TimelineEntry.objects.filter(pk=entry.pk).update(at=start + offset)
            offset += dt.timedelta(days=rng.randrange(1, 9), hours=rng.randrange(0, 24))
        Request.objects.filter(pk=request.pk).update(created_at=start)
        made.append(request)
    return made
