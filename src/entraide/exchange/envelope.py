"""Envelopes and evidences: JOSE with joserfc, and nothing the protocol does not name.

A message is signed (JWS compact, EdDSA over Ed25519) and then encrypted for the receiving node
(JWE compact, ECDH-ES+A256KW over X25519 with A256GCM). Opening refuses, in this order: an envelope
over the size limit (on its raw bytes, before anything is parsed), one that is not five base64url
parts, a header outside the allow-list (``zip`` included), another algorithm (``none`` included), a
key id we do not hold, a failed decryption, an inner signature outside its allow-list or by a key
the claimed sender does not hold, a payload that is not the protocol's JSON. The checks that need
the database (replay, recipient, schema) are the inbox's (services).

Pure functions of bytes and keys: no ORM, so they are tested and benchmarked on their own.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from joserfc import jwe, jws
from joserfc.errors import JoseError, SecurityWarning
from joserfc.jwe import JWERegistry
from joserfc.jwk import OKPKey
from joserfc.registry import HeaderParameter

# RFC 9864 deprecates the polymorphic "EdDSA" for "Ed25519"; protocol 1 keeps EdDSA, which every
# deployed JOSE library reads (docs/exchange.md). joserfc warns on each use: we know.
warnings.filterwarnings("ignore", message="EdDSA is deprecated", category=SecurityWarning)

SIGNATURE_ALG = "EdDSA"
KEY_ALG = "ECDH-ES+A256KW"
CONTENT_ALG = "A256GCM"
MESSAGE_TYP = "entraide+jws"
EVIDENCE_TYP = "entraide-evidence+jws"
PULL_TYP = "entraide-pull+jws"
NODE_TYP = "entraide-node+jws"
CONTENT_TYPE = "entraide+jws"
# The outer header: what we set, and the ephemeral key ECDH-ES adds. Nothing else (no zip).
JWE_HEADER = frozenset({"alg", "enc", "kid", "cty", "iss", "epk"})
JWS_HEADER = frozenset({"alg", "kid", "typ"})
MAX_HEADER_BYTES = 4096
# A node id is a DNS-like name. A longer ``iss`` is refused, not truncated: truncating it let an
# envelope whose ``iss`` merely starts with the signed sender node be accepted.
MAX_NODE_LENGTH = 253
EPK_MEMBERS = frozenset({"kty", "crv", "x"})
# joserfc refuses header parameters it does not know: ``iss`` (the sender node, so the receiver knows
# whose signing keys to use and whom to answer) is ours, registered here; only our two algorithms.
_JWE = JWERegistry(header_registry={"iss": HeaderParameter("Sender node", "str")}, algorithms=[KEY_ALG, CONTENT_ALG])


class Refused(Exception):
    """An envelope (or a signed token) that must not be opened further; ``reason`` says why."""

    def __init__(self, reason: str, *, sender: str = "", code: str = "malformed") -> None:
        super().__init__(reason)
        self.reason = reason
        self.sender = sender
        # The code of docs/exchange.md, section 4.3, that a rejection evidence's reason starts with.
        self.code = code


def generate_key(use: str) -> OKPKey:
    """A fresh key pair: "sig" is Ed25519, "enc" is X25519; its kid is its RFC 7638 thumbprint."""
    curve: Literal["Ed25519", "X25519"] = "Ed25519" if use == "sig" else "X25519"
    alg = SIGNATURE_ALG if use == "sig" else KEY_ALG
    return OKPKey.generate_key(curve, parameters={"use": use, "alg": alg}, private=True, auto_kid=True)


def public_jwk(key: OKPKey) -> dict[str, Any]:
    return dict(key.as_dict(private=False))


def import_key(jwk: Mapping[str, Any]) -> OKPKey:
    """A key from its JWK; only the two curves of the protocol, and a kid that is its thumbprint."""
    if jwk.get("kty") != "OKP" or jwk.get("crv") not in {"Ed25519", "X25519"}:
        raise ValueError("only Ed25519 and X25519 keys (OKP) are used")
    key = OKPKey.import_key(dict(jwk))
    if jwk.get("kid") != key.thumbprint():
        raise ValueError("the key id is not the key's RFC 7638 thumbprint")
    return key


def fingerprint(kid: str) -> str:
    """The key id in groups of four, to read aloud or compare on paper."""
    return " ".join(kid[i : i + 4] for i in range(0, len(kid), 4))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _b64json(part: str) -> dict[str, Any]:
    if len(part) > MAX_HEADER_BYTES:
        raise Refused("header too large")
    try:
        value = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: a header of a few thousand "[" fits under MAX_HEADER_BYTES.
        raise Refused("header is not base64url JSON") from None
    if not isinstance(value, dict):
        raise Refused("header is not a JSON object")
    return value


def _compact_parts(data: bytes, count: int) -> list[str]:
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise Refused("not a compact serialization") from None
    parts = text.strip().split(".")
    if len(parts) != count or not all(_B64URL.fullmatch(part) for part in parts):
        raise Refused("not a compact serialization")
    return parts


_B64URL = re.compile(r"[A-Za-z0-9_-]*")


def sign(payload: Mapping[str, Any], key: OKPKey, typ: str) -> str:
    """A JWS compact of ``payload`` (JSON) signed with ``key``."""
    protected = {"alg": SIGNATURE_ALG, "kid": key.kid, "typ": typ}
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return jws.serialize_compact(protected, body, key, algorithms=[SIGNATURE_ALG])


def verify(token: str | bytes, keys: Callable[[str], OKPKey | None], typ: str) -> tuple[str, dict[str, Any]]:
    """Check a JWS compact made by :func:`sign`; ``keys(kid)`` gives the public key or None.

    Returns (kid, payload). Raises :class:`Refused`.
    """
    data = token.encode() if isinstance(token, str) else token
    parts = _compact_parts(data, 3)
    header = _b64json(parts[0])
    if set(header) - JWS_HEADER:
        raise Refused(
            f"signature header has unexpected parameters: {sorted(set(header) - JWS_HEADER)}", code="signature"
        )
    if header.get("alg") != SIGNATURE_ALG:
        raise Refused(f"signature algorithm {header.get('alg')!r} is not {SIGNATURE_ALG}", code="signature")
    if header.get("typ") != typ:
        raise Refused(f"signed object is not of type {typ}", code="signature")
    kid = header.get("kid")
    key = keys(kid) if isinstance(kid, str) else None
    if key is None:
        raise Refused("signed with a key we do not know", code="signature")
    try:
        obj = jws.deserialize_compact(data, key, algorithms=[SIGNATURE_ALG])
        payload = json.loads(obj.payload)
    except (JoseError, ValueError, UnicodeDecodeError, RecursionError):
        raise Refused("bad signature", code="signature") from None
    if not isinstance(payload, dict):
        raise Refused("signed payload is not a JSON object", code="signature")
    return str(kid), payload


def seal(header: Mapping[str, Any], body: Mapping[str, Any], *, signing_key: OKPKey, recipient_key: OKPKey) -> bytes:
    """Sign ``{"header": ..., "body": ...}`` with our key, then encrypt it for the recipient's."""
    signed = sign({"header": header, "body": body}, signing_key, MESSAGE_TYP)
    protected = {
        "alg": KEY_ALG,
        "enc": CONTENT_ALG,
        "kid": recipient_key.kid,
        "cty": CONTENT_TYPE,
        "iss": header["sender"]["node"],
    }
    return jwe.encrypt_compact(protected, signed.encode(), recipient_key, registry=_JWE).encode()


