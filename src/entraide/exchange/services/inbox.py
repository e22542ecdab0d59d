"""The inbox: an envelope refused or kept (with a signed evidence), then applied once."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from entraide.audit.services import record
from entraide.tenancy.models import Authority

from .. import envelope, keys, protocol
from ..envelope import Refused
from ..models import Conversation, Evidence, Message, Peer, Rejection
from .common import (
    _claim,
    _one,
    _release,
    authority_at,
    node_id,
)
from .evidences import (
    _evidence_signed,
    _keep_evidence,
    _signing_key_of,
    evidence_issue,
)
from .outbox import _summary, message_send

log = logging.getLogger("entraide.exchange")


@dataclass(frozen=True)
class Receipt:
    """What the inbox answers: an HTTP status and a signed evidence (and, here, the stored message)."""

    status: int
    evidence: str
    message: Message | None = None


def _refuse(data: bytes, reason: str, *, status: int, sender: str = "", message_id: str = "") -> Receipt:
    digest = envelope.digest(data)
    Rejection.objects.create(
        claimed_sender=sender[:200], size=len(data), digest=digest, reason=reason[:500], message_id=message_id[:64]
    )
    log.warning("envelope refused (%s bytes, from %r): %s", len(data), sender, reason)
    token = evidence_issue(
        Evidence.Type.SUBMISSION_REJECTED,
        message_id=message_id or None,
        conversation=None,
        digest=digest,
        reason=reason,
    )
    return Receipt(status, token)


def refuse_oversized() -> Receipt:
    """An envelope over the limit, refused on its declared length before it is read."""
    limit = settings.ENTRAIDE_EXCHANGE_MAX_BYTES
    return _refuse(b"", f"too-large: envelope over the limit of {limit} bytes", status=413)


def _decryption_key(kid: str) -> Any:
    return keys.own_key(kid, "enc")


# The HTTP status of a refusal, by the code its reason starts with (docs/exchange.md, section 4.3).
REFUSAL_STATUS = {"too-large": 413, "replay": 409, "unknown-peer": 403, "signature": 403}


CODES = frozenset(
    {
        "too-large", "malformed", "header", "unknown-peer", "unknown-key", "decrypt", "signature", "version",
        "wrong-recipient", "expired", "replay", "schema", "unknown-conversation",
    }
)  # fmt: skip


def _coded(exc: Refused) -> tuple[str, str]:
    """A refusal's code and its reason, which starts with the code (``"replay: message ..."``)."""
    code = exc.reason.split(":", 1)[0]
    if code in CODES:
        return code, exc.reason
    return exc.code, f"{exc.code}: {exc.reason}"


def _sender_peer(sender: str) -> Peer | None:
    """The peer an envelope's ``iss`` names (None: this node itself); refused unless it is active."""
    if sender == node_id():
        return None
    peer = _one(Peer.objects.filter(node_id=sender))
    if peer is None:
        raise Refused("unknown-peer: the sending node is not a peer of ours", sender=sender)
    if peer.suspended:
        raise Refused("unknown-peer: exchange with the sending node is suspended", sender=sender)
    return peer


def _check_header(header: dict[str, Any], peer: Peer | None) -> tuple[Authority, Authority | None]:
    """The checks that need the database: version, recipient, time. Returns the receiving authority
    and the sending authority as our directory knows it."""
    if str(header.get("version", "")).split(".")[0] != protocol.PROTOCOL_VERSION:
        raise Refused(f"version: protocol version {header.get('version')!r} is not supported")
    problems = protocol.validate_header(header)
    if problems:
        raise Refused(f"header: {problems[0]}")
    if header["recipient"]["node"] != node_id():
        raise Refused("wrong-recipient: the envelope is addressed to another node")
    recipient = authority_at(header["recipient"]["authority"], None)
    if recipient is None:
        raise Refused("wrong-recipient: the receiving authority is not hosted on this node")
    created = envelope.parse_time(header["created_at"])
    skew = dt.timedelta(seconds=settings.ENTRAIDE_EXCHANGE_CLOCK_SKEW)
    if created is None or abs(timezone.now() - created) > skew:
        raise Refused("expired: the message's time is outside the accepted window")
    return recipient, authority_at(header["sender"]["authority"], peer)


