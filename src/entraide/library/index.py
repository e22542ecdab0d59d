"""The search index of library sections, kept in the transaction of every write.

(Placeholder: the full-text index, FTS5 on SQLite and tsvector on PostgreSQL, is written next.)
"""

from __future__ import annotations

from .models import Document, Version


def index_version(version: Version) -> None:
    """(Re)index every section of ``version``."""


def remove_document(document: Document) -> None:
    """Drop a document's sections from the index."""
