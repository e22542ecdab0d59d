"""The library's writes: the shipped treaty texts load article by article, idempotently; documents
are kept by their authority and seen as their owner chose."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command

from entraide.audit.models import AuditEvent
from entraide.core import crypto
from entraide.core.sniff import UploadRejected
from entraide.library import selectors, services
from entraide.library.models import Document, Section

from . import files

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
    # The conversion's Markdown emphasis is not part of the text.
    assert "security, ordre public or other" in version.sections.get(number="2").text
    proceeds = Document.objects.get(key="treaty-text:CETS-141").versions.get()
    assert proceeds.sections.get(number="1").heading == "Use of terms"
    assert not Section.objects.filter(text__contains="*").exists()


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


def _law(user, data: bytes, filename: str = "law.pdf", **extra) -> Document:
    return services.document_create(
        actor=user,
        kind=Document.Kind.LAW,
        title=extra.pop("title", "Proceeds of Crime Act (test)"),
        language="en",
        source="Official Gazette (test)",
        file=(filename, data),
        **extra,
    )


def test_an_uploaded_pdf_is_kept_encrypted_with_its_text(users) -> None:
    data = files.pdf("1. A bank shall produce its records on request (test).", title="Proceeds of Crime Act (test)")
    document = _law(users.officer, data)
    version = document.versions.get()
    assert version.text_status == "text" and version.content_type == "application/pdf"
    assert "produce its records" in version.sections.get().text
    assert version.size == len(data) and version.uploaded_by == users.officer
    with default_storage.open(version.storage_name, "rb") as handle:
        assert b"produce its records" not in handle.read()  # encrypted at rest
    assert services.file_read(actor=users.supervisor, version=version) == data
    event = AuditEvent.objects.filter(action="library_document.viewed").latest("pk")
    assert event.actor == users.supervisor and event.detail["sha256"] == version.sha256


def test_a_file_without_text_is_kept_marked_and_found_by_its_title(users) -> None:
    document = _law(users.officer, files.scanned_pdf(), filename="scan.pdf", title="Scanned decree (test)")
    version = document.versions.get()
    assert version.text_status == "none"
    assert version.text_problem == "no text layer: a scanned image?"
    assert version.has_file and not version.sections.exists()
    assert str(document) == "Scanned decree (test)"
    event = AuditEvent.objects.filter(action="library_document.created").latest("pk")
    assert event.detail["text"] == "none"


def test_a_refused_upload_stores_nothing(users, tmp_path) -> None:
    with pytest.raises(UploadRejected):
        _law(users.officer, b"MZ\x90\x00 an executable", filename="law.pdf")
    with pytest.raises(ValidationError):  # text and file together
        services.document_create(
            actor=users.officer,
            kind=Document.Kind.LAW,
            title="A law (test)",
            language="en",
            source="Gazette (test)",
            text="typed",
            file=("law.pdf", b"%PDF-1.4"),
        )
    assert not Document.objects.filter(authority__isnull=False).exists()
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_file_is_removed_when_its_document_fails_to_save(users, tmp_path, monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away (test)")

    monkeypatch.setattr(services, "record", fail)
    with pytest.raises(RuntimeError):
        _law(users.officer, files.pdf("Text (test)."))
    assert not any(p.is_file() for p in (tmp_path / "media").rglob("*"))


def test_bad_language_and_instrument_code_are_refused(users) -> None:
    for bad in ({"language": "english"}, {"language": "xx"}, {"instrument_code": "UNTOC/../x"}):
        values: dict[str, Any] = {"language": "en", **bad}
        with pytest.raises(ValidationError) as refused:
            services.document_create(
                actor=users.officer,
                kind=Document.Kind.GUIDE,
                title="A guide (test)",
                source="Test",
                text="Text (test).",
                **values,
            )
        assert set(refused.value.message_dict) == set(bad)


def test_replacing_a_version_with_typed_text_drops_its_file(
    users, tmp_path, django_capture_on_commit_callbacks
) -> None:
    document = _law(users.officer, files.pdf("Old text (test)."))
    old = document.versions.get().storage_name
    with django_capture_on_commit_callbacks(execute=True):
        version = services.version_save(
            actor=users.officer, document=document, language="en", title="Act (test)", text="New text (test)."
        )
    assert not version.has_file and version.sha256 == "" and version.sections.get().text == "New text (test)."
    assert not (tmp_path / "media" / old).exists()


def test_anyone_reads_the_file_of_a_public_document_on_the_record(users) -> None:
    data = files.pdf("Public law (test).")
    document = _law(users.officer, data, visibility=Document.Visibility.PUBLIC)
    assert services.file_read(actor=AnonymousUser(), version=document.versions.get()) == data
    event = AuditEvent.objects.filter(action="library_document.viewed").latest("pk")
    assert event.actor is None and event.detail["reader"] == "anonymous"
    private = _law(users.officer, data, title="Private (test)")
    with pytest.raises(PermissionDenied):
        services.file_read(actor=users.outsider, version=private.versions.get())


def test_document_delete_removes_versions_and_files(users, tmp_path, django_capture_on_commit_callbacks) -> None:
    document = _law(users.officer, files.pdf("Text (test)."))
    stored = document.versions.get().storage_name
    with pytest.raises(PermissionDenied):
        services.document_delete(actor=users.auditor, document=document)
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(actor=users.officer, document=document)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not (tmp_path / "media" / stored).exists()
    assert AuditEvent.objects.filter(action="library_document.deleted").exists()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_rotate_master_key_rewraps_library_files_too(users, settings) -> None:
    document = services.document_create(
        actor=users.officer,
        kind=Document.Kind.FORM,
        title="A scanned model form (test)",
        language="en",
        source="Test data, fictitious",
        file=("form.png", PNG),
    )
    version = document.versions.get()
    assert version.text_status == version.Text.NONE  # an image: kept, without text
    old_key = settings.ENTRAIDE_MASTER_KEY
    settings.ENTRAIDE_MASTER_KEY = crypto.generate_key_text()
    settings.ENTRAIDE_MASTER_KEY_PREVIOUS = old_key

    call_command("rotate_master_key", stdout=io.StringIO())

    settings.ENTRAIDE_MASTER_KEY_PREVIOUS = ""  # the old key is gone: the file still reads
    version.refresh_from_db()
    assert version.master_key_id == crypto.current_master_key().kid
    assert services.file_read(actor=users.officer, version=version) == PNG
    assert AuditEvent.objects.filter(action="library_document.key-rewrapped").count() == 1
