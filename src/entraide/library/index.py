"""The search index of library sections, kept in the transaction of every write.

SQLite: the FTS5 table ``library_search`` (columns title, heading, body; its rowid is the
section's id). PostgreSQL: the ``tsvector`` column ``library_section.search`` with a GIN index,
in the configuration of the version's language (:func:`.query.configuration`): the version's
title weighs A, the section's heading B, its text D. Both are created by migration
``0002_search_index``, not by model fields (neither database has the other's). Every text is
folded in Python first (:func:`.text.fold`), the same way the query is.

Who may see a section is not indexed: search joins the index to the documents at query time,
so a change of visibility applies at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection

from .models import Document, Section, Version
from .query import configuration
from .text import fold

# (section id, language, version title, section heading, section text)
Row = tuple[int, str, str, str, str]

FTS5_TABLE = (
    "CREATE VIRTUAL TABLE library_search USING fts5("
    "title, heading, body, tokenize = 'porter unicode61 remove_diacritics 2')"
)
POSTGRES_UPDATE = (
    "UPDATE library_section SET search = "
    "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
    "setweight(to_tsvector(%s::regconfig, %s), 'B') || "
    "setweight(to_tsvector(%s::regconfig, %s), 'D') "
    "WHERE id = %s"
)


def postgres(conn: Any = None) -> bool:
    return bool((conn or connection).vendor == "postgresql")


def index_rows(rows: Iterable[Row], conn: Any = None) -> None:
    """Index these sections (replacing what the index held for them)."""
    conn = conn or connection
    with conn.cursor() as cursor:
        if postgres(conn):
            params = []
            for pk, language, title, heading, text in rows:
                config = configuration(language)
                params.append((config, fold(title), config, fold(heading), config, fold(text), pk))
            cursor.executemany(POSTGRES_UPDATE, params)
        else:
            folded = [(pk, fold(title), fold(heading), fold(text)) for pk, _language, title, heading, text in rows]
            cursor.executemany("DELETE FROM library_search WHERE rowid = %s", [(row[0],) for row in folded])
            cursor.executemany(
                "INSERT INTO library_search (rowid, title, heading, body) VALUES (%s, %s, %s, %s)", folded
            )


def _rows(sections: Any) -> Iterable[Row]:
    return sections.values_list("id", "version__language", "version__title", "heading", "text").order_by("id")


def index_version(version: Version) -> None:
    """(Re)index every section of ``version``."""
    index_rows(_rows(Section.objects.filter(version=version)))


def remove_version(version: Version) -> None:
    """Drop a version's sections from the index, before the sections themselves go."""
    if not postgres():  # on PostgreSQL the index goes with the row
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM library_search WHERE rowid IN (SELECT id FROM library_section WHERE version_id = %s)",
                [version.pk],
            )


def remove_document(document: Document) -> None:
    """Drop a document's sections from the index."""
    if not postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM library_search WHERE rowid IN (SELECT s.id FROM library_section s "
                "JOIN library_version v ON v.id = s.version_id WHERE v.document_id = %s)",
                [document.pk],
            )
