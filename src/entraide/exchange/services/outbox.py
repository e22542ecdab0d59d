"""The outbox: a message sealed for the other side and queued with the change it reports."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.audit.services import record

from .. import envelope, keys, protocol
from ..models import Conversation, Message, Peer
from .common import (
    ExchangeError,
    _release,
    _split,
    node_id,
)

RETRY_CAP = dt.timedelta(hours=1)


def _summary(body: dict[str, Any]) -> dict[str, Any]:
    """The body as shown in the conversation: documents listed without their content."""
    shown = dict(body)
    if isinstance(shown.get("documents"), list):
        shown["documents"] = [
            {k: v for k, v in doc.items() if k != "content"} for doc in shown["documents"] if isinstance(doc, dict)
        ]
    return shown


def _recipient_key(peer: Peer | None) -> Any:
    return keys.own_public("enc") if peer is None else keys.peer_current(peer, "enc")


def message_send(*, conversation: Conversation, type: str, body: dict[str, Any], actor: Any = None) -> Message:
    """Seal a message for the other side of the conversation and queue it, in the caller's transaction."""
    problems = protocol.validate(type, body)
    if problems:
        raise ExchangeError(_("The message does not follow the protocol: %(problems)s") % {"problems": problems[0]})
    if conversation.peer is not None and conversation.peer.suspended:
        raise ExchangeError(_("Exchange with this node is suspended."))
    message_id = uuid.uuid4()
    header = {
        "version": protocol.PROTOCOL_VERSION,
        "id": str(message_id),
        "conversation": str(conversation.uuid),
        "type": type,
        "sender": {"node": node_id(), "authority": f"{node_id()}/{conversation.authority_id}"},
        "recipient": {"node": _split(conversation.remote_address)[0], "authority": conversation.remote_address},
        "created_at": envelope.now_text(),
    }
    sealed = envelope.seal(
        header, body, signing_key=keys.signing_key(), recipient_key=_recipient_key(conversation.peer)
    )
    message = Message.objects.create(
        message_id=message_id,
        direction=Message.Direction.OUT,
        conversation=conversation,
        type=type,
        peer=conversation.peer,
        header=header,
        summary=_summary(body),
        envelope=sealed,
        digest=envelope.digest(sealed),
        state=Message.State.QUEUED,
        next_attempt_at=timezone.now(),
    )
    record(
        actor,
        "exchange.message-queued",
        message,
        authority_id=conversation.authority_id,
        detail={"type": type, "message": str(message_id), "to": conversation.remote_address},
    )
    if conversation.peer is None:
        # Between two authorities of this node: carried as soon as the change commits.
        transaction.on_commit(lambda: _deliver_soon(message.pk))
    return message


def _deliver_soon(pk: int) -> None:
    from .carry import deliver_soon  # carry imports this module: read it when the commit runs

    deliver_soon(pk)


def _failed(message: Message, error: str) -> None:
    attempts = message.attempts + 1
    if attempts >= settings.ENTRAIDE_EXCHANGE_MAX_ATTEMPTS:
        _release(message, attempts=attempts, state=Message.State.DEAD, last_error=error[:500], next_attempt_at=None)
        record(
            None,
            "exchange.message-dead",
            message,
            authority_id=message.conversation.authority_id,
            detail={"message": str(message.message_id), "attempts": attempts, "error": error[:200]},
        )
        return
    wait = min(dt.timedelta(seconds=settings.ENTRAIDE_EXCHANGE_RETRY_BASE * 2 ** (attempts - 1)), RETRY_CAP)
    _release(message, attempts=attempts, last_error=error[:500], next_attempt_at=timezone.now() + wait)


@transaction.atomic
def message_retry(*, actor: Any, message: Message) -> Message:
    """Send a failed message again (a dead letter, or one the other node did not deliver).

    The same envelope goes again while its time is within the receiver's window; after that a
    request is sent again from what it is now, under a new message id, and any other message must be
    written again: an envelope is sealed for the other node, so we cannot reopen it.
    """
    if message.direction != Message.Direction.OUT or message.state not in {
        Message.State.DEAD,
        Message.State.NOT_DELIVERED,
    }:
        raise ExchangeError(_("Only a message that failed can be sent again."))
    window = dt.timedelta(seconds=settings.ENTRAIDE_EXCHANGE_CLOCK_SKEW)
    expired = timezone.now() - message.created_at > window
    if expired:
        from entraide.cases import services as cases

        conversation = message.conversation
        if message.type != "request.submit" or conversation.request is None:
            raise ExchangeError(
                _("This message is older than the other node accepts; write it again from the request.")
            )
        fresh = message_send(
            conversation=conversation,
            type=message.type,
            body=cases.request_export(conversation.request),
            actor=actor,
        )
        Message.objects.filter(pk=message.pk).update(
            last_error=_("Sent again as message %(id)s.") % {"id": fresh.message_id}
        )
        return fresh
    # Its evidences stay: they are the signed history of what happened to it.
    Message.objects.filter(pk=message.pk).update(
        state=Message.State.QUEUED, attempts=0, next_attempt_at=timezone.now(), last_error="", done_at=None
    )
    message.refresh_from_db()
    record(
        actor,
        "exchange.message-retried",
        message,
        authority_id=message.conversation.authority_id,
        detail={"message": str(message.message_id)},
    )
    if message.peer is None:
        transaction.on_commit(lambda: _deliver_soon(message.pk))
    return message
