"""What the home page shows of the apps above core: each adds what waits for the user when it is
loaded (``QUEUES``), as the worker's apps add their jobs; core imports none of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Queue:
    """One queue of work: what it is, how many wait in it, the page that lists them (and, for a
    queue the user acts on from the home page, its first rows)."""

    code: str
    label: Any  # a lazy translation
    count: int
    url: str
    rows: Sequence[Any] = field(default_factory=tuple)
    urgent: bool = False  # shown as needing attention when not empty (overdue)


# Each provider: callable(user) -> the queues it offers this user (none when the role has no such work).
QUEUES: list[tuple[str, Callable[[Any], list[Queue]]]] = []


def register(name: str, provider: Callable[[Any], list[Queue]]) -> None:
    """Add a provider once (AppConfig.ready may run twice in tests)."""
    if name not in {known for known, _provider in QUEUES}:
        QUEUES.append((name, provider))


def queues_for(user: Any) -> list[Queue]:
    return [queue for _name, provider in QUEUES for queue in provider(user)]
