"""A synthetic year of a Central Authority's work, for the demo and the statistics (``entraide demo-data``).

Two halves. :func:`plans` draws, from a seed, what happens to each request and when: a pure
function, so the same seed gives the same year. :func:`carry_out` then does it through the
services an officer, a supervisor and an executor use (the review with its quality checks and
four eyes included), with the clock set to the day each step happens (``time-machine``), so the
timeline and the audit log hold what a year of real work would have written.

What the proportions rest on:

- offences: Eurojust's new cases of 2019 by crime type (``EUROJUST_2019``, the figures issue 13
  quotes), each crime type mapped to the ICCS code that names it;
- everything else (directions, modalities, counterparts, measures, outcomes, refusal grounds
  and the times between steps) is an illustrative choice of this generator, not a published
  figure: times follow log-normal laws, so a few requests take far longer than the median.

Every request, person and reference made here is fictitious; titles end in ``(synthetic)``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import time_machine
from django.db import transaction
from django.utils import timezone

from entraide.accounts.models import User
from entraide.audit.services import seal
from entraide.cases.details import MEASURE_FIELDS, MODALITY_FIELDS, Field
from entraide.cases.errors import CaseValidationError
from entraide.cases.lifecycle import Direction, RefusalGround, Status
from entraide.cases.models import Measure, Request
from entraide.cases.services import (
    RECIPROCITY,
    legal_basis_options,
    measure_add,
    measure_transition,
    offence_add,
    request_assign,
    request_choose_legal_basis,
    request_create,
    request_transition,
)
from entraide.demo.cases import DEMO_STEP, walk_through_review
from entraide.demo.services import DEMO_AUTHORITIES, demo_email
from entraide.notifications.services import silenced
from entraide.reference.choices import Modality
from entraide.reference.models import Jurisdiction, OffenceClass
from entraide.tenancy.models import Authority
from entraide.tenancy.roles import Role

MARK = "(synthetic)"

EUROJUST_2019_SOURCE = "Eurojust Annual Report 2019: new cases by crime type (figures quoted in issue 13)"
# (crime type, new cases in 2019, ICCS code that names it)
EUROJUST_2019: tuple[tuple[str, int, str], ...] = (
    ("Fraud", 1111, "07011"),
    ("Money laundering", 527, "07041"),
    ("Drug trafficking", 461, "06012"),
    ("Migrant smuggling", 187, "08051"),
    ("Trafficking in human beings", 183, "0204"),
    ("Cybercrime", 125, "0903"),
    ("Terrorism", 94, "0906"),
    ("Environmental crime", 12, "10"),
)

# Illustrative weights (not published figures).
DIRECTIONS = ((Direction.OUTGOING, 45), (Direction.INCOMING, 55))
MODALITIES = (
    (Modality.MLA, 84),
    (Modality.EXTRADITION, 9),
    (Modality.CONFISCATION, 4),
    (Modality.SENTENCED_PERSONS, 2),
    (Modality.PROCEEDINGS, 1),
)
COUNTERPARTS = (
    ("UGA", 14),
    ("TZA", 13),
    ("SOM", 9),
    ("ETH", 7),
    ("RWA", 5),
    ("ZAF", 8),
    ("NGA", 6),
    ("GBR", 10),
    ("USA", 9),
    ("DEU", 4),
    ("FRA", 4),
    ("IND", 5),
    ("CHN", 4),
    ("ARE", 6),
)
MLA_MEASURES = (
    (Measure.Kind.BANK_RECORDS, 30),
    (Measure.Kind.WITNESS_HEARING, 18),
    (Measure.Kind.PRODUCTION, 16),
    (Measure.Kind.SEARCH_SEIZURE, 9),
    (Measure.Kind.FREEZING, 8),
    (Measure.Kind.LOCATION, 8),
    (Measure.Kind.SERVICE, 6),
    (Measure.Kind.VIDEO_HEARING, 5),
)
MODALITY_MEASURES: dict[str, Sequence[tuple[str, int]]] = {
    Modality.MLA: MLA_MEASURES,
    Modality.EXTRADITION: ((Measure.Kind.PROVISIONAL_ARREST, 1),),
    Modality.CONFISCATION: ((Measure.Kind.CONFISCATION, 1),),
}
REFUSAL_GROUNDS = (
    (RefusalGround.NOT_IN_CONFORMITY, 35),
    (RefusalGround.DOMESTIC_PROHIBITION, 20),
    (RefusalGround.SOVEREIGNTY, 10),
    (RefusalGround.DOUBLE_JEOPARDY, 10),
    (RefusalGround.POLITICAL_OFFENCE, 5),
    (RefusalGround.DEATH_PENALTY, 5),
    (RefusalGround.OTHER, 15),
)
# Instruments an officer would prefer when the engine finds them applicable, in this order.
PREFERRED_BASES = ("UNTOC", "UNCAC", "UN-DRUGS-1988", "UNTOC-TIP", "UNTOC-SOM")


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _ in weighted], weights=[w for _, w in weighted])[0]


def _days(rng: random.Random, median: float, spread: float) -> float:
    """A log-normal delay in days: most near ``median``, a long tail above it."""
    return median * math.exp(rng.gauss(0, spread))


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    do: str  # "review", "move", "assign", "measure"
    to: str = ""
    ground: str = ""
    measure: int = 0  # index in Plan.measures


@dataclass
class Plan:
    direction: str
    modality: str
    counterpart: str
    crime: str
    iccs: str
    opened: dt.datetime
    measures: list[str]
    steps: list[Step] = field(default_factory=list)

    @property
    def outgoing(self) -> bool:
        return self.direction == Direction.OUTGOING


class _Clock:
    """The time of a plan's next step: each step some days after the one before."""

    def __init__(self, rng: random.Random, start: dt.datetime) -> None:
        self.rng, self.now = rng, start

    def after(self, low: float, high: float | None = None, *, median: float = 0, spread: float = 0) -> dt.datetime:
        days = _days(self.rng, median, spread) if median else self.rng.uniform(low, high if high is not None else low)
        self.now += dt.timedelta(days=days, minutes=self.rng.randrange(0, 480))
        return self.now


