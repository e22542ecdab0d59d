"""The exchange's JSON schemas: valid draft 2020-12, their examples valid, bad bodies refused, enums as the models."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from jsonschema import Draft202012Validator

from entraide.cases.lifecycle import Direction, MeasureStatus, RefusalGround, every_state
from entraide.cases.models import Assertion, Deadline, Document, Measure, Person
from entraide.core.sniff import EXTENSIONS
from entraide.exchange import protocol
from entraide.reference.choices import Modality

SCHEMAS = Path(protocol.__file__).parent / "schemas"


def example(name: str) -> Any:
    return json.loads((SCHEMAS / "examples" / f"{name}.json").read_text(encoding="utf-8"))


def test_the_schema_files_are_the_schemas_named():
    names = {p.name.removesuffix(".json") for p in SCHEMAS.glob("*.json")}
    assert names == set(protocol.SCHEMAS)
    assert {p.name.removesuffix(".json") for p in (SCHEMAS / "examples").glob("*.json")} == names


@pytest.mark.parametrize("name", protocol.SCHEMAS)
def test_each_schema_is_a_valid_draft_2020_12_schema_with_its_id(name):
    schema = protocol.schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{protocol.SCHEMA_BASE}{name}.json"
    assert schema["additionalProperties"] is False
    assert sorted(schema["required"]) == sorted(schema["properties"])


@pytest.mark.parametrize("name", protocol.SCHEMAS)
def test_each_example_is_valid(name):
    check = protocol.validate_header if name == protocol.HEADER else lambda body: protocol.validate(name, body)
    assert check(example(name)) == []


def test_the_header_names_every_type_and_the_version():
    header = protocol.schema(protocol.HEADER)
    assert tuple(header["properties"]["type"]["enum"]) == protocol.TYPES
    assert example(protocol.HEADER)["version"] == protocol.PROTOCOL_VERSION


def test_example_documents_carry_their_size_and_digest():
    for name in ("request.submit", "information.provide", "execution.result", "document"):
        body = example(name)
        for document in [body] if name == "document" else body["documents"]:
            content = base64.b64decode(document["content"], validate=True)
            assert document["size"] == len(content)
            assert document["sha256"] == hashlib.sha256(content).hexdigest()


def test_an_extra_field_is_refused_at_any_depth():
    body = example("request.submit")
    body["priority"] = "high"
    assert protocol.validate("request.submit", body) == [
        "/: Additional properties are not allowed ('priority' was unexpected)"
    ]
    body = example("request.submit")
    body["documents"][0]["path"] = "/etc/passwd"
    assert protocol.validate("request.submit", body)[0].startswith("/documents/0: Additional properties")


def test_a_missing_field_is_refused():
    body = example("request.status")
    del body["ground"]
    assert protocol.validate("request.status", body) == ["/: 'ground' is a required property"]


@pytest.mark.parametrize("value", ["ke", "KE", "KENY", "ke1", None])
def test_a_bad_iso3_is_refused(value):
    body = example("request.submit")
    body["requested_jurisdiction"] = value
    errors = protocol.validate("request.submit", body)
    assert len(errors) == 1 and errors[0].startswith("/requested_jurisdiction: ")


def test_a_nationality_may_be_null_but_not_a_bad_code():
    body = example("request.submit")
    body["persons"][0]["nationality"] = None
    assert protocol.validate("request.submit", body) == []
    body["persons"][0]["nationality"] = "Kenya"
    assert protocol.validate("request.submit", body) == ["/persons/0/nationality: 'Kenya' does not match '^[A-Z]{3}$'"]


@pytest.mark.parametrize("value", ["A" * 64, "0" * 63, "g" * 64, ""])
def test_a_bad_sha256_is_refused(value):
    body = example("execution.result")
    body["documents"][0]["sha256"] = value
    assert protocol.validate("execution.result", body) == [
        f"/documents/0/sha256: {value!r} does not match '^[0-9a-f]{{64}}$'"
    ]


def test_content_must_be_base64_and_errors_stay_short():
    body = example("information.provide")
    body["documents"][0]["content"] = "not base64!" * 10_000
    (error,) = protocol.validate("information.provide", body)
    assert error.startswith("/documents/0/content: ") and len(error) < 400


def test_dates_and_uuids_are_checked_by_format_too():
    body = example("request.acknowledge")
    body["received_on"] = "2025-02-30"
    assert protocol.validate("request.acknowledge", body) == ["/received_on: '2025-02-30' is not a 'date'"]
    header = example(protocol.HEADER)
    header["id"] = header["id"].upper()
    assert protocol.validate_header(header)[0].startswith("/id: ")


def test_an_authority_address_must_be_on_its_node():
    header = example(protocol.HEADER)
    header["recipient"]["authority"] = "evil.example/3"
    assert protocol.validate_header(header) == [
        "/recipient/authority: 'evil.example/3' is not an address on node 'za.demo.entraide.example'"
    ]


def test_a_version_of_another_major_is_refused():
    header = example(protocol.HEADER)
    for version in ("2", "1.x", "01", ""):
        header["version"] = version
        assert protocol.validate_header(header)[0].startswith("/version: ")
    header["version"] = "1.1"
    assert protocol.validate_header(header) == []


def test_evidence_payload_rules():
    payload = example(protocol.EVIDENCE_PAYLOAD)
    rejected = copy.deepcopy(payload) | {"type": "submission-rejected", "message": None, "conversation": None}
    assert protocol.validate_evidence(rejected) == ["/reason: '' should be non-empty"]
    assert protocol.validate_evidence(rejected | {"reason": "too-large"}) == []
    delivered = payload | {"type": "delivered", "message": None}
    assert protocol.validate_evidence(delivered) == ["/message: None is not of type 'string'"]
    assert protocol.validate_evidence(payload | {"digest": "0" * 63})


def test_unknown_type_is_refused():
    with pytest.raises(KeyError):
        protocol.validator("request.cancel")


def _enum(name: str, *path: str) -> set[str]:
    node = protocol.schema(name)
    for key in path:
        node = node[key]
    return set(node["enum"])


def test_enums_are_the_models_choices():
    submit = "request.submit"
    assert _enum(submit, "properties", "modality") == set(Modality.values)
    assert _enum("request.status", "properties", "status") == every_state(Direction.INCOMING)
    assert _enum("request.status", "properties", "ground") == {"", *RefusalGround.values}
    offence = ("properties", "offences", "items", "properties")
    assert _enum(submit, *offence, "transnational") == set(Assertion.values)
    assert _enum(submit, *offence, "organized_group") == set(Assertion.values)
    assert _enum(submit, "properties", "persons", "items", "properties", "role") == set(Person.Role.values)
    assert _enum(submit, "properties", "measures", "items", "properties", "kind") == set(Measure.Kind.values)
    assert _enum(submit, "properties", "deadlines", "items", "properties", "kind") == set(Deadline.Kind.values)
    assert _enum("document", "properties", "kind") == set(Document.Kind.values)
    assert _enum("document", "properties", "content_type") == set(EXTENSIONS)
    results = _enum("execution.result", "properties", "status")
    assert results - {"partially-executed"} <= set(MeasureStatus.values)


# The signing key of the fictitious node za.demo.entraide.example in docs/exchange.md.
ZA_SIGNING_KEY = {"crv": "Ed25519", "kty": "OKP", "x": "wX7QelZLl-sVaIUyufTL9DArnlKbTo_xER9_bG9YGtA"}
ZA_SIGNING_KID = "SjQyQgckIvTdVFazZhL_hGNvk5fCt8Z6K-d9FQ7_RaU"


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_the_example_evidence_is_a_jws_the_documented_key_verifies():
    canonical = json.dumps(ZA_SIGNING_KEY, separators=(",", ":"), sort_keys=True).encode()  # RFC 7638
    assert base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).rstrip(b"=").decode() == ZA_SIGNING_KID
    header, payload, signature = example("evidence")["evidence"].split(".")
    assert json.loads(_b64url(header)) == {"alg": "EdDSA", "kid": ZA_SIGNING_KID, "typ": "entraide-evidence+jws"}
    Ed25519PublicKey.from_public_bytes(_b64url(ZA_SIGNING_KEY["x"])).verify(
        _b64url(signature), f"{header}.{payload}".encode()
    )
    evidence = json.loads(_b64url(payload))
    assert protocol.validate_evidence(evidence) == []
    assert evidence["issuer"] == example(protocol.HEADER)["recipient"]["node"]


def test_a_refusal_names_its_ground():
    body = example("request.status")
    assert protocol.validate("request.status", body | {"ground": ""}) == ["/ground: '' should be non-empty"]
    assert protocol.validate("request.status", body | {"status": "in-execution", "ground": ""}) == []
