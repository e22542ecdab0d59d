"""Writing to the audit log: ``record()`` in the transaction of the write it records, ``seal()``
by the worker, ``verify_log()`` and checkpoints for whoever must prove the log intact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from . import chain, evidence, signing
from .models import AuditEvent, AuditHead

SYSTEM = "system"
SEAL_BATCH = 5000
# Only one sealer at a time appends to the chain: on PostgreSQL an advisory lock that only
# sealers take (never a request), on SQLite the database's single writer.
SEAL_LOCK_ID = 0x656E7472  # "entr"
# A row of evidence (a timeline entry) and its audit event are written in one transaction, a few
# milliseconds apart: the log may end that much before the newest of them, not more.
EVIDENCE_SLACK = dt.timedelta(minutes=1)


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    authority_id: int | None = None,
    justification: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event, in the caller's transaction: a plain INSERT that waits on nothing.

    ``actor`` is a user, or None for the system (commands, the worker).
    ``action`` is a namespaced code such as ``request.transmitted``.
    The worker seals it into the chain once the caller's transaction has committed.
    """
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    if authority_id is None and user is not None:
        authority_id = user.authority_id
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=user,
        actor_label=user.email if user is not None else SYSTEM,
        authority_id=authority_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        justification=justification,
        detail=detail or {},
    )


def record_read(actor: Any, obj: models.Model, *, justification: str = "") -> AuditEvent:
    """Log that ``actor`` read a sensitive record (``<model>.viewed``)."""
    return record(actor, f"{obj._meta.model_name}.viewed", obj, justification=justification)


def record_shown(
    actor: Any, model: type[models.Model], ids: Iterable[Any], parts: Iterable[str], *, where: str = "", name: str = ""
) -> AuditEvent | None:
    """Log that one response showed ``parts`` of these rows to ``actor`` (a list page, an API list,
    the dashboard): one event per response naming every row shown, so a page of fifty rows costs
    one INSERT (``<model>.shown``, or ``<name>.shown`` where two apps' models share a name). Nothing is
    recorded for a response that showed no row."""
    shown = sorted(set(ids))
    if not shown:
        return None
    return record(
        actor,
        f"{name or model._meta.model_name}.shown",
        None,
        detail={"ids": shown, "parts": sorted(parts), "where": where},
    )


def _sealer_lock() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [SEAL_LOCK_ID])
        return bool(cursor.fetchone()[0])


def seal(*, limit: int = SEAL_BATCH) -> int:
    """Seal committed, unsealed events into the chain in the order of their ids and sign the new head.

    Events are sealed in the order they are found committed: an event whose transaction commits
    late (a lower id committed after higher ones were sealed) is simply sealed in a later round.
    Returns how many events were sealed (0 if another sealer holds the lock)."""
    with transaction.atomic():
        if not _sealer_lock():
            return 0
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        events = list(AuditEvent.objects.filter(seq__isnull=True).order_by("id")[:limit])
        for event in events:
            event.seq, event.prev_hash = head.seq + 1, head.hash
            event.hash = event.compute_hash()
            event.save(update_fields=["seq", "prev_hash", "hash"])
            head.seq, head.hash = event.seq, event.hash
        if events or not head.signature:
            head.at = timezone.now()
            head.public_key = signing.public_key_text()
            head.signature = signing.sign(_head_fields(head))
            head.save()
    return len(events)


def _head_fields(head: AuditHead) -> dict[str, Any]:
    return {"seq": head.seq, "hash": head.hash, "at": chain.canonical_time(head.at) if head.at else ""}


def checkpoint() -> dict[str, Any]:
    """The signed head, sealed first: something an outsider keeps to prove later that the log
    still extends it."""
    seal()
    head = AuditHead.objects.get(pk=1)
    return {
        **_head_fields(head),
        "public_key": head.public_key,
        "fingerprint": signing.fingerprint(head.public_key),
        "signature": head.signature,
    }


def verify_log(*, now: dt.datetime | None = None) -> chain.Problem | None:
    """Check the whole stored log: the chain of sealed events, the signed head, and no event
    left unsealed longer than ``ENTRAIDE_AUDIT_SEAL_GRACE`` seconds."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None and AuditEvent.objects.exists():
        return chain.Problem(None, None, "the chain head is missing")
    problem = _against_evidence(head)
    if problem is not None:
        return problem
    if head is not None and head.seq:
        if not head.signature or head.public_key != signing.public_key_text():
            return chain.Problem(None, None, "the chain head is not signed by this node's key")
        if not signing.verify(head.public_key, _head_fields(head), head.signature):
            return chain.Problem(None, None, "the chain head's signature does not verify (head rewritten)")
    rows = (
        {**event.hashed_fields(), "hash": event.hash, "pk": event.pk}
        for event in AuditEvent.objects.filter(seq__isnull=False).order_by("seq").iterator(chunk_size=2000)
    )
    problem = chain.verify(rows, (head.seq, head.hash) if head is not None else None)
    if problem is not None:
        return problem
    late = (now or timezone.now()) - dt.timedelta(seconds=settings.ENTRAIDE_AUDIT_SEAL_GRACE)
    stale = AuditEvent.objects.filter(seq__isnull=True, at__lt=late).order_by("id").first()
    if stale is not None:
        return chain.Problem(
            None, stale.pk, f"event left unsealed since {stale.at:%Y-%m-%d %H:%M:%S} (is the worker running?)"
        )
    return None


def _against_evidence(head: AuditHead | None) -> chain.Problem | None:
    """A log that is empty, headless or ends before the newest row of evidence was wiped or cut."""
    last_event = AuditEvent.objects.aggregate(at=models.Max("at"))["at"]
    for model, time_field in evidence.registered():
        newest = model._default_manager.aggregate(at=models.Max(time_field))["at"]
        if newest is None:
            continue
        what = model._meta.verbose_name_plural
        if head is None or last_event is None:
            return chain.Problem(
                None, None, f"the log is empty or its head is gone, yet the database holds rows of {what} (log wiped)"
            )
        if newest > last_event + EVIDENCE_SLACK:
            return chain.Problem(
                None,
                None,
                f"the log ends at {last_event:%Y-%m-%d %H:%M:%S} but the database holds rows of {what} written up to "
                f"{newest:%Y-%m-%d %H:%M:%S} (events removed from the end of the log)",
            )
    return None


def verify_checkpoint(data: dict[str, Any]) -> chain.Problem | None:
    """Prove that the log still extends a checkpoint kept outside: signed by this node's key, and
    the event it names still carries the hash it had then (nothing before it was rewritten)."""
    try:
        seq = int(data["seq"])
        fields: dict[str, Any] = {"seq": seq, "hash": str(data["hash"]), "at": str(data["at"])}
        public, signature = str(data["public_key"]), str(data["signature"])
    except (KeyError, TypeError, ValueError):
        return chain.Problem(None, None, "the checkpoint is not a checkpoint (seq, hash, at, public_key, signature)")
    if public != signing.public_key_text():
        return chain.Problem(None, None, "the checkpoint was signed with another key than this node's")
    if not signing.verify(public, fields, signature):
        return chain.Problem(None, None, "the checkpoint's signature does not verify")
    problem = verify_log()
    if problem is not None:
        return problem
    if seq == 0:
        return None
    event = AuditEvent.objects.filter(seq=seq).values_list("pk", "hash").first()
    if event is None:
        return chain.Problem(seq, None, "the event of the checkpoint is gone (log truncated)")
    if event[1] != fields["hash"]:
        return chain.Problem(seq, event[0], "the log was rewritten before the checkpoint (hash differs)")
    return None
