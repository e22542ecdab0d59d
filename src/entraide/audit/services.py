"""Writing to the audit log. Called inside the transaction of the write it records."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from . import chain
from .models import AuditEvent, AuditHead

SYSTEM = "system"


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    authority_id: int | None = None,
    justification: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction.

    ``actor`` is a user, or None for the system (commands, the worker).
    ``action`` is a namespaced code such as ``request.transmitted``.
    """
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if authority_id is None and user is not None:
        authority_id = user.authority_id
    with transaction.atomic():
        # The head row is locked until the caller's transaction ends: appends queue.
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=user,
            actor_label=user.email if user is not None else SYSTEM,
            authority_id=authority_id,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            justification=justification,
            detail=detail or {},
            prev_hash=head.hash,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


def record_read(actor: Any, obj: models.Model, *, justification: str = "") -> AuditEvent:
    """Log that ``actor`` read a sensitive record (``<model>.viewed``)."""
    return record(actor, f"{obj._meta.model_name}.viewed", obj, justification=justification)


def verify_log() -> chain.Problem | None:
    """Check the whole stored log against its chain and head."""
    head = AuditHead.objects.filter(pk=1).values_list("seq", "hash").first()
    rows = (
        {**event.hashed_fields(), "hash": event.hash, "pk": event.pk}
        for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)
    )
    return chain.verify(rows, head)
