"""Errors the services raise; views and the API turn them into 409 / 403 / 400 answers."""

from __future__ import annotations

from collections.abc import Sequence


class TransitionError(Exception):
    """A status change the table does not allow from the current status (HTTP 409)."""

    status = 409

    def __init__(self, message: str, *, current: str, allowed: Sequence[str]) -> None:
        super().__init__(message)
        self.message = message
        self.current = current
        self.allowed = list(allowed)


class RoleRefused(TransitionError):
    """A status change the table allows, but not to the actor's role (HTTP 403)."""

    status = 403


class CaseValidationError(ValueError):
    """Input a service refuses, with a message for the user (HTTP 400)."""


class SpecialityBlocked(PermissionError):
    """Evidence under a use limitation, used elsewhere without the other side's consent (HTTP 403)."""


class RequestFinished(CaseValidationError):
    """Something added to a request that has ended (closed, withdrawn, lapsed): HTTP 409."""

    status = 409
