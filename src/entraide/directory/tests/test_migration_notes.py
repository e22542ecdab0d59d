"""The migration that makes country notes library documents (directory 0004): its moving function,
run on the library's real models with notes as the historical CountryNote gives them."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest

from entraide.library import selectors
from entraide.library.models import Document, Section, Version
from entraide.testing.factories import JurisdictionFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("entraide.directory.migrations.0004_country_notes_in_library")
WHEN = dt.datetime(2023, 5, 4, 10, 30, tzinfo=dt.UTC)


def _note(jurisdiction, authority, updated_by, requirements: str, practical_tips: str) -> SimpleNamespace:
    return SimpleNamespace(
        jurisdiction_id=jurisdiction.pk,
        jurisdiction=jurisdiction,
        authority_id=authority.pk,
        authority=authority,
        updated_by_id=updated_by.pk if updated_by else None,
        requirements=requirements,
        practical_tips=practical_tips,
        updated_at=WHEN,
    )


def _move(note: SimpleNamespace) -> Document:
    document = migration.move_note(note, Document=Document, Version=Version, Section=Section)
    return Document.objects.get(pk=document.pk)


def test_a_note_becomes_a_private_library_document_in_english(users):
    bahamas = JurisdictionFactory.create(code="BHS", name_en="Bahamas (the)")
    ours = users.home_authority()

    document = _move(_note(bahamas, ours, users.administrator, "Apostille on annexes (test).", "Call first (test)."))

    assert (document.kind, document.jurisdiction, document.authority, document.visibility) == (
        "country_note",
        bahamas,
        ours,
        "authority",
    )
    assert (document.created_by, document.created_at, document.updated_at) == (users.administrator, WHEN, WHEN)
    version = document.versions.get()
    assert (version.language, version.title, version.uploaded_at) == ("en", f"Bahamas: notes of {ours.name}", WHEN)
    assert [(s.number, s.heading, s.text) for s in version.sections.all()] == [
        ("", "Requirements", "Apostille on annexes (test)."),
        ("", "Practical tips", "Call first (test)."),
    ]
    # As notes were, it is its authority's own: another authority never sees it.
    assert selectors.country_notes(users.officer, bahamas) == [document]
    assert selectors.country_notes(users.outsider, bahamas) == []
    assert selectors.country_note_texts(version) == ("Apostille on annexes (test).", "Call first (test).")


def test_every_note_moves_even_an_empty_one_or_one_nobody_signed(users):
    uganda = JurisdictionFactory.create(code="UGA", name_en="Uganda")
    ours, theirs = users.home_authority(), users.outsider.authority

    mine = _move(_note(uganda, ours, None, "", ""))
    other = _move(_note(uganda, theirs, users.outsider, "Theirs (test).", ""))

    assert mine.pk != other.pk and mine.created_by is None
    assert Document.objects.filter(kind="country_note", jurisdiction=uganda).count() == 2
    assert [s.text for s in other.versions.get().sections.all()] == ["Theirs (test).", ""]
    assert selectors.country_notes(users.outsider, uganda) == [other]
