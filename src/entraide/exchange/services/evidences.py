"""Evidences: signed receipts about messages, issued here or received from the other node."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from entraide.audit.services import record

from .. import envelope, keys, protocol
from ..envelope import Refused
from ..models import Evidence, Message, Peer
from .common import (
    _one,
    _split,
    node_id,
)
from .peers import (
    peer_refresh,
)


def evidence_issue(
    type: str, *, message_id: str | None, conversation: str | None, digest: str, reason: str = ""
) -> str:
    return _evidence_signed(type, message_id=message_id, conversation=conversation, digest=digest, reason=reason)[0]


def _evidence_signed(
    type: str, *, message_id: str | None, conversation: str | None, digest: str, reason: str = ""
) -> tuple[str, dict[str, Any]]:
    """An evidence we issue: its token and its payload (what we signed, so we need not verify it)."""
    payload = {
        "type": type,
        "message": message_id,
        "conversation": conversation,
        "issuer": node_id(),
        "at": envelope.now_text(),
        "reason": reason[:500],
        "digest": digest,
    }
    return envelope.sign(payload, keys.signing_key(), envelope.EVIDENCE_TYP), payload


def _signing_key_of(node: str) -> Callable[[str], Any]:
    if node == node_id():
        return lambda kid: keys.own_key(kid, "sig")
    peer = _one(Peer.objects.filter(node_id=node))
    if peer is None:
        return lambda kid: None

    def find(kid: str) -> Any:
        found = keys.peer_key(peer, kid, "sig")
        if found is None and peer_refresh(peer):  # a key it rotated in: take it if a trusted key signed it
            found = keys.peer_key(peer, kid, "sig")
        return found

    return find


def evidence_read(token: Any, issuer: str) -> dict[str, Any]:
    """An evidence's payload, verified as signed by ``issuer``."""
    if not isinstance(token, str) or len(token) > 8192:
        raise Refused("an evidence is a JWS compact")
    _kid, payload = envelope.verify(token, _signing_key_of(issuer), envelope.EVIDENCE_TYP)
    problems = protocol.validate_evidence(payload)
    if problems or payload.get("issuer") != issuer:
        raise Refused("the evidence does not follow the protocol")
    return payload


def evidence_read_own(token: str) -> dict[str, Any]:
    return evidence_read(token, node_id())


def _keep_evidence(message: Message, payload: dict[str, Any], token: str) -> Evidence | None:
    try:
        with transaction.atomic():
            return Evidence.objects.create(
                message=message,
                type=payload["type"],
                issuer=payload["issuer"],
                reason=str(payload.get("reason") or "")[:500],
                token=token,
                at=envelope.parse_time(payload["at"]) or timezone.now(),
            )
    except IntegrityError:
        return None  # the same evidence again


# What an evidence about one of our messages makes of its state.
_EVIDENCE_STATE = {
    Evidence.Type.SUBMISSION_ACCEPTED: Message.State.ACCEPTED,
    Evidence.Type.SUBMISSION_REJECTED: Message.State.NOT_DELIVERED,
    Evidence.Type.DELIVERED: Message.State.DELIVERED,
    Evidence.Type.NOT_DELIVERED: Message.State.NOT_DELIVERED,
}


_STATE_RANK: dict[str, int] = {
    Message.State.QUEUED: 0,
    Message.State.ACCEPTED: 1,
    Message.State.DELIVERED: 2,
    Message.State.NOT_DELIVERED: 2,
    Message.State.DEAD: 2,
}


def evidence_about_ours(payload: dict[str, Any], token: str) -> Message | None:
    """Keep an evidence naming a message we sent (it came as a message, or was posted back after a pull)."""
    if not payload.get("message"):
        return None
    message = _one(
        Message.objects.filter(direction=Message.Direction.OUT, message_id=payload["message"]).select_related(
            "conversation"
        )
    )
    if message is None or payload.get("digest") != message.digest:
        return None
    return evidence_recorded(message, payload, token)


def evidence_recorded(message: Message, payload: dict[str, Any], token: str) -> Message | None:
    """Keep an evidence about ``message`` (one we sent), issued by the node we sent it to, and move the
    message's state forward (a rejection of an envelope the receiver could not open names no message:
    the answer to our own POST is about the message we posted, whatever it names)."""
    if _split(message.conversation.remote_address)[0] != payload["issuer"]:
        return None
    kept = _keep_evidence(message, payload, token)
    state = _EVIDENCE_STATE.get(payload["type"])
    if state is not None and _STATE_RANK[state] > _STATE_RANK.get(message.state, 2):
        Message.objects.filter(pk=message.pk).update(
            state=state, done_at=timezone.now(), last_error=str(payload.get("reason") or "")[:500]
        )
    if kept is not None:
        record(
            None,
            f"exchange.evidence-{payload['type']}",
            message,
            authority_id=message.conversation.authority_id,
            detail={"message": str(message.message_id), "issuer": payload["issuer"]},
        )
    return message
