"""What officers send themselves: more information, and spontaneous information."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.tenancy.models import Authority

from ..models import Conversation, Message
from .common import (
    ExchangeError,
    route,
)
from .outbox import message_send


@transaction.atomic
def information_send(*, actor: Any, conversation: Conversation, text: str, documents: Sequence[Any] = ()) -> Message:
    """Ask the requesting side for more (we execute the request) or answer it (we made it), with
    documents of the request."""
    from entraide.cases import services as cases
    from entraide.cases.lifecycle import Direction
    from entraide.core.text import plain_text

    request = conversation.request
    if request is None:
        raise ExchangeError(_("This conversation has no request."))
    text = plain_text(text).strip()
    if not text:
        raise ExchangeError(_("Write what you ask or answer."))
    if any(document.request_id != request.pk for document in documents):
        raise ExchangeError(_("Send only documents of this request."))
    type = "information.request" if request.direction == Direction.INCOMING else "information.provide"
    body = {"text": text, "documents": cases.documents_export(documents)}
    return message_send(conversation=conversation, type=type, body=body, actor=actor)


@transaction.atomic
def spontaneous_send(
    *,
    actor: Any,
    to: Authority,
    title: str,
    text: str,
    use_limitation: str = "",
    documents_body: list[Any] | None = None,
) -> Message:
    """Send information to another authority without a request (UNTOC art. 18(4)); it arrives there as
    an incoming request to register."""
    found = route(to)
    if found is None or not found[1] or to.pk == actor.authority_id:
        raise ExchangeError(_("The exchange does not reach that authority."))
    peer, remote = found
    conversation = Conversation.objects.create(
        authority_id=actor.authority_id, peer=peer, remote_address=remote, remote_authority=to
    )
    body = {
        "reference": f"SPONT-{timezone.now():%Y}-{conversation.pk:06d}",
        "title": title.strip()[:300],
        "text": text.strip(),
        "use_limitation": use_limitation.strip(),
        "documents": documents_body or [],
    }
    return message_send(conversation=conversation, type="spontaneous.information", body=body, actor=actor)
