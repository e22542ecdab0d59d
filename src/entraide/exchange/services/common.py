"""Names and addresses in the exchange, and the claim that keeps two workers off one message."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from entraide.tenancy.models import Authority

from ..models import Message, Peer, PeerAuthority

CLAIM_TIMEOUT = dt.timedelta(minutes=10)


class ExchangeError(Exception):
    """A request to the exchange that cannot be carried out; the message says why."""


def _one(rows: QuerySet[Any]) -> Any:
    """The row a unique lookup finds, or None (without the ORDER BY that ``first()`` adds)."""
    return next(iter(rows.order_by()[:1]), None)


def node_id() -> str:
    return str(settings.ENTRAIDE_NODE_ID)


def address(authority: Authority) -> str:
    """The authority's address in the protocol: ``<node>/<key>``."""
    remote = _one(PeerAuthority.objects.filter(authority=authority).select_related("peer"))
    return remote.address if remote is not None else f"{node_id()}/{authority.pk}"


def _split(address: Any) -> tuple[str, str]:
    if not isinstance(address, str) or "/" not in address:
        return "", ""
    node, _sep, key = address.rpartition("/")
    return node, key


def authority_at(address: Any, peer: Peer | None) -> Authority | None:
    """The authority an address names: one hosted here (``peer`` None) or one the peer hosts."""
    node, key = _split(address)
    if peer is None:
        if node != node_id() or not key.isdigit():
            return None
        # One of ours in the directory, and not an authority a peer hosts.
        return _one(Authority.objects.filter(pk=int(key), exchange_address__isnull=True))
    if node != peer.node_id:
        return None
    row = _one(PeerAuthority.objects.filter(peer=peer, key=key).select_related("authority"))
    return row.authority if row is not None else None


def route(authority: Authority) -> tuple[Peer | None, str] | None:
    """How to reach an authority: (its peer, or None for one of ours; its address), or None."""
    remote = _one(PeerAuthority.objects.filter(authority=authority).select_related("peer"))
    if remote is not None:
        return (None, "") if remote.peer.suspended else (remote.peer, remote.address)
    return None, f"{node_id()}/{authority.pk}"


def reachable(authority: Authority | None) -> bool:
    found = route(authority) if authority is not None else None
    return found is not None and bool(found[1])


def _claim(rows: QuerySet[Message], worker: str, limit: int) -> list[Message]:
    """Claim rows so that no two workers carry the same message (SKIP LOCKED, or a conditional UPDATE)."""
    now = timezone.now()
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    todo = rows.filter(free).order_by("pk")
    if connection.vendor == "postgresql":
        with transaction.atomic():
            ids = list(todo.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[:limit])
            Message.objects.filter(pk__in=ids).update(claimed_by=worker, claimed_at=now)
    else:
        ids = [
            pk
            for pk in todo.values_list("pk", flat=True)[:limit]
            if Message.objects.filter(free, pk=pk).update(claimed_by=worker, claimed_at=now)
        ]
    return list(
        Message.objects.filter(pk__in=ids, claimed_by=worker).select_related("conversation", "peer").order_by("pk")
    )


def _release(message: Message, **fields: Any) -> None:
    Message.objects.filter(pk=message.pk).update(claimed_by="", claimed_at=None, **fields)
