"""The lifecycles of requests and measures: statuses and the one table of allowed transitions.

Pure data and functions, no ORM: services consult it, statistics read the timeline it feeds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.tenancy import roles

if TYPE_CHECKING:  # a name for the type checker only: lazy translations
    from django_stubs_ext import StrOrPromise


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("Outgoing")
    INCOMING = "incoming", _("Incoming")


class Status(models.TextChoices):
    # Outgoing
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in-review", _("In review")
    APPROVED = "approved", _("Approved")
    TRANSMITTED = "transmitted", _("Transmitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    # Incoming
    RECEIVED = "received", _("Received")
    REGISTERED = "registered", _("Registered")
    UNDER_ASSESSMENT = "under-assessment", _("Under assessment")
    INFO_REQUESTED = "info-requested", _("Additional information requested")
    ACCEPTED = "accepted", _("Accepted")
    ASSIGNED = "assigned", _("Assigned")
    # Both
    IN_EXECUTION = "in-execution", _("In execution")
    PARTIALLY_EXECUTED = "partially-executed", _("Partially executed")
    EXECUTED = "executed", _("Executed")
    RETURNED = "returned", _("Returned")
    CLOSED = "closed", _("Closed")
    # Exceptional
    CONSULTATION = "consultation", _("Consultation before refusal")
    POSTPONED = "postponed", _("Postponed")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LAPSED = "lapsed", _("Lapsed")


# The statuses of a request still on somebody's desk: every one but closed. A tuple in a fixed order,
# so that the dashboard's filters and the partial indexes built on them are the same SQL
# (SQLite and PostgreSQL use a partial index only when the query repeats its condition).
OPEN_STATUSES: tuple[str, ...] = tuple(sorted(s.value for s in Status if s != Status.CLOSED))


class RefusalGround(models.TextChoices):
    """UNTOC art. 18(21) and the grounds found in MLA treaties and domestic laws."""

    NOT_IN_CONFORMITY = "18-21-a", _("Not made in conformity with the instrument (UNTOC 18(21)(a))")
    SOVEREIGNTY = "18-21-b", _("Prejudice to sovereignty, security, ordre public (18(21)(b))")
    DOMESTIC_PROHIBITION = "18-21-c", _("Domestic law would prohibit the action (18(21)(c))")
    CONTRARY_TO_LEGAL_SYSTEM = "18-21-d", _("Contrary to the legal system of the requested State (18(21)(d))")
    POLITICAL_OFFENCE = "political-offence", _("Political offence")
    DOUBLE_JEOPARDY = "double-jeopardy", _("Double jeopardy (ne bis in idem)")
    DISCRIMINATION = "discrimination", _("Discrimination (race, religion, nationality, opinion)")
    DEATH_PENALTY = "death-penalty", _("No assurance that the death penalty will not be imposed")
    OTHER = "other", _("Other (stated)")


S = Status
OFFICE = roles.OFFICE
SUPERVISOR = roles.SUPERVISORS
EXECUTION = roles.EXECUTION

# (direction, from) -> {to: roles allowed to make that move}
_OUT: dict[str, dict[str, frozenset[str]]] = {
    S.DRAFT: {S.IN_REVIEW: OFFICE, S.WITHDRAWN: OFFICE},
    S.IN_REVIEW: {S.APPROVED: SUPERVISOR, S.DRAFT: OFFICE, S.WITHDRAWN: OFFICE},
    S.APPROVED: {S.TRANSMITTED: OFFICE, S.DRAFT: OFFICE, S.WITHDRAWN: OFFICE},
    S.TRANSMITTED: {
        S.ACKNOWLEDGED: OFFICE,
        S.IN_EXECUTION: OFFICE,
        S.CONSULTATION: OFFICE,
        S.POSTPONED: OFFICE,
        S.REFUSED: OFFICE,
        S.WITHDRAWN: OFFICE,
        S.LAPSED: OFFICE,
    },
    S.ACKNOWLEDGED: {
        S.IN_EXECUTION: OFFICE,
        S.CONSULTATION: OFFICE,
        S.POSTPONED: OFFICE,
        S.REFUSED: OFFICE,
        S.WITHDRAWN: OFFICE,
        S.LAPSED: OFFICE,
    },
    S.IN_EXECUTION: {
        S.PARTIALLY_EXECUTED: OFFICE,
        S.EXECUTED: OFFICE,
        S.POSTPONED: OFFICE,
        S.CONSULTATION: OFFICE,
        S.REFUSED: OFFICE,
        S.WITHDRAWN: OFFICE,
        S.LAPSED: OFFICE,
    },
    S.PARTIALLY_EXECUTED: {S.EXECUTED: OFFICE, S.WITHDRAWN: OFFICE, S.LAPSED: OFFICE, S.CLOSED: OFFICE},
    S.EXECUTED: {S.CLOSED: OFFICE},
    S.CONSULTATION: {S.ACKNOWLEDGED: OFFICE, S.IN_EXECUTION: OFFICE, S.REFUSED: OFFICE, S.WITHDRAWN: OFFICE},
    S.POSTPONED: {S.IN_EXECUTION: OFFICE, S.WITHDRAWN: OFFICE, S.LAPSED: OFFICE, S.REFUSED: OFFICE},
    S.REFUSED: {S.CLOSED: OFFICE},
    S.WITHDRAWN: {S.CLOSED: OFFICE},
    S.LAPSED: {S.CLOSED: OFFICE},
}

_IN: dict[str, dict[str, frozenset[str]]] = {
    S.RECEIVED: {S.REGISTERED: OFFICE, S.WITHDRAWN: OFFICE},
    S.REGISTERED: {S.UNDER_ASSESSMENT: OFFICE, S.WITHDRAWN: OFFICE},
    S.UNDER_ASSESSMENT: {
        S.INFO_REQUESTED: OFFICE,
        S.ACCEPTED: SUPERVISOR,
        S.CONSULTATION: OFFICE,
        S.POSTPONED: SUPERVISOR,
        S.REFUSED: SUPERVISOR,
        S.WITHDRAWN: OFFICE,
    },
    S.INFO_REQUESTED: {S.UNDER_ASSESSMENT: OFFICE, S.WITHDRAWN: OFFICE, S.LAPSED: OFFICE},
    S.ACCEPTED: {S.ASSIGNED: OFFICE, S.WITHDRAWN: OFFICE},
    S.ASSIGNED: {S.IN_EXECUTION: EXECUTION, S.POSTPONED: SUPERVISOR, S.WITHDRAWN: OFFICE},
    S.IN_EXECUTION: {
        S.PARTIALLY_EXECUTED: EXECUTION,
        S.EXECUTED: EXECUTION,
        S.POSTPONED: SUPERVISOR,
        S.CONSULTATION: OFFICE,
        S.WITHDRAWN: OFFICE,
    },
    S.PARTIALLY_EXECUTED: {S.EXECUTED: EXECUTION, S.RETURNED: OFFICE, S.WITHDRAWN: OFFICE},
    S.EXECUTED: {S.RETURNED: OFFICE},
    S.RETURNED: {S.CLOSED: OFFICE},
    S.CONSULTATION: {S.ACCEPTED: SUPERVISOR, S.UNDER_ASSESSMENT: OFFICE, S.REFUSED: SUPERVISOR, S.WITHDRAWN: OFFICE},
    S.POSTPONED: {S.ASSIGNED: OFFICE, S.IN_EXECUTION: EXECUTION, S.REFUSED: SUPERVISOR, S.WITHDRAWN: OFFICE},
    S.REFUSED: {S.CLOSED: OFFICE},
    S.WITHDRAWN: {S.CLOSED: OFFICE},
    S.LAPSED: {S.CLOSED: OFFICE},
}

TRANSITIONS: Mapping[str, Mapping[str, Mapping[str, frozenset[str]]]] = {
    Direction.OUTGOING: _OUT,
    Direction.INCOMING: _IN,
}

INITIAL = {Direction.OUTGOING: S.DRAFT, Direction.INCOMING: S.RECEIVED}
FINAL = frozenset({S.CLOSED})
# States in which we wait for the other side to answer (reminders count the days).
AWAITING_ANSWER = frozenset({S.TRANSMITTED, S.ACKNOWLEDGED, S.INFO_REQUESTED, S.CONSULTATION})
# States whose status follows from the measures.
EXECUTION_STATES = frozenset({S.IN_EXECUTION, S.PARTIALLY_EXECUTED, S.EXECUTED})
OPEN_STATES = frozenset(s for s in S.values if s not in {S.CLOSED, S.DRAFT})
# Outgoing moves made through the review (drafting.services.review), which runs the quality
# checks and keeps four eyes on the request: submission, approval, transmission.
REVIEWED = frozenset({S.IN_REVIEW, S.APPROVED, S.TRANSMITTED})
# Moves that need more than a reason.
NEEDS_GROUND = frozenset({S.REFUSED})
NEEDS_ASSIGNEE = frozenset({S.ASSIGNED})


# What a button says to make a move: a verb, by the status it leads to, unless the move from a
# given status reads better in its own words (the status names stay on badges and the timeline).
VERBS: Mapping[str, StrOrPromise] = {
    S.DRAFT: _("Return to drafting"),
    S.IN_REVIEW: _("Submit for review"),
    S.APPROVED: _("Approve"),
    S.TRANSMITTED: _("Transmit"),
    S.ACKNOWLEDGED: _("Record acknowledgement"),
    S.REGISTERED: _("Register"),
    S.UNDER_ASSESSMENT: _("Start assessment"),
    S.INFO_REQUESTED: _("Request more information"),
    S.ACCEPTED: _("Accept"),
    S.ASSIGNED: _("Assign"),
    S.IN_EXECUTION: _("Start execution"),
    S.PARTIALLY_EXECUTED: _("Record partial execution"),
    S.EXECUTED: _("Record execution"),
    S.RETURNED: _("Return the results"),
    S.CLOSED: _("Close"),
    S.CONSULTATION: _("Consult before refusal"),
    S.POSTPONED: _("Postpone"),
    S.REFUSED: _("Record refusal…"),
    S.WITHDRAWN: _("Withdraw"),
    S.LAPSED: _("Mark as lapsed"),
}
_VERBS_FROM: Mapping[tuple[str, str], StrOrPromise] = {
    (S.INFO_REQUESTED, S.UNDER_ASSESSMENT): _("Resume assessment"),
    (S.CONSULTATION, S.UNDER_ASSESSMENT): _("Resume assessment"),
    (S.POSTPONED, S.IN_EXECUTION): _("Resume execution"),
    (S.CONSULTATION, S.IN_EXECUTION): _("Resume execution"),
    (S.POSTPONED, S.ASSIGNED): _("Assign again"),
}
# Moves that cannot be taken back (the request ends, or can only be closed after them): the page
# asks for a confirmation before making them.
IRREVERSIBLE = frozenset({S.REFUSED, S.WITHDRAWN, S.LAPSED, S.CLOSED})
# What the confirmation asks, one sentence per irreversible move.
CONFIRMATIONS: Mapping[str, StrOrPromise] = {
    S.REFUSED: _("Confirm: record the refusal of this request"),
    S.WITHDRAWN: _("Confirm: withdraw this request"),
    S.LAPSED: _("Confirm: mark this request as lapsed"),
    S.CLOSED: _("Confirm: close this request"),
}


def verb(to: str, current: str = "") -> str:
    """The label of the button that moves a request from ``current`` to ``to``."""
    return str(_VERBS_FROM.get((current, to)) or VERBS.get(to) or (Status(to).label if to in S.values else to))


def allowed_targets(direction: str, current: str, role: str | None = None) -> list[str]:
    """Statuses reachable from ``current``; only those ``role`` may make when a role is given."""
    moves = TRANSITIONS[direction].get(current, {})
    return [to for to, roles in moves.items() if role is None or role in roles]


def is_reviewed(direction: str, to: str) -> bool:
    """Whether this move goes through the review rather than a plain transition."""
    return direction == Direction.OUTGOING and to in REVIEWED


def can_move(direction: str, current: str, to: str) -> bool:
    return to in TRANSITIONS[direction].get(current, {})


def roles_for(direction: str, current: str, to: str) -> frozenset[str]:
    return TRANSITIONS[direction].get(current, {}).get(to, frozenset())


def every_state(direction: str) -> set[str]:
    table = TRANSITIONS[direction]
    return set(table) | {to for moves in table.values() for to in moves}


# --- measures ---------------------------------------------------------------------------


class MeasureStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_EXECUTION = "in-execution", _("In execution")
    EXECUTED = "executed", _("Executed")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


M = MeasureStatus
MEASURE_TRANSITIONS: Mapping[str, Mapping[str, frozenset[str]]] = {
    M.PENDING: {M.IN_EXECUTION: EXECUTION, M.REFUSED: OFFICE, M.CANCELLED: OFFICE, M.EXECUTED: EXECUTION},
    M.IN_EXECUTION: {M.EXECUTED: EXECUTION, M.REFUSED: OFFICE, M.CANCELLED: OFFICE},
    M.EXECUTED: {},
    M.REFUSED: {},
    M.CANCELLED: {},
}
MEASURE_OPEN = frozenset({M.PENDING, M.IN_EXECUTION})
# The same in a fixed order, for the dashboard's query and its partial index.
MEASURE_OPEN_STATUSES: tuple[str, ...] = tuple(sorted(MEASURE_OPEN))


MEASURE_VERBS: Mapping[str, StrOrPromise] = {
    M.IN_EXECUTION: _("Start execution"),
    M.EXECUTED: _("Record execution"),
    M.REFUSED: _("Refuse this measure"),
    M.CANCELLED: _("Cancel this measure"),
}
# Every measure status but the open ones is final: refusing or cancelling asks for a confirmation
# (execution is recorded through its own form, with the result).
MEASURE_IRREVERSIBLE = frozenset({M.REFUSED, M.CANCELLED})
MEASURE_CONFIRMATIONS: Mapping[str, StrOrPromise] = {
    M.REFUSED: _("Confirm: refuse this measure"),
    M.CANCELLED: _("Confirm: cancel this measure"),
}


def measure_verb(to: str) -> str:
    return str(MEASURE_VERBS.get(to) or (MeasureStatus(to).label if to in MeasureStatus.values else to))


def measure_targets(current: str, role: str | None = None) -> list[str]:
    moves = MEASURE_TRANSITIONS.get(current, {})
    return [to for to, roles in moves.items() if role is None or role in roles]


def execution_status_from(measure_statuses: Iterable[str]) -> str | None:
    """The request's execution status that follows from its measures, or None if none follows.

    Cancelled measures do not count. Any executed and none open: executed; some executed and
    some open: partially executed; none executed but one in execution: in execution.
    """
    counted = [s for s in measure_statuses if s != M.CANCELLED]
    if not counted:
        return None
    executed = sum(1 for s in counted if s == M.EXECUTED)
    open_ = sum(1 for s in counted if s in MEASURE_OPEN)
    if executed and not open_:
        return S.EXECUTED
    if executed:
        return S.PARTIALLY_EXECUTED
    if any(s == M.IN_EXECUTION for s in counted):
        return S.IN_EXECUTION
    return None
