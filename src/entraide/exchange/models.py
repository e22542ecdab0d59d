"""The exchange between nodes: the node's keys, its peers, conversations, messages, evidences.

docs/exchange.md is the protocol; this module keeps what one node knows of it.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from entraide.cases.lifecycle import Status
from entraide.tenancy import rules
from entraide.tenancy.policies import TenantManager, TenantPolicy


class NodeKey(models.Model):
    """One of the node's own key pairs: Ed25519 to sign, X25519 to receive encrypted envelopes.

    The private JWK is kept encrypted under the master key, like a document's file key. A new key
    becomes current; the one it replaces is still accepted (and still decrypts) until the overlap
    ends, so envelopes sealed before a rotation are not lost.
    """

    class Use(models.TextChoices):
        SIGN = "sig", _("Signing (Ed25519)")
        ENCRYPT = "enc", _("Encryption (X25519)")

    kid = models.CharField(_("key id"), max_length=64, unique=True)
    use = models.CharField(_("use"), max_length=3, choices=Use.choices)
    public_jwk = models.JSONField(_("public key (JWK)"))
    private_blob = models.BinaryField()
    wrapped_key = models.BinaryField()
    master_key_id = models.CharField(max_length=16)
    created_at = models.DateTimeField(_("created at"))
    # Current: used to sign, published first. Replaced: still accepted until accepted_until.
    current = models.BooleanField(_("current"), default=True)
    accepted_until = models.DateTimeField(_("accepted until"), null=True, blank=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.NODE_EXCHANGE

    class Meta:
        verbose_name = _("node key")
        verbose_name_plural = _("node keys")
        ordering = ["use", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["use"], condition=Q(current=True), name="node_key_one_current"),
        ]

    def __str__(self) -> str:
        return f"{self.use} {self.kid}"


class Peer(models.Model):
    """Another node this one exchanges with, added after its fingerprints were compared out of band."""

    class Delivery(models.TextChoices):
        PUSH = "push", _("We post our messages to it")
        PULL = "pull", _("It fetches its messages from us")

    node_id = models.CharField(_("node id"), max_length=200, unique=True)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("address"), max_length=500, blank=True, help_text=_("Its base URL, https://..."))
    delivery = models.CharField(_("delivery"), max_length=4, choices=Delivery.choices, default=Delivery.PUSH)
    fetch = models.BooleanField(
        _("fetch its messages"),
        default=False,
        help_text=_("It cannot post to us: the worker fetches what it queued for us."),
    )
    keys = models.JSONField(_("public keys (JWK)"), default=list)
    suspended = models.BooleanField(_("suspended"), default=False)
    suspended_reason = models.CharField(_("why suspended"), max_length=300, blank=True)
    fingerprints_confirmed_by = models.CharField(_("fingerprints compared by"), max_length=254)
    fingerprints_confirmed_at = models.DateTimeField(_("fingerprints compared at"))
    last_pulled_at = models.DateTimeField(_("last fetched at"), null=True, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.NODE_EXCHANGE

    class Meta:
        verbose_name = _("peer")
        verbose_name_plural = _("peers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PeerAuthority(models.Model):
    """An authority hosted by a peer: its address there and its row in our directory."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="authorities")
    key = models.CharField(_("its key at the peer"), max_length=100)
    authority = models.OneToOneField(
        "tenancy.Authority", on_delete=models.PROTECT, related_name="exchange_address", verbose_name=_("authority")
    )

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.NODE_EXCHANGE

    class Meta:
        verbose_name = _("authority at a peer")
        verbose_name_plural = _("authorities at peers")
        constraints = [models.UniqueConstraint(fields=["peer", "key"], name="peer_authority_unique")]

    def __str__(self) -> str:
        return f"{self.peer.node_id}/{self.key}"

    @property
    def address(self) -> str:
        return f"{self.peer.node_id}/{self.key}"


