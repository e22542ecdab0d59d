"""Encryption at rest: AES-256-GCM per file, the per-file key wrapped by the master key.

The master key comes from ``ENTRAIDE_MASTER_KEY`` (or ``ENTRAIDE_MASTER_KEY_FILE``); older
keys in ``ENTRAIDE_MASTER_KEY_PREVIOUS`` still unwrap until ``entraide rotate-master-key``
re-wraps every file key under the current one. In demo and development mode a key is
generated under ``var/`` so the demo works out of the box.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction

from entraide.core.devkeys import dev_key

NONCE_BYTES = 12
KEY_BYTES = 32
FORMAT = b"EAD1"  # file header: format tag, then the nonce, then the ciphertext


class KeyError_(Exception):
    """A file key cannot be unwrapped with any master key we hold."""


@dataclass(frozen=True)
class MasterKey:
    key: bytes

    @property
    def kid(self) -> str:
        return hashlib.sha256(b"entraide-master-key:" + self.key).hexdigest()[:16]


def parse_key(text: str) -> bytes:
    text = text.strip()
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        try:
            raw = decode(text + "=" * (-len(text) % 4))
        except (binascii.Error, ValueError):
            continue
        if len(raw) == KEY_BYTES:
            return raw
    raise ImproperlyConfigured("ENTRAIDE_MASTER_KEY must be 32 bytes in base64 (entraide rotate-master-key --generate)")


def generate_key_text() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def _dev_key() -> str:
    return dev_key("master_key", generate_key_text)


def current_master_key() -> MasterKey:
    text = getattr(settings, "ENTRAIDE_MASTER_KEY", "")
    if not text:
        if settings.DEBUG or settings.DEMO:
            text = _dev_key()
        else:
            raise ImproperlyConfigured("ENTRAIDE_MASTER_KEY (or ENTRAIDE_MASTER_KEY_FILE) is required for documents")
    return MasterKey(parse_key(text))


def all_master_keys() -> dict[str, MasterKey]:
    keys = [current_master_key()]
    previous = getattr(settings, "ENTRAIDE_MASTER_KEY_PREVIOUS", "")
    keys += [MasterKey(parse_key(part)) for part in previous.split(",") if part.strip()]
    return {k.kid: k for k in keys}


def _wrap_aad(file_id: str) -> bytes:
    return b"entraide-file-key:" + file_id.encode()


def wrap(file_key: bytes, file_id: str, master: MasterKey) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(master.key).encrypt(nonce, file_key, _wrap_aad(file_id))


def unwrap(wrapped: bytes, file_id: str, kid: str) -> bytes:
    master = all_master_keys().get(kid)
    if master is None:
        raise KeyError_(f"no master key with id {kid}")
    wrapped = bytes(wrapped)
    return AESGCM(master.key).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], _wrap_aad(file_id))


def encrypt_file(plaintext: bytes, file_id: str) -> tuple[bytes, bytes, str]:
    """Encrypt under a fresh file key; returns (stored bytes, wrapped key, master key id)."""
    master = current_master_key()
    file_key = AESGCM.generate_key(bit_length=256)
    nonce = secrets.token_bytes(NONCE_BYTES)
    blob = FORMAT + nonce + AESGCM(file_key).encrypt(nonce, plaintext, file_id.encode())
    return blob, wrap(file_key, file_id, master), master.kid


def decrypt_file(blob: bytes, wrapped: bytes, file_id: str, kid: str) -> bytes:
    if not blob.startswith(FORMAT):
        raise KeyError_("not an Entraide encrypted file")
    file_key = unwrap(wrapped, file_id, kid)
    body = blob[len(FORMAT) :]
    return AESGCM(file_key).decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], file_id.encode())


def keys_rewrap(
    rows: models.QuerySet[Any],
    file_id: Callable[[Any], str],
    rewrapped: Callable[[Any, str, str], None],
    *,
    batch: int = 500,
) -> int:
    """Re-wrap under the current master key the file key of every row of ``rows`` (models with
    ``wrapped_key`` and ``master_key_id``) not yet under it, each in its own transaction (so the
    work is resumable); ``rewrapped(row, old kid, new kid)`` runs in that transaction (the audit
    event). Returns how many were re-wrapped."""
    current = current_master_key()
    done = 0
    while True:
        todo = list(rows.exclude(master_key_id=current.kid).order_by("pk").values_list("pk", flat=True)[:batch])
        if not todo:
            return done
        for pk in todo:
            with transaction.atomic():
                row = rows.select_for_update().get(pk=pk)
                if row.master_key_id == current.kid:
                    continue
                old = row.master_key_id
                file_key = unwrap(bytes(row.wrapped_key), file_id(row), old)
                row.wrapped_key = wrap(file_key, file_id(row), current)
                row.master_key_id = current.kid
                row.save(update_fields=["wrapped_key", "master_key_id"])
                rewrapped(row, old, current.kid)
                done += 1
