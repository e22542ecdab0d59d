"""The OpenAPI schema says every answer an operation can give, errors included.

drf-spectacular documents the successful answers each view declares; the refusals every view can
give come from shared plumbing (authentication and roles, the filters, pagination, serializers,
``get_for_user``), so they are added here once, to every operation, with the shape DRF gives them."""

from __future__ import annotations

from typing import Any

ERROR = "ErrorDetail"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Why the request was refused: `detail`, or the refused fields each with their messages.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
REFUSALS = {
    "400": "The input is refused: the message names what is wrong.",
    "403": "Not signed in with two factors, or the role may not do this.",
    "404": "No such object in your authority's scope (another authority's objects are not shown), or no such page.",
}
TOO_LARGE = {"413": "The body is larger than the largest accepted upload."}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR}"}}},
    }


def document_refusals(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """A drf-spectacular postprocessing hook: every operation documents 400, 403 and 404 (and 413
    where it takes a file), unless the view already documents its own answer for that code."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR] = ERROR_SCHEMA
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            uploads = "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
            for code, description in {**REFUSALS, **(TOO_LARGE if uploads else {})}.items():
                responses.setdefault(code, _error(description))
    return result
