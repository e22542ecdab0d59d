"""The envelope functions on their own: pure JOSE, no database.

Round trips, every refusal the design names, a second implementation (jwcrypto) reading and writing
the same format, and mutation: one flipped byte anywhere, or arbitrary bytes, only ever give
``Refused``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from joserfc import jwe, jws
from joserfc.jwe import JWERegistry
from joserfc.jwk import ECKey, OctKey, OKPKey, RSAKey
from joserfc.jws import JWSRegistry
from joserfc.registry import HeaderParameter
from jwcrypto import jwe as jc_jwe
from jwcrypto import jwk as jc_jwk
from jwcrypto import jws as jc_jws
from jwcrypto.common import json_encode

from entraide.exchange import envelope as E
from entraide.exchange.envelope import Refused

SENDER = "a.node.example"
RECIPIENT = "b.node.example"
LIMIT = 1_000_000
# envelope.py silences joserfc's RFC 9864 notice at import; pytest resets filters for each test.
pytestmark = pytest.mark.filterwarnings("ignore:EdDSA is deprecated")

# Keys are made once: generation is cheap, but the byte-flip test wants one fixed envelope.
SIG = E.generate_key("sig")
ENC = E.generate_key("enc")
OTHER_SIG = E.generate_key("sig")
OTHER_ENC = E.generate_key("enc")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64json(value: Any) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _header(**changes: Any) -> dict[str, Any]:
    header = {
        "version": "1",
        "id": str(uuid.uuid4()),
        "conversation": str(uuid.uuid4()),
        "type": "request.withdraw",
        "sender": {"node": SENDER, "authority": f"{SENDER}/1"},
        "recipient": {"node": RECIPIENT, "authority": f"{RECIPIENT}/7"},
        "created_at": "2025-03-01T10:00:00Z",
    }
    header.update(changes)
    return header


BODY = {"reason": "Affaire classée — the case was closed"}


def _dk(key: OKPKey = ENC) -> Callable[[str], OKPKey | None]:
    return lambda kid: key if kid == key.kid else None


def _sk(node: str = SENDER, key: OKPKey = SIG) -> Callable[[str, str], OKPKey | None]:
    return lambda n, kid: key if (n, kid) == (node, key.kid) else None


def _open(data: bytes, **kwargs: Any) -> E.Opened:
    kwargs.setdefault("max_bytes", LIMIT)
    kwargs.setdefault("decryption_key", _dk())
    kwargs.setdefault("sender_key", _sk())
    return E.open_envelope(data, **kwargs)


def _refused(data: bytes, **kwargs: Any) -> str:
    with pytest.raises(Refused) as info:
        _open(data, **kwargs)
    return info.value.reason


def _seal(header: dict[str, Any] | None = None, body: dict[str, Any] | None = None) -> bytes:
    return E.seal(header or _header(), body or BODY, signing_key=SIG, recipient_key=ENC)


# An independent JWE registry for crafting envelopes by hand (the module's own is private).
_CRAFT_JWE = JWERegistry(
    header_registry={"iss": HeaderParameter("Sender node", "str")}, algorithms=["ECDH-ES+A256KW", "A256GCM"]
)


def _encrypt(inner: str | bytes, *, recipient: OKPKey = ENC, iss: str = SENDER) -> bytes:
    """Wrap any inner token in a well-formed outer JWE, as a sender would."""
    protected = {"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "kid": recipient.kid, "cty": "entraide+jws", "iss": iss}
    data = inner.encode() if isinstance(inner, str) else inner
    return jwe.encrypt_compact(protected, data, recipient, registry=_CRAFT_JWE).encode()


def _with_header(data: bytes, header: dict[str, Any]) -> bytes:
    """The same envelope with another protected header (so another AAD: it would not decrypt)."""
    parts = data.decode().split(".")
    return ".".join([_b64json(header), *parts[1:]]).encode()


def _ed25519_sign(data: bytes) -> bytes:
    """A raw Ed25519 signature by SIG, for tokens built by hand."""
    private = SIG.private_key
    assert isinstance(private, Ed25519PrivateKey)
    return private.sign(data)


def _payload(header: dict[str, Any] | None = None, body: dict[str, Any] | None = None) -> bytes:
    return json.dumps({"header": header or _header(), "body": body or BODY}).encode()


# 1. Round trip, keys -------------------------------------------------------------------------------


def test_seal_then_open_gives_back_the_message_the_signer_and_the_sender_node():
    header = _header()
    data = _seal(header)
    opened = _open(data)
    assert opened.sender_node == SENDER
    assert opened.signer_kid == SIG.kid
    assert opened.header == header
    assert opened.body == BODY
    outer = E.outer_header(data, LIMIT)
    assert set(outer) == {"alg", "enc", "kid", "cty", "iss", "epk"}
    assert (outer["alg"], outer["enc"], outer["kid"], outer["cty"], outer["iss"]) == (
        "ECDH-ES+A256KW",
        "A256GCM",
        ENC.kid,
        "entraide+jws",
        SENDER,
    )
    inner_header = json.loads(_unb64(E.sign({}, SIG, E.MESSAGE_TYP).split(".")[0]))
    assert inner_header == {"alg": "EdDSA", "kid": SIG.kid, "typ": "entraide+jws"}


def test_two_seals_of_the_same_message_differ():
    header = _header()
    assert _seal(header) != _seal(header)


def _rfc7638(jwk: dict[str, Any]) -> str:
    members = {name: jwk[name] for name in ("crv", "kty", "x")}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    return _b64(hashlib.sha256(canonical).digest())


@pytest.mark.parametrize("use,curve", [("sig", "Ed25519"), ("enc", "X25519")])
def test_generated_key_kid_is_its_rfc7638_thumbprint(use, curve):
    key = E.generate_key(use)
    jwk = E.public_jwk(key)
    assert jwk["kty"] == "OKP" and jwk["crv"] == curve and jwk["use"] == use
    assert "d" not in jwk
    assert key.kid == _rfc7638(jwk) == key.thumbprint()
    assert len(key.kid) == 43
    # The same computation as jwcrypto's, an independent implementation.
    assert jc_jwk.JWK(**jwk).thumbprint() == key.kid
    assert E.import_key(jwk).kid == key.kid
    assert E.import_key(key.as_dict(private=True)).as_dict(private=True)["d"] == key.as_dict(private=True)["d"]


def test_rfc7638_thumbprint_of_the_rfc8037_example():
    # RFC 8037 appendix A.3: the thumbprint of its Ed25519 example key.
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    assert _rfc7638(jwk) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    assert E.import_key({**jwk, "kid": "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"}).kid == _rfc7638(jwk)


def test_import_key_refuses_a_kid_that_is_not_the_thumbprint():
    jwk = E.public_jwk(SIG)
    with pytest.raises(ValueError, match="thumbprint"):
        E.import_key({**jwk, "kid": OTHER_SIG.kid})
    with pytest.raises(ValueError, match="thumbprint"):
        E.import_key({k: v for k, v in jwk.items() if k != "kid"})
    with pytest.raises(ValueError, match="thumbprint"):
        E.import_key({**jwk, "kid": E.fingerprint(str(SIG.kid))})


@pytest.mark.parametrize(
    "make",
    [
        lambda: ECKey.generate_key("P-256", private=False, auto_kid=True),
        lambda: RSAKey.generate_key(2048, private=False, auto_kid=True),
        lambda: OctKey.generate_key(256, auto_kid=True),
        lambda: OKPKey.generate_key("Ed448", private=False, auto_kid=True),
        lambda: OKPKey.generate_key("X448", private=False, auto_kid=True),
    ],
    ids=["P-256", "RSA", "oct", "Ed448", "X448"],
)
def test_import_key_refuses_other_key_types_and_curves(make):
    jwk = make().as_dict(private=False)
    with pytest.raises(ValueError, match="only Ed25519 and X25519"):
        E.import_key(jwk)


def test_fingerprint_groups_the_kid_by_four():
    assert E.fingerprint("c-L5Ua9gm8vt") == "c-L5 Ua9g m8vt"
    assert E.fingerprint(str(SIG.kid)).replace(" ", "") == SIG.kid


# 2. Refusals -----------------------------------------------------------------------------------------


class _Exploding:
    """Bytes-like garbage that fails the test if anything but its length is looked at."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __len__(self) -> int:
        return self.size

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"an oversized envelope was parsed ({name})")


