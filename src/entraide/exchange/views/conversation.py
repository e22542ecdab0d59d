"""A request's conversation: the other authority, the status at the requested authority, every
message both ways with what it carried, its state and its signed evidences; asking for (or giving)
more information."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from entraide.audit.services import record
from entraide.cases import selectors as cases_selectors
from entraide.cases.lifecycle import Direction, MeasureStatus, RefusalGround, Status
from entraide.cases.models import Document, Measure, Request
from entraide.tenancy.policies import can, found_for_user

from .. import envelope, services
from ..forms import InformationForm
from ..models import Conversation, Evidence, Message


def _day(value: Any) -> str:
    """A date the message carries (ISO 8601) in the reader's format; as it came if it is not one."""
    day = parse_date(value) if isinstance(value, str) else None
    return date_format(day, "DATE_FORMAT") if day else str(value or "")


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


@dataclass
class Entry:
    """One message as the history shows it."""

    message: Message
    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    evidences: list[Evidence] = field(default_factory=list)


def _measure_name(measures: dict[str, Measure], ref: Any) -> str:
    """The measure an execution result is about: ours when we made the request (its ref is our id)."""
    measure = measures.get(str(ref))
    if measure is not None:
        return f"{measure.get_kind_display()} — {measure.description}".strip(" —")
    return _("measure %(ref)s") % {"ref": ref}


def _entry(message: Message, measures: dict[str, Measure]) -> Entry:
    """A message in words: its type, and what it carried (never the documents' content)."""
    body = message.summary if isinstance(message.summary, dict) else {}
    kind = message.type
    lines: list[tuple[str, str]] = []
    if kind == "request.submit":
        title = _("Request sent")
        lines = [
            (_("Title"), str(body.get("title", ""))),
            (
                _("Their reference") if message.direction == Message.Direction.IN else _("Our reference"),
                str(body.get("reference", "")),
            ),
            (
                _("Measures"),
                ", ".join(_label(Measure.Kind, m.get("kind")) for m in body.get("measures", []) if isinstance(m, dict)),
            ),
        ]
        if body.get("urgent"):
            lines.append((_("Urgent"), str(body.get("urgency_reason", "")) or _("Yes")))
    elif kind == "request.acknowledge":
        title = _("Acknowledged")
        lines = [
            (_("Their reference"), str(body.get("reference", ""))),
            (_("Received on"), _day(body.get("received_on"))),
        ]
    elif kind == "request.status":
        status = _label(Status, body.get("status"))
        title = (
            _("Status: %(status)s by %(person)s") % {"status": status, "person": body["by"]}
            if body.get("by")
            else _("Status: %(status)s") % {"status": status}
        )
        lines = [(_("Reason"), str(body.get("reason", "")))]
        if body.get("ground"):
            lines.append((_("Ground for refusal"), _label(RefusalGround, body["ground"])))
        lines.append((_("Ground explained"), str(body.get("ground_text", ""))))
    elif kind == "information.request":
        title = _("Additional information requested")
        lines = [(_("Text"), str(body.get("text", "")))]
    elif kind == "information.provide":
        title = _("Information provided")
        lines = [(_("Text"), str(body.get("text", "")))]
    elif kind == "execution.result":
        title = _("Execution result for %(measure)s") % {"measure": _measure_name(measures, body.get("measure"))}
        lines = [
            (_("Outcome"), _label(MeasureStatus, body.get("status"))),
            (_("Result"), str(body.get("result", ""))),
            (_("Use limitation"), str(body.get("use_limitation", ""))),
        ]
    elif kind == "request.withdraw":
        title = _("Withdrawn")
        lines = [(_("Reason"), str(body.get("reason", "")))]
    elif kind == "spontaneous.information":
        title = _("Spontaneous information")
        lines = [
            (_("Title"), str(body.get("title", ""))),
            (_("Text"), str(body.get("text", ""))),
            (_("Use limitation"), str(body.get("use_limitation", ""))),
        ]
    elif kind == "evidence":
        title = _("Evidence")
        token = body.get("evidence")
        parts = token.split(".") if isinstance(token, str) else []
        # Shown only: the evidence was verified when it arrived (or we signed it).
        payload = envelope._b64json(parts[1]) if len(parts) == 3 else {}
        lines = [
            (_("Says"), _label(Evidence.Type, payload.get("type"))),
            (_("About message"), str(payload.get("message") or "")),
        ]
    else:
        title = kind
    documents = (
        [d for d in body.get("documents", []) if isinstance(d, dict)] if isinstance(body.get("documents"), list) else []
    )
    return Entry(message, title, [(k, v) for k, v in lines if v], documents, list(message.evidences.all()))


