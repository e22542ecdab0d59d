"""Pushing to a peer: what its answer makes of our message (accepted, refused for good, or later)."""

from __future__ import annotations

from typing import Any

import pytest

from entraide.exchange import envelope, services, transport
from entraide.exchange.models import Conversation, Evidence, Message
from entraide.exchange.tests.conftest import OtherNode

pytestmark = pytest.mark.django_db


def _queued(conversation: Conversation) -> Message:
    return services.message_send(
        conversation=conversation, type="information.provide", body={"text": "More (test)", "documents": []}
    )


def _answer(other: OtherNode, monkeypatch: Any, status: int, **payload: Any) -> None:
    def push(url: str, data: bytes) -> transport.Answer:
        signed = {
            "type": "submission-rejected" if status >= 400 else "submission-accepted",
            "message": None,
            "conversation": None,
            "issuer": other.node_id,
            "at": envelope.now_text(),
            "reason": "",
            "digest": envelope.digest(data),
        } | payload
        return transport.Answer(status, {"evidence": envelope.sign(signed, other.sig, envelope.EVIDENCE_TYP)})

    monkeypatch.setattr(transport, "push", push)


def test_a_rejection_of_an_envelope_the_peer_could_not_open_marks_it_not_delivered(
    exchanged: Conversation, other_node: OtherNode, monkeypatch: Any
) -> None:
    message = _queued(exchanged)
    _answer(other_node, monkeypatch, 403, reason="unknown-peer: exchange with the sending node is suspended")
    assert services.outbox_drain(worker="test") == 1
    message.refresh_from_db()
    assert message.state == Message.State.NOT_DELIVERED
    assert message.last_error.startswith("unknown-peer")
    assert message.evidences.get().type == Evidence.Type.SUBMISSION_REJECTED


def test_an_acceptance_moves_the_message_on_and_a_forged_one_does_not(
    exchanged: Conversation, other_node: OtherNode, monkeypatch: Any
) -> None:
    message = _queued(exchanged)
    _answer(other_node, monkeypatch, 202, message=str(message.message_id), conversation=str(exchanged.uuid))
    services.outbox_drain(worker="test")
    message.refresh_from_db()
    assert message.state == Message.State.ACCEPTED

    forged = _queued(exchanged)
    impostor = OtherNode(other_node.node_id, envelope.generate_key("sig"), other_node.enc)
    _answer(impostor, monkeypatch, 202, message=str(forged.message_id), conversation=str(exchanged.uuid))
    services.outbox_drain(worker="test")
    forged.refresh_from_db()
    assert forged.state == Message.State.QUEUED and forged.attempts == 1
    assert "no valid evidence" in forged.last_error