def test_oversized_envelope_is_refused_before_parsing():
    assert "over the limit" in _refused(_Exploding(LIMIT + 1))  # type: ignore[arg-type]
    with pytest.raises(Refused, match="over the limit"):
        E.outer_header(_Exploding(10**9), LIMIT)  # type: ignore[arg-type]
    # Real bytes too: a huge garbage body that would not even decode as ASCII, refused on its size.
    huge = b"\xff" * (LIMIT + 1)
    reason = _refused(huge)
    assert reason == f"envelope of {LIMIT + 1} bytes is over the limit of {LIMIT}"
    # A real envelope one byte over its own size is refused; at its size it opens.
    data = _seal()
    assert "over the limit" in _refused(data, max_bytes=len(data) - 1)
    assert _open(data, max_bytes=len(data)).sender_node == SENDER


@pytest.mark.parametrize(
    "data",
    [b"", b"abc", b"a.b.c", b"a.b.c.d", b"a.b.c.d.e.f", b"....", b"a.b.c.d.e\x00", "a.b.c.d.é".encode(), b"a.b=.c.d.e"],
)
def test_not_five_base64url_parts_is_refused(data):
    assert _refused(data) in {"not a compact serialization", "header is not base64url JSON"}


def test_extra_part_of_a_real_envelope_is_refused():
    data = _seal()
    assert _refused(data + b".AAAA") == "not a compact serialization"
    assert _refused(data.rsplit(b".", 1)[0]) == "not a compact serialization"


