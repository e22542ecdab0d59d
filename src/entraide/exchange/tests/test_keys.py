"""The node's keys: kept under the master key, rotated with an overlap, re-wrapped with the master key."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from entraide.core import crypto
from entraide.exchange import envelope, keys
from entraide.exchange.models import NodeKey

pytestmark = pytest.mark.django_db


def test_rotating_the_master_key_rewraps_the_node_keys(settings: Any) -> None:
    signing = keys.signing_key()
    old = settings.ENTRAIDE_MASTER_KEY
    settings.ENTRAIDE_MASTER_KEY, settings.ENTRAIDE_MASTER_KEY_PREVIOUS = crypto.generate_key_text(), old
    out = io.StringIO()
    call_command("rotate_master_key", stdout=out)
    assert "re-wrapped 2 key(s) of the exchange's node keys" in out.getvalue()
    settings.ENTRAIDE_MASTER_KEY_PREVIOUS = ""
    keys._private.cache_clear()
    keys.forget()
    assert NodeKey.objects.exclude(master_key_id=crypto.current_master_key().kid).count() == 0
    token = envelope.sign({"x": 1}, keys.signing_key(), envelope.EVIDENCE_TYP)
    assert envelope.verify(token, lambda kid: keys.own_key(kid, "sig"), envelope.EVIDENCE_TYP)[0] == signing.kid


def test_a_replaced_key_is_still_accepted_for_the_overlap_then_retired() -> None:
    first = keys.signing_key()
    keys.rotate(actor=None, overlap_days=14)
    assert keys.signing_key().kid != first.kid
    assert keys.own_key(str(first.kid), "sig") is not None, "accepted during the overlap"
    assert next(jwk["kid"] for jwk in keys.published() if jwk["use"] == "sig") == keys.signing_key().kid
    keys.rotate(actor=None, overlap_days=0)
    assert keys.own_key(str(first.kid), "sig") is not None
    NodeKey.objects.filter(kid=first.kid).update(accepted_until="2000-01-01T00:00:00Z")
    keys.forget()
    assert keys.own_key(str(first.kid), "sig") is None, "retired after its overlap"
