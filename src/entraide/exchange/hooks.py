"""What the exchange does when a request moves: the cases app tells it through signals.

Every receiver runs in the transaction of the move, so the message it queues commits (or rolls
back) with it: the other side is told of every move, once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.cases import services as cases
from entraide.cases.errors import CaseValidationError
from entraide.cases.lifecycle import Direction, MeasureStatus, Status
from entraide.cases.models import Document, DocumentVersion, Measure, Request
from entraide.cases.signals import measure_moved, request_moved, request_viewed
from entraide.tenancy import roles

from . import envelope, services
from .models import Conversation, Evidence, Message

RESULT_STATUSES = frozenset({MeasureStatus.EXECUTED, MeasureStatus.REFUSED, MeasureStatus.CANCELLED})


def connect() -> None:
    request_moved.connect(on_request_moved, sender=Request, dispatch_uid="exchange.request_moved")
    measure_moved.connect(on_measure_moved, sender=Measure, dispatch_uid="exchange.measure_moved")
    request_viewed.connect(on_request_viewed, sender=Request, dispatch_uid="exchange.request_viewed")


def conversation_of(request: Request) -> Conversation | None:
    return Conversation.objects.filter(request=request).select_related("peer", "remote_authority").first()


def _person(actor: Any) -> str:
    return (getattr(actor, "full_name", "") or getattr(actor, "email", "")) if actor is not None else ""


def _send(conversation: Conversation, type: str, body: dict[str, Any], actor: Any) -> None:
    try:
        services.message_send(conversation=conversation, type=type, body=body, actor=actor)
    except services.ExchangeError as exc:  # the move is refused with it: nothing half-done
        raise CaseValidationError(str(exc)) from None


def submit(request: Request, actor: Any) -> Conversation | None:
    """Send a transmitted request to its requested authority, if the exchange reaches it."""
    target = request.requested_authority
    if target is None or target.pk == request.authority_id:
        return None
    found = services.route(target)
    if found is None:
        return None
    peer, address = found
    if not address:
        raise CaseValidationError(_("Exchange with the node of the requested authority is suspended."))
    conversation = Conversation.objects.create(
        authority_id=request.authority_id, request=request, peer=peer, remote_address=address, remote_authority=target
    )
    _send(conversation, "request.submit", cases.request_export(request), actor)
    return conversation


def on_request_moved(
    sender: Any, request: Request, old: str, new: str, actor: Any, reason: str = "", remote: bool = False, **kw: Any
) -> None:
    if remote:
        return  # it mirrors the other side: nothing to tell it
    if request.direction == Direction.OUTGOING:
        if new == Status.TRANSMITTED:
            submit(request, actor)
        elif new == Status.WITHDRAWN and (conversation := conversation_of(request)) is not None:
            _send(conversation, "request.withdraw", {"reason": reason or _("Withdrawn")}, actor)
        return
    conversation = conversation_of(request)
    if conversation is None:
        return
    conversation.shared_status, conversation.shared_status_at = new, timezone.now()
    conversation.save(update_fields=["shared_status", "shared_status_at"])
    body = {
        "status": new,
        "at": envelope.now_text(),
        "by": _person(actor),
        "reason": reason,
        "ground": request.refusal_ground if new == Status.REFUSED else "",
        "ground_text": request.refusal_text if new == Status.REFUSED else "",
        "reference": request.our_reference,
    }
    _send(conversation, "request.status", body, actor)


def _unsent_documents(conversation: Conversation, request: Request, kinds: set[str]) -> list[Document]:
    sent = set(conversation.documents_sent or [])
    documents = []
    for document in request.documents.filter(kind__in=kinds).order_by("pk"):
        latest = DocumentVersion.objects.filter(document=document).order_by("-number").first()
        if latest is not None and str(latest.uuid) not in sent:
            documents.append(document)
            sent.add(str(latest.uuid))
    conversation.documents_sent = sorted(sent)
    conversation.save(update_fields=["documents_sent"])
    return documents


def on_measure_moved(
    sender: Any, measure: Measure, old: str, new: str, actor: Any, result: str = "", remote: bool = False, **kw: Any
) -> None:
    if remote or new not in RESULT_STATUSES:
        return
    request = measure.request
    conversation = conversation_of(request) if request.direction == Direction.INCOMING else None
    if conversation is None or not measure.remote_ref:
        return
    body = {
        "measure": measure.remote_ref,
        "status": new,
        "result": measure.result or result,
        "use_limitation": request.use_limitation,
        "documents": cases.documents_export(_unsent_documents(conversation, request, {Document.Kind.EXECUTION})),
    }
    _send(conversation, "execution.result", body, actor)


def on_request_viewed(sender: Any, request: Request, actor: Any, **kw: Any) -> None:
    """The first time an officer of the receiving authority opens a request that came by the exchange,
    the sender gets a signed "retrieved" evidence."""
    if request.direction != Direction.INCOMING or getattr(actor, "role", None) not in roles.OFFICE:
        return
    if getattr(actor, "authority_id", None) != request.authority_id:
        return
    submitted = (
        Message.objects.filter(direction=Message.Direction.IN, conversation__request=request, type="request.submit")
        .exclude(evidences__type=Evidence.Type.RETRIEVED)
        .first()
    )
    if submitted is None:
        return
    with transaction.atomic():
        services.answer(submitted, Evidence.Type.RETRIEVED)
