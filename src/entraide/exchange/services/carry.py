"""Carrying messages: to our own inbox (the local transport) or posted to a peer; the worker's job."""

from __future__ import annotations

import logging

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import transport
from ..envelope import Refused
from ..models import Message, Peer
from .common import (
    _claim,
    _release,
    node_id,
)
from .evidences import (
    evidence_read,
    evidence_recorded,
)
from .inbox import (
    Receipt,
    inbox_apply,
    inbox_receive,
)
from .outbox import _failed

log = logging.getLogger("entraide.exchange")


def deliver_soon(pk: int) -> None:
    try:
        claimed = _claim(Message.objects.filter(pk=pk, state=Message.State.QUEUED), "commit", 1)
        for message in claimed:
            deliver(message)
    except Exception:  # the worker tries again; the user's change is already committed
        log.exception("local delivery of message %s failed", pk)


def deliver(message: Message) -> None:
    """Carry one claimed message: to our own inbox, or posted to its peer."""
    if message.peer is None:
        receipt = inbox_receive(bytes(message.envelope))
        issuer = node_id()
    else:
        if message.peer.suspended:
            _release(message)
            return
        try:
            reply = transport.push(message.peer.url, bytes(message.envelope))
        except transport.Unreachable as exc:
            _failed(message, str(exc))
            return
        receipt = Receipt(reply.status, str(reply.body.get("evidence", "")))
        issuer = message.peer.node_id
    try:
        payload = evidence_read(receipt.evidence, issuer)
    except Refused as exc:
        _failed(message, _("The answer carried no valid evidence: %(reason)s") % {"reason": exc.reason})
        return
    if payload.get("message") not in (None, str(message.message_id)):
        _failed(message, _("The answer's evidence is about another message."))
        return
    if receipt.status == 409 and payload.get("message") == str(message.message_id):
        # The other node already has it (an earlier answer was lost): as good as accepted.
        _release(message, attempts=message.attempts + 1)
        Message.objects.filter(pk=message.pk, state=Message.State.QUEUED).update(state=Message.State.ACCEPTED)
        return
    _release(message, attempts=message.attempts + 1, next_attempt_at=None)
    evidence_recorded(message, payload, receipt.evidence)
    if message.peer is None and receipt.message is not None:
        inbox_apply(receipt.message)


def outbox_drain(*, worker: str, limit: int = 100) -> int:
    """The worker's job: push what is due to peers that take pushes, and carry local messages."""
    due = Message.objects.filter(
        direction=Message.Direction.OUT,
        state=Message.State.QUEUED,
        next_attempt_at__lte=timezone.now(),
    ).filter(Q(peer__isnull=True) | Q(peer__delivery=Peer.Delivery.PUSH, peer__suspended=False))
    claimed = _claim(due, worker, limit)
    for message in claimed:
        try:
            deliver(message)
        except Exception as exc:  # one message must not stop the others
            log.exception("delivering message %s failed", message.message_id)
            _failed(message, f"{type(exc).__name__}")
    return len(claimed)
