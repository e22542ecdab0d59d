"""What happens to requests, told to the apps above (the exchange) without cases importing them.

Each signal is sent inside the transaction of the change, so a receiver's writes (an outbox
row) commit or roll back with it.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

# A request moved: request, old, new, actor (a user or None), reason, remote (True when the
# move only mirrors what the other side did: nothing is to be told back).
request_moved = Signal()

# A measure moved: measure, old, new, actor, result, remote.
measure_moved = Signal()

# A user of the request's own authority opened it: request, actor.
request_viewed = Signal()

# A measure was given to an executing authority when added: measure, authority, actor.
measure_assigned = Signal()

# The worker has a reminder to tell: reminder, recipients (the users responsible). A receiver that
# tells them (the notifications app) answers True; if none does, the worker e-mails them plainly.
reminder_due = Signal()


def viewed(user: Any, request: Any) -> None:
    """Send ``request_viewed`` when ``user`` belongs to the request's own authority (an executing
    authority's reads, or a reader of another authority, are not the receiving authority's)."""
    if getattr(user, "authority_id", None) == request.authority_id:
        request_viewed.send(sender=type(request), request=request, actor=user)
