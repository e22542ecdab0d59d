"""The node's side of the exchange: its keys and its peers (administrators act, auditors read)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entraide.tenancy.policies import can, get_for_user, require_role

from .. import envelope, keys, services, transport
from ..envelope import Refused
from ..forms import PeerAddForm, PeerDeliveryForm, PeerFindForm, RotateForm, SuspendForm, document_seal
from ..models import NodeKey, Peer


@dataclass(frozen=True)
class KeyRow:
    key: NodeKey
    fingerprint: str
    state: str  # current | accepted | retired


def _key_rows(user: Any) -> list[KeyRow]:
    now = timezone.now()
    rows = NodeKey.objects.restrict(user)
    return [KeyRow(key, envelope.fingerprint(key.kid), keys.state(key, now)) for key in rows]


def _fingerprints(jwks: Any) -> list[tuple[str, str]]:
    """(use label, fingerprint) of each public JWK a peer lists, in its order (current first)."""
    labels = dict(NodeKey.Use.choices)
    return [
        (str(labels.get(str(jwk.get("use")), jwk.get("use"))), envelope.fingerprint(str(jwk.get("kid", ""))))
        for jwk in jwks or []
        if isinstance(jwk, dict)
    ]


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    require_role(request.user, NodeKey)
    keys.ensure()  # a node that never exchanged has no keys yet: it gets them on first sight
    context = {
        "node_id": services.node_id(),
        "key_rows": _key_rows(request.user),
        "peer_count": Peer.objects.restrict(request.user).count(),
        "node_url": request.build_absolute_uri(reverse("exchange:node")),
        "overlap_days": settings.ENTRAIDE_EXCHANGE_KEY_OVERLAP_DAYS,
        "may_change": can(request.user, "change", NodeKey),
    }
    return render(request, "exchange/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def keys_rotate(request: HttpRequest) -> HttpResponse:
    """The confirmation step before new keys: what the overlap means for peers."""
    require_role(request.user, NodeKey, "change")
    form = RotateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        made = keys.rotate(actor=request.user)
        messages.success(
            request,
            _("New keys made (%(fingerprints)s). The old ones stay accepted for %(days)s days.")
            % {
                "fingerprints": ", ".join(envelope.fingerprint(row.kid) for row in made),
                "days": settings.ENTRAIDE_EXCHANGE_KEY_OVERLAP_DAYS,
            },
        )
        return redirect("exchange:overview")
    return render(
        request,
        "exchange/keys_rotate.html",
        {"form": form, "overlap_days": settings.ENTRAIDE_EXCHANGE_KEY_OVERLAP_DAYS},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def peer_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Peer)
    peers = list(Peer.objects.restrict(request.user).prefetch_related("authorities__authority__jurisdiction"))
    for peer in peers:
        peer.fingerprint_rows = _fingerprints(peer.keys)  # type: ignore[attr-defined]  # shown only
    context = {
        "peers": peers,
        "may_change": can(request.user, "change", Peer),
        "delivery_choices": Peer.Delivery.choices,
    }
    return render(request, "exchange/peer_list.html", context)


def _find(form: PeerFindForm) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
    """Step 1: the URL checked, the node document fetched (or pasted) and read; errors on the form."""
    try:
        url = transport.check_url(form.cleaned_data["url"].strip())
    except ValueError:
        form.add_error("url", _("The address must be an https:// URL, without query or fragment."))
        return None
    document = form.cleaned_data["document"]
    if document is None:
        try:
            document = transport.node_document(url)
        except transport.Unreachable as exc:
            form.add_error(
                "url",
                _("The node could not be reached (%(reason)s). Paste its node document below instead.")
                % {"reason": exc},
            )
            return None
        except Refused as exc:
            form.add_error("url", _("The address did not answer a node document: %(reason)s") % {"reason": exc.reason})
            return None
    field = "document" if form.cleaned_data["document"] is not None else "url"
    try:
        payload = services.read_node_document(document)
    except Refused as exc:
        form.add_error(field, _("This node document cannot be used: %(reason)s") % {"reason": exc.reason})
        return None
    except ValueError:
        form.add_error(field, _("This node document lists keys that are not the protocol's."))
        return None
    if payload["node"] == services.node_id():
        form.add_error(field, _("That is this node's own document."))
        return None
    if Peer.objects.filter(node_id=payload["node"]).exists():
        form.add_error(field, _("The node %(node)s is already a peer.") % {"node": payload["node"]})
        return None
    return url, document, payload


def _confirm_context(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "node": payload["node"],
        "fingerprints": _fingerprints(payload["keys"]),
        "hosted": [a for a in payload["authorities"] if isinstance(a, dict)],
    }


@login_required
@require_http_methods(["GET", "POST"])
def peer_add(request: HttpRequest) -> HttpResponse:
    """Two steps: the address (and the document, pasted, if it cannot be fetched); then the
    fingerprints shown, compared out of band, confirmed."""
    require_role(request.user, Peer, "change")
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _peer_confirm(request)
    find = PeerFindForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and find.is_valid():
        found = _find(find)
        if found is not None:
            url, document, payload = found
            text = json.dumps(document, separators=(",", ":"))
            form = PeerAddForm(
                initial={"url": url, "document": text, "seal": document_seal(text)}, node=payload["node"]
            )
            return render(request, "exchange/peer_confirm.html", {"form": form, **_confirm_context(payload)})
    return render(request, "exchange/peer_add.html", {"form": find}, status=400 if request.method == "POST" else 200)


def _peer_confirm(request: HttpRequest) -> HttpResponse:
    form = PeerAddForm(request.POST)
    payload: dict[str, Any] | None = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            payload = services.read_node_document(data["document"])
            peer = services.peer_add(
                actor=request.user,
                document=data["document"],
                url=data["url"],
                confirmed=data["confirmed"],
                name=data["name"].strip(),
                delivery=data["delivery"],
                fetch=data["fetch"],
            )
        except services.ExchangeError as exc:
            form.add_error(None, str(exc))
        except (Refused, ValueError) as exc:
            form.add_error(None, _("This node document cannot be used: %(reason)s") % {"reason": exc})
        else:
            messages.success(
                request,
                _("%(name)s is a peer; it hosts %(count)s authorities.")
                % {"name": peer.name, "count": peer.authorities.count()},
            )
            return redirect("exchange:peers")
    if payload is None:
        payload = _payload_of(form.data.get("document", ""))
    if payload is None:  # the document itself cannot be shown again: back to step 1, saying why
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or _("Start again."))
        return redirect("exchange:peer-add")
    form.fields["confirmed"].label = PeerAddForm(node=payload["node"]).fields["confirmed"].label
    return render(request, "exchange/peer_confirm.html", {"form": form, **_confirm_context(payload)}, status=400)


def _payload_of(text: str) -> dict[str, Any] | None:
    try:
        return services.read_node_document(json.loads(text))
    except (ValueError, Refused):
        return None


def _peer(request: HttpRequest, pk: int, action: str = "view") -> Peer:
    return get_for_user(Peer.objects.all(), request.user, action, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def peer_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation step before suspending: nothing is sent to the peer or taken from it after."""
    peer = _peer(request, pk, "change")
    form = SuspendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_suspend(actor=request.user, peer=peer, suspended=True, reason=form.cleaned_data["reason"])
        except services.ExchangeError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, _("Exchange with %(name)s is suspended.") % {"name": peer.name})
            return redirect("exchange:peers")
    return render(
        request,
        "exchange/peer_suspend.html",
        {"form": form, "peer": peer},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def peer_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    """Change how messages travel with a peer (pushed to it or fetched by it; fetched from it)."""
    peer = _peer(request, pk, "change")
    form = PeerDeliveryForm(request.POST)
    if form.is_valid():
        services.peer_configure(
            actor=request.user, peer=peer, delivery=form.cleaned_data["delivery"], fetch=form.cleaned_data["fetch"]
        )
        messages.success(request, _("How messages travel with %(name)s is saved.") % {"name": peer.name})
    else:
        messages.error(request, _("Choose how messages travel with %(name)s.") % {"name": peer.name})
    return redirect("exchange:peers")


@login_required
@require_POST
def peer_resume(request: HttpRequest, pk: int) -> HttpResponse:
    peer = _peer(request, pk, "change")
    services.peer_suspend(actor=request.user, peer=peer, suspended=False)
    messages.success(request, _("Exchange with %(name)s is resumed.") % {"name": peer.name})
    return redirect("exchange:peers")


@login_required
@require_POST
def peer_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    peer = _peer(request, pk, "change")
    try:
        changed = services.peer_refresh_now(actor=request.user, peer=peer)
    except services.ExchangeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The keys of %(name)s were updated.") % {"name": peer.name}
            if changed
            else _("The keys of %(name)s have not changed.") % {"name": peer.name},
        )
    return redirect("exchange:peers")
