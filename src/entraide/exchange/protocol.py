"""The exchange protocol's message schemas (docs/exchange.md): load them and check messages against them.

The JSON Schemas (draft 2020-12) ship in ``schemas/``, one per message body type plus the header,
the document object, the evidence payload and the pull request. They refer to each other by
relative ``$ref`` ("document.json") resolved against their ``$id``, through one registry.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

PROTOCOL_VERSION = "1"
SCHEMA_BASE = "https://entraide.example/schemas/exchange/1/"

# The message types, in the order of docs/exchange.md; each names the schema of its body.
TYPES: tuple[str, ...] = (
    "request.submit",
    "request.acknowledge",
    "request.status",
    "information.request",
    "information.provide",
    "execution.result",
    "request.withdraw",
    "spontaneous.information",
    "evidence",
)
# The other schemas: not bodies, but checked the same way.
HEADER = "header"
DOCUMENT = "document"
EVIDENCE_PAYLOAD = "evidence-payload"
PULL_REQUEST = "pull-request"
SCHEMAS: tuple[str, ...] = (*TYPES, HEADER, DOCUMENT, EVIDENCE_PAYLOAD, PULL_REQUEST)

# An error message quotes the value it is about: a document's base64 content would fill the log.
_MAX_MESSAGE = 300


def schema(name: str) -> dict[str, Any]:
    """The schema ``name`` (a message type or one of the other schemas) as a dict."""
    if name not in SCHEMAS:
        raise KeyError(name)
    return _schemas()[name]


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    folder = files(__package__).joinpath("schemas")
    return {name: json.loads(folder.joinpath(f"{name}.json").read_text(encoding="utf-8")) for name in SCHEMAS}


@cache
def _registry() -> Registry:
    resources = [(s["$id"], Resource.from_contents(s, default_specification=DRAFT202012)) for s in _schemas().values()]
    return Registry().with_resources(resources)


@cache
def validator(type_name: str) -> Draft202012Validator:
    """The validator of ``type_name``'s schema, its references resolved, formats (date, uuid) checked."""
    return Draft202012Validator(
        schema(type_name), registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _readable(error: ValidationError) -> str:
    path = "/" + "/".join(str(part) for part in error.absolute_path)
    message = error.message
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    return f"{path}: {message}"


def validate(type_name: str, body: Any) -> list[str]:
    """Readable errors ("/path: message") of ``body`` against ``type_name``'s schema; empty when valid."""
    errors = validator(type_name).iter_errors(body)
    return [_readable(e) for e in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path])]


def validate_header(header: Any) -> list[str]:
    """Errors of a message header H; also that each authority address is on the node named beside it."""
    errors = validate(HEADER, header)
    if errors:
        return errors
    for side in ("sender", "recipient"):
        party = header[side]
        if party["authority"].rsplit("/", 1)[0] != party["node"]:
            errors.append(f"/{side}/authority: {party['authority']!r} is not an address on node {party['node']!r}")
    return errors


def validate_evidence(payload: Any) -> list[str]:
    """Errors of the payload of an evidence JWS; empty when valid."""
    return validate(EVIDENCE_PAYLOAD, payload)
