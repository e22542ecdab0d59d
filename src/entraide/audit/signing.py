"""The node's audit signing key (Ed25519): it signs the chain's head, so a checkpoint kept outside
the database proves that nothing before it was rewritten, even by someone who can recompute hashes."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from entraide.core.devkeys import dev_key

KEY_BYTES = 32


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_key_text() -> str:
    return _b64(secrets.token_bytes(KEY_BYTES))


def _dev_key() -> str:
    return dev_key("audit_signing_key", generate_key_text)


def private_key() -> Ed25519PrivateKey:
    text = getattr(settings, "ENTRAIDE_AUDIT_SIGNING_KEY", "")
    if not text:
        if settings.DEBUG or settings.DEMO:
            text = _dev_key()
        else:
            raise ImproperlyConfigured("ENTRAIDE_AUDIT_SIGNING_KEY (or _FILE) is required to seal the audit log")
    try:
        raw = _unb64(text.strip())
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured("ENTRAIDE_AUDIT_SIGNING_KEY must be 32 bytes in base64 (entraide audit keygen)")
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_text(key: Ed25519PrivateKey | None = None) -> str:
    return _b64((key or private_key()).public_key().public_bytes_raw())


def fingerprint(public_text: str) -> str:
    """SHA-256 of the raw public key, hex: what an outsider compares out of band."""
    return hashlib.sha256(_unb64(public_text)).hexdigest()


def payload(head: dict[str, Any]) -> bytes:
    return json.dumps({k: head[k] for k in ("seq", "hash", "at")}, sort_keys=True, separators=(",", ":")).encode()


def sign(head: dict[str, Any]) -> str:
    return _b64(private_key().sign(payload(head)))


def verify(public_text: str, head: dict[str, Any], signature: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(_unb64(public_text)).verify(_unb64(signature), payload(head))
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
