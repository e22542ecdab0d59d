"""The audit log's hash chain, pure: no database, so it can be proved on its own.

Each event's hash is SHA-256 over a canonical JSON encoding of the event's
fields and the previous event's hash. Sequence numbers run 1, 2, 3, ... with no
gap, and the chain head (last sequence number and hash) is kept apart, so an
edited, deleted, inserted or reordered event breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

# The fields that the hash covers, in a fixed order.
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "authority_id",
    "action",
    "object_type",
    "object_id",
    "justification",
    "detail",
    "prev_hash",
)


def canonical_time(value: datetime) -> str:
    """UTC, microseconds, always the same text for the same instant."""
    if value.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(fields: dict[str, Any]) -> bytes:
    payload = {name: fields[name] for name in HASHED_FIELDS}
    payload["at"] = canonical_time(payload["at"])
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(fields: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(fields)).hexdigest()


@dataclass(frozen=True)
class Problem:
    """The first place where the log stops being intact."""

    seq: int | None
    pk: Any
    reason: str

    def __str__(self) -> str:
        where = f"event #{self.seq}" if self.seq is not None else "end of log"
        ident = f" (id {self.pk})" if self.pk is not None else ""
        return f"audit log broken at {where}{ident}: {self.reason}"


def verify(events: Iterable[dict[str, Any]], head: tuple[int, str] | None) -> Problem | None:
    """Check events in storage order against the chain and the head; None when intact.

    ``events`` are dicts with the hashed fields plus ``hash`` and optionally ``pk``;
    ``head`` is the (last seq, last hash) recorded with the last append.
    """
    expected_seq = 1
    prev = GENESIS
    for event in events:
        seq, pk = event["seq"], event.get("pk")
        if seq != expected_seq:
            kind = "missing or reordered events" if seq > expected_seq else "inserted or reordered event"
            return Problem(seq, pk, f"expected sequence number {expected_seq}, found {seq} ({kind})")
        if event["prev_hash"] != prev:
            return Problem(seq, pk, "previous-hash link does not match (event inserted, deleted or reordered)")
        if event_hash(event) != event["hash"]:
            return Problem(seq, pk, "content does not match its hash (event edited)")
        prev = event["hash"]
        expected_seq += 1
    last_seq = expected_seq - 1
    head_seq, head_hash = head if head is not None else (0, GENESIS)
    if (last_seq, prev) != (head_seq, head_hash):
        return Problem(
            None, None, f"the log ends at event #{last_seq} but the chain head records #{head_seq} (events deleted)"
        )
    return None
