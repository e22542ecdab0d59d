"""Fixtures for the exchange: a master key and media root per test (the node's keys are kept
encrypted under it), a second node's identity, and conversations written directly."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from joserfc.jwk import OKPKey

from entraide.cases.models import Request
from entraide.cases.tests.conftest import _documents_at_rest
from entraide.exchange import envelope
from entraide.exchange.models import Conversation, Message, Peer
from entraide.testing.cases import new_outgoing
from entraide.testing.fixtures import NamedUsers

OTHER_NODE = "so.test.entraide.example"
OTHER_AUTHORITY = "Attorney General, Somalia (peer test)"
__all__ = ["_documents_at_rest"]


@pytest.fixture(autouse=True)
def _node_id(settings: Any, _documents_at_rest: None) -> None:
    settings.ENTRAIDE_NODE_ID = "ke.test.entraide.example"


@dataclass
class OtherNode:
    """A second node's identity, in process: its keys and its signed node document."""

    node_id: str
    sig: OKPKey
    enc: OKPKey

    def payload(self, *, sig: OKPKey | None = None, enc: OKPKey | None = None) -> dict[str, Any]:
        return {
            "node": self.node_id,
            "protocol": ["1"],
            "keys": [envelope.public_jwk(sig or self.sig), envelope.public_jwk(enc or self.enc)],
            "authorities": [{"address": f"{self.node_id}/7", "name": OTHER_AUTHORITY, "jurisdiction": "SOM"}],
            "issued_at": envelope.now_text(),
        }

    def document(self, payload: dict[str, Any] | None = None, signer: OKPKey | None = None) -> dict[str, Any]:
        return {"signatures": [envelope.sign(payload or self.payload(), signer or self.sig, envelope.NODE_TYP)]}

    def fingerprints(self) -> list[str]:
        return [envelope.fingerprint(str(self.sig.kid)), envelope.fingerprint(str(self.enc.kid))]


@pytest.fixture
def other_node() -> OtherNode:
    return OtherNode(OTHER_NODE, envelope.generate_key("sig"), envelope.generate_key("enc"))


@pytest.fixture
def peer(users: NamedUsers, other_node: OtherNode) -> Peer:
    """The other node as a peer, added as an administrator would (its authority mapped)."""
    from entraide.exchange import services

    return services.peer_add(
        actor=users.administrator,
        document=other_node.document(),
        url="https://so.test.entraide.example",
        confirmed=True,
        name="Somalia (test)",
    )


def conversation_for(request: Request, peer: Peer, **fields: Any) -> Conversation:
    remote = peer.authorities.get()
    return Conversation.objects.create(
        authority_id=request.authority_id,
        request=request,
        peer=peer,
        remote_address=remote.address,
        remote_authority=remote.authority,
        **fields,
    )


def message_in(conversation: Conversation, type: str, summary: dict[str, Any], **fields: Any) -> Message:
    """A message row as the exchange keeps it (the envelope is not opened by the pages)."""
    fields.setdefault("direction", Message.Direction.OUT)
    fields.setdefault("state", Message.State.DELIVERED)
    return Message.objects.create(
        message_id=uuid.uuid4(),
        conversation=conversation,
        type=type,
        peer=conversation.peer,
        header={"type": type},
        summary=summary,
        envelope=b"sealed (test)",
        digest="0" * 64,
        **fields,
    )


@pytest.fixture
def exchanged(users: NamedUsers, peer: Peer) -> Conversation:
    """A Kenyan outgoing request, sent to the peer's authority, registered there."""
    request = new_outgoing(users, title="Bank records (test)")
    return conversation_for(request, peer, remote_reference="SO-2025-0042", shared_status="registered")
