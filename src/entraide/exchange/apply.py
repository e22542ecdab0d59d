"""What a received message does on this side: one function per type, all through the cases services.

Each runs inside :func:`services.inbox_apply`'s transaction. A message that cannot be applied raises
:class:`NotApplicable` (the sender gets a signed not-delivered evidence saying why).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.cases import services as cases
from entraide.cases.errors import CaseValidationError
from entraide.cases.lifecycle import Direction, Status
from entraide.cases.models import Document, Request
from entraide.core.sniff import UploadRejected

from . import envelope
from .envelope import Refused
from .models import Conversation, Message


class NotApplicable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# The requested side's statuses, and the status the requesting side's outgoing request takes for
# each (where its own lifecycle allows the move). Every one is also kept as the shared status.
MIRRORED = {
    Status.RECEIVED: Status.ACKNOWLEDGED,
    Status.REGISTERED: Status.ACKNOWLEDGED,
    Status.UNDER_ASSESSMENT: Status.ACKNOWLEDGED,
    Status.INFO_REQUESTED: Status.ACKNOWLEDGED,
    Status.ACCEPTED: Status.ACKNOWLEDGED,
    Status.ASSIGNED: Status.ACKNOWLEDGED,
    Status.CONSULTATION: Status.CONSULTATION,
    Status.POSTPONED: Status.POSTPONED,
    Status.IN_EXECUTION: Status.IN_EXECUTION,
    Status.PARTIALLY_EXECUTED: Status.PARTIALLY_EXECUTED,
    Status.EXECUTED: Status.EXECUTED,
    Status.REFUSED: Status.REFUSED,
}


def other_side(conversation: Conversation, person: str = "") -> str:
    """Who did it, as the timeline shows it: the other authority (and its officer, if named)."""
    authority = conversation.remote_authority.name if conversation.remote_authority else conversation.remote_address
    via = _("%(authority)s, via secure exchange") % {"authority": authority}
    return f"{person} ({via})" if person else via


# Who may say what: the requested side acknowledges, reports its moves and results and asks for more
# (these); the requesting side answers and withdraws (the others). A message from the wrong side of the
# request is not applied.
FROM_REQUESTED_SIDE = frozenset({"request.acknowledge", "request.status", "execution.result", "information.request"})


def _request(conversation: Conversation, message: Message | None = None) -> Request:
    if conversation.request_id is None:
        raise NotApplicable(_("This conversation has no request."))
    request = Request.objects.select_for_update().get(pk=conversation.request_id)
    if message is not None:
        ours = Direction.OUTGOING if message.type in FROM_REQUESTED_SIDE else Direction.INCOMING
        if request.direction != ours:
            raise NotApplicable("wrong-side: " + _("this message comes from the other side of the request"))
    return request


def _shared(conversation: Conversation, status: str, at: Any = None) -> None:
    conversation.shared_status = status
    conversation.shared_status_at = envelope.parse_time(at) or timezone.now()
    conversation.save(update_fields=["shared_status", "shared_status_at"])


def _submit(message: Message, conversation: Conversation, body: dict[str, Any]) -> None:
    from . import services

    if conversation.request_id is not None:
        raise NotApplicable("duplicate: " + _("this conversation already has its request"))
    request = cases.request_receive(
        authority=conversation.authority,
        body=body,
        by=other_side(conversation),
        requesting_authority=conversation.remote_authority,
    )
    conversation.request = request
    conversation.remote_reference = body["reference"]
    conversation.save(update_fields=["request", "remote_reference"])
    _shared(conversation, request.status)
    services.message_send(
        conversation=conversation,
        type="request.acknowledge",
        body={
            "reference": request.our_reference,
            "received_on": (request.received_on or timezone.localdate()).isoformat(),
        },
    )


def _acknowledge(message: Message, conversation: Conversation, body: dict[str, Any]) -> None:
    request = _request(conversation, message)
    conversation.remote_reference = body["reference"]
    conversation.save(update_fields=["remote_reference"])
    if not conversation.shared_status:
        _shared(conversation, Status.RECEIVED)
    cases.request_move_remote(
        request=request,
        to=Status.ACKNOWLEDGED,
        by=other_side(conversation),
        reason=_("Received as %(reference)s") % {"reference": body["reference"]},
    )


def _status(message: Message, conversation: Conversation, body: dict[str, Any]) -> None:
    request = _request(conversation, message)
    _shared(conversation, body["status"], body.get("at"))
    target = MIRRORED.get(body["status"])
    if target is None or request.status == target:
        return
    if target != Status.ACKNOWLEDGED and request.status == Status.TRANSMITTED:
        cases.request_move_remote(request=request, to=Status.ACKNOWLEDGED, by=other_side(conversation, body["by"]))
    cases.request_move_remote(
        request=request,
        to=target,
        by=other_side(conversation, body["by"]),
        reason=body.get("reason", ""),
        ground=body.get("ground", ""),
        ground_text=body.get("ground_text", ""),
    )


def _documents(request: Request, conversation: Conversation, body: dict[str, Any], kind: str) -> None:
    if body.get("documents"):
        cases.documents_receive(request=request, documents=body["documents"], by=other_side(conversation), kind=kind)


def _information(message: Message, conversation: Conversation, body: dict[str, Any]) -> None:
    _documents(_request(conversation, message), conversation, body, Document.Kind.CORRESPONDENCE)


def _result(message: Message, conversation: Conversation, body: dict[str, Any]) -> None:
    request = _request(conversation, message)
    measure = cases.measure_result_remote(
        request=request,
        measure_ref=body["measure"],
        status=body["status"],
        result=body["result"],
        by=other_side(conversation),
        use_limitation=body.get("use_limitation", ""),
    )
    if measure is None:
        raise NotApplicable("unknown-measure: " + _("the result names a measure this request does not have"))
    _documents(request, conversation, body, Document.Kind.EXECUTION)


def _withdraw(message: Message, conversation: Conversation, body: dict[str, Any]) -> None:
    request = _request(conversation, message)
    if not cases.request_move_remote(
        request=request, to=Status.WITHDRAWN, by=other_side(conversation), reason=body["reason"]
    ):
        raise NotApplicable(_("The request can no longer be withdrawn here."))


def _spontaneous(message: Message, conversation: Conversation, body: dict[str, Any]) -> None:
    """Information sent without a request (UNTOC art. 18(4)): an incoming request to register."""
    sender = conversation.remote_authority
    if sender is None:
        raise NotApplicable(_("The sending authority is not in our directory."))
    submit = {
        "reference": body["reference"],
        "modality": "spontaneous-information",
        "title": body["title"],
        "facts": body["text"],
        "proceedings": "",
        "purpose": "",
        "procedure": "",
        "urgent": False,
        "urgency_reason": "",
        "confidential": False,
        "use_limitation": body["use_limitation"],
        "requesting_jurisdiction": sender.jurisdiction.code,
        "requested_jurisdiction": conversation.authority.jurisdiction.code,
        "national_case_number": "",
        "legal_basis": {"code": "", "articles": ""},
        "offences": [],
        "persons": [],
        "measures": [{"ref": "", "kind": "spontaneous-information", "description": body["text"], "due_on": None}],
        "deadlines": [],
        "documents": body["documents"],
    }
    _submit(message, conversation, submit)


def _evidence(message: Message, conversation: Conversation, body: dict[str, Any]) -> None:
    from . import services

    try:
        payload = services.evidence_read(body["evidence"], message.header["sender"]["node"])
    except Refused as exc:
        raise NotApplicable(exc.reason) from None
    services.evidence_about_ours(payload, body["evidence"])


HANDLERS: dict[str, Callable[[Message, Conversation, dict[str, Any]], None]] = {
    "request.submit": _submit,
    "request.acknowledge": _acknowledge,
    "request.status": _status,
    "information.request": _information,
    "information.provide": _information,
    "execution.result": _result,
    "request.withdraw": _withdraw,
    "spontaneous.information": _spontaneous,
    "evidence": _evidence,
}


def apply(message: Message, body: dict[str, Any]) -> None:
    handler = HANDLERS.get(message.type)
    if handler is None:
        raise NotApplicable(_("Unknown message type."))
    try:
        handler(message, message.conversation, body)
    except (CaseValidationError, UploadRejected) as exc:
        raise NotApplicable(str(exc)) from None
