"""The synthetic year: drawn from a seed in the published proportions, carried out through the services."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from entraide.accounts.models import User
from entraide.audit.services import verify_log
from entraide.cases.lifecycle import Status
from entraide.cases.models import Request, TimelineEntry
from entraide.demo.services import demo_email
from entraide.demo.synthetic import COUNTERPARTS, EUROJUST_2019, MARK, plans
from entraide.reference.models import OffenceClass
from entraide.stats.indicators import INDICATORS, Filters
from entraide.tenancy.roles import Role
from entraide.testing.factories import JurisdictionFactory

END = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)


def test_the_same_seed_gives_the_same_year_and_another_seed_another():
    assert plans(60, 3, end=END) == plans(60, 3, end=END)
    assert plans(60, 3, end=END) != plans(60, 4, end=END)


def test_offences_follow_eurojust_2019_and_every_plan_moves_forward_in_time():
    drawn = plans(20_000, 1, end=END)
    total = sum(count for _crime, count, _code in EUROJUST_2019)
    seen = Counter(plan.crime for plan in drawn)
    for crime, count, _code in EUROJUST_2019:
        assert abs(seen[crime] / len(drawn) - count / total) < 0.015, crime
    for plan in drawn:
        assert END - dt.timedelta(days=365) <= plan.opened <= END
        times = [plan.opened, *(step.at for step in plan.steps if step.do != "measure")]
        assert times == sorted(times)
    # Long tails: the slowest tenth of executions take far longer than the median one.
    spans = sorted(
        (max(s.at for s in plan.steps if s.do == "measure") - plan.opened).days
        for plan in drawn
        if any(s.do == "measure" for s in plan.steps)
    )
    assert spans[len(spans) * 9 // 10] > 2 * spans[len(spans) // 2]


@pytest.fixture
def demo_world(db):
    for code in ["KEN", "SOM", *(code for code, _weight in COUNTERPARTS)]:
        JurisdictionFactory.create(code=code)
    for _crime, _count, code in EUROJUST_2019:
        OffenceClass.objects.create(
            code=code, level=len(code) // 2, name_en=f"ICCS {code}", source="test", as_at=dt.date(2026, 1, 1)
        )
    call_command("load_demo")


@pytest.mark.django_db
def test_demo_data_carries_the_year_out_through_the_services(demo_world, capsys):
    with pytest.raises(CommandError):
        call_command("demo_data", "--requests", "0")
    call_command("demo_data", "--requests", "30", "--seed", "2")
    made = Request.objects.filter(title__endswith=MARK)
    assert made.count() == 30 and all(request.is_demo for request in made)
    # Every request went past its first status, and its moves carry the days of the plan, not today's.
    assert not made.filter(status__in=[Status.DRAFT]).exists()
    days = {entry.at.date() for entry in TimelineEntry.objects.filter(request__in=made)}
    assert len(days) > 30
    assert verify_log() is None  # every audit event sealed into the chain
    supervisor = User.objects.get(email=demo_email("ke", Role.SUPERVISOR))
    year = Filters(start=dt.date(2025, 1, 1), end=dt.date(2027, 12, 31))
    sent, received = (row[1] for row in INDICATORS["sent-received"](supervisor, year).rows)
    assert sent + received > 20
    capsys.readouterr()
    call_command("demo_data", "--requests", "30")
    assert "nothing done" in capsys.readouterr().out and made.count() == 30


@pytest.mark.django_db
def test_every_refusal_ground_is_carried_out_with_its_statement(demo_world):
    from django.utils import timezone

    from entraide.cases.lifecycle import RefusalGround
    from entraide.demo.synthetic import People, Plan, Step, carry_out
    from entraide.tenancy.models import Authority

    def person(role: str) -> User:
        return User.objects.get(email=demo_email("ke", role))

    people = People(
        officer=person(Role.OFFICER),
        supervisor=person(Role.SUPERVISOR),
        executor=person(Role.EXECUTOR),
        executing=Authority.objects.get(users__email=demo_email("ke", Role.EXECUTOR)),
    )
    now = timezone.now()
    for ground in RefusalGround.values:
        opened = now - dt.timedelta(days=60)
        steps = [
            Step(opened + dt.timedelta(days=1), "move", Status.REGISTERED),
            Step(opened + dt.timedelta(days=2), "move", Status.UNDER_ASSESSMENT),
            Step(opened + dt.timedelta(days=20), "move", Status.REFUSED, ground),
        ]
        plan = Plan("incoming", "mla", "UGA", "Fraud", "07011", opened, ["bank-records"], steps)
        request = carry_out(plan, people, until=now)
        assert request.status == Status.REFUSED and request.refusal_ground == ground
