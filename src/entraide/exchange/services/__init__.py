"""Every write of the exchange: peers, sending, receiving, applying, evidences (docs/exchange.md).

A message is written to the outbox in the transaction of the change it reports, sealed for the
receiving node. The worker (or, between two authorities of this node, the commit itself) carries it:
pushed to the peer, fetched by it, or handed to our own inbox (the local transport). The inbox keeps
a message (its envelope) and answers a signed evidence before applying it; applying is a separate
transaction that marks the message applied with the business writes, so nothing is applied twice
and a crash in between loses nothing.

One module per part: ``common`` (names, addresses, claims), ``peers``, ``evidences``, ``outbox``,
``inbox``, ``carry`` (transports and the worker's outbox job), ``pull``, ``officers``.
"""

from .carry import deliver, deliver_soon, outbox_drain
from .common import ExchangeError, address, authority_at, node_id, reachable, route
from .evidences import evidence_about_ours, evidence_issue, evidence_read, evidence_read_own, evidence_recorded
from .inbox import Receipt, answer, inbox_apply, inbox_drain, inbox_receive, refuse_oversized
from .officers import information_send, spontaneous_send
from .outbox import message_retry, message_send
from .peers import (
    node_document,
    peer_add,
    peer_configure,
    peer_refresh,
    peer_refresh_now,
    peer_suspend,
    read_node_document,
)
from .pull import evidences_take, pull_all, pull_from, pull_request, pull_serve

__all__ = [
    "ExchangeError",
    "Receipt",
    "address",
    "answer",
    "authority_at",
    "deliver",
    "deliver_soon",
    "evidence_about_ours",
    "evidence_issue",
    "evidence_read",
    "evidence_read_own",
    "evidence_recorded",
    "evidences_take",
    "inbox_apply",
    "inbox_drain",
    "inbox_receive",
    "information_send",
    "message_retry",
    "message_send",
    "node_document",
    "node_id",
    "outbox_drain",
    "peer_add",
    "peer_configure",
    "peer_refresh",
    "peer_refresh_now",
    "peer_suspend",
    "pull_all",
    "pull_from",
    "pull_request",
    "pull_serve",
    "reachable",
    "read_node_document",
    "refuse_oversized",
    "route",
    "spontaneous_send",
]
