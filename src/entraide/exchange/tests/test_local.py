"""Two authorities of one node exchanging through the local transport: the whole path (seal, inbox,
evidence, apply) in one process, on the suite's database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from entraide.cases import services as cases
from entraide.cases.lifecycle import Direction
from entraide.cases.models import Request
from entraide.exchange import services
from entraide.exchange.models import Conversation, Evidence, Message, Rejection
from entraide.tenancy.roles import Role
from entraide.testing.factories import AuthorityFactory, UserFactory
from entraide.testing.fixtures import NamedUsers
from entraide.testing.nodes import pdf

pytestmark = pytest.mark.django_db


def carry() -> int:
    """Run the worker's exchange jobs until nothing is left to carry."""
    total = 0
    for _ in range(20):
        done = services.inbox_drain(worker="test") + services.outbox_drain(worker="test")
        total += done
        if not done:
            return total
    raise AssertionError("the exchange never settles")


@pytest.fixture
def somalia(users: NamedUsers) -> dict[str, Any]:
    authority = users.outsider.authority
    competent = AuthorityFactory.create(
        name="Attorney General, Somalia (test)", jurisdiction=authority.jurisdiction, kind="prosecution"
    )
    return {
        "officer": users.outsider,
        "supervisor": UserFactory.create(
            email="so.supervisor@test.entraide.example", authority=authority, role=Role.SUPERVISOR
        ),
        "executor": UserFactory.create(
            email="so.executor@test.entraide.example", authority=competent, role=Role.EXECUTOR
        ),
        "authority": authority,
    }


def transmitted(users: NamedUsers, somalia: dict[str, Any], **fields: Any) -> Request:
    request = cases.request_create(
        actor=users.officer,
        direction=Direction.OUTGOING,
        requesting_jurisdiction=users.officer.authority.jurisdiction,
        requested_jurisdiction=somalia["authority"].jurisdiction,
        requested_authority=somalia["authority"],
        title="Bank records (test)",
        use_limitation=fields.pop("use_limitation", ""),
        **fields,
    )
    cases.measure_add(actor=users.officer, request=request, kind="bank-records", due_on=dt.date(2030, 1, 1))
    cases.document_upload(actor=users.officer, request=request, filename="letter.pdf", data=pdf("Letter (test)"))
    for to, actor in (("in-review", users.officer), ("approved", users.supervisor), ("transmitted", users.officer)):
        cases.request_transition(actor=actor, request=request, to=to, reason="test", reviewed=True)
    return request


def received(request: Request) -> Request:
    conversation = Conversation.objects.get(request=request)
    other = Conversation.objects.exclude(pk=conversation.pk).get(uuid=conversation.uuid)
    assert other.request is not None
    return other.request


def test_a_transmitted_request_arrives_and_is_acknowledged(users: NamedUsers, somalia: dict[str, Any]) -> None:
    request = transmitted(users, somalia)
    assert Message.objects.get(type="request.submit", direction="out").state == Message.State.QUEUED
    carry()
    incoming = received(request)
    assert incoming.authority == somalia["authority"]
    assert incoming.direction == Direction.INCOMING and incoming.status == "received"
    assert incoming.their_reference == request.our_reference
    assert incoming.requesting_authority == users.officer.authority
    assert list(incoming.measures.values_list("kind", flat=True)) == ["bank-records"]
    assert incoming.documents.get().versions.get().sha256 == request.documents.get().versions.get().sha256
    request.refresh_from_db()
    assert request.status == "acknowledged"
    conversation = Conversation.objects.get(request=request)
    assert conversation.remote_reference == incoming.our_reference
    assert conversation.shared_status == "received"
    submit = Message.objects.get(type="request.submit", direction="out")
    assert submit.state == Message.State.DELIVERED
    assert set(submit.evidences.values_list("type", flat=True)) == {"submission-accepted", "delivered"}


def test_the_receivers_moves_and_results_come_back(users: NamedUsers, somalia: dict[str, Any]) -> None:
    request = transmitted(users, somalia)
    carry()
    incoming = received(request)
    so, so_sup = somalia["officer"], somalia["supervisor"]
    for to, actor in (("registered", so), ("under-assessment", so), ("accepted", so_sup)):
        cases.request_transition(actor=actor, request=incoming, to=to, reason="test")
    # The requested side's conditions on the use of what it gives (its use limitation).
    Request.objects.filter(pk=incoming.pk).update(use_limitation="Only for case 42 (test).")
    incoming.refresh_from_db()
    executor = somalia["executor"]
    cases.request_assign(actor=so, request=incoming, authority=executor.authority)
    cases.document_upload(
        actor=executor, request=incoming, filename="report.pdf", data=pdf("Report (test)"), kind="execution"
    )
    measure = incoming.measures.get()
    cases.measure_transition(actor=executor, measure=measure, to="executed", result="Statements obtained (test)")
    carry()
    request.refresh_from_db()
    conversation = Conversation.objects.get(request=request)
    assert conversation.shared_status == "executed"
    assert request.status == "executed"
    ours = request.measures.get()
    assert ours.status == "executed" and ours.result == "Statements obtained (test)"
    assert request.documents.filter(kind="execution").count() == 1
    assert "Only for case 42" in request.use_limitation
    by = set(request.timeline.values_list("actor_label", flat=True))
    assert any("via secure exchange" in label for label in by)