def test_header_that_is_not_a_json_object_is_refused():
    assert _refused(f"{_b64json([1, 2])}.a.b.c.d".encode()) == "header is not a JSON object"
    assert _refused(f"{_b64(b'not json')}.a.b.c.d".encode()) == "header is not base64url JSON"
    not_utf8 = _b64(b"\xff\xfe")
    assert _refused(f"{not_utf8}.a.b.c.d".encode()) == "header is not base64url JSON"
    assert _refused(b"A.a.b.c.d") == "header is not base64url JSON"


def test_deeply_nested_header_is_refused_not_a_recursion_error():
    # Fits under MAX_HEADER_BYTES but is deeper than Python's recursion limit.
    deep = _b64(b"[" * 2500)
    assert len(deep) < E.MAX_HEADER_BYTES
    assert _refused(f"{deep}.a.b.c.d".encode()) == "header is not base64url JSON"
    with pytest.raises(Refused, match="base64url JSON"):
        E.verify(f"{deep}.a.b", lambda kid: SIG, E.MESSAGE_TYP)


def test_oversized_header_is_refused():
    big = _b64json({"alg": "ECDH-ES+A256KW", "pad": "x" * E.MAX_HEADER_BYTES})
    assert _refused(f"{big}.a.b.c.d".encode()) == "header too large"


def test_zip_header_is_refused():
    data = _seal()
    header = {**E.outer_header(data, LIMIT), "zip": "DEF"}
    forged = _with_header(data, header)
    # The header as a sender would write it: base64url JSON with "zip":"DEF".
    assert json.loads(_unb64(forged.decode().split(".")[0]))["zip"] == "DEF"
    reason = _refused(forged)
    assert reason == "envelope header has unexpected parameters: ['zip']"


@pytest.mark.parametrize("name", ["crit", "jku", "jwk", "x5u", "apu", "typ", "p2s"])
def test_other_header_parameters_are_refused(name):
    data = _seal()
    forged = _with_header(data, {**E.outer_header(data, LIMIT), name: "x"})
    assert "unexpected parameters" in _refused(forged)


@pytest.mark.parametrize(
    "changes",
    [
        {"alg": "none"},
        {"alg": "dir"},
        {"alg": "RSA-OAEP"},
        {"alg": "ECDH-ES"},
        {"alg": "ECDH-ES+A128KW"},
        {"alg": "A256KW"},
        {"enc": "A128GCM"},
        {"enc": "A256CBC-HS512"},
        {"alg": None},
        {"enc": None},
    ],
    ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()),
)
def test_other_algorithms_are_refused(changes):
    data = _seal()
    header = {**E.outer_header(data, LIMIT), **changes}
    header = {k: v for k, v in header.items() if v is not None}
    reason = _refused(_with_header(data, header))
    assert reason.startswith("envelope algorithms ") and "are not ECDH-ES+A256KW/A256GCM" in reason


def test_alg_none_without_a_key_or_a_tag_is_refused():
    header = {"alg": "none", "enc": "A256GCM", "kid": ENC.kid, "cty": "entraide+jws", "iss": SENDER}
    inner = E.sign({"header": _header(), "body": BODY}, SIG, E.MESSAGE_TYP)
    forged = f"{_b64json(header)}...{_b64(inner.encode())}.".encode()
    assert _refused(forged).startswith("envelope algorithms 'none'")


def test_wrong_content_type_or_missing_sender_node_is_refused():
    data = _seal()
    outer = E.outer_header(data, LIMIT)
    assert _refused(_with_header(data, {**outer, "cty": "JWT"})) == "envelope content type is not entraide+jws"
    no_iss = {k: v for k, v in outer.items() if k != "iss"}
    assert _refused(_with_header(data, no_iss)) == "envelope does not name its sender node"
    assert _refused(_with_header(data, {**outer, "iss": ""})) == "envelope does not name its sender node"
    assert _refused(_with_header(data, {**outer, "iss": 42})) == "envelope does not name its sender node"
    long = {**outer, "iss": "n" * (E.MAX_NODE_LENGTH + 1)}
    assert _refused(_with_header(data, long)) == "envelope sender node name is too long"


@pytest.mark.parametrize(
    "epk",
    [
        None,
        "x",
        [1],
        {"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"},
        {"kty": "OKP", "crv": "Ed25519", "x": "AA"},
        {"kty": "OKP", "crv": "X25519"},
        {"kty": "OKP", "crv": "X25519", "x": "AA", "d": "AA"},
    ],
    ids=["missing", "string", "list", "P-256", "Ed25519", "no-x", "private"],
)
def test_ephemeral_key_that_is_not_an_x25519_public_key_is_refused(epk):
    data = _seal()
    header = {**E.outer_header(data, LIMIT), "epk": epk}
    if epk is None:
        del header["epk"]
    assert _refused(_with_header(data, header)) == "envelope ephemeral key is not an X25519 public key"


