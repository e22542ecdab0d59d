"""The node's own keys (kept encrypted under the master key) and the keys of its peers."""

from __future__ import annotations

import datetime as dt
import json
import time
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from joserfc.jwk import OKPKey

from entraide.audit.services import record
from entraide.core import crypto

from . import envelope
from .models import NodeKey, Peer

USES = (NodeKey.Use.SIGN, NodeKey.Use.ENCRYPT)


def _store(key: OKPKey, use: str, now: dt.datetime) -> NodeKey:
    private = json.dumps(key.as_dict(private=True)).encode()
    blob, wrapped, master_kid = crypto.encrypt_file(private, f"node-key:{key.kid}")
    return NodeKey.objects.create(
        kid=str(key.kid),
        use=use,
        public_jwk=envelope.public_jwk(key),
        private_blob=blob,
        wrapped_key=wrapped,
        master_key_id=master_kid,
        created_at=now,
        current=True,
    )


@lru_cache(maxsize=64)
def _private(kid: str, blob: bytes, wrapped: bytes, master_kid: str) -> OKPKey:
    # A key id names one key for ever: its decrypted form may be kept for the life of the process.
    data = crypto.decrypt_file(blob, wrapped, f"node-key:{kid}", master_kid)
    return OKPKey.import_key(json.loads(data))


def _key(row: NodeKey) -> OKPKey:
    return _private(row.kid, bytes(row.private_blob), bytes(row.wrapped_key), row.master_key_id)


def ensure() -> None:
    """Give the node its two keys on first use (a race between two processes makes one)."""
    if NodeKey.objects.filter(current=True).count() == len(USES):
        return
    now = timezone.now()
    for use in USES:
        if not NodeKey.objects.filter(use=use, current=True).exists():
            try:
                with transaction.atomic():
                    row = _store(envelope.generate_key(use), use, now)
                    record(None, "exchange.key-created", row, detail={"use": use, "kid": row.kid})
            except IntegrityError:
                pass  # another process made it


@transaction.atomic
def rotate(*, actor: Any, uses: tuple[str, ...] = USES, overlap_days: int | None = None) -> list[NodeKey]:
    """Make new current keys; the replaced ones stay accepted for the overlap (default from settings)."""
    ensure()
    now = timezone.now()
    days = settings.ENTRAIDE_EXCHANGE_KEY_OVERLAP_DAYS if overlap_days is None else overlap_days
    made = []
    for use in uses:
        old = NodeKey.objects.select_for_update().get(use=use, current=True)
        NodeKey.objects.filter(pk=old.pk).update(current=False, accepted_until=now + dt.timedelta(days=days))
        row = _store(envelope.generate_key(use), use, now)
        record(actor, "exchange.key-rotated", row, detail={"use": use, "kid": row.kid, "replaces": old.kid})
        made.append(row)
    transaction.on_commit(forget)
    forget()
    return made


# The node's keys change only when an administrator rotates them, yet every envelope and evidence
# needs them several times: a process reads them at most every LIVE_SECONDS. A key id it does not
# find makes it read them again at once, so a rotation made by another process is seen where it
# matters (an envelope sealed to the new key); until then it signs with the key it knows, which
# every peer still accepts for the overlap.
LIVE_SECONDS = 10.0
_live: tuple[float, list[NodeKey]] | None = None


def forget() -> None:
    """Read the keys again next time (after a rotation in this process, and between tests)."""
    global _live
    _live = None


def live(*, fresh: bool = False) -> list[NodeKey]:
    """The keys others may use: the current ones and those still accepted, current first."""
    global _live
    if fresh or _live is None or time.monotonic() - _live[0] > LIVE_SECONDS:
        rows = list(NodeKey.objects.filter(Q(current=True) | Q(accepted_until__isnull=False)).order_by("-current"))
        _live = (time.monotonic(), rows)
    now = timezone.now()
    return [row for row in _live[1] if row.current or (row.accepted_until is not None and row.accepted_until > now)]


def state(row: NodeKey, now: dt.datetime | None = None) -> str:
    """Where a key of ours is in its life: "current", "accepted" (until the overlap ends) or "retired"."""
    if row.current:
        return "current"
    if row.accepted_until is not None and row.accepted_until > (now or timezone.now()):
        return "accepted"
    return "retired"


def _current(use: str) -> NodeKey:
    row = next((row for row in live() if row.current and row.use == use), None)
    if row is None:
        ensure()
        row = next(row for row in live(fresh=True) if row.current and row.use == use)
    return row


def signing_key() -> OKPKey:
    return _key(_current(NodeKey.Use.SIGN))


def signing_keys() -> list[OKPKey]:
    """Every signing key still accepted (the node document is signed by each)."""
    ensure()
    return [_key(row) for row in live(fresh=True) if row.use == NodeKey.Use.SIGN]


def own_key(kid: str, use: str) -> OKPKey | None:
    """One of our keys by id, if it is current or still accepted."""

    def find(rows: list[NodeKey]) -> NodeKey | None:
        return next((row for row in rows if row.kid == kid and row.use == use), None)

    row = find(live()) or find(live(fresh=True))
    return _key(row) if row is not None else None


def own_public(use: str) -> OKPKey:
    return envelope.import_key(_current(use).public_jwk)


def published() -> list[dict[str, Any]]:
    ensure()
    return [
        dict(row.public_jwk) for row in sorted(live(fresh=True), key=lambda r: (r.use, not r.current, r.created_at))
    ]


def peer_key(peer: Peer, kid: str, use: str) -> OKPKey | None:
    """A key the peer published, by id and use."""
    for jwk in peer.keys or []:
        if jwk.get("kid") == kid and jwk.get("use") == use:
            return envelope.import_key(jwk)
    return None


def peer_current(peer: Peer, use: str) -> OKPKey:
    """The peer's current key for ``use``: the first it lists (its node document lists current first)."""
    for jwk in peer.keys or []:
        if jwk.get("use") == use:
            return envelope.import_key(jwk)
    raise LookupError(f"peer {peer.node_id} has no {use} key")


def check_jwks(keys: Any) -> list[dict[str, Any]]:
    """A peer's published keys, each checked: one signing and one encryption key at least."""
    if not isinstance(keys, list) or not keys:
        raise ValueError("no keys")
    checked = []
    for jwk in keys:
        if not isinstance(jwk, dict) or jwk.get("use") not in {"sig", "enc"} or "d" in jwk:
            raise ValueError("each key is a public JWK with use sig or enc")
        key = envelope.import_key(jwk)
        if (jwk["use"] == "sig") != (jwk.get("crv") == "Ed25519"):
            raise ValueError("signing keys are Ed25519, encryption keys X25519")
        checked.append(envelope.public_jwk(key) | {"use": jwk["use"]})
    if {k["use"] for k in checked} != {"sig", "enc"}:
        raise ValueError("a signing key and an encryption key are both needed")
    return checked


def keys_rewrap(*, batch: int = 500) -> tuple[int, int]:
    """Re-wrap the node's private keys under the current master key (``entraide rotate-master-key``);
    returns (re-wrapped, keys)."""

    def rewrapped(row: NodeKey, old: str, new: str) -> None:
        record(None, "exchange.key-rewrapped", row, detail={"kid": row.kid, "from": old, "to": new})

    rows = NodeKey.objects.all()
    done = crypto.keys_rewrap(rows, lambda row: f"node-key:{row.kid}", rewrapped, batch=batch)
    forget()
    return done, rows.count()
