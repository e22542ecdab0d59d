"""Cells of the CSV and XLSX files Entraide writes, made safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (CSV injection, OWASP): such text cells get a leading
apostrophe, which spreadsheets show as text. Importers take it off again (``unescape``), so a
telephone number ``+254 ...`` survives a round trip. Numbers are left alone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe(value) for value in values]


def unescape(value: str) -> str:
    """What :func:`safe` wrote, read back."""
    return value[1:] if value.startswith("'") and value[1:].startswith(TRIGGERS) else value
