"""Text typed by users, as it is stored.

Unicode's bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069)
let a title display as something other than what it holds ("evil\\u202egpj.exe" shows as
"evilexe.jpg"): they are removed on the way in. Pages isolate user text with ``dir="auto"``
instead, which needs none of them. The marks U+200E and U+200F carry no such risk and stay."""

from __future__ import annotations

from typing import Any

BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def plain_text(value: str) -> str:
    return value.translate(BIDI_CONTROLS)


def plain_texts(values: dict[str, Any]) -> dict[str, Any]:
    """Every text among ``values`` through :func:`plain_text`; other values as they are."""
    return {name: plain_text(value) if isinstance(value, str) else value for name, value in values.items()}