def plans(n: int, seed: int, *, end: dt.datetime) -> list[Plan]:
    """``n`` requests opened over the 365 days before ``end``, oldest first, with what happens to them."""
    rng = random.Random(seed)
    crimes = [(crime, count) for crime, count, _code in EUROJUST_2019]
    codes = {crime: code for crime, _count, code in EUROJUST_2019}
    out = []
    for _ in range(n):
        direction = _pick(rng, DIRECTIONS)
        modality = _pick(rng, MODALITIES)
        crime = _pick(rng, crimes)
        choices = MODALITY_MEASURES.get(modality, ())
        how_many = rng.choice([1, 1, 2, 2, 3]) if modality == Modality.MLA else 1 if choices else 0
        measures = [_pick(rng, choices) for _ in range(how_many)]
        opened = end - dt.timedelta(days=365) + dt.timedelta(seconds=rng.uniform(0, 365 * 86400))
        plan = Plan(direction, modality, _pick(rng, COUNTERPARTS), crime, codes[crime], opened, measures)
        plan.steps = _outgoing_steps(rng, plan) if plan.outgoing else _incoming_steps(rng, plan)
        out.append(plan)
    out.sort(key=lambda plan: plan.opened)
    return out


def _execution(rng: random.Random, clock: _Clock, plan: Plan) -> list[Step]:
    """The measures' results, then the request's last moves. The requested State refuses a few
    of our measures; we execute every measure asked of us (a refusal comes at the assessment)."""
    steps: list[Step] = []
    if not plan.measures:  # a transfer: executed as a whole
        steps.append(Step(clock.after(0, median=120, spread=0.8), "move", Status.EXECUTED))
    else:
        started = clock.now
        results = sorted(
            (
                Step(
                    started + dt.timedelta(days=_days(rng, 100, 0.8)),
                    "measure",
                    "refused" if plan.outgoing and rng.random() < 0.07 else "executed",
                    measure=index,
                )
                for index in range(len(plan.measures))
            ),
            key=lambda step: step.at,
        )
        steps += results
        clock.now = results[-1].at
        if all(step.to == "refused" for step in results):
            return [*steps, Step(clock.after(1, 10), "move", Status.REFUSED, _pick(rng, REFUSAL_GROUNDS))]
    if not plan.outgoing:  # the executed request goes back to the requesting State
        steps.append(Step(clock.after(2, 20), "move", Status.RETURNED))
    steps.append(Step(clock.after(3, 30), "move", Status.CLOSED))
    return steps