def test_a_refusal_carries_its_ground(users: NamedUsers, somalia: dict[str, Any]) -> None:
    request = transmitted(users, somalia)
    carry()
    incoming = received(request)
    so, so_sup = somalia["officer"], somalia["supervisor"]
    for to, actor in (("registered", so), ("under-assessment", so)):
        cases.request_transition(actor=actor, request=incoming, to=to, reason="test")
    cases.request_transition(
        actor=so_sup, request=incoming, to="refused", reason="test", ground="double-jeopardy", ground_text=""
    )
    carry()
    request.refresh_from_db()
    assert request.status == "refused" and request.refusal_ground == "double-jeopardy"


def test_a_withdrawal_reaches_the_receiver(users: NamedUsers, somalia: dict[str, Any]) -> None:
    request = transmitted(users, somalia)
    carry()
    cases.request_transition(actor=users.officer, request=request, to="withdrawn", reason="No longer needed")
    carry()
    assert received(request).status == "withdrawn"


def test_opening_the_request_sends_a_retrieved_evidence(
    users: NamedUsers, somalia: dict[str, Any], client_for: Any
) -> None:
    request = transmitted(users, somalia)
    carry()
    incoming = received(request)
    assert client_for(somalia["officer"]).get(f"/requests/{incoming.pk}/").status_code == 200
    carry()
    submit = Message.objects.get(type="request.submit", direction="out")
    assert submit.evidences.filter(type=Evidence.Type.RETRIEVED).count() == 1
    client_for(somalia["officer"]).get(f"/requests/{incoming.pk}/")
    carry()
    assert submit.evidences.filter(type=Evidence.Type.RETRIEVED).count() == 1


def test_a_replay_and_a_tampered_envelope_are_refused_with_signed_rejections(
    users: NamedUsers, somalia: dict[str, Any], client: Any
) -> None:
    transmitted(users, somalia)
    envelope = bytes(Message.objects.get(type="request.submit", direction="out").envelope)
    carry()
    answer = client.post("/exchange/v1/inbox", data=envelope, content_type="application/jose")
    assert answer.status_code == 409
    payload = services.evidence_read_own(answer.json()["evidence"])
    assert payload["type"] == "submission-rejected" and "replay" in payload["reason"]
    tampered = envelope[:-10] + (b"A" if envelope[-10:-9] != b"A" else b"B") + envelope[-9:]
    answer = client.post("/exchange/v1/inbox", data=tampered, content_type="application/jose")
    assert answer.status_code == 400
    assert services.evidence_read_own(answer.json()["evidence"])["type"] == "submission-rejected"
    assert Rejection.objects.count() == 2
    assert Message.objects.filter(direction="in", type="request.submit").count() == 1


def test_an_oversized_envelope_is_refused_before_it_is_read(client: Any, settings: Any) -> None:
    settings.ENTRAIDE_EXCHANGE_MAX_BYTES = 1000
    answer = client.post("/exchange/v1/inbox", data=b"x" * 5000, content_type="application/jose")
    assert answer.status_code == 413
    assert services.evidence_read_own(answer.json()["evidence"])["type"] == "submission-rejected"
    assert Rejection.objects.get().size == 0 or Rejection.objects.get().reason.startswith("envelope")


def test_a_message_received_but_not_applied_is_applied_once_later(users: NamedUsers, somalia: dict[str, Any]) -> None:
    transmitted(users, somalia)
    submit = Message.objects.get(type="request.submit", direction="out")
    receipt = services.inbox_receive(bytes(submit.envelope))  # as if the process died right after
    assert receipt.status == 202 and receipt.message is not None
    assert receipt.message.state == Message.State.RECEIVED
    assert not Request.objects.filter(direction="incoming").exists()
    assert services.inbox_drain(worker="after-restart") == 1
    assert Request.objects.filter(direction="incoming").count() == 1
    assert services.inbox_apply(receipt.message) is False
    assert Request.objects.filter(direction="incoming").count() == 1


def test_information_goes_both_ways(users: NamedUsers, somalia: dict[str, Any]) -> None:
    request = transmitted(users, somalia)
    carry()
    incoming = received(request)
    theirs = Conversation.objects.get(request=incoming)
    services.information_send(actor=somalia["officer"], conversation=theirs, text="Which account? (test)")
    carry()
    ours = Conversation.objects.get(request=request)
    asked = ours.messages.get(type="information.request", direction="in")
    assert asked.summary["text"] == "Which account? (test)" and asked.state == Message.State.APPLIED
    services.information_send(
        actor=users.officer, conversation=ours, text="Account 1 (test)", documents=list(request.documents.all())
    )
    carry()
    assert incoming.documents.filter(kind="correspondence").count() == 1


def test_a_status_from_the_requesting_side_is_not_applied(users: NamedUsers, somalia: dict[str, Any]) -> None:
    """Only the requested side reports statuses: the same message sent the other way is refused."""
    request = transmitted(users, somalia)
    carry()
    incoming = received(request)
    ours = Conversation.objects.get(request=request)
    message = services.message_send(
        conversation=ours,
        type="request.status",
        body={
            "status": "executed",
            "at": "2026-01-01T00:00:00Z",
            "by": "Impostor (test)",
            "reason": "",
            "ground": "",
            "ground_text": "",
            "reference": request.our_reference,
        },
    )
    carry()
    theirs = Conversation.objects.get(request=incoming)
    assert theirs.shared_status == "received" and Request.objects.get(pk=incoming.pk).status == "received"
    message.refresh_from_db()
    assert message.state == Message.State.NOT_DELIVERED and message.last_error.startswith("wrong-side")