@pytest.mark.parametrize("x", [_b64(bytes(32)), _b64(b"\x01" + bytes(31)), "AAAA"], ids=["zero", "low-order", "short"])
def test_weak_or_malformed_ephemeral_key_does_not_decrypt(x):
    data = _seal()
    header = {**E.outer_header(data, LIMIT), "epk": {"kty": "OKP", "crv": "X25519", "x": x}}
    assert _refused(_with_header(data, header)) == "envelope cannot be decrypted"


def test_unknown_recipient_kid_is_refused():
    data = _seal()
    asked: list[Any] = []

    def none(kid: str) -> OKPKey | None:
        asked.append(kid)
        return None

    with pytest.raises(Refused) as info:
        _open(data, decryption_key=none)
    assert info.value.reason == "envelope is encrypted for a key we do not hold"
    assert info.value.sender == SENDER
    assert asked == [ENC.kid]
    # A kid that is not a string is not even looked up.
    forged = _with_header(data, {**E.outer_header(data, LIMIT), "kid": 7})
    with pytest.raises(Refused, match="key we do not hold"):
        _open(forged, decryption_key=none)
    assert asked == [ENC.kid]


def test_envelope_encrypted_for_another_key_is_refused():
    other = E.seal(_header(), BODY, signing_key=SIG, recipient_key=OTHER_ENC)
    assert _refused(other) == "envelope is encrypted for a key we do not hold"
    # The kid names one of our keys but the content was encrypted for another one.
    assert _refused(other, decryption_key=lambda kid: ENC) == "envelope cannot be decrypted"
    assert _refused(_seal(), decryption_key=lambda kid: OTHER_ENC) == "envelope cannot be decrypted"


def test_inner_signature_by_an_unknown_key_is_refused():
    data = E.seal(_header(), BODY, signing_key=OTHER_SIG, recipient_key=ENC)
    with pytest.raises(Refused) as info:
        _open(data)
    assert info.value.reason == "signed with a key we do not know"
    assert info.value.sender == SENDER


def test_inner_signature_by_a_key_of_another_node_is_refused():
    # The sender_key lookup is per node: SIG belongs to SENDER, not to the node another envelope names.
    data = _seal()
    assert _refused(data, sender_key=_sk(node="c.node.example")) == "signed with a key we do not know"


def test_inner_signature_that_does_not_verify_is_refused():
    # The kid is known but the signature was made with another key.
    inner = E.sign({"header": _header(), "body": BODY}, OTHER_SIG, E.MESSAGE_TYP)
    head, payload, signature = inner.split(".")
    head = _b64json({"alg": "EdDSA", "kid": SIG.kid, "typ": "entraide+jws"})
    assert _refused(_encrypt(f"{head}.{payload}.{signature}")) == "bad signature"


def test_inner_jws_with_alg_none_is_refused():
    head = _b64json({"alg": "none", "kid": SIG.kid, "typ": "entraide+jws"})
    for signature in ("", _b64(b"x" * 64)):
        assert _refused(_encrypt(f"{head}.{_b64(_payload())}.{signature}")) == (
            "signature algorithm 'none' is not EdDSA"
        )


def test_inner_jws_signed_with_hs256_is_refused():
    # An HMAC keyed with the sender's public key: the classic algorithm confusion.
    secret = OctKey.import_key(json.dumps(E.public_jwk(SIG)).encode())
    protected = {"alg": "HS256", "kid": SIG.kid, "typ": "entraide+jws"}
    payload = _payload()
    inner = jws.serialize_compact(protected, payload, secret, algorithms=["HS256"])
    assert jws.deserialize_compact(inner, secret, algorithms=["HS256"]).payload == payload
    assert _refused(_encrypt(inner)) == "signature algorithm 'HS256' is not EdDSA"


@pytest.mark.parametrize("alg", ["Ed25519", "ES256", "RS256", "HS512", "EdDSA "])
def test_inner_jws_with_another_signature_algorithm_is_refused(alg):
    head = _b64json({"alg": alg, "kid": SIG.kid, "typ": "entraide+jws"})
    assert _refused(_encrypt(f"{head}.{_b64(_payload())}.{_b64(b'x' * 64)}")) == (
        f"signature algorithm {alg!r} is not EdDSA"
    )


