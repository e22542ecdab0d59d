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


def refused_input(exc: BaseException | None) -> str | None:
    """Why ``exc``, raised by the database driver while binding what a user sent, is the user's
    error (answered 400), or None: a number too large for a 64-bit column (SQLite raises
    OverflowError), a NUL character in text (PostgreSQL's text cannot hold one)."""
    from django.db import DataError
    from django.utils.translation import gettext as _

    if isinstance(exc, OverflowError):
        return _("A number in the request is too large.")
    if isinstance(exc, (DataError, ValueError)) and "NUL" in str(exc):
        return _("Text in the request contains a NUL character.")
    return None
