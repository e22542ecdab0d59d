"""The node document and the peers: who we exchange with, with which keys, and how messages travel."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.audit.services import record
from entraide.tenancy.models import Authority

from .. import envelope, keys, protocol, transport
from ..envelope import Refused
from ..models import Peer, PeerAuthority
from .common import (
    ExchangeError,
    _split,
    node_id,
)

log = logging.getLogger("entraide.exchange")


def node_document() -> dict[str, Any]:
    """What a peer needs to know of us: our keys and the authorities we host, signed by every key
    we still accept, so a peer that knows any of them takes the new ones on trust."""
    hosted = Authority.objects.filter(exchange_address__isnull=True)
    payload = {
        "node": node_id(),
        "protocol": [protocol.PROTOCOL_VERSION],
        "keys": keys.published(),
        "authorities": [
            {"address": f"{node_id()}/{a.pk}", "name": a.name, "jurisdiction": a.jurisdiction.code}
            for a in hosted.select_related("jurisdiction").order_by("pk")
        ],
        "issued_at": envelope.now_text(),
    }
    return {"signatures": [envelope.sign(payload, key, envelope.NODE_TYP) for key in keys.signing_keys()]}


def read_node_document(document: Any, trusted: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The payload of a node document, checked: signed by a key of ``trusted`` (a peer we know), or,
    for a new peer, by one of the signing keys it lists itself (then a person compares fingerprints)."""
    tokens = document.get("signatures") if isinstance(document, dict) else None
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, str) for t in tokens):
        raise Refused("a node document is a list of signatures")
    payloads = []
    for token in tokens[:8]:
        parts = token.split(".")
        unverified = envelope._b64json(parts[1]) if len(parts) == 3 else {}
        listed = trusted if trusted is not None else unverified.get("keys", [])
        try:
            jwks = keys.check_jwks(listed)
        except ValueError:
            raise Refused("the node document lists keys that are not the protocol's") from None
        by_kid = {k["kid"]: envelope.import_key(k) for k in jwks if k["use"] == "sig"}
        try:
            _kid, payload = envelope.verify(token, by_kid.get, envelope.NODE_TYP)
        except Refused:
            continue
        payloads.append(payload)
    if not payloads:
        raise Refused("the node document is not signed by a key we know")
    payload = payloads[0]
    if not isinstance(payload.get("node"), str) or not isinstance(payload.get("authorities"), list):
        raise Refused("the node document lacks its node id or authorities")
    keys.check_jwks(payload.get("keys"))
    return payload


def _sync_authorities(peer: Peer, listed: list[Any]) -> None:
    """Map the authorities the peer hosts to rows of our directory (made when we have none)."""
    from entraide.reference.models import Jurisdiction

    for entry in listed:
        if not isinstance(entry, dict):
            continue
        node, key = _split(entry.get("address"))
        name = str(entry.get("name", ""))[:300]
        jurisdiction = Jurisdiction.objects.filter(code=str(entry.get("jurisdiction", ""))).first()
        if node != peer.node_id or not key or not name or jurisdiction is None:
            continue
        if PeerAuthority.objects.filter(peer=peer, key=key).exists():
            continue
        authority = Authority.objects.filter(jurisdiction=jurisdiction, name=name).first()
        if authority is None:
            authority = Authority.objects.create(
                jurisdiction=jurisdiction,
                name=name,
                kind=Authority.Kind.CENTRAL,
                channels=["secure-exchange"],
                exchange_peer=peer.node_id,
                source=_("Published by the Entraide node %(node)s") % {"node": peer.node_id},
            )
        elif PeerAuthority.objects.filter(authority=authority).exists() or authority.users.exists():
            continue  # already at another peer, or hosted here (it has users)
        PeerAuthority.objects.create(peer=peer, key=key, authority=authority)
        Authority.objects.filter(pk=authority.pk).update(exchange_peer=peer.node_id)