def _outgoing_steps(rng: random.Random, plan: Plan) -> list[Step]:
    clock = _Clock(rng, plan.opened)
    steps = [
        Step(clock.after(1, 10), "review", Status.IN_REVIEW),
        Step(clock.after(0, median=2, spread=0.6), "review", Status.APPROVED),
        Step(clock.after(0.5, 4), "review", Status.TRANSMITTED),
    ]
    fate = rng.random()
    if fate < 0.03:
        return [*steps, Step(clock.after(10, 120), "move", Status.WITHDRAWN)]
    if fate < 0.10:
        ground = _pick(rng, REFUSAL_GROUNDS)
        return [*steps, Step(clock.after(0, median=75, spread=0.7), "move", Status.REFUSED, ground)]
    if fate < 0.13:
        return [*steps, Step(clock.after(200, 330), "move", Status.LAPSED)]
    steps.append(Step(clock.after(0, median=14, spread=0.7), "move", Status.ACKNOWLEDGED))
    steps.append(Step(clock.after(1, 20), "move", Status.IN_EXECUTION))
    return steps + _execution(rng, clock, plan)


def _incoming_steps(rng: random.Random, plan: Plan) -> list[Step]:
    clock = _Clock(rng, plan.opened)
    steps = [
        Step(clock.after(0, 3), "move", Status.REGISTERED),
        Step(clock.after(0, 5), "move", Status.UNDER_ASSESSMENT),
    ]
    fate = rng.random()
    decided = clock.after(0, median=21, spread=0.8)
    if fate < 0.08:
        return [*steps, Step(decided, "move", Status.REFUSED, _pick(rng, REFUSAL_GROUNDS))]
    if fate < 0.10:
        return [*steps, Step(decided, "move", Status.WITHDRAWN)]
    steps += [
        Step(decided, "move", Status.ACCEPTED),
        Step(clock.after(1, 7), "assign", Status.ASSIGNED),
        Step(clock.after(1, 14), "move", Status.IN_EXECUTION),
    ]
    return steps + _execution(rng, clock, plan)


# --- carrying a plan out through the services ----------------------------------------------


def _filled(fields: Iterable[Field], what: str) -> dict[str, Any]:
    """Fictitious values for the guided fields of a modality or measure."""
    values: dict[str, Any] = {}
    for item in fields:
        if item.kind == "date":
            values[item.key] = "2026-01-31"
        elif item.kind == "bool":
            values[item.key] = True
        elif item.kind == "choice":
            values[item.key] = item.choices[0][0]
        else:
            values[item.key] = f"{str(item.label).capitalize()}: fictitious ({what})"
    return values


@dataclass(frozen=True)
class People:
    officer: Any
    supervisor: Any
    executor: Any
    executing: Any  # the authority incoming requests are assigned to


