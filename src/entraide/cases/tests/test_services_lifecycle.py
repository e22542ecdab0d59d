import uuid

import pytest

from entraide.audit.models import AuditEvent
from entraide.cases import lifecycle
from entraide.cases.errors import CaseValidationError, TransitionError
from entraide.cases.lifecycle import Direction, Status
from entraide.cases.models import Request, TimelineEntry
from entraide.cases.services import (
    measure_add,
    measure_transition,
    request_assign,
    request_create,
    request_transition,
)
from entraide.testing.cases import new_incoming, new_outgoing, walk

pytestmark = pytest.mark.django_db

OUTGOING_HAPPY = [
    "in-review",
    "approved",
    "transmitted",
    "acknowledged",
    "in-execution",
    "partially-executed",
    "executed",
    "closed",
]


def test_outgoing_happy_path_writes_a_timeline_row_and_audit_event_per_move(users):
    request = new_outgoing(users)
    walk(users, request, OUTGOING_HAPPY)
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    rows = list(TimelineEntry.objects.filter(request=request).values_list("old_status", "new_status"))
    assert rows == [("", "draft"), *zip(["draft", *OUTGOING_HAPPY[:-1]], OUTGOING_HAPPY, strict=True)]
    assert AuditEvent.objects.filter(object_id=str(request.pk), action="request.approved").count() == 1
    assert request.our_reference.startswith("OUT-")


def test_incoming_happy_path_to_closed(users):
    request = new_incoming(users)
    walk(users, request, ["registered", "under-assessment", "info-requested", "under-assessment", "accepted"])
    request_assign(actor=users.officer, request=request, authority=users.executor.authority)
    request_transition(actor=users.executor, request=request, to="in-execution")
    request_transition(actor=users.executor, request=request, to="executed")
    walk(users, request, ["returned", "closed"])
    assert request.status == Status.CLOSED
    assert request.assigned_authority == users.executor.authority


@pytest.mark.parametrize("direction", list(Direction))
def test_every_transition_of_the_table_is_reachable_and_moves(users, direction):
    """Each edge of the table, taken from a request put in its source state."""
    table = lifecycle.TRANSITIONS[direction]
    for source, moves in table.items():
        for target, roles in moves.items():
            if target in lifecycle.NEEDS_ASSIGNEE:
                continue
            request = new_outgoing(users) if direction == Direction.OUTGOING else new_incoming(users)
            Request.objects.filter(pk=request.pk).update(status=source)  # arrange only
            request.refresh_from_db()
            role = sorted(roles)[0]
            actor = {"officer": users.officer, "supervisor": users.supervisor, "executor": users.executor}[role]
            if role == "executor":
                Request.objects.filter(pk=request.pk).update(assigned_authority=users.executor.authority)
            request_transition(actor=actor, request=request, to=target, ground="18-21-b", reason="t", reviewed=True)
            assert request.status == target


def test_illegal_transition_names_the_allowed_ones(users):
    request = new_outgoing(users)
    with pytest.raises(TransitionError) as info:
        request_transition(actor=users.officer, request=request, to="executed")
    assert set(info.value.allowed) == {"in-review", "withdrawn"}
    assert Request.objects.get(pk=request.pk).status == "draft"


def test_officer_cannot_approve(users):
    request = walk(users, new_outgoing(users), ["in-review"])
    with pytest.raises(TransitionError):
        request_transition(actor=users.officer, request=request, to="approved")


def test_refusal_needs_a_ground_and_other_needs_text(users):
    request = walk(users, new_incoming(users), ["registered", "under-assessment"])
    with pytest.raises(CaseValidationError):
        request_transition(actor=users.supervisor, request=request, to="refused")
    with pytest.raises(CaseValidationError):
        request_transition(actor=users.supervisor, request=request, to="refused", ground="other")
    request_transition(actor=users.supervisor, request=request, to="refused", ground="death-penalty")
    assert request.refusal_ground == "death-penalty"


def test_stale_object_cannot_move_twice(users):
    request = walk(users, new_outgoing(users), ["in-review"])
    stale = Request.objects.get(pk=request.pk)
    request_transition(actor=users.supervisor, request=request, to="approved", reviewed=True)
    request_transition(actor=users.officer, request=request, to="transmitted", reviewed=True)
    with pytest.raises(TransitionError):
        request_transition(actor=users.supervisor, request=stale, to="approved", reviewed=True)


def test_same_form_token_creates_one_request(users):
    token = uuid.uuid4()
    first = new_outgoing(users, idempotency_key=token)
    second = new_outgoing(users, idempotency_key=token)
    assert first.pk == second.pk
    assert Request.objects.filter(idempotency_key=token).count() == 1


def test_urgent_needs_a_reason(users):
    with pytest.raises(CaseValidationError):
        new_outgoing(users, urgent=True)


def test_measures_drive_the_execution_status(users):
    request = new_incoming(users, assign=True)
    second = measure_add(actor=users.officer, request=request, kind="bank-records")
    first = request.measures.order_by("pk").first()
    assert first is not None
    measure_transition(actor=users.executor, measure=first, to="in-execution")
    request.refresh_from_db()
    assert request.status == "in-execution"
    measure_transition(actor=users.executor, measure=first, to="executed", result="Heard on 3 May")
    request.refresh_from_db()
    assert request.status == "partially-executed"
    measure_transition(actor=users.executor, measure=second, to="executed")
    request.refresh_from_db()
    assert request.status == "executed"
    with pytest.raises(TransitionError):
        measure_transition(actor=users.executor, measure=second, to="pending")


def test_assign_only_to_another_authority(users):
    request = walk(users, new_incoming(users), ["registered", "under-assessment", "accepted"])
    with pytest.raises(CaseValidationError):
        request_assign(actor=users.officer, request=request, authority=users.officer.authority)


def test_jurisdictions_must_differ(users):
    kenya = users.officer.authority.jurisdiction
    with pytest.raises(CaseValidationError):
        request_create(
            actor=users.officer,
            direction="outgoing",
            requesting_jurisdiction=kenya,
            requested_jurisdiction=kenya,
            title="x",
        )
