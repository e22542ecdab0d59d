"""Carrying envelopes to a peer over HTTPS: push (we post), pull (we fetch), and the node document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings

JOSE = "application/jose"
# Answers are evidences and small JSON: a peer that answers more is not followed.
MAX_ANSWER_BYTES = 10 * 1024 * 1024


class Unreachable(Exception):
    """The peer could not be reached or did not answer as the protocol says: try again later."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]


def check_url(url: str) -> str:
    """A peer's base URL: https (http only where settings allow it, for tests and the demo)."""
    parts = urlsplit(url)
    allowed = {"https", "http"} if settings.ENTRAIDE_EXCHANGE_ALLOW_HTTP else {"https"}
    if parts.scheme not in allowed or not parts.hostname or parts.query or parts.fragment:
        raise ValueError("the address must be an https:// URL without query")
    return url.rstrip("/")


def _call(method: str, url: str, data: bytes | None = None, content_type: str = "") -> Answer:
    """One HTTP exchange with a peer: no redirect followed, the answer read up to a limit, JSON."""
    headers = {"Accept": "application/json"} | ({"Content-Type": content_type} if content_type else {})
    try:
        with requests.request(
            method,
            url,
            data=data,
            headers=headers,
            timeout=settings.ENTRAIDE_EXCHANGE_TIMEOUT,
            allow_redirects=False,
            stream=True,
        ) as answer:
            raw = answer.raw.read(MAX_ANSWER_BYTES + 1, decode_content=True)
            status = answer.status_code
    except requests.RequestException as exc:
        raise Unreachable(f"{type(exc).__name__}: {exc}"[:400]) from None
    if len(raw) > MAX_ANSWER_BYTES:
        raise Unreachable("answer too large")
    try:
        body = json.loads(raw) if raw else {}
    except ValueError:
        raise Unreachable(f"HTTP {status}: the answer is not JSON") from None
    if not isinstance(body, dict):
        raise Unreachable(f"HTTP {status}: the answer is not a JSON object")
    return Answer(status, body)


def _post(url: str, data: bytes, content_type: str) -> Answer:
    return _call("POST", url, data, content_type)


def push(base_url: str, data: bytes) -> Answer:
    """POST an envelope to the peer's inbox; a 5xx answer is the peer's trouble: try again later."""
    answer = _post(f"{base_url}/exchange/v1/inbox", data, JOSE)
    if answer.status >= 500 or answer.status in {404, 405, 408, 429}:
        raise Unreachable(f"HTTP {answer.status}")
    return answer


def pull(base_url: str, signed_request: str) -> Answer:
    answer = _post(f"{base_url}/exchange/v1/outbox", signed_request.encode(), JOSE)
    if answer.status != 200:
        raise Unreachable(f"HTTP {answer.status}: {answer.body.get('error', '')}"[:400])
    return answer


def post_evidences(base_url: str, tokens: list[str]) -> Answer:
    answer = _post(f"{base_url}/exchange/v1/evidence", json.dumps({"evidences": tokens}).encode(), "application/json")
    if answer.status != 204:
        raise Unreachable(f"HTTP {answer.status}")
    return answer


def node_document(base_url: str) -> dict[str, Any]:
    answer = _call("GET", f"{base_url}/exchange/v1/node")
    if answer.status != 200:
        raise Unreachable(f"HTTP {answer.status}")
    return answer.body