def _information_form(request: HttpRequest, obj: Request, data: Any = None) -> InformationForm | None:
    if not can(request.user, "change", obj):
        return None
    documents = Document.objects.restrict(request.user).filter(request=obj).order_by("title", "pk")
    return InformationForm(data, documents=documents)


def _page(
    request: HttpRequest, obj: Request, conversation: Conversation, form: InformationForm | None, status: int = 200
) -> HttpResponse:
    # The evidences travel as messages of their own, but each is shown under the message it is
    # about: the history lists what the two authorities said to each other.
    history = (
        Message.objects.restrict(request.user)
        .filter(conversation=conversation)
        .exclude(type="evidence")
        .prefetch_related(Prefetch("evidences", queryset=Evidence.objects.order_by("at", "pk")))
        .order_by("created_at", "pk")
    )
    measures: dict[str, Measure] = {}
    if obj.direction == Direction.OUTGOING:  # results name our measures by their id
        measures = {str(m.pk): m for m in Measure.objects.restrict(request.user).filter(request=obj)}
    entries = [_entry(message, measures) for message in history]
    record(
        request.user,
        "exchange.conversation-viewed",
        conversation,
        authority_id=conversation.authority_id,
        detail={"request": obj.pk, "messages": len(entries)},
    )
    context = {
        "object": obj,
        "conversation": conversation,
        "entries": entries,
        "we_requested": obj.direction == Direction.OUTGOING,
        "shared_status": _label(Status, conversation.shared_status) if conversation.shared_status else "",
        "other": conversation.remote_authority,
        "form": form,
        "may_retry": can(request.user, "retry", conversation),
        "retryable": [Message.State.DEAD.value, Message.State.NOT_DELIVERED.value],
    }
    return render(request, "exchange/conversation.html", context, status=status)


def _conversation(request: HttpRequest, obj: Request) -> Conversation | None:
    return (
        Conversation.objects.restrict(request.user)
        .filter(request=obj)
        .select_related("peer", "remote_authority__jurisdiction")
        .first()
    )


@login_required
@require_GET
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    obj = cases_selectors.get_request_for_user(request.user, pk)
    found = _conversation(request, obj)
    if found is None:
        return render(request, "exchange/not_exchanged.html", {"object": obj})
    return _page(request, obj, found, _information_form(request, obj))


@login_required
@require_http_methods(["POST"])
def information_send(request: HttpRequest, pk: int) -> HttpResponse:
    obj = cases_selectors.get_request_for_user(request.user, pk, "change")
    found = _conversation(request, obj)
    if found is None:
        raise Http404
    form = _information_form(request, obj, request.POST)
    assert form is not None  # the "change" action was checked above
    if form.is_valid():
        try:
            sent = services.information_send(
                actor=request.user,
                conversation=found,
                text=form.cleaned_data["text"],
                documents=list(form.cleaned_data["documents"]),
            )
        except services.ExchangeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Your question was queued for %(to)s.") % {"to": found.remote_authority or found.remote_address}
                if sent.type == "information.request"
                else _("Your answer was queued for %(to)s.") % {"to": found.remote_authority or found.remote_address},
            )
            return redirect("exchange:conversation", pk=obj.pk)
    return _page(request, obj, found, form, status=400)


@login_required
@require_GET
def evidence_token(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed evidence as it was issued (JWS compact), to keep or check with any JOSE library."""
    rows = Evidence.objects.restrict(request.user).filter(pk=pk).select_related("message")
    evidence = found_for_user(rows, request.user, Evidence)
    response = HttpResponse(evidence.token + "\n", content_type="text/plain; charset=utf-8")
    name = f"evidence-{evidence.type}-{evidence.message.message_id}.jws"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
