"""Every write of the exchange: peers, sending, receiving, applying, evidences (docs/exchange.md).

A message is written to the outbox in the transaction of the change it reports, sealed for the
receiving node. The worker (or, between two authorities of this node, the commit itself) carries it:
pushed to the peer, fetched by it, or handed to our own inbox (the local transport). The inbox keeps
a message (its envelope) and answers a signed evidence before applying it; applying is a separate
transaction that marks the message applied with the business writes, so nothing is applied twice
and a crash in between loses nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.audit.services import record
from entraide.tenancy.models import Authority

from . import envelope, keys, protocol, transport
from .envelope import Refused
from .models import Conversation, Evidence, Message, Peer, PeerAuthority, Rejection, SeenNonce

log = logging.getLogger("entraide.exchange")

CLAIM_TIMEOUT = dt.timedelta(minutes=10)
RETRY_CAP = dt.timedelta(hours=1)
PULL_BATCH = 100
PULL_WINDOW = dt.timedelta(minutes=5)


class ExchangeError(Exception):
    """A request to the exchange that cannot be carried out; the message says why."""


def _one(rows: QuerySet[Any]) -> Any:
    """The row a unique lookup finds, or None (without the ORDER BY that ``first()`` adds)."""
    return next(iter(rows.order_by()[:1]), None)


def node_id() -> str:
    return str(settings.ENTRAIDE_NODE_ID)


# ---------------------------------------------------------------- addresses


def address(authority: Authority) -> str:
    """The authority's address in the protocol: ``<node>/<key>``."""
    remote = _one(PeerAuthority.objects.filter(authority=authority).select_related("peer"))
    return remote.address if remote is not None else f"{node_id()}/{authority.pk}"


def _split(address: Any) -> tuple[str, str]:
    if not isinstance(address, str) or "/" not in address:
        return "", ""
    node, _sep, key = address.rpartition("/")
    return node, key


def authority_at(address: Any, peer: Peer | None) -> Authority | None:
    """The authority an address names: one hosted here (``peer`` None) or one the peer hosts."""
    node, key = _split(address)
    if peer is None:
        if node != node_id() or not key.isdigit():
            return None
        # One of ours in the directory, and not an authority a peer hosts.
        return _one(Authority.objects.filter(pk=int(key), exchange_address__isnull=True))
    if node != peer.node_id:
        return None
    row = _one(PeerAuthority.objects.filter(peer=peer, key=key).select_related("authority"))
    return row.authority if row is not None else None


def route(authority: Authority) -> tuple[Peer | None, str] | None:
    """How to reach an authority: (its peer, or None for one of ours; its address), or None."""
    remote = _one(PeerAuthority.objects.filter(authority=authority).select_related("peer"))
    if remote is not None:
        return (None, "") if remote.peer.suspended else (remote.peer, remote.address)
    return None, f"{node_id()}/{authority.pk}"


def reachable(authority: Authority | None) -> bool:
    found = route(authority) if authority is not None else None
    return found is not None and bool(found[1])


# ---------------------------------------------------------------- the node document


def node_document() -> dict[str, Any]:
    """What a peer needs to know of us: our keys and the authorities we host, signed by every key
    we still accept, so a peer that knows any of them takes the new ones on trust."""
    hosted = Authority.objects.filter(exchange_address__isnull=True)
    payload = {
        "node": node_id(),
        "protocol": [protocol.PROTOCOL_VERSION],
        "keys": keys.published(),
        "authorities": [
            {"address": f"{node_id()}/{a.pk}", "name": a.name, "jurisdiction": a.jurisdiction.code}
            for a in hosted.select_related("jurisdiction").order_by("pk")
        ],
        "issued_at": envelope.now_text(),
    }
    return {"signatures": [envelope.sign(payload, key, envelope.NODE_TYP) for key in keys.signing_keys()]}


