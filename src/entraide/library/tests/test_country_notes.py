"""Country notes are library documents: one per authority and country, a version per language,
its requirements and practical tips as two sections; seen as their authority chose."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from entraide.audit.models import AuditEvent
from entraide.library import selectors, services
from entraide.library.models import Document
from entraide.testing.factories import JurisdictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def uganda():
    return JurisdictionFactory.create(code="UGA", iso2="UG", name_en="Uganda", name_fr="Ouganda")


def _save(user, uganda, **changes) -> Document:
    values = {
        "language": "en",
        "requirements": "Annexes translated into English (test).",
        "practical_tips": "Call the desk before sending (test).",
        "visibility": Document.Visibility.AUTHORITY,
    } | changes
    return services.country_note_save(actor=user, jurisdiction=uganda, **values)


def test_a_note_is_a_library_document_with_two_sections(users, uganda) -> None:
    note = _save(users.officer, uganda)

    assert (note.kind, note.jurisdiction, note.authority, note.visibility, note.created_by) == (
        Document.Kind.COUNTRY_NOTE,
        uganda,
        users.home_authority(),
        Document.Visibility.AUTHORITY,
        users.officer,
    )
    version = note.versions.get()
    assert version.language == "en"
    assert version.title == f"Uganda: notes of {users.home_authority().name}"
    assert [(s.heading, s.text) for s in version.sections.all()] == [
        ("Requirements", "Annexes translated into English (test)."),
        ("Practical tips", "Call the desk before sending (test)."),
    ]
    assert selectors.country_note_texts(version) == (
        "Annexes translated into English (test).",
        "Call the desk before sending (test).",
    )
    assert AuditEvent.objects.filter(action="library_document.created", object_id=str(note.pk)).exists()


def test_saving_again_updates_the_same_document_and_adds_a_language(users, uganda) -> None:
    first = _save(users.officer, uganda)
    Document.objects.filter(pk=first.pk).update(updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))

    again = _save(users.supervisor, uganda, requirements="Changed (test).")
    french = _save(
        users.administrator,
        uganda,
        language="fr",
        requirements="Annexes traduites (test).",
        visibility=Document.Visibility.NODE,
    )

    assert first.pk == again.pk == french.pk
    assert Document.objects.filter(kind=Document.Kind.COUNTRY_NOTE).count() == 1
    french.refresh_from_db()
    assert french.visibility == Document.Visibility.NODE
    assert french.updated_at.year > 2020
    assert sorted(french.versions.values_list("language", flat=True)) == ["en", "fr"]
    en, fr = selectors.version_for(french, "en"), selectors.version_for(french, "fr")
    assert en is not None and selectors.country_note_texts(en)[0] == "Changed (test)."
    assert fr is not None and fr.title.startswith("Ouganda")
    assert selectors.country_note_texts(fr)[0] == "Annexes traduites (test)."
    assert AuditEvent.objects.filter(action="library_version.saved", object_id=str(first.pk)).count() == 2
    event = AuditEvent.objects.filter(action="library_document.updated", object_id=str(first.pk)).get()
    assert event.detail == {"visibility": ["authority", "node"]}


def test_each_authority_keeps_its_own_note(users, uganda) -> None:
    ours = _save(users.officer, uganda)
    theirs = _save(users.outsider, uganda, requirements="Theirs (test).")
    assert ours.pk != theirs.pk
    assert theirs.authority == users.outsider.authority


def test_roles_that_may_not_keep_notes_are_refused(users, uganda) -> None:
    for user in (users.executor, users.auditor):
        with pytest.raises(PermissionDenied):
            _save(user, uganda)
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"requirements": "  ", "practical_tips": ""},
        {"language": "xx"},
        {"visibility": Document.Visibility.PUBLIC},
        {"visibility": "everyone"},
    ],
)
def test_bad_input_is_refused_with_a_message(users, uganda, changes) -> None:
    with pytest.raises(ValidationError) as refused:
        _save(users.officer, uganda, **changes)
    assert refused.value.message_dict
    assert not Document.objects.exists()


def test_who_sees_which_note(users, uganda) -> None:
    ours = _save(users.officer, uganda)
    shared = _save(users.outsider, uganda, visibility=Document.Visibility.NODE)
    law = services.document_create(
        actor=users.outsider,
        kind=Document.Kind.LAW,
        title="Mutual Legal Assistance Act (test)",
        language="en",
        visibility=Document.Visibility.NODE,
        jurisdiction=uganda,
        source="Gazette (fictitious)",
        text="Section 1 (test).",
    )
    private_law = services.document_create(
        actor=users.outsider,
        kind=Document.Kind.GUIDE,
        title="Our private guide (test)",
        language="en",
        jurisdiction=uganda,
        source="Internal (fictitious)",
        text="Private (test).",
    )

    assert selectors.country_notes(users.officer, uganda) == [ours, shared]  # own first
    assert selectors.country_notes(users.auditor, uganda) == [ours, shared]
    assert selectors.country_notes(users.executor, uganda) == [shared]  # another Kenyan authority
    assert selectors.own_country_note(users.officer, uganda) == ours
    assert selectors.own_country_note(users.executor, uganda) is None
    assert selectors.documents_about(users.officer, uganda) == [law]
    assert selectors.documents_about(users.outsider, uganda) == [private_law, law]  # by kind: guide, law

    services.document_update(actor=users.outsider, document=shared, visibility=Document.Visibility.AUTHORITY)
    assert selectors.country_notes(users.officer, uganda) == [ours]
    assert selectors.country_notes(users.outsider, uganda) == [shared]


def test_an_authority_keeps_one_note_per_country_whatever_the_way_in(users, uganda, client_for) -> None:
    note = _save(users.officer, uganda)
    with pytest.raises(services.NoteExists):
        services.document_create(
            actor=users.supervisor,
            kind=Document.Kind.COUNTRY_NOTE,
            title="A second note (test)",
            language="en",
            jurisdiction=uganda,
            text="Another note (test).",
        )
    guide = services.document_create(
        actor=users.officer,
        kind=Document.Kind.GUIDE,
        title="A guide on Uganda (test)",
        language="en",
        jurisdiction=uganda,
        source="Test data, fictitious",
        text="A guide (test).",
    )
    with pytest.raises(services.NoteExists):
        services.document_update(actor=users.officer, document=guide, kind=Document.Kind.COUNTRY_NOTE)
    assert Document.objects.filter(kind=Document.Kind.COUNTRY_NOTE, jurisdiction=uganda).get() == note

    # Through the page, the same refusal is a message on the form, not an error page.
    answer = client_for(users.officer).post(
        "/library/documents/new/",
        {
            "kind": "country_note",
            "title": "A second note (test)",
            "language": "en",
            "jurisdiction": uganda.code,
            "visibility": "authority",
            "text": "Another note (test).",
        },
    )
    assert answer.status_code == 400
    assert "already keeps a note on this country" in answer.content.decode()


def test_a_country_note_names_its_country(users) -> None:
    with pytest.raises(ValidationError) as refused:
        services.document_create(
            actor=users.officer, kind=Document.Kind.COUNTRY_NOTE, title="A note (test)", language="en", text="(test)"
        )
    assert "jurisdiction" in refused.value.message_dict