def test_inner_jws_with_wrong_typ_or_extra_header_is_refused():
    for typ in (E.EVIDENCE_TYP, E.PULL_TYP, "JWT"):
        inner = E.sign(json.loads(_payload()), SIG, typ)
        assert _refused(_encrypt(inner)) == "signed object is not of type entraide+jws"
    registry = JWSRegistry(header_registry={"iss": HeaderParameter("x", "str")}, algorithms=["EdDSA"])
    protected = {"alg": "EdDSA", "kid": SIG.kid, "typ": "entraide+jws", "iss": SENDER}
    inner = jws.serialize_compact(protected, _payload(), SIG, algorithms=["EdDSA"], registry=registry)
    assert _refused(_encrypt(inner)) == "signature header has unexpected parameters: ['iss']"


def test_inner_payload_that_is_not_a_header_and_a_body_is_refused():
    for payload in (
        {"header": _header()},
        {"header": _header(), "body": BODY, "extra": 1},
        {"header": "h", "body": BODY},
        {"header": _header(), "body": [1]},
    ):
        inner = E.sign(payload, SIG, E.MESSAGE_TYP)
        assert _refused(_encrypt(inner)) == "signed payload is not a header and a body"
    inner = E.sign([1, 2], SIG, E.MESSAGE_TYP)  # type: ignore[arg-type]
    assert _refused(_encrypt(inner)) == "signed payload is not a JSON object"
    head = _b64json({"alg": "EdDSA", "kid": SIG.kid, "typ": "entraide+jws"})
    body = _b64(b"\xff not JSON")
    signature = _b64(_ed25519_sign(f"{head}.{body}".encode()))
    assert _refused(_encrypt(f"{head}.{body}.{signature}")) == "bad signature"
    assert _refused(_encrypt(b"not a JWS")) == "not a compact serialization"


@pytest.mark.parametrize(
    "sender",
    [{"node": "c.node.example", "authority": "c.node.example/1"}, {"authority": f"{SENDER}/1"}, "a.node.example", None],
    ids=["other-node", "no-node", "string", "null"],
)
def test_signed_sender_node_other_than_the_envelope_iss_is_refused(sender):
    inner = E.sign({"header": _header(sender=sender), "body": BODY}, SIG, E.MESSAGE_TYP)
    with pytest.raises(Refused) as info:
        _open(_encrypt(inner))
    assert info.value.reason == "the signed sender is not the node the envelope names"
    assert info.value.sender == SENDER


def test_iss_that_only_starts_with_the_signed_sender_node_is_refused():
    # Regression: iss used to be cut at 200 characters before being compared with the signed node.
    node = "n" * 200
    header = _header(sender={"node": node, "authority": f"{node}/1"})
    inner = E.sign({"header": header, "body": BODY}, SIG, E.MESSAGE_TYP)
    data = _encrypt(inner, iss=node + ".evil.example")
    assert _refused(data, sender_key=lambda n, kid: SIG) == "the signed sender is not the node the envelope names"
    assert _open(_encrypt(inner, iss=node), sender_key=lambda n, kid: SIG).sender_node == node


def test_the_sender_key_is_looked_up_for_the_node_in_iss():
    calls: list[tuple[str, str]] = []

    def lookup(node: str, kid: str) -> OKPKey | None:
        calls.append((node, kid))
        return SIG

    _open(_seal(), sender_key=lookup)
    assert calls == [(SENDER, SIG.kid)]


