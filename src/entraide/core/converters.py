"""The ``<id:pk>`` path converter: a row id as a database holds it.

Django's ``<id:...>`` takes any run of digits; an id past the 64-bit range then reaches the database
and SQLite raises OverflowError (a 500). Ids here have at most 18 digits (below 2**63), longer ones
match no URL and answer 404."""

from __future__ import annotations


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
