"""The audit log: append-only, hash-chained, its head signed by the node.

An event is written with a plain INSERT in the transaction of what it records (no lock, so
appends never wait on each other); the worker later seals committed events into the chain in
order (``seq``, ``prev_hash``, ``hash``) and signs the new head. See docs/audit.md."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from entraide.tenancy import rules
from entraide.tenancy.policies import TenantManager, TenantPolicy

from . import chain


class AuditEvent(models.Model):
    """One thing that happened: who, for which authority, what, on which object, when."""

    # Empty until the worker seals the event into the chain.
    seq = models.BigIntegerField(_("sequence number"), unique=True, null=True, blank=True)
    at = models.DateTimeField(_("time (UTC)"))
    # Plain references, not enforced: the log outlives the rows it speaks of.
    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=254)
    authority = models.ForeignKey(
        "tenancy.Authority",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("authority"),
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True, null=True, blank=True)

    objects = TenantManager()

    tenancy: ClassVar[TenantPolicy] = rules.AUDIT_EVENT

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["authority", "-id"], name="audit_authority_id"),
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_unsealed"),
            # The credential checks' budgets count recent events of one action (accounts/throttle.py).
            models.Index(fields=["action", "at"], name="audit_action_at"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq or '-'} {self.action}"

    def hashed_fields(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "authority_id": self.authority_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "justification": self.justification,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        return chain.event_hash(self.hashed_fields())


class AuditHead(models.Model):
    """The chain head: one row, written by the sealer only, signed with the node's key."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=chain.GENESIS)
    at = models.DateTimeField(null=True, blank=True)
    public_key = models.CharField(max_length=64, blank=True)
    signature = models.CharField(max_length=128, blank=True)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"head #{self.seq}"