@transaction.atomic
def peer_add(
    *,
    actor: Any,
    document: dict[str, Any],
    url: str,
    confirmed: bool,
    name: str = "",
    delivery: str = Peer.Delivery.PUSH,
    fetch: bool = False,
) -> Peer:
    """Add a peer from its node document, once a person has compared its fingerprints out of band."""
    payload = read_node_document(document)
    if payload["node"] == node_id():
        raise ExchangeError(_("That is this node's own document."))
    if not confirmed:
        raise ExchangeError(_("Compare the fingerprints with the other node's administrator first, then confirm."))
    if Peer.objects.filter(node_id=payload["node"]).exists():
        raise ExchangeError(_("This node is already a peer."))
    try:
        url = transport.check_url(url)
    except ValueError as exc:
        raise ExchangeError(str(exc)) from None
    if delivery not in Peer.Delivery.values:
        raise ExchangeError(_("Unknown delivery."))
    peer = Peer.objects.create(
        node_id=payload["node"][:200],
        name=(name or payload["node"])[:200],
        url=url,
        delivery=delivery,
        fetch=fetch,
        keys=keys.check_jwks(payload["keys"]),
        fingerprints_confirmed_by=getattr(actor, "email", "") or "system",
        fingerprints_confirmed_at=timezone.now(),
    )
    _sync_authorities(peer, payload["authorities"])
    record(
        actor,
        "exchange.peer-added",
        peer,
        detail={"node": peer.node_id, "kids": [k["kid"] for k in peer.keys], "url": url},
    )
    return peer


# When this process last fetched each peer's document on meeting a key it did not know: at most once
# a minute, so envelopes naming made-up key ids cannot make us hammer the peer.
REFRESH_EVERY = 60.0
_refreshed: dict[str, float] = {}


def refreshes_forget() -> None:
    """Forget when peers' documents were last fetched (each test has its own peers)."""
    _refreshed.clear()


def peer_refresh(peer: Peer) -> bool:
    """Fetch the peer's node document and take its keys if a key we trust signed it (its rotation)."""
    if not peer.url or time.monotonic() - _refreshed.get(peer.node_id, -REFRESH_EVERY) < REFRESH_EVERY:
        return False
    _refreshed[peer.node_id] = time.monotonic()
    try:
        return peer_refresh_now(actor=None, peer=peer)
    except ExchangeError as exc:
        log.warning("peer %s: node document not taken: %s", peer.node_id, exc)
        return False


def peer_refresh_now(*, actor: Any, peer: Peer) -> bool:
    """Take the peer's keys from its node document now (an administrator asked): True if they changed;
    ExchangeError, saying why, when the document cannot be fetched or no key we trust signed it."""
    if not peer.url:
        raise ExchangeError(_("This peer has no address to fetch its node document from."))
    try:
        payload = read_node_document(transport.node_document(peer.url), trusted=peer.keys)
    except transport.Unreachable as exc:
        raise ExchangeError(_("The node could not be reached: %(reason)s") % {"reason": exc}) from None
    except Refused as exc:
        raise ExchangeError(_("Its node document was not taken: %(reason)s") % {"reason": exc.reason}) from None
    if payload["node"] != peer.node_id:
        raise ExchangeError(_("The document at that address is another node's (%(node)s).") % {"node": payload["node"]})
    fresh = keys.check_jwks(payload["keys"])
    with transaction.atomic():
        changed = fresh != peer.keys
        if changed:
            Peer.objects.filter(pk=peer.pk).update(keys=fresh)
            peer.keys = fresh
            record(actor, "exchange.peer-keys-updated", peer, detail={"kids": [k["kid"] for k in fresh]})
        _sync_authorities(peer, payload["authorities"])
    return changed


@transaction.atomic
def peer_suspend(*, actor: Any, peer: Peer, suspended: bool, reason: str = "") -> Peer:
    """Stop (or resume) exchanging with a peer: nothing is sent to it or taken from it meanwhile."""
    if suspended and not reason.strip():
        raise ExchangeError(_("Say why the peer is suspended."))
    peer.suspended, peer.suspended_reason = suspended, reason.strip()[:300] if suspended else ""
    peer.save(update_fields=["suspended", "suspended_reason"])
    record(actor, "exchange.peer-suspended" if suspended else "exchange.peer-resumed", peer, justification=reason)
    return peer


@transaction.atomic
def peer_configure(*, actor: Any, peer: Peer, delivery: str | None = None, fetch: bool | None = None) -> Peer:
    """How messages travel with a peer: pushed to it or fetched by it, and whether we fetch from it
    (a node that cannot open an inbound port is fetched from, and fetches)."""
    changed: dict[str, Any] = {}
    if delivery is not None:
        if delivery not in Peer.Delivery.values:
            raise ExchangeError(_("Unknown delivery."))
        changed["delivery"] = delivery
    if fetch is not None:
        changed["fetch"] = fetch
    for name, value in changed.items():
        setattr(peer, name, value)
    if changed:
        peer.save(update_fields=sorted(changed))
        record(actor, "exchange.peer-configured", peer, detail={k: str(v) for k, v in changed.items()})
    return peer
