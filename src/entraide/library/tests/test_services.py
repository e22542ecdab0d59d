"""The library's writes: the shipped treaty texts load article by article, idempotently; documents
are kept by their authority and seen as their owner chose."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from entraide.audit.models import AuditEvent
from entraide.library import selectors, services
from entraide.library.models import Document, Section

pytestmark = pytest.mark.django_db


def test_treaty_texts_load_article_by_article_and_again_changes_nothing(treaty_texts: None) -> None:
    assert Document.objects.filter(kind=Document.Kind.TREATY, visibility=Document.Visibility.PUBLIC).count() == 25
    article = selectors.article(AnonymousUser(), "UNTOC", "18")
    assert article is not None
    assert article.heading == "Mutual legal assistance"
    assert "8. States Parties shall not decline to render mutual legal assistance" in article.text
    assert "on the ground of bank secrecy" in article.text
    uncac = selectors.article(AnonymousUser(), "UNCAC", "46")
    assert uncac is not None and uncac.heading == "Mutual legal assistance"
    sections = Section.objects.count()
    events = AuditEvent.objects.count()

    again = services.treaty_texts_load()

    assert (again.created, again.updated, again.unchanged) == (0, 0, 25)
    assert Section.objects.count() == sections
    assert AuditEvent.objects.count() == events


def test_a_treaty_text_keeps_its_source_and_licence(treaty_texts: None) -> None:
    document = Document.objects.get(key="treaty-text:CETS-030")
    assert "laws-markdown" in document.source and "Not an official source" in document.source
    assert document.licence
    assert document.authority is None
    version = document.versions.get()
    assert version.title == "European Convention on Mutual Assistance in Criminal Matters"
    # The Council of Europe text has no article headings: none is invented.
    assert not version.sections.get(number="1").heading


def _note(user, visibility: str, text: str = "Requests go through the Attorney General (test).") -> Document:
    return services.document_create(
        actor=user,
        kind=Document.Kind.GUIDE,
        title="How to ask Kenya (test)",
        language="en",
        visibility=visibility,
        source="Test data, fictitious",
        text=text,
    )


def test_who_sees_a_document_is_what_its_owner_chose(users) -> None:
    private = _note(users.officer, Document.Visibility.AUTHORITY)
    node = _note(users.officer, Document.Visibility.NODE)
    public = _note(users.officer, Document.Visibility.PUBLIC)

    def seen(user) -> set[int]:
        return set(selectors.documents_for_user(user).filter(authority__isnull=False).values_list("pk", flat=True))

    for colleague in (users.supervisor, users.auditor, users.administrator):
        assert {private.pk, node.pk, public.pk} <= seen(colleague)
    assert seen(users.outsider) >= {node.pk, public.pk}
    assert private.pk not in seen(users.outsider)
    assert private.pk not in seen(users.executor)  # another authority of the same State
    assert seen(AnonymousUser()) == {public.pk}


def test_only_the_office_and_the_administrator_add_and_change_documents(users) -> None:
    for user in (users.executor, users.auditor):
        with pytest.raises(PermissionDenied):
            _note(user, Document.Visibility.AUTHORITY)
    document = _note(users.officer, Document.Visibility.NODE)
    with pytest.raises(PermissionDenied):
        services.document_update(actor=users.outsider, document=document, licence="CC-BY")
    services.document_update(actor=users.administrator, document=document, licence="CC-BY-4.0")
    event = AuditEvent.objects.filter(action="library_document.updated").latest("pk")
    assert event.detail == {"licence": ["", "CC-BY-4.0"]}


def test_a_document_needs_a_source_and_a_text(users) -> None:
    with pytest.raises(ValidationError):
        services.document_create(
            actor=users.officer, kind=Document.Kind.LAW, title="A law (test)", language="en", text="Art. 1 (test)"
        )
    with pytest.raises(ValidationError):
        services.document_create(
            actor=users.officer, kind=Document.Kind.LAW, title="A law (test)", language="en", source="Gazette (test)"
        )
    assert not Document.objects.filter(authority__isnull=False).exists()


def test_a_document_in_several_languages_is_one_document(users) -> None:
    document = _note(users.officer, Document.Visibility.AUTHORITY)
    services.version_save(
        actor=users.officer,
        document=document,
        language="fr",
        title="Comment saisir le Kenya (test)",
        text="Les demandes passent par l'Attorney General (test).",
    )
    assert sorted(document.versions.values_list("language", flat=True)) == ["en", "fr"]
    french, arabic = selectors.version_for(document, "fr"), selectors.version_for(document, "ar")
    assert french is not None and french.title == "Comment saisir le Kenya (test)"
    assert arabic is not None and arabic.language == "en"  # none in Arabic: the English one