def inbox_receive(data: bytes) -> Receipt:
    """Take an envelope: refuse it (logged, with a signed rejection) or keep it (with a signed acceptance).

    Kept means stored, not yet applied: :func:`inbox_apply` applies it. The checks run in the order
    of docs/exchange.md, section 4.3, and stop at the first failure.
    """
    limit = settings.ENTRAIDE_EXCHANGE_MAX_BYTES
    if len(data) > limit:
        return _refuse(b"", f"too-large: envelope over the limit of {limit} bytes", status=413)
    sender, message_id = "", ""
    try:
        sender = envelope.outer_header(data, limit)["iss"]
        peer = _sender_peer(sender)
        opened = envelope.open_envelope(
            data,
            max_bytes=limit,
            decryption_key=_decryption_key,
            sender_key=lambda node, kid: _signing_key_of(node)(kid),
        )
        header, body = opened.header, opened.body
        message_id = str(header.get("id", ""))[:64]
        recipient, _sender_authority = _check_header(header, peer)
        if Message.objects.filter(direction=Message.Direction.IN, message_id=header["id"]).exists():
            raise Refused(f"replay: message {message_id} was already received")
        problems = protocol.validate(header["type"], body)
        if problems:
            raise Refused(f"schema: {problems[0]}")
        with transaction.atomic():
            conversation = _conversation_for(header, recipient, peer)
            message = Message.objects.create(
                message_id=header["id"],
                direction=Message.Direction.IN,
                conversation=conversation,
                type=header["type"],
                peer=peer,
                header=header,
                summary=_summary(body),
                envelope=data,
                digest=envelope.digest(data),
                state=Message.State.RECEIVED,
            )
            token, payload = _evidence_signed(
                Evidence.Type.SUBMISSION_ACCEPTED,
                message_id=message_id,
                conversation=header["conversation"],
                digest=message.digest,
            )
            _keep_evidence(message, payload, token)
            record(
                None,
                "exchange.message-received",
                message,
                authority_id=recipient.pk,
                detail={"type": header["type"], "message": message_id, "from": header["sender"]["authority"]},
            )
    except Refused as exc:
        code, reason = _coded(exc)
        return _refuse(
            data, reason, status=REFUSAL_STATUS.get(code, 400), sender=sender or exc.sender, message_id=message_id
        )
    except IntegrityError:  # the same message, received by another process a moment ago
        return _refuse(data, f"replay: message {message_id} was already received", status=409, sender=sender)
    return Receipt(202, token, message)


def _conversation_for(header: dict[str, Any], recipient: Authority, peer: Peer | None) -> Conversation:
    """The conversation a message belongs to on our side; a submission (or spontaneous information)
    opens one, anything else must name one we have with that sender."""
    uuid_ = header["conversation"]
    found = _one(Conversation.objects.filter(uuid=uuid_, authority=recipient))
    if found is not None:
        if found.remote_address != header["sender"]["authority"]:
            raise Refused("unknown-conversation: the conversation is with another authority")
        return found
    if header["type"] not in {"request.submit", "spontaneous.information"}:
        raise Refused("unknown-conversation: the message names a conversation we do not have with its sender")
    return Conversation.objects.create(
        uuid=uuid_,
        authority=recipient,
        peer=peer,
        remote_address=header["sender"]["authority"],
        remote_authority=authority_at(header["sender"]["authority"], peer),
    )


def inbox_apply(message: Message) -> bool:
    """Apply one received message, once: its business writes and its "applied" mark in one transaction.

    A message the receiving side cannot apply (a document refused, a code it does not know) is marked
    so and answered with a signed not-delivered evidence.
    """
    from .. import apply  # apply reads the services it calls back (message_send, evidences)

    try:
        with transaction.atomic():
            fresh = (
                Message.objects.select_for_update(of=("self",))
                .select_related("conversation", "peer")
                .get(pk=message.pk)
            )
            if fresh.state != Message.State.RECEIVED:
                return False
            # The body was verified on arrival and kept, but for the documents' content: a body
            # without documents is applied as kept; one with documents is opened again for them.
            body = fresh.summary
            if body.get("documents"):
                body = envelope.open_envelope(
                    bytes(fresh.envelope),
                    max_bytes=settings.ENTRAIDE_EXCHANGE_MAX_BYTES,
                    decryption_key=_decryption_key,
                    sender_key=lambda node, kid: _signing_key_of(node)(kid),
                ).body
            apply.apply(fresh, body)
            Message.objects.filter(pk=fresh.pk).update(
                state=Message.State.APPLIED, done_at=timezone.now(), claimed_by="", claimed_at=None
            )
            if fresh.type != "evidence":
                answer(fresh, Evidence.Type.DELIVERED)
            return True
    except (apply.NotApplicable, Refused) as exc:
        reason = getattr(exc, "reason", "") or str(exc)
        with transaction.atomic():
            Message.objects.filter(pk=message.pk).update(
                state=Message.State.REFUSED,
                done_at=timezone.now(),
                last_error=reason[:500],
                claimed_by="",
                claimed_at=None,
            )
            if message.type != "evidence":
                answer(message, Evidence.Type.NOT_DELIVERED, reason)
        return False


def answer(message: Message, type: str, reason: str = "") -> None:
    """Send the other side an evidence about a message it sent us (and keep it on our side too)."""
    conversation = message.conversation
    token, payload = _evidence_signed(
        type,
        message_id=str(message.message_id),
        conversation=str(conversation.uuid),
        digest=message.digest,
        reason=reason,
    )
    _keep_evidence(message, payload, token)
    message_send(conversation=conversation, type="evidence", body={"evidence": token})


def inbox_drain(*, worker: str, limit: int = 100) -> int:
    """The worker's job: apply what was received and not yet applied (after a crash, too)."""
    claimed = _claim(
        Message.objects.filter(direction=Message.Direction.IN, state=Message.State.RECEIVED), worker, limit
    )
    for message in claimed:
        try:
            inbox_apply(message)
        except Exception:
            log.exception("applying message %s failed", message.message_id)
            _release(message)
    return len(claimed)