def carry_out(plan: Plan, people: People, *, until: dt.datetime) -> Request:
    """Open the request and take every step of ``plan`` due before ``until``, each at its own time."""
    officer = people.officer
    home = officer.authority.jurisdiction
    other = Jurisdiction.objects.get(code=plan.counterpart)
    with time_machine.travel(plan.opened, tick=False), transaction.atomic():
        request = request_create(
            actor=officer,
            direction=plan.direction,
            modality=plan.modality,
            title=f"{plan.crime}: {Modality(plan.modality).label} {MARK}",
            requesting_jurisdiction=home if plan.outgoing else other,
            requested_jurisdiction=other if plan.outgoing else home,
            facts=f"Fictitious facts of a {plan.crime.lower()} case, made up for the demo.",
            proceedings="Fictitious criminal investigation by the national prosecution service.",
            purpose="To obtain the evidence the fictitious investigation needs.",
            details=_filled(MODALITY_FIELDS.get(plan.modality, ()), plan.crime),
        )
        offence_add(
            actor=officer,
            request=request,
            provision=f"{plan.crime} (fictitious provision)",
            text=f"Fictitious text of the law on {plan.crime.lower()}.",
            max_penalty_years=10,
            offence_class=OffenceClass.objects.filter(code=plan.iccs).first(),
            transnational="stated",
            organized_group="suspected",
        )
        made = [
            measure_add(actor=officer, request=request, kind=kind, details=_filled(MEASURE_FIELDS.get(kind, ()), kind))
            for kind in plan.measures
        ]
        _choose_legal_basis(request, officer)
    for step in plan.steps:
        if step.at >= until:
            break
        with time_machine.travel(step.at, tick=False), transaction.atomic():
            if step.do == "review":
                walk_through_review(request, officer, people.supervisor, [step.to])
            elif step.do == "assign":
                request_assign(actor=people.supervisor, request=request, authority=people.executing, reason=DEMO_STEP)
            elif step.do == "measure":
                actor = officer if plan.outgoing or step.to == "refused" else people.executor
                measure_transition(actor=actor, measure=made[step.measure], to=step.to, result=f"{MARK} result")
            else:
                request.refresh_from_db()
                if request.status == step.to or request.status == Status.CLOSED:
                    continue  # the measures already moved the request there
                actor = _actor(people, plan, step.to)
                request_transition(
                    actor=actor,
                    request=request,
                    to=step.to,
                    reason=DEMO_STEP,
                    ground=step.ground,
                    ground_text="The ground as the decision states it (fictitious)." if step.ground else "",
                )
        request.refresh_from_db()
    return request


def _actor(people: People, plan: Plan, to: str) -> Any:
    if not plan.outgoing and to == Status.IN_EXECUTION:
        return people.executor
    if not plan.outgoing and to in {Status.ACCEPTED, Status.REFUSED, Status.POSTPONED}:
        return people.supervisor
    return people.officer


def _choose_legal_basis(request: Request, officer: Any) -> None:
    """What an officer does on the legal-basis page: the engine's preferred applicable option, else reciprocity."""
    options = legal_basis_options(request=request)["options"]
    applicable = [option["code"] for option in options if option["applicable"]]
    preferred = [code for code in PREFERRED_BASES if code in applicable] + applicable
    try:
        request_choose_legal_basis(actor=officer, request=request, code=preferred[0] if preferred else RECIPROCITY)
    except CaseValidationError:
        return  # left unchosen: the review will say so, as it would for a person


def demo_year(*, requests: int, seed: int, progress: Any = None) -> int:
    """Carry out ``requests`` plans for the Kenyan demo authority (once: returns 0 if its
    synthetic year is already there); the audit events are sealed at the end."""
    central, executing = (Authority.objects.get(name=entry[3]) for entry in DEMO_AUTHORITIES[:2])
    if Request.objects.filter(authority=central, title__endswith=MARK).exists():
        return 0
    people = People(
        officer=User.objects.get(email=demo_email("ke", Role.OFFICER)),
        supervisor=User.objects.get(email=demo_email("ke", Role.SUPERVISOR)),
        executor=User.objects.get(email=demo_email("ke", Role.EXECUTOR)),
        executing=executing,
    )
    now = timezone.now()
    made = []
    with silenced():  # a year replayed: nobody is e-mailed about it
        for done, plan in enumerate(plans(requests, seed, end=now), start=1):
            made.append(carry_out(plan, people, until=now).pk)
            if progress is not None and done % 50 == 0:
                progress(done)
    Request.objects.filter(pk__in=made).update(is_demo=True)
    while seal():
        pass
    return len(made)
