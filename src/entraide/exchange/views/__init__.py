"""Pages of the exchange: the node's keys and peers, the outbox, a request's conversation."""

from .conversation import conversation, evidence_token, information_send
from .node import keys_rotate, overview, peer_add, peer_delivery, peer_list, peer_refresh, peer_resume, peer_suspend
from .outbox import message_retry, outbox, rejections

__all__ = [
    "conversation",
    "evidence_token",
    "information_send",
    "keys_rotate",
    "message_retry",
    "outbox",
    "overview",
    "peer_add",
    "peer_delivery",
    "peer_list",
    "peer_refresh",
    "peer_resume",
    "peer_suspend",
    "rejections",
]
