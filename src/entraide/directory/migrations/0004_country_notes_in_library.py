"""Country notes become library documents, then the directory's CountryNote model goes.

Each note becomes a library ``Document`` of kind ``country_note`` about its jurisdiction, kept by
its authority and private to it (as notes were), with one English version titled
"<country>: notes of <authority>" whose two sections, "Requirements" and "Practical tips", hold
its texts. A note only knew when and by whom it was last updated: that is the document's creator
and both its timestamps.

The library's search index exists when this runs (it depends on the index's migration): the moved
notes are indexed here, so they are found as soon as the migration ends.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

# UNTERM short names carry the article in brackets ("Bahamas (the)"): the interface drops it.
_TRAILING_ARTICLE = re.compile(r"\s*\((?:the|l'|l\u2019|le|la|les|el|los|las)\)\s*$")
HEADINGS = ("Requirements", "Practical tips")


def note_title(country: str, authority: str) -> str:
    return f"{_TRAILING_ARTICLE.sub('', country)}: notes of {authority}"


def move_note(note: Any, *, Document: Any, Version: Any, Section: Any) -> Any:
    """Make one note a library document (its version and two sections); returns the document."""
    document = Document.objects.create(
        kind="country_note",
        jurisdiction_id=note.jurisdiction_id,
        authority_id=note.authority_id,
        visibility="authority",
        created_by_id=note.updated_by_id,
    )
    version = Version.objects.create(
        document=document,
        language="en",
        title=note_title(note.jurisdiction.name_en, note.authority.name)[:500],
        text_status="text",
        uploaded_by_id=note.updated_by_id,
    )
    Section.objects.bulk_create(
        Section(version=version, position=position, number="", heading=heading, text=text)
        for position, (heading, text) in enumerate(zip(HEADINGS, (note.requirements, note.practical_tips)), start=1)
    )
    # auto_now / auto_now_add would stamp today: an update keeps the note's own date.
    Document.objects.filter(pk=document.pk).update(created_at=note.updated_at, updated_at=note.updated_at)
    Version.objects.filter(pk=version.pk).update(uploaded_at=note.updated_at)
    return document


def move_notes(apps: Any, schema_editor: Any) -> None:
    CountryNote = apps.get_model("directory", "CountryNote")
    models = {name: apps.get_model("library", name) for name in ("Document", "Version", "Section")}
    from entraide.library import index

    moved = [
        move_note(note, **models).pk
        for note in CountryNote.objects.select_related("authority", "jurisdiction").order_by("pk")
    ]
    sections = models["Section"].objects.filter(version__document__in=moved).order_by("pk")
    rows = sections.values_list("id", "version__language", "version__title", "heading", "text")
    index.index_rows(list(rows), schema_editor.connection)


def move_notes_back(apps: Any, schema_editor: Any) -> None:
    """Undo: each authority's country-note document becomes a note again (its English version, else
    its first; the first section is the requirements, the others the practical tips)."""
    CountryNote = apps.get_model("directory", "CountryNote")
    Document = apps.get_model("library", "Document")
    documents = Document.objects.filter(kind="country_note", authority__isnull=False, jurisdiction__isnull=False)
    for document in documents.order_by("pk"):
        versions = list(document.versions.order_by("language"))
        version = next((v for v in versions if v.language == "en"), versions[0] if versions else None)
        texts = [s.text for s in version.sections.order_by("position")] if version else []
        CountryNote.objects.get_or_create(
            authority_id=document.authority_id,
            jurisdiction_id=document.jurisdiction_id,
            defaults={
                "requirements": texts[0] if texts else "",
                "practical_tips": "\n\n".join(texts[1:]),
                "updated_by_id": document.created_by_id,
            },
        )
    if schema_editor.connection.vendor != "postgresql":  # on PostgreSQL the index goes with the row
        Section = apps.get_model("library", "Section")
        ids = list(Section.objects.filter(version__document__in=documents).values_list("pk", flat=True))
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany("DELETE FROM library_search WHERE rowid = %s", [(pk,) for pk in ids])
    documents.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_authority_in_tenancy"),
        ("library", "0002_search_index"),
    ]

    operations = [
        migrations.RunPython(move_notes, move_notes_back),
        migrations.DeleteModel(name="CountryNote"),
    ]
