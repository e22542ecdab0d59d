"""Rate limits on every credential and code check: password, authenticator code, recovery code,
password reset. Per account and per address, answered 429 with the time to wait.

The counter is the audit log itself: every failed check is an ``auth.failed`` event (and every
reset asked for an ``auth.reset_requested`` event) with the account and the address in its detail,
so the limits hold across server processes, survive a restart, and the record that ASVS and
Directive (EU) 2016/680 art. 25 ask for is the same row that does the counting. django-axes still
locks a pair (account, address) out after ``AXES_FAILURE_LIMIT`` failed passwords; these budgets
bound an account attacked from many addresses and an address trying many accounts."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from entraide.audit.models import AuditEvent
from entraide.audit.services import record


@dataclass(frozen=True)
class Budget:
    """At most ``per_account`` events for one account and ``per_address`` for one address in ``window``."""

    action: str
    per_account: int
    per_address: int
    window: dt.timedelta


def failures() -> Budget:
    return Budget(
        "auth.failed",
        settings.ENTRAIDE_THROTTLE_FAILURES_PER_ACCOUNT,
        settings.ENTRAIDE_THROTTLE_FAILURES_PER_ADDRESS,
        dt.timedelta(minutes=settings.ENTRAIDE_THROTTLE_WINDOW_MINUTES),
    )


def resets() -> Budget:
    return Budget(
        "auth.reset_requested",
        settings.ENTRAIDE_THROTTLE_RESETS_PER_ACCOUNT,
        settings.ENTRAIDE_THROTTLE_RESETS_PER_ADDRESS,
        dt.timedelta(minutes=settings.ENTRAIDE_THROTTLE_WINDOW_MINUTES),
    )


class Throttled(Exception):
    """A check refused before it ran; the middleware answers 429 with ``wait`` seconds."""

    def __init__(self, check: str, account: str, address: str, wait: int) -> None:
        super().__init__(f"{check}: wait {wait} s")
        self.check, self.account, self.address, self.wait = check, account, address, wait


def address_of(request: HttpRequest) -> str:
    return get_client_ip_address(request) or ""


def normalized(account: Any) -> str:
    return str(account or "").strip().lower()[:254]


def wait_seconds(budget: Budget, account: str, address: str, now: dt.datetime | None = None) -> int:
    """Seconds until one more check is allowed for this account and this address (0: now)."""
    now = now or timezone.now()
    recent = AuditEvent.objects.filter(action=budget.action, at__gt=now - budget.window)
    waits = [0.0]
    for key, value, limit in (("account", account, budget.per_account), ("address", address, budget.per_address)):
        if not value:
            continue
        times = list(recent.filter(**{f"detail__{key}": value}).order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            waits.append((times[-1] + budget.window - now).total_seconds())
    return math.ceil(max(waits))


def check(request: HttpRequest, budget: Budget, check: str, account: Any) -> None:
    """Refuse (raise Throttled) a check over its budget, before it runs."""
    account, address = normalized(account), address_of(request)
    wait = wait_seconds(budget, account, address)
    if wait > 0:
        raise Throttled(check, account, address, wait)


def count(request: HttpRequest, budget: Budget, check: str, account: Any, user: Any = None) -> None:
    """Spend one unit of the budget: a failed check, or a reset asked for."""
    known = user if user is not None and getattr(user, "pk", None) else None
    record(
        None,
        budget.action,
        known,
        authority_id=getattr(known, "authority_id", None),
        detail={"check": check, "account": normalized(account), "address": address_of(request)},
    )


def refused(throttled: Throttled) -> None:
    record(
        None,
        "auth.throttled",
        detail={
            "check": throttled.check,
            "account": throttled.account,
            "address": throttled.address,
            "wait_seconds": throttled.wait,
        },
    )
