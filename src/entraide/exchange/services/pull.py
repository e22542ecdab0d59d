"""Pull: a node without an inbound port fetches what its peer queued for it."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import envelope, keys, protocol, transport
from ..envelope import Refused
from ..models import Message, Peer, SeenNonce
from .common import (
    _one,
    node_id,
)
from .evidences import (
    evidence_about_ours,
    evidence_read,
)
from .inbox import (
    inbox_receive,
)

log = logging.getLogger("entraide.exchange")


PULL_BATCH = 100


PULL_WINDOW = dt.timedelta(minutes=5)


def pull_request() -> str:
    """Our signed request for the messages a peer queued for us."""
    payload = {"node": node_id(), "since": None, "nonce": secrets.token_urlsafe(24), "iat": int(time.time())}
    return envelope.sign(payload, keys.signing_key(), envelope.PULL_TYP)


def pull_serve(data: bytes) -> dict[str, Any]:
    """Answer a peer's signed pull request with the envelopes queued for it (they stay queued until
    its evidences come back)."""
    if len(data) > 8192:
        raise Refused("pull request too large")
    parts = data.decode("ascii", "replace").split(".")
    claimed = envelope._b64json(parts[1]) if len(parts) == 3 else {}
    node = str(claimed.get("node", ""))
    peer = _one(Peer.objects.filter(node_id=node, suspended=False, delivery=Peer.Delivery.PULL))
    if peer is None:
        raise Refused("not a peer that fetches its messages here")
    _kid, payload = envelope.verify(data, lambda kid: keys.peer_key(peer, kid, "sig"), envelope.PULL_TYP)
    if protocol.validate(protocol.PULL_REQUEST, payload) or payload["node"] != peer.node_id:
        raise Refused("header: the pull request does not follow the protocol")
    if abs(time.time() - payload["iat"]) > PULL_WINDOW.total_seconds():
        raise Refused("expired: the pull request is not within five minutes of our clock")
    nonce = payload["nonce"]
    SeenNonce.objects.filter(at__lt=timezone.now() - 2 * PULL_WINDOW).delete()
    try:
        with transaction.atomic():
            SeenNonce.objects.create(nonce=nonce)
    except IntegrityError:
        raise Refused("replayed pull request") from None
    rows = Message.objects.filter(direction=Message.Direction.OUT, peer=peer, state=Message.State.QUEUED)
    since = envelope.parse_time(payload["since"])
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    rows = rows.order_by("pk")[:PULL_BATCH]
    Peer.objects.filter(pk=peer.pk).update(last_pulled_at=timezone.now())
    return {"envelopes": [bytes(m.envelope).decode("ascii") for m in rows]}


def evidences_take(tokens: Any) -> int:
    """Evidences a peer posts back about what it fetched (or anything else it wants us to have)."""
    if not isinstance(tokens, list) or len(tokens) > 10 * PULL_BATCH:
        raise Refused("evidences are a list")
    taken = 0
    for token in tokens:
        if not isinstance(token, str):
            continue
        parts = token.split(".")
        issuer = envelope._b64json(parts[1]).get("issuer", "") if len(parts) == 3 else ""
        try:
            payload = evidence_read(token, str(issuer))
        except Refused:
            continue
        with transaction.atomic():
            if evidence_about_ours(payload, token) is not None:
                taken += 1
    return taken


def pull_from(peer: Peer) -> int:
    """Fetch what a peer queued for us, keep it in our inbox, and post our evidences back."""
    answer = transport.pull(peer.url, pull_request())
    envelopes = answer.body.get("envelopes")
    if not isinstance(envelopes, list):
        raise transport.Unreachable("the answer lists no envelopes")
    tokens = []
    for text in envelopes[:PULL_BATCH]:
        if isinstance(text, str):
            tokens.append(inbox_receive(text.encode("ascii", "replace")).evidence)
    if tokens:
        transport.post_evidences(peer.url, tokens)
    Peer.objects.filter(pk=peer.pk).update(last_pulled_at=timezone.now())
    return len(tokens)


def pull_all(*, worker: str) -> int:
    """The worker's job: fetch from every peer that cannot post to us."""
    count = 0
    for peer in Peer.objects.filter(fetch=True, suspended=False).exclude(url=""):
        try:
            count += pull_from(peer)
        except transport.Unreachable as exc:
            log.warning("fetching from %s failed: %s", peer.node_id, exc)
    return count