@dataclass(frozen=True)
class Opened:
    sender_node: str
    signer_kid: str
    header: dict[str, Any]
    body: dict[str, Any]


def outer_header(data: bytes, max_bytes: int) -> dict[str, Any]:
    """The JWE protected header, checked against the allow-list; the size is checked first."""
    if len(data) > max_bytes:
        raise Refused(f"envelope of {len(data)} bytes is over the limit of {max_bytes}", code="too-large")
    parts = _compact_parts(data, 5)
    header = _b64json(parts[0])
    unexpected = set(header) - JWE_HEADER
    if unexpected:
        raise Refused(
            f"envelope header has unexpected parameters: {sorted(unexpected)}", sender=_iss(header), code="header"
        )
    if header.get("alg") != KEY_ALG or header.get("enc") != CONTENT_ALG:
        raise Refused(
            f"envelope algorithms {header.get('alg')!r}/{header.get('enc')!r} are not {KEY_ALG}/{CONTENT_ALG}",
            sender=_iss(header),
            code="header",
        )
    if header.get("cty") != CONTENT_TYPE:
        raise Refused("envelope content type is not entraide+jws", sender=_iss(header), code="header")
    if not _iss(header):
        raise Refused("envelope does not name its sender node", code="header")
    if len(header["iss"]) > MAX_NODE_LENGTH:
        raise Refused("envelope sender node name is too long", sender=_iss(header), code="header")
    epk = header.get("epk")
    if (
        not isinstance(epk, dict)
        or set(epk) - EPK_MEMBERS
        or epk.get("kty") != "OKP"
        or epk.get("crv") != "X25519"
        or not isinstance(epk.get("x"), str)
    ):
        # joserfc raises KeyError (not a JoseError) on an ephemeral key of another curve.
        raise Refused("envelope ephemeral key is not an X25519 public key", sender=_iss(header), code="header")
    return header


def _iss(header: Mapping[str, Any]) -> str:
    iss = header.get("iss")
    return iss[:MAX_NODE_LENGTH] if isinstance(iss, str) else ""


def open_envelope(
    data: bytes,
    *,
    max_bytes: int,
    decryption_key: Callable[[str], OKPKey | None],
    sender_key: Callable[[str, str], OKPKey | None],
) -> Opened:
    """Decrypt and verify an envelope. ``decryption_key(kid)`` is one of ours (or None);
    ``sender_key(node, kid)`` is a signing key the node claimed in ``iss`` holds (or None)."""
    header = outer_header(data, max_bytes)
    sender = _iss(header)
    kid = header.get("kid")
    key = decryption_key(kid) if isinstance(kid, str) else None
    if key is None:
        raise Refused("envelope is encrypted for a key we do not hold", sender=sender, code="unknown-key")
    try:
        inner = jwe.decrypt_compact(data, key, registry=_JWE).plaintext
    except (JoseError, ValueError):
        raise Refused("envelope cannot be decrypted", sender=sender, code="decrypt") from None
    if inner is None:
        raise Refused("envelope cannot be decrypted", sender=sender, code="decrypt")
    try:
        signer, payload = verify(inner, lambda k: sender_key(sender, k), MESSAGE_TYP)
    except Refused as exc:
        raise Refused(exc.reason, sender=sender, code="signature") from None
    message_header, body = payload.get("header"), payload.get("body")
    if set(payload) != {"header", "body"} or not isinstance(message_header, dict) or not isinstance(body, dict):
        raise Refused("signed payload is not a header and a body", sender=sender, code="header")
    claimed = message_header.get("sender")
    if not isinstance(claimed, dict) or claimed.get("node") != sender:
        raise Refused("the signed sender is not the node the envelope names", sender=sender, code="header")
    return Opened(sender_node=sender, signer_kid=signer, header=message_header, body=body)


def now_text(at: dt.datetime | None = None) -> str:
    """RFC 3339 UTC to the second, as the protocol writes times."""
    return (at or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_time(text: Any) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None
