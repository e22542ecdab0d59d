"""What happens to requests, told to the apps above (the exchange) without cases importing them.

Each signal is sent inside the transaction of the change, so a receiver's writes (an outbox
row) commit or roll back with it.
"""

from __future__ import annotations

from django.dispatch import Signal

# A request moved: request, old, new, actor (a user or None), reason, remote (True when the
# move only mirrors what the other side did: nothing is to be told back).
request_moved = Signal()

# A measure moved: measure, old, new, actor, result, remote.
measure_moved = Signal()

# A user of the request's own authority opened it: request, actor.
request_viewed = Signal()
