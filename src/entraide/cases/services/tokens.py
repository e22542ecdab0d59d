"""One-time tokens: the same form, or the same API call with the same ``Idempotency-Key``,
submitted twice creates one object."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from ..errors import CaseValidationError
from ..models import FormToken

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


def once(user: Any, token: uuid.UUID, make: Callable[[], T]) -> T | None:
    """Run ``make`` unless this token was already used (a double submit): then None."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                FormToken.objects.create(token=token, user=user)
        except IntegrityError:
            return None
        return make()


def once_or_first(user: Any, token: uuid.UUID, make: Callable[[], M], rows: models.QuerySet[M]) -> tuple[M, bool]:
    """Run ``make`` once per token and remember what it made; a repeat gets the object the first
    call made, found among ``rows`` (the caller's scope): (object, created)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                mark = FormToken.objects.create(token=token, user=user)
        except IntegrityError:
            used = FormToken.objects.filter(token=token, user=user).values_list("object_id", flat=True).first()
            first = rows.filter(pk=used).first() if used else None
            if first is None:  # another user's key, or the key of another kind of call
                raise CaseValidationError(_("This Idempotency-Key was already used for something else.")) from None
            return first, False
        made = make()
        mark.object_id = str(made.pk)
        mark.save(update_fields=["object_id"])
        return made, True