@pytest.mark.parametrize("index,name", [(1, "encrypted key"), (2, "iv"), (3, "ciphertext"), (4, "tag")])
def test_tampered_parts_are_refused(index, name):
    data = _seal()
    parts = data.decode().split(".")
    raw = bytearray(_unb64(parts[index]))
    for position in (0, len(raw) // 2, len(raw) - 1):
        changed = bytearray(raw)
        changed[position] ^= 0x01
        tampered = ".".join([*parts[:index], _b64(bytes(changed)), *parts[index + 1 :]]).encode()
        assert _refused(tampered) == "envelope cannot be decrypted", (name, position)
    # Truncated (a shorter tag or IV, a ciphertext missing its last block) and emptied.
    for value in (_b64(bytes(raw[:-1])), _b64(bytes(raw[: len(raw) // 2])), ""):
        tampered = ".".join([*parts[:index], value, *parts[index + 1 :]]).encode()
        assert _refused(tampered) == "envelope cannot be decrypted", (name, value)


def test_swapped_parts_from_another_envelope_are_refused():
    first, second = _seal().decode().split("."), _seal().decode().split(".")
    for index in range(5):
        mixed = ".".join([*first[:index], second[index], *first[index + 1 :]]).encode()
        assert _refused(mixed) == "envelope cannot be decrypted"


def test_non_canonical_base64_is_refused():
    # The tag is 16 bytes: its last base64url character carries 4 unused bits. Setting them gives
    # other text for the same bytes, which must not open (one envelope, one spelling).
    data = _seal()
    parts = data.decode().split(".")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(parts[4][-1])
    for spare in range(1, 16):
        parts_changed = [*parts[:4], parts[4][:-1] + alphabet[last | spare]]
        if parts_changed[4] == parts[4]:
            continue
        assert _unb64(parts_changed[4]) == _unb64(parts[4])
        with pytest.raises(Refused):
            _open(".".join(parts_changed).encode())


# 3. jwcrypto, an independent implementation ---------------------------------------------------------


def _jc(key: OKPKey, *, private: bool) -> jc_jwk.JWK:
    return jc_jwk.JWK(**key.as_dict(private=private))


def test_jwcrypto_decrypts_and_verifies_our_envelope():
    header = _header()
    data = _seal(header)
    token = jc_jwe.JWE()
    token.allowed_algs = ["ECDH-ES+A256KW", "A256GCM"]
    token.deserialize(data.decode(), key=_jc(ENC, private=True))
    protected = json.loads(token.objects["protected"])
    assert {k: protected[k] for k in ("alg", "enc", "kid", "cty", "iss")} == {
        "alg": "ECDH-ES+A256KW",
        "enc": "A256GCM",
        "kid": ENC.kid,
        "cty": "entraide+jws",
        "iss": SENDER,
    }
    assert protected["epk"]["crv"] == "X25519"
    signed = jc_jws.JWS()
    signed.allowed_algs = ["EdDSA"]
    signed.deserialize(token.payload.decode(), key=_jc(SIG, private=False))
    assert signed.jose_header == {"alg": "EdDSA", "kid": SIG.kid, "typ": "entraide+jws"}
    assert json.loads(signed.payload) == {"header": header, "body": BODY}
    # And jwcrypto too refuses it with another key.
    other = jc_jwe.JWE()
    other.allowed_algs = ["ECDH-ES+A256KW", "A256GCM"]
    with pytest.raises(jc_jwe.InvalidJWEData):
        other.deserialize(data.decode(), key=_jc(OTHER_ENC, private=True))
    wrong = jc_jws.JWS()
    wrong.allowed_algs = ["EdDSA"]
    with pytest.raises(jc_jws.InvalidJWSSignature):
        wrong.deserialize(token.payload.decode(), key=_jc(OTHER_SIG, private=False))


def _jwcrypto_envelope(header: dict[str, Any], body: dict[str, Any], *, iss: str = SENDER) -> bytes:
    """An envelope made by jwcrypto from the written format only."""
    payload = json.dumps({"header": header, "body": body}).encode()
    signed = jc_jws.JWS(payload)
    signed.allowed_algs = ["EdDSA"]
    signed.add_signature(
        _jc(SIG, private=True), None, json_encode({"alg": "EdDSA", "kid": SIG.kid, "typ": "entraide+jws"})
    )
    inner = signed.serialize(compact=True)
    protected = {"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "kid": ENC.kid, "cty": "entraide+jws", "iss": iss}
    token = jc_jwe.JWE(inner.encode(), protected=json_encode(protected))
    token.allowed_algs = ["ECDH-ES+A256KW", "A256GCM"]
    token.add_recipient(_jc(ENC, private=False))
    return token.serialize(compact=True).encode()


def test_an_envelope_made_by_jwcrypto_opens():
    header = _header()
    data = _jwcrypto_envelope(header, BODY)
    opened = _open(data)
    assert (opened.sender_node, opened.signer_kid, opened.header, opened.body) == (SENDER, SIG.kid, header, BODY)
    # The same checks hold for it: a mismatched iss is refused.
    mismatched = _jwcrypto_envelope(header, BODY, iss="c.node.example")
    with pytest.raises(Refused, match="signed with a key we do not know"):
        _open(mismatched)
    assert (
        _refused(mismatched, sender_key=lambda node, kid: SIG) == "the signed sender is not the node the envelope names"
    )


def test_jwcrypto_verifies_our_signed_tokens():
    evidence = {
        "type": "submission-accepted",
        "message": str(uuid.uuid4()),
        "conversation": str(uuid.uuid4()),
        "issuer": RECIPIENT,
        "at": E.now_text(),
        "reason": "",
        "digest": E.digest(_seal()),
    }
    for typ, payload in ((E.EVIDENCE_TYP, evidence), (E.PULL_TYP, {"node": SENDER}), (E.NODE_TYP, {"n": "é"})):
        token = E.sign(payload, SIG, typ)
        checked = jc_jws.JWS()
        checked.allowed_algs = ["EdDSA"]
        checked.deserialize(token, key=_jc(SIG, private=False))
        assert checked.jose_header == {"alg": "EdDSA", "kid": SIG.kid, "typ": typ}
        assert json.loads(checked.payload) == payload


def test_a_token_signed_by_jwcrypto_verifies():
    payload = {"type": "delivered", "message": str(uuid.uuid4()), "issuer": SENDER}
    signed = jc_jws.JWS(json.dumps(payload).encode())
    signed.allowed_algs = ["EdDSA"]
    signed.add_signature(
        _jc(SIG, private=True), None, json_encode({"alg": "EdDSA", "kid": SIG.kid, "typ": E.EVIDENCE_TYP})
    )
    token = signed.serialize(compact=True)
    assert E.verify(token, {SIG.kid: SIG}.get, E.EVIDENCE_TYP) == (SIG.kid, payload)
    assert E.verify(token.encode(), {SIG.kid: SIG}.get, E.EVIDENCE_TYP) == (SIG.kid, payload)
    with pytest.raises(Refused, match="key we do not know"):
        E.verify(token, {OTHER_SIG.kid: OTHER_SIG}.get, E.EVIDENCE_TYP)


# 4. Mutation ----------------------------------------------------------------------------------------


def test_every_single_byte_flip_is_refused():
    data = _seal()
    assert _open(data).body == BODY
    rng = random.Random(12)
    decryption_key, sender_key = _dk(), _sk()
    accepted: list[int] = []
    others: list[tuple[int, BaseException]] = []
    reasons: dict[str, int] = {}
    started = time.perf_counter()
    for _ in range(10_000):
        position = rng.randrange(len(data))
        flipped = bytearray(data)
        flipped[position] ^= rng.randrange(1, 256)
        try:
            E.open_envelope(bytes(flipped), max_bytes=LIMIT, decryption_key=decryption_key, sender_key=sender_key)
        except Refused as exc:
            kind = exc.reason.split("'")[0].split(":")[0]
            reasons[kind] = reasons.get(kind, 0) + 1
        except Exception as exc:  # any other exception is the failure looked for
            others.append((position, exc))
        else:
            accepted.append(position)
    elapsed = time.perf_counter() - started
    assert not accepted, f"flipped envelopes accepted at positions {accepted}"
    assert not others, f"flipped envelopes raised {others[:5]}"
    # Most flips leave the base64url alphabet and are refused while parsing; the others reach the
    # authenticated decryption (or the header checks) and are refused there.
    assert reasons.get("envelope cannot be decrypted", 0) > 1_000, reasons
    assert elapsed < 30, f"10,000 flips took {elapsed:.1f} s"
    print(f"10,000 byte flips refused in {elapsed:.2f} s: {reasons}")


def test_every_single_byte_flip_of_a_signed_token_is_refused():
    token = E.sign({"type": "delivered", "message": str(uuid.uuid4())}, SIG, E.EVIDENCE_TYP).encode()
    rng = random.Random(12)
    for _ in range(2_000):
        flipped = bytearray(token)
        flipped[rng.randrange(len(token))] ^= rng.randrange(1, 256)
        with pytest.raises(Refused):
            E.verify(bytes(flipped), {SIG.kid: SIG}.get, E.EVIDENCE_TYP)


_FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_B64URL = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", max_size=80)


def _only_refused(data: bytes) -> None:
    try:
        _open(data)
    except Refused:
        return
    raise AssertionError(f"accepted {data!r}")


@_FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_are_only_ever_refused(data):
    _only_refused(data)


@_FUZZ
@given(st.lists(st.one_of(_B64URL, st.text(max_size=20)), min_size=5, max_size=5))
def test_arbitrary_five_part_strings_are_only_ever_refused(parts):
    _only_refused(".".join(parts).encode("utf-8", "surrogatepass"))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=10,
)


@_FUZZ
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "alg": st.sampled_from(["ECDH-ES+A256KW", "none", "dir"]) | _JSON,
            "enc": st.sampled_from(["A256GCM", "A128GCM"]) | _JSON,
            "kid": st.just(ENC.kid) | _JSON,
            "cty": st.just("entraide+jws") | _JSON,
            "iss": st.just(SENDER) | _JSON,
            "epk": _JSON | st.fixed_dictionaries({"kty": st.just("OKP"), "crv": st.just("X25519"), "x": _B64URL}),
            "zip": _JSON,
        },
    ),
    st.lists(_B64URL, min_size=4, max_size=4),
)
def test_arbitrary_headers_over_real_parts_are_only_ever_refused(header, tail):
    _only_refused(".".join([_b64json(header), *tail]).encode())


@_FUZZ
@given(st.binary(max_size=600) | st.lists(_B64URL, min_size=3, max_size=3).map(lambda p: ".".join(p).encode()))
def test_arbitrary_tokens_are_only_ever_refused_by_verify(data):
    with pytest.raises(Refused):
        E.verify(data, lambda kid: SIG, E.EVIDENCE_TYP)


# 5. Signed tokens -----------------------------------------------------------------------------------


def test_sign_then_verify():
    payload = {"type": "retrieved", "message": str(uuid.uuid4()), "at": E.now_text(), "name": "Ngũgĩ"}
    token = E.sign(payload, SIG, E.EVIDENCE_TYP)
    assert E.verify(token, {SIG.kid: SIG}.get, E.EVIDENCE_TYP) == (SIG.kid, payload)


def test_verify_refuses_the_wrong_typ():
    token = E.sign({"a": 1}, SIG, E.EVIDENCE_TYP)
    for typ in (E.PULL_TYP, E.NODE_TYP, E.MESSAGE_TYP):
        with pytest.raises(Refused, match=re.escape(f"not of type {typ}")):
            E.verify(token, {SIG.kid: SIG}.get, typ)
    _head, payload, signature = token.split(".")
    no_typ = _b64json({"alg": "EdDSA", "kid": SIG.kid})
    with pytest.raises(Refused, match="not of type"):
        E.verify(f"{no_typ}.{payload}.{signature}", {SIG.kid: SIG}.get, E.EVIDENCE_TYP)


@pytest.mark.parametrize("extra", [{"crit": ["b64"], "b64": False}, {"jwk": {}}, {"cty": "json"}, {"x5u": "u"}])
def test_verify_refuses_an_extra_header_parameter(extra):
    # Properly signed over the extra parameter, so only the allow-list can refuse it.
    header = {"alg": "EdDSA", "kid": SIG.kid, "typ": E.EVIDENCE_TYP, **extra}
    head = _b64json(header)
    body = _b64(b'{"a":1}')
    signature = _b64(_ed25519_sign(f"{head}.{body}".encode()))
    with pytest.raises(Refused) as info:
        E.verify(f"{head}.{body}.{signature}", {SIG.kid: SIG}.get, E.EVIDENCE_TYP)
    assert info.value.reason == f"signature header has unexpected parameters: {sorted(extra)}"


def test_verify_refuses_a_tampered_payload_header_or_signature():
    token = E.sign({"type": "delivered", "amount": 1}, SIG, E.EVIDENCE_TYP)
    head, payload, signature = token.split(".")
    keys = {SIG.kid: SIG}.get
    changed = _b64(json.dumps({"type": "delivered", "amount": 2}, separators=(",", ":")).encode())
    with pytest.raises(Refused, match="bad signature"):
        E.verify(f"{head}.{changed}.{signature}", keys, E.EVIDENCE_TYP)
    with pytest.raises(Refused, match="bad signature"):
        E.verify(f"{head}.{payload}x.{signature}", keys, E.EVIDENCE_TYP)
    raw = bytearray(_unb64(signature))
    raw[10] ^= 0x80
    with pytest.raises(Refused, match="bad signature"):
        E.verify(f"{head}.{payload}.{_b64(bytes(raw))}", keys, E.EVIDENCE_TYP)
    with pytest.raises(Refused, match="bad signature"):
        E.verify(f"{head}.{payload}.", keys, E.EVIDENCE_TYP)
    with pytest.raises(Refused, match="bad signature"):
        E.verify(f"{head}.{payload}.{signature}", {SIG.kid: OTHER_SIG}.get, E.EVIDENCE_TYP)
    reordered = _b64json({"kid": SIG.kid, "typ": E.EVIDENCE_TYP, "alg": "EdDSA"})
    with pytest.raises(Refused, match="bad signature"):
        E.verify(f"{reordered}.{payload}.{signature}", keys, E.EVIDENCE_TYP)


def test_verify_refuses_other_algorithms_and_unknown_keys():
    token = E.sign({"a": 1}, SIG, E.EVIDENCE_TYP)
    _head, payload, signature = token.split(".")
    for alg in ("none", "HS256", "ES256", "Ed25519"):
        head = _b64json({"alg": alg, "kid": SIG.kid, "typ": E.EVIDENCE_TYP})
        with pytest.raises(Refused, match="signature algorithm"):
            E.verify(f"{head}.{payload}.{signature}", {SIG.kid: SIG}.get, E.EVIDENCE_TYP)
    with pytest.raises(Refused, match="key we do not know"):
        E.verify(token, lambda kid: None, E.EVIDENCE_TYP)
    head = _b64json({"alg": "EdDSA", "kid": ["x"], "typ": E.EVIDENCE_TYP})
    with pytest.raises(Refused, match="key we do not know"):
        E.verify(f"{head}.{payload}.{signature}", lambda kid: SIG, E.EVIDENCE_TYP)
    # An encryption key under a signature kid does not verify anything.
    with pytest.raises(Refused, match="bad signature"):
        E.verify(token, lambda kid: ENC, E.EVIDENCE_TYP)


# Small helpers --------------------------------------------------------------------------------------


def test_now_text_and_parse_time():
    import datetime as dt

    at = dt.datetime(2025, 3, 1, 12, 30, 15, 999, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert E.now_text(at) == "2025-03-01T09:30:15Z"
    assert E.parse_time("2025-03-01T09:30:15Z") == at.replace(microsecond=0)
    assert E.parse_time("2025-03-01T09:30:15") is None
    assert E.parse_time("yesterday") is None
    assert E.parse_time(12) is None


def test_digest_is_sha256_hex():
    assert E.digest(b"abc") == hashlib.sha256(b"abc").hexdigest()