def read_node_document(document: Any, trusted: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The payload of a node document, checked: signed by a key of ``trusted`` (a peer we know), or,
    for a new peer, by one of the signing keys it lists itself (then a person compares fingerprints)."""
    tokens = document.get("signatures") if isinstance(document, dict) else None
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, str) for t in tokens):
        raise Refused("a node document is a list of signatures")
    payloads = []
    for token in tokens[:8]:
        parts = token.split(".")
        unverified = envelope._b64json(parts[1]) if len(parts) == 3 else {}
        listed = trusted if trusted is not None else unverified.get("keys", [])
        try:
            jwks = keys.check_jwks(listed)
        except ValueError:
            raise Refused("the node document lists keys that are not the protocol's") from None
        by_kid = {k["kid"]: envelope.import_key(k) for k in jwks if k["use"] == "sig"}
        try:
            _kid, payload = envelope.verify(token, by_kid.get, envelope.NODE_TYP)
        except Refused:
            continue
        payloads.append(payload)
    if not payloads:
        raise Refused("the node document is not signed by a key we know")
    payload = payloads[0]
    if not isinstance(payload.get("node"), str) or not isinstance(payload.get("authorities"), list):
        raise Refused("the node document lacks its node id or authorities")
    keys.check_jwks(payload.get("keys"))
    return payload


# ---------------------------------------------------------------- peers


def _sync_authorities(peer: Peer, listed: list[Any]) -> None:
    """Map the authorities the peer hosts to rows of our directory (made when we have none)."""
    from entraide.reference.models import Jurisdiction

    for entry in listed:
        if not isinstance(entry, dict):
            continue
        node, key = _split(entry.get("address"))
        name = str(entry.get("name", ""))[:300]
        jurisdiction = Jurisdiction.objects.filter(code=str(entry.get("jurisdiction", ""))).first()
        if node != peer.node_id or not key or not name or jurisdiction is None:
            continue
        if PeerAuthority.objects.filter(peer=peer, key=key).exists():
            continue
        authority = Authority.objects.filter(jurisdiction=jurisdiction, name=name).first()
        if authority is None:
            authority = Authority.objects.create(
                jurisdiction=jurisdiction,
                name=name,
                kind=Authority.Kind.CENTRAL,
                channels=["secure-exchange"],
                exchange_peer=peer.node_id,
                source=_("Published by the Entraide node %(node)s") % {"node": peer.node_id},
            )
        elif PeerAuthority.objects.filter(authority=authority).exists() or authority.users.exists():
            continue  # already at another peer, or hosted here (it has users)
        PeerAuthority.objects.create(peer=peer, key=key, authority=authority)
        Authority.objects.filter(pk=authority.pk).update(exchange_peer=peer.node_id)


@transaction.atomic
def peer_add(
    *,
    actor: Any,
    document: dict[str, Any],
    url: str,
    confirmed: bool,
    name: str = "",
    delivery: str = Peer.Delivery.PUSH,
    fetch: bool = False,
) -> Peer:
    """Add a peer from its node document, once a person has compared its fingerprints out of band."""
    payload = read_node_document(document)
    if payload["node"] == node_id():
        raise ExchangeError(_("That is this node's own document."))
    if not confirmed:
        raise ExchangeError(_("Compare the fingerprints with the other node's administrator first, then confirm."))
    if Peer.objects.filter(node_id=payload["node"]).exists():
        raise ExchangeError(_("This node is already a peer."))
    try:
        url = transport.check_url(url)
    except ValueError as exc:
        raise ExchangeError(str(exc)) from None
    if delivery not in Peer.Delivery.values:
        raise ExchangeError(_("Unknown delivery."))
    peer = Peer.objects.create(
        node_id=payload["node"][:200],
        name=(name or payload["node"])[:200],
        url=url,
        delivery=delivery,
        fetch=fetch,
        keys=keys.check_jwks(payload["keys"]),
        fingerprints_confirmed_by=getattr(actor, "email", "") or "system",
        fingerprints_confirmed_at=timezone.now(),
    )
    _sync_authorities(peer, payload["authorities"])
    record(
        actor,
        "exchange.peer-added",
        peer,
        detail={"node": peer.node_id, "kids": [k["kid"] for k in peer.keys], "url": url},
    )
    return peer


def peer_refresh(peer: Peer) -> bool:
    """Fetch the peer's node document and take its keys if a key we trust signed it (its rotation)."""
    if not peer.url:
        return False
    try:
        return peer_refresh_now(actor=None, peer=peer)
    except ExchangeError as exc:
        log.warning("peer %s: node document not taken: %s", peer.node_id, exc)
        return False


def peer_refresh_now(*, actor: Any, peer: Peer) -> bool:
    """Take the peer's keys from its node document now (an administrator asked): True if they changed;
    ExchangeError, saying why, when the document cannot be fetched or no key we trust signed it."""
    if not peer.url:
        raise ExchangeError(_("This peer has no address to fetch its node document from."))
    try:
        payload = read_node_document(transport.node_document(peer.url), trusted=peer.keys)
    except transport.Unreachable as exc:
        raise ExchangeError(_("The node could not be reached: %(reason)s") % {"reason": exc}) from None
    except Refused as exc:
        raise ExchangeError(_("Its node document was not taken: %(reason)s") % {"reason": exc.reason}) from None
    if payload["node"] != peer.node_id:
        raise ExchangeError(_("The document at that address is another node's (%(node)s).") % {"node": payload["node"]})
    fresh = keys.check_jwks(payload["keys"])
    with transaction.atomic():
        changed = fresh != peer.keys
        if changed:
            Peer.objects.filter(pk=peer.pk).update(keys=fresh)
            peer.keys = fresh
            record(actor, "exchange.peer-keys-updated", peer, detail={"kids": [k["kid"] for k in fresh]})
        _sync_authorities(peer, payload["authorities"])
    return changed


@transaction.atomic
def peer_suspend(*, actor: Any, peer: Peer, suspended: bool, reason: str = "") -> Peer:
    """Stop (or resume) exchanging with a peer: nothing is sent to it or taken from it meanwhile."""
    if suspended and not reason.strip():
        raise ExchangeError(_("Say why the peer is suspended."))
    peer.suspended, peer.suspended_reason = suspended, reason.strip()[:300] if suspended else ""
    peer.save(update_fields=["suspended", "suspended_reason"])
    record(actor, "exchange.peer-suspended" if suspended else "exchange.peer-resumed", peer, justification=reason)
    return peer


@transaction.atomic
def peer_configure(*, actor: Any, peer: Peer, delivery: str | None = None, fetch: bool | None = None) -> Peer:
    """How messages travel with a peer: pushed to it or fetched by it, and whether we fetch from it
    (a node that cannot open an inbound port is fetched from, and fetches)."""
    changed: dict[str, Any] = {}
    if delivery is not None:
        if delivery not in Peer.Delivery.values:
            raise ExchangeError(_("Unknown delivery."))
        changed["delivery"] = delivery
    if fetch is not None:
        changed["fetch"] = fetch
    for name, value in changed.items():
        setattr(peer, name, value)
    if changed:
        peer.save(update_fields=sorted(changed))
        record(actor, "exchange.peer-configured", peer, detail={k: str(v) for k, v in changed.items()})
    return peer


# ---------------------------------------------------------------- sending


def _summary(body: dict[str, Any]) -> dict[str, Any]:
    """The body as shown in the conversation: documents listed without their content."""
    shown = dict(body)
    if isinstance(shown.get("documents"), list):
        shown["documents"] = [
            {k: v for k, v in doc.items() if k != "content"} for doc in shown["documents"] if isinstance(doc, dict)
        ]
    return shown


def _recipient_key(peer: Peer | None) -> Any:
    return keys.own_public("enc") if peer is None else keys.peer_current(peer, "enc")


def message_send(*, conversation: Conversation, type: str, body: dict[str, Any], actor: Any = None) -> Message:
    """Seal a message for the other side of the conversation and queue it, in the caller's transaction."""
    problems = protocol.validate(type, body)
    if problems:
        raise ExchangeError(_("The message does not follow the protocol: %(problems)s") % {"problems": problems[0]})
    if conversation.peer is not None and conversation.peer.suspended:
        raise ExchangeError(_("Exchange with this node is suspended."))
    message_id = uuid.uuid4()
    header = {
        "version": protocol.PROTOCOL_VERSION,
        "id": str(message_id),
        "conversation": str(conversation.uuid),
        "type": type,
        "sender": {"node": node_id(), "authority": f"{node_id()}/{conversation.authority_id}"},
        "recipient": {"node": _split(conversation.remote_address)[0], "authority": conversation.remote_address},
        "created_at": envelope.now_text(),
    }
    sealed = envelope.seal(
        header, body, signing_key=keys.signing_key(), recipient_key=_recipient_key(conversation.peer)
    )
    message = Message.objects.create(
        message_id=message_id,
        direction=Message.Direction.OUT,
        conversation=conversation,
        type=type,
        peer=conversation.peer,
        header=header,
        summary=_summary(body),
        envelope=sealed,
        digest=envelope.digest(sealed),
        state=Message.State.QUEUED,
        next_attempt_at=timezone.now(),
    )
    record(
        actor,
        "exchange.message-queued",
        message,
        authority_id=conversation.authority_id,
        detail={"type": type, "message": str(message_id), "to": conversation.remote_address},
    )
    if conversation.peer is None:
        # Between two authorities of this node: carried as soon as the change commits.
        transaction.on_commit(lambda: _deliver_soon(message.pk))
    return message


def _deliver_soon(pk: int) -> None:
    try:
        claimed = _claim(Message.objects.filter(pk=pk, state=Message.State.QUEUED), "commit", 1)
        for message in claimed:
            deliver(message)
    except Exception:  # the worker tries again; the user's change is already committed
        log.exception("local delivery of message %s failed", pk)


# ---------------------------------------------------------------- evidences


def evidence_issue(
    type: str, *, message_id: str | None, conversation: str | None, digest: str, reason: str = ""
) -> str:
    return _evidence_signed(type, message_id=message_id, conversation=conversation, digest=digest, reason=reason)[0]


def _evidence_signed(
    type: str, *, message_id: str | None, conversation: str | None, digest: str, reason: str = ""
) -> tuple[str, dict[str, Any]]:
    """An evidence we issue: its token and its payload (what we signed, so we need not verify it)."""
    payload = {
        "type": type,
        "message": message_id,
        "conversation": conversation,
        "issuer": node_id(),
        "at": envelope.now_text(),
        "reason": reason[:500],
        "digest": digest,
    }
    return envelope.sign(payload, keys.signing_key(), envelope.EVIDENCE_TYP), payload


def _signing_key_of(node: str) -> Callable[[str], Any]:
    if node == node_id():
        return lambda kid: keys.own_key(kid, "sig")
    peer = _one(Peer.objects.filter(node_id=node))
    if peer is None:
        return lambda kid: None

    def find(kid: str) -> Any:
        found = keys.peer_key(peer, kid, "sig")
        if found is None and peer_refresh(peer):  # a key it rotated in: take it if a trusted key signed it
            found = keys.peer_key(peer, kid, "sig")
        return found

    return find


def evidence_read(token: Any, issuer: str) -> dict[str, Any]:
    """An evidence's payload, verified as signed by ``issuer``."""
    if not isinstance(token, str) or len(token) > 8192:
        raise Refused("an evidence is a JWS compact")
    _kid, payload = envelope.verify(token, _signing_key_of(issuer), envelope.EVIDENCE_TYP)
    problems = protocol.validate_evidence(payload)
    if problems or payload.get("issuer") != issuer:
        raise Refused("the evidence does not follow the protocol")
    return payload


def _keep_evidence(message: Message, payload: dict[str, Any], token: str) -> Evidence | None:
    try:
        with transaction.atomic():
            return Evidence.objects.create(
                message=message,
                type=payload["type"],
                issuer=payload["issuer"],
                reason=str(payload.get("reason") or "")[:500],
                token=token,
                at=envelope.parse_time(payload["at"]) or timezone.now(),
            )
    except IntegrityError:
        return None  # the same evidence again


# What an evidence about one of our messages makes of its state.
_EVIDENCE_STATE = {
    Evidence.Type.SUBMISSION_ACCEPTED: Message.State.ACCEPTED,
    Evidence.Type.SUBMISSION_REJECTED: Message.State.NOT_DELIVERED,
    Evidence.Type.DELIVERED: Message.State.DELIVERED,
    Evidence.Type.NOT_DELIVERED: Message.State.NOT_DELIVERED,
}
_STATE_RANK: dict[str, int] = {
    Message.State.QUEUED: 0,
    Message.State.ACCEPTED: 1,
    Message.State.DELIVERED: 2,
    Message.State.NOT_DELIVERED: 2,
    Message.State.DEAD: 2,
}


def evidence_about_ours(payload: dict[str, Any], token: str) -> Message | None:
    """Keep an evidence about a message we sent; move the message's state forward."""
    if not payload.get("message"):
        return None
    message = _one(
        Message.objects.filter(direction=Message.Direction.OUT, message_id=payload["message"]).select_related(
            "conversation"
        )
    )
    if message is None or payload.get("digest") != message.digest:
        return None
    if _split(message.conversation.remote_address)[0] != payload["issuer"]:
        return None
    kept = _keep_evidence(message, payload, token)
    state = _EVIDENCE_STATE.get(payload["type"])
    if state is not None and _STATE_RANK[state] > _STATE_RANK.get(message.state, 2):
        Message.objects.filter(pk=message.pk).update(
            state=state, done_at=timezone.now(), last_error=str(payload.get("reason") or "")[:500]
        )
    if kept is not None:
        record(
            None,
            f"exchange.evidence-{payload['type']}",
            message,
            authority_id=message.conversation.authority_id,
            detail={"message": str(message.message_id), "issuer": payload["issuer"]},
        )
    return message


# ---------------------------------------------------------------- the outbox


def _claim(rows: QuerySet[Message], worker: str, limit: int) -> list[Message]:
    """Claim rows so that no two workers carry the same message (SKIP LOCKED, or a conditional UPDATE)."""
    now = timezone.now()
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    todo = rows.filter(free).order_by("pk")
    if connection.vendor == "postgresql":
        with transaction.atomic():
            ids = list(todo.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
            Message.objects.filter(pk__in=ids).update(claimed_by=worker, claimed_at=now)
    else:
        ids = [
            pk
            for pk in todo.values_list("pk", flat=True)[:limit]
            if Message.objects.filter(free, pk=pk).update(claimed_by=worker, claimed_at=now)
        ]
    return list(
        Message.objects.filter(pk__in=ids, claimed_by=worker).select_related("conversation", "peer").order_by("pk")
    )


def _release(message: Message, **fields: Any) -> None:
    Message.objects.filter(pk=message.pk).update(claimed_by="", claimed_at=None, **fields)


def _failed(message: Message, error: str) -> None:
    attempts = message.attempts + 1
    if attempts >= settings.ENTRAIDE_EXCHANGE_MAX_ATTEMPTS:
        _release(message, attempts=attempts, state=Message.State.DEAD, last_error=error[:500], next_attempt_at=None)
        record(
            None,
            "exchange.message-dead",
            message,
            authority_id=message.conversation.authority_id,
            detail={"message": str(message.message_id), "attempts": attempts, "error": error[:200]},
        )
        return
    wait = min(dt.timedelta(seconds=settings.ENTRAIDE_EXCHANGE_RETRY_BASE * 2 ** (attempts - 1)), RETRY_CAP)
    _release(message, attempts=attempts, last_error=error[:500], next_attempt_at=timezone.now() + wait)


def deliver(message: Message) -> None:
    """Carry one claimed message: to our own inbox, or posted to its peer."""
    if message.peer is None:
        receipt = inbox_receive(bytes(message.envelope))
        issuer = node_id()
    else:
        if message.peer.suspended:
            _release(message)
            return
        try:
            reply = transport.push(message.peer.url, bytes(message.envelope))
        except transport.Unreachable as exc:
            _failed(message, str(exc))
            return
        receipt = Receipt(reply.status, str(reply.body.get("evidence", "")))
        issuer = message.peer.node_id
    try:
        payload = evidence_read(receipt.evidence, issuer)
    except Refused as exc:
        _failed(message, _("The answer carried no valid evidence: %(reason)s") % {"reason": exc.reason})
        return
    if receipt.status == 409 and payload.get("message") == str(message.message_id):
        # The other node already has it (an earlier answer was lost): as good as accepted.
        _release(message, attempts=message.attempts + 1)
        Message.objects.filter(pk=message.pk, state=Message.State.QUEUED).update(state=Message.State.ACCEPTED)
        return
    _release(message, attempts=message.attempts + 1, next_attempt_at=None)
    evidence_about_ours(payload, receipt.evidence)
    if message.peer is None and receipt.message is not None:
        inbox_apply(receipt.message)


def outbox_drain(*, worker: str, limit: int = 100) -> int:
    """The worker's job: push what is due to peers that take pushes, and carry local messages."""
    due = Message.objects.filter(
        direction=Message.Direction.OUT,
        state=Message.State.QUEUED,
        next_attempt_at__lte=timezone.now(),
    ).filter(Q(peer__isnull=True) | Q(peer__delivery=Peer.Delivery.PUSH, peer__suspended=False))
    claimed = _claim(due, worker, limit)
    for message in claimed:
        try:
            deliver(message)
        except Exception as exc:  # one message must not stop the others
            log.exception("delivering message %s failed", message.message_id)
            _failed(message, f"{type(exc).__name__}")
    return len(claimed)


@transaction.atomic
def message_retry(*, actor: Any, message: Message) -> Message:
    """Send a failed message again (a dead letter, or one the other node did not deliver).

    The same envelope goes again while its time is within the receiver's window; after that a
    request is sent again from what it is now, under a new message id, and any other message must be
    written again: an envelope is sealed for the other node, so we cannot reopen it.
    """
    if message.direction != Message.Direction.OUT or message.state not in {
        Message.State.DEAD,
        Message.State.NOT_DELIVERED,
    }:
        raise ExchangeError(_("Only a message that failed can be sent again."))
    window = dt.timedelta(seconds=settings.ENTRAIDE_EXCHANGE_CLOCK_SKEW)
    expired = timezone.now() - message.created_at > window
    if expired:
        from entraide.cases import services as cases

        conversation = message.conversation
        if message.type != "request.submit" or conversation.request is None:
            raise ExchangeError(
                _("This message is older than the other node accepts; write it again from the request.")
            )
        fresh = message_send(
            conversation=conversation,
            type=message.type,
            body=cases.request_export(conversation.request),
            actor=actor,
        )
        Message.objects.filter(pk=message.pk).update(
            last_error=_("Sent again as message %(id)s.") % {"id": fresh.message_id}
        )
        return fresh
    # Its evidences stay: they are the signed history of what happened to it.
    Message.objects.filter(pk=message.pk).update(
        state=Message.State.QUEUED, attempts=0, next_attempt_at=timezone.now(), last_error="", done_at=None
    )
    message.refresh_from_db()
    record(
        actor,
        "exchange.message-retried",
        message,
        authority_id=message.conversation.authority_id,
        detail={"message": str(message.message_id)},
    )
    if message.peer is None:
        transaction.on_commit(lambda: _deliver_soon(message.pk))
    return message


# ---------------------------------------------------------------- the inbox


@dataclass(frozen=True)
class Receipt:
    """What the inbox answers: an HTTP status and a signed evidence (and, here, the stored message)."""

    status: int
    evidence: str
    message: Message | None = None


def _refuse(data: bytes, reason: str, *, status: int, sender: str = "", message_id: str = "") -> Receipt:
    digest = envelope.digest(data)
    Rejection.objects.create(
        claimed_sender=sender[:200], size=len(data), digest=digest, reason=reason[:500], message_id=message_id[:64]
    )
    log.warning("envelope refused (%s bytes, from %r): %s", len(data), sender, reason)
    token = evidence_issue(
        Evidence.Type.SUBMISSION_REJECTED,
        message_id=message_id or None,
        conversation=None,
        digest=digest,
        reason=reason,
    )
    return Receipt(status, token)


def refuse_oversized() -> Receipt:
    """An envelope over the limit, refused on its declared length before it is read."""
    limit = settings.ENTRAIDE_EXCHANGE_MAX_BYTES
    return _refuse(b"", f"too-large: envelope over the limit of {limit} bytes", status=413)


def _decryption_key(kid: str) -> Any:
    return keys.own_key(kid, "enc")


# The HTTP status of a refusal, by the code its reason starts with (docs/exchange.md, section 4.3).
REFUSAL_STATUS = {"too-large": 413, "replay": 409, "unknown-peer": 403, "signature": 403}


CODES = frozenset(
    {
        "too-large", "malformed", "header", "unknown-peer", "unknown-key", "decrypt", "signature", "version",
        "wrong-recipient", "expired", "replay", "schema", "unknown-conversation",
    }
)  # fmt: skip


def _coded(exc: Refused) -> tuple[str, str]:
    """A refusal's code and its reason, which starts with the code (``"replay: message ..."``)."""
    code = exc.reason.split(":", 1)[0]
    if code in CODES:
        return code, exc.reason
    return exc.code, f"{exc.code}: {exc.reason}"


def _sender_peer(sender: str) -> Peer | None:
    """The peer an envelope's ``iss`` names (None: this node itself); refused unless it is active."""
    if sender == node_id():
        return None
    peer = _one(Peer.objects.filter(node_id=sender))
    if peer is None:
        raise Refused("unknown-peer: the sending node is not a peer of ours", sender=sender)
    if peer.suspended:
        raise Refused("unknown-peer: exchange with the sending node is suspended", sender=sender)
    return peer


def _check_header(header: dict[str, Any], peer: Peer | None) -> tuple[Authority, Authority | None]:
    """The checks that need the database: version, recipient, time. Returns the receiving authority
    and the sending authority as our directory knows it."""
    if str(header.get("version", "")).split(".")[0] != protocol.PROTOCOL_VERSION:
        raise Refused(f"version: protocol version {header.get('version')!r} is not supported")
    problems = protocol.validate_header(header)
    if problems:
        raise Refused(f"header: {problems[0]}")
    if header["recipient"]["node"] != node_id():
        raise Refused("wrong-recipient: the envelope is addressed to another node")
    recipient = authority_at(header["recipient"]["authority"], None)
    if recipient is None:
        raise Refused("wrong-recipient: the receiving authority is not hosted on this node")
    created = envelope.parse_time(header["created_at"])
    skew = dt.timedelta(seconds=settings.ENTRAIDE_EXCHANGE_CLOCK_SKEW)
    if created is None or abs(timezone.now() - created) > skew:
        raise Refused("expired: the message's time is outside the accepted window")
    return recipient, authority_at(header["sender"]["authority"], peer)


def inbox_receive(data: bytes) -> Receipt:
    """Take an envelope: refuse it (logged, with a signed rejection) or keep it (with a signed acceptance).

    Kept means stored, not yet applied: :func:`inbox_apply` applies it. The checks run in the order
    of docs/exchange.md, section 4.3, and stop at the first failure.
    """
    limit = settings.ENTRAIDE_EXCHANGE_MAX_BYTES
    if len(data) > limit:
        return _refuse(b"", f"too-large: envelope over the limit of {limit} bytes", status=413)
    sender, message_id = "", ""
    try:
        sender = envelope.outer_header(data, limit)["iss"]
        peer = _sender_peer(sender)
        opened = envelope.open_envelope(
            data,
            max_bytes=limit,
            decryption_key=_decryption_key,
            sender_key=lambda node, kid: _signing_key_of(node)(kid),
        )
        header, body = opened.header, opened.body
        message_id = str(header.get("id", ""))[:64]
        recipient, _sender_authority = _check_header(header, peer)
        if Message.objects.filter(direction=Message.Direction.IN, message_id=header["id"]).exists():
            raise Refused(f"replay: message {message_id} was already received")
        problems = protocol.validate(header["type"], body)
        if problems:
            raise Refused(f"schema: {problems[0]}")
        with transaction.atomic():
            conversation = _conversation_for(header, recipient, peer)
            message = Message.objects.create(
                message_id=header["id"],
                direction=Message.Direction.IN,
                conversation=conversation,
                type=header["type"],
                peer=peer,
                header=header,
                summary=_summary(body),
                envelope=data,
                digest=envelope.digest(data),
                state=Message.State.RECEIVED,
            )
            token, payload = _evidence_signed(
                Evidence.Type.SUBMISSION_ACCEPTED,
                message_id=message_id,
                conversation=header["conversation"],
                digest=message.digest,
            )
            _keep_evidence(message, payload, token)
            record(
                None,
                "exchange.message-received",
                message,
                authority_id=recipient.pk,
                detail={"type": header["type"], "message": message_id, "from": header["sender"]["authority"]},
            )
    except Refused as exc:
        code, reason = _coded(exc)
        return _refuse(
            data, reason, status=REFUSAL_STATUS.get(code, 400), sender=sender or exc.sender, message_id=message_id
        )
    except IntegrityError:  # the same message, received by another process a moment ago
        return _refuse(data, f"replay: message {message_id} was already received", status=409, sender=sender)
    return Receipt(202, token, message)


def evidence_read_own(token: str) -> dict[str, Any]:
    return evidence_read(token, node_id())


def _conversation_for(header: dict[str, Any], recipient: Authority, peer: Peer | None) -> Conversation:
    """The conversation a message belongs to on our side; a submission (or spontaneous information)
    opens one, anything else must name one we have with that sender."""
    uuid_ = header["conversation"]
    found = _one(Conversation.objects.filter(uuid=uuid_, authority=recipient))
    if found is not None:
        if found.remote_address != header["sender"]["authority"]:
            raise Refused("unknown-conversation: the conversation is with another authority")
        return found
    if header["type"] not in {"request.submit", "spontaneous.information"}:
        raise Refused("unknown-conversation: the message names a conversation we do not have with its sender")
    return Conversation.objects.create(
        uuid=uuid_,
        authority=recipient,
        peer=peer,
        remote_address=header["sender"]["authority"],
        remote_authority=authority_at(header["sender"]["authority"], peer),
    )


def inbox_apply(message: Message) -> bool:
    """Apply one received message, once: its business writes and its "applied" mark in one transaction.

    A message the receiving side cannot apply (a document refused, a code it does not know) is marked
    so and answered with a signed not-delivered evidence.
    """
    from . import apply

    try:
        with transaction.atomic():
            fresh = Message.objects.select_for_update().select_related("conversation", "peer").get(pk=message.pk)
            if fresh.state != Message.State.RECEIVED:
                return False
            # The body was verified on arrival and kept, but for the documents' content: a body
            # without documents is applied as kept; one with documents is opened again for them.
            body = fresh.summary
            if body.get("documents"):
                body = envelope.open_envelope(
                    bytes(fresh.envelope),
                    max_bytes=settings.ENTRAIDE_EXCHANGE_MAX_BYTES,
                    decryption_key=_decryption_key,
                    sender_key=lambda node, kid: _signing_key_of(node)(kid),
                ).body
            apply.apply(fresh, body)
            Message.objects.filter(pk=fresh.pk).update(
                state=Message.State.APPLIED, done_at=timezone.now(), claimed_by="", claimed_at=None
            )
            if fresh.type != "evidence":
                answer(fresh, Evidence.Type.DELIVERED)
            return True
    except (apply.NotApplicable, Refused) as exc:
        reason = getattr(exc, "reason", "") or str(exc)
        with transaction.atomic():
            Message.objects.filter(pk=message.pk).update(
                state=Message.State.REFUSED,
                done_at=timezone.now(),
                last_error=reason[:500],
                claimed_by="",
                claimed_at=None,
            )
            if message.type != "evidence":
                answer(message, Evidence.Type.NOT_DELIVERED, reason)
        return False


def answer(message: Message, type: str, reason: str = "") -> None:
    """Send the other side an evidence about a message it sent us (and keep it on our side too)."""
    conversation = message.conversation
    token, payload = _evidence_signed(
        type,
        message_id=str(message.message_id),
        conversation=str(conversation.uuid),
        digest=message.digest,
        reason=reason,
    )
    _keep_evidence(message, payload, token)
    message_send(conversation=conversation, type="evidence", body={"evidence": token})


def inbox_drain(*, worker: str, limit: int = 100) -> int:
    """The worker's job: apply what was received and not yet applied (after a crash, too)."""
    claimed = _claim(
        Message.objects.filter(direction=Message.Direction.IN, state=Message.State.RECEIVED), worker, limit
    )
    for message in claimed:
        try:
            inbox_apply(message)
        except Exception:
            log.exception("applying message %s failed", message.message_id)
            _release(message)
    return len(claimed)


# ---------------------------------------------------------------- pull


def pull_request() -> str:
    """Our signed request for the messages a peer queued for us."""
    payload = {"node": node_id(), "since": None, "nonce": secrets.token_urlsafe(24), "iat": int(time.time())}
    return envelope.sign(payload, keys.signing_key(), envelope.PULL_TYP)


def pull_serve(data: bytes) -> dict[str, Any]:
    """Answer a peer's signed pull request with the envelopes queued for it (they stay queued until
    its evidences come back)."""
    if len(data) > 8192:
        raise Refused("pull request too large")
    parts = data.decode("ascii", "replace").split(".")
    claimed = envelope._b64json(parts[1]) if len(parts) == 3 else {}
    node = str(claimed.get("node", ""))
    peer = _one(Peer.objects.filter(node_id=node, suspended=False, delivery=Peer.Delivery.PULL))
    if peer is None:
        raise Refused("not a peer that fetches its messages here")
    _kid, payload = envelope.verify(data, lambda kid: keys.peer_key(peer, kid, "sig"), envelope.PULL_TYP)
    if protocol.validate(protocol.PULL_REQUEST, payload) or payload["node"] != peer.node_id:
        raise Refused("header: the pull request does not follow the protocol")
    if abs(time.time() - payload["iat"]) > PULL_WINDOW.total_seconds():
        raise Refused("expired: the pull request is not within five minutes of our clock")
    nonce = payload["nonce"]
    SeenNonce.objects.filter(at__lt=timezone.now() - 2 * PULL_WINDOW).delete()
    try:
        with transaction.atomic():
            SeenNonce.objects.create(nonce=nonce)
    except IntegrityError:
        raise Refused("replayed pull request") from None
    rows = Message.objects.filter(direction=Message.Direction.OUT, peer=peer, state=Message.State.QUEUED)
    since = envelope.parse_time(payload["since"])
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    rows = rows.order_by("pk")[:PULL_BATCH]
    Peer.objects.filter(pk=peer.pk).update(last_pulled_at=timezone.now())
    return {"envelopes": [bytes(m.envelope).decode("ascii") for m in rows]}


def evidences_take(tokens: Any) -> int:
    """Evidences a peer posts back about what it fetched (or anything else it wants us to have)."""
    if not isinstance(tokens, list) or len(tokens) > 10 * PULL_BATCH:
        raise Refused("evidences are a list")
    taken = 0
    for token in tokens:
        if not isinstance(token, str):
            continue
        parts = token.split(".")
        issuer = envelope._b64json(parts[1]).get("issuer", "") if len(parts) == 3 else ""
        try:
            payload = evidence_read(token, str(issuer))
        except Refused:
            continue
        with transaction.atomic():
            if evidence_about_ours(payload, token) is not None:
                taken += 1
    return taken


def pull_from(peer: Peer) -> int:
    """Fetch what a peer queued for us, keep it in our inbox, and post our evidences back."""
    answer = transport.pull(peer.url, pull_request())
    envelopes = answer.body.get("envelopes")
    if not isinstance(envelopes, list):
        raise transport.Unreachable("the answer lists no envelopes")
    tokens = []
    for text in envelopes[:PULL_BATCH]:
        if isinstance(text, str):
            tokens.append(inbox_receive(text.encode("ascii", "replace")).evidence)
    if tokens:
        transport.post_evidences(peer.url, tokens)
    Peer.objects.filter(pk=peer.pk).update(last_pulled_at=timezone.now())
    return len(tokens)


def pull_all(*, worker: str) -> int:
    """The worker's job: fetch from every peer that cannot post to us."""
    count = 0
    for peer in Peer.objects.filter(fetch=True, suspended=False).exclude(url=""):
        try:
            count += pull_from(peer)
        except transport.Unreachable as exc:
            log.warning("fetching from %s failed: %s", peer.node_id, exc)
    return count


# ---------------------------------------------------------------- what officers send


@transaction.atomic
def information_send(*, actor: Any, conversation: Conversation, text: str, documents: Sequence[Any] = ()) -> Message:
    """Ask the requesting side for more (we execute the request) or answer it (we made it), with
    documents of the request."""
    from entraide.cases import services as cases
    from entraide.cases.lifecycle import Direction
    from entraide.core.text import plain_text

    request = conversation.request
    if request is None:
        raise ExchangeError(_("This conversation has no request."))
    text = plain_text(text).strip()
    if not text:
        raise ExchangeError(_("Write what you ask or answer."))
    if any(document.request_id != request.pk for document in documents):
        raise ExchangeError(_("Send only documents of this request."))
    type = "information.request" if request.direction == Direction.INCOMING else "information.provide"
    body = {"text": text, "documents": cases.documents_export(documents)}
    return message_send(conversation=conversation, type=type, body=body, actor=actor)


@transaction.atomic
def spontaneous_send(
    *,
    actor: Any,
    to: Authority,
    title: str,
    text: str,
    use_limitation: str = "",
    documents_body: list[Any] | None = None,
) -> Message:
    """Send information to another authority without a request (UNTOC art. 18(4)); it arrives there as
    an incoming request to register."""
    found = route(to)
    if found is None or not found[1] or to.pk == actor.authority_id:
        raise ExchangeError(_("The exchange does not reach that authority."))
    peer, remote = found
    conversation = Conversation.objects.create(
        authority_id=actor.authority_id, peer=peer, remote_address=remote, remote_authority=to
    )
    body = {
        "reference": f"SPONT-{timezone.now():%Y}-{conversation.pk:06d}",
        "title": title.strip()[:300],
        "text": text.strip(),
        "use_limitation": use_limitation.strip(),
        "documents": documents_body or [],
    }
    return message_send(conversation=conversation, type="spontaneous.information", body=body, actor=actor)
