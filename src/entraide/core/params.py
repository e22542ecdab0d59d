"""Numbers typed by users in query strings and forms.

``str.isdigit()`` accepts characters ``int()`` refuses (superscripts such as "²"), and ``int()``
accepts numbers no database column holds: read such input here, never with ``int(raw)``."""

from __future__ import annotations

# The largest id a 64-bit signed integer column holds (SQLite's INTEGER, PostgreSQL's bigint).
MAX_ID = 2**63 - 1


def whole_number(raw: str | None, *, maximum: int = MAX_ID) -> int | None:
    """``raw`` as a number from 0 to ``maximum`` written in ASCII digits; None otherwise."""
    text = (raw or "").strip()
    if not text or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= maximum else None


def ascii_digits(raw: str | None) -> bool:
    """Whether ``raw`` is written in ASCII digits only (codes such as ICCS "0101")."""
    return bool(raw) and raw.isascii() and raw.isdigit()  # type: ignore[union-attr]