class Conversation(models.Model):
    """One request as exchanged: our request on one side, the other authority on the other.

    Its id travels in every message about the request; on the side that received it, the id is the
    one the sender chose.
    """

    uuid = models.UUIDField(_("conversation id"), default=uuid.uuid4, editable=False)
    authority = models.ForeignKey("tenancy.Authority", on_delete=models.PROTECT, related_name="+")
    request = models.OneToOneField(
        "cases.Request", on_delete=models.PROTECT, null=True, related_name="conversation", verbose_name=_("request")
    )
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    remote_address = models.CharField(_("other authority's address"), max_length=300)
    remote_authority = models.ForeignKey(
        "tenancy.Authority", on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("other authority")
    )
    remote_reference = models.CharField(_("their reference"), max_length=100, blank=True)
    # The request's status at the requested authority, as it last told us (or as we are, when we
    # are the requested authority): one status that both sides show.
    shared_status = models.CharField(_("status at the requested authority"), max_length=30, blank=True)
    shared_status_at = models.DateTimeField(_("since"), null=True, blank=True)
    # The document versions already sent with an answer (uuids), so each travels once.
    documents_sent = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.EXCHANGE_CONVERSATION

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            # Two authorities of this node exchanging share the id: one row for each side.
            models.UniqueConstraint(fields=["uuid", "authority"], name="conversation_unique_per_authority"),
        ]

    def __str__(self) -> str:
        return str(self.uuid)

    def history_count(self) -> int:
        """How many messages the two authorities exchanged (the evidences show under them)."""
        return self.messages.exclude(type="evidence").count()

    def get_shared_status_label(self) -> str:
        """The status at the requested authority in words (a status of its incoming lifecycle)."""
        try:
            return str(Status(self.shared_status).label)
        except ValueError:
            return self.shared_status


class Message(models.Model):
    """One message sent or received, with its envelope (sealed for the receiving node)."""

    class Direction(models.TextChoices):
        OUT = "out", _("Sent")
        IN = "in", _("Received")

    class State(models.TextChoices):
        # Outbox
        QUEUED = "queued", _("Waiting to be sent")
        ACCEPTED = "accepted", _("Accepted by the other node")
        DELIVERED = "delivered", _("Delivered")
        NOT_DELIVERED = "not-delivered", _("Not delivered")
        DEAD = "dead", _("Failed: no more attempts")
        # Inbox
        RECEIVED = "received", _("Received, not yet applied")
        APPLIED = "applied", _("Applied")
        REFUSED = "refused", _("Could not be applied")

    message_id = models.UUIDField(_("message id"))
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    conversation = models.ForeignKey(Conversation, on_delete=models.PROTECT, related_name="messages")
    type = models.CharField(_("type"), max_length=40)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    header = models.JSONField(_("header"))
    # What the message said, without the documents' content (kept as the request's documents).
    summary = models.JSONField(_("content"), default=dict)
    envelope = models.BinaryField(_("envelope"))
    digest = models.CharField(_("SHA-256 of the envelope"), max_length=64)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_at = models.DateTimeField(_("delivered or applied at"), null=True, blank=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.EXCHANGE_PART

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [
            # Delivered at least once, applied exactly once: a message id is received once per
            # direction (two authorities of this node exchanging see it once each way).
            models.UniqueConstraint(fields=["message_id", "direction"], name="message_unique_id"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="queued", direction="out"),
                name="message_outbox_due",
            ),
            models.Index(fields=["created_at"], condition=Q(state="received", direction="in"), name="message_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.message_id}"


class Evidence(models.Model):
    """A signed receipt about a message, issued by one of the two nodes (e-CODEX's vocabulary)."""

    class Type(models.TextChoices):
        SUBMISSION_ACCEPTED = "submission-accepted", _("Submission accepted")
        SUBMISSION_REJECTED = "submission-rejected", _("Submission rejected")
        DELIVERED = "delivered", _("Delivered")
        NOT_DELIVERED = "not-delivered", _("Not delivered")
        RETRIEVED = "retrieved", _("Retrieved (opened by an officer)")

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="evidences")
    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    issuer = models.CharField(_("issued by"), max_length=200)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    token = models.TextField(_("signed evidence (JWS)"))
    at = models.DateTimeField(_("at"))

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.EXCHANGE_EVIDENCE

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidences")
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["message", "type"], name="evidence_unique_type")]

    def __str__(self) -> str:
        return f"{self.type} {self.message_id}"

    @property
    def conversation(self) -> Conversation:  # the policy's lookup, read in Python by can()
        return self.message.conversation


class Rejection(models.Model):
    """An envelope refused on arrival: kept here, and only here (never its content)."""

    at = models.DateTimeField(_("at"), auto_now_add=True)
    claimed_sender = models.CharField(_("claimed sender"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    digest = models.CharField(_("SHA-256"), max_length=64)
    reason = models.CharField(_("reason"), max_length=500)
    message_id = models.CharField(_("message id"), max_length=64, blank=True)

    objects = TenantManager()
    tenancy: ClassVar[TenantPolicy] = rules.NODE_EXCHANGE

    class Meta:
        verbose_name = _("refused envelope")
        verbose_name_plural = _("refused envelopes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.reason


class SeenNonce(models.Model):
    """A pull request's nonce, kept for the replay window so a captured pull cannot be replayed."""

    nonce = models.CharField(max_length=64, primary_key=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.nonce
