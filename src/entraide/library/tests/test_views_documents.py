"""The document pages: add (typed or uploaded), read by sections and language, edit, add a
language version, delete, download; each for the roles and authorities that may, 403/404 otherwise."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from entraide.audit.models import AuditEvent
from entraide.library import services
from entraide.library.models import Document
from entraide.testing.factories import JurisdictionFactory

from . import files

pytestmark = pytest.mark.django_db

NEW = reverse("library:document-new")


def _fields(**extra):
    return {
        "kind": "law",
        "title": "Proceeds of Crime Act (test)",
        "language": "en",
        "jurisdiction": "",
        "instrument_code": "",
        "article": "",
        "date": "",
        "source": "Kenya Gazette Supplement (test)",
        "licence": "Public domain (test)",
        "visibility": "authority",
        "text": "",
        **extra,
    }


def _document(user, visibility: str = Document.Visibility.AUTHORITY, **extra) -> Document:
    values = {
        "kind": Document.Kind.GUIDE,
        "title": "How to ask Kenya (test)",
        "language": "en",
        "visibility": visibility,
        "source": "https://example.org/guide (test)",
        "licence": "CC BY 4.0 (test)",
        "text": "First paragraph (test).\n\nSecond paragraph,\nwith a line break (test).",
        **extra,
    }
    return services.document_create(actor=user, **values)


def test_an_officer_adds_a_typed_document(users, client_for) -> None:
    kenya = JurisdictionFactory.create(code="TZA", iso2="TZ", name_en="Tanzania (test)")
    client = client_for(users.officer)
    page = client.get(NEW)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(
        NEW, _fields(text="Section 1. Banks keep records (test).", jurisdiction=kenya.code, date="2009-01-01")
    )
    document = Document.objects.get(authority=users.officer.authority)
    assert response.status_code == 302 and response["Location"] == reverse("library:document", args=[document.pk])
    assert document.jurisdiction == kenya and str(document.date) == "2009-01-01"
    assert document.versions.get().sections.get().text == "Section 1. Banks keep records (test)."


def test_an_officer_uploads_a_pdf_and_reads_it_on_its_page(users, client_for) -> None:
    client = client_for(users.officer)
    data = files.pdf("1. A bank shall produce its records (test).", title="Proceeds of Crime Act (test)")
    response = client.post(NEW, {**_fields(), "file": SimpleUploadedFile("act.pdf", data, "application/pdf")})
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "A bank shall produce its records" in html
    assert "Kenya Gazette Supplement (test)" in html and "Public domain (test)" in html
    document = Document.objects.get(authority=users.officer.authority)
    download = reverse("library:file", args=[document.pk, "en"])
    assert download in html
    got = client.get(download)
    assert got.status_code == 200 and got.content == data
    assert got["Content-Type"] == "application/pdf" and "attachment" in got["Content-Disposition"]
    assert AuditEvent.objects.filter(action="library_document.viewed", detail__sha256__isnull=False).exists()


def test_a_scanned_pdf_is_kept_and_its_page_says_there_is_no_text(users, client_for) -> None:
    client = client_for(users.officer)
    upload = SimpleUploadedFile("decree.pdf", files.scanned_pdf(), "application/pdf")
    response = client.post(NEW, {**_fields(title="Scanned decree (test)"), "file": upload}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Scanned decree (test)" in html
    assert "No text could be extracted: no text layer: a scanned image?" in re.sub(r"\s+", " ", html)
    assert "no text could be extracted" in html.lower()  # the message after the upload too


def test_bad_input_keeps_the_form_and_says_what_is_wrong_once_per_field(users, client_for) -> None:
    client = client_for(users.officer)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"title": "", "text": "x"}, "This field is required."),
        ({"source": "", "text": "x"}, "Say where the document comes from"),
        ({"text": ""}, "Type the text or upload a file."),
        ({"instrument_code": "UN TOC", "text": "x"}, "letters, digits, dots and hyphens"),
        ({"language": "zz", "text": "x"}, "Select a valid choice."),
        ({"text": "x", "file": SimpleUploadedFile("a.pdf", files.pdf("x"))}, "not both"),
        ({"file": SimpleUploadedFile("law.pdf", b"MZ\x90\x00 program")}, "This type of file is not accepted"),
        ({"file": SimpleUploadedFile("law.docx", files.pdf("x"))}, "does not match its content"),
    ]
    for changes, message in cases:
        response = client.post(NEW, _fields(**changes))
        html = response.content.decode()
        assert response.status_code == 400, changes
        assert message in html, (changes, message)
        assert html.count("invalid-feedback") == 1, changes
        assert "Kenya Gazette Supplement (test)" in html or "source" in changes  # the input is kept
    assert not Document.objects.filter(authority__isnull=False).exists()


def test_a_file_over_the_limit_is_refused(users, client_for, settings) -> None:
    settings.ENTRAIDE_UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    response = client_for(users.officer).post(NEW, {**_fields(), "file": big})
    assert response.status_code == 400 and "larger than 1 MB" in response.content.decode()


def test_who_may_add_a_document(users, client_for) -> None:
    for user in (users.officer, users.supervisor, users.administrator):
        assert client_for(user).get(NEW).status_code == 200
    for user in (users.executor, users.auditor):
        assert client_for(user).get(NEW).status_code == 403
        assert client_for(user).post(NEW, _fields(text="x")).status_code == 403
    assert Client().get(NEW).status_code == 302  # to the sign-in page


def test_the_document_page_shows_metadata_paragraphs_and_buttons_to_those_who_may(users, client_for) -> None:
    document = _document(users.officer, Document.Visibility.NODE)
    url = reverse("library:document", args=[document.pk])
    html = client_for(users.officer).get(url).content.decode()
    assert 'href="https://example.org/guide"' in html and "CC BY 4.0 (test)" in html
    assert '<p dir="auto">Second paragraph,<br>with a line break (test).</p>' in html
    assert 'lang="en"' in html
    for action in ("document-edit", "version-new", "document-delete"):
        assert reverse(f"library:{action}", args=[document.pk]) in html
    for reader in (users.auditor, users.executor, users.outsider):
        page = client_for(reader).get(url)
        assert page.status_code == 200
        assert reverse("library:document-edit", args=[document.pk]) not in page.content.decode()


def test_another_authoritys_private_document_is_not_found(users, client_for) -> None:
    document = _document(users.officer)
    version = document.versions.get()
    for user in (users.outsider, users.executor):
        client = client_for(user)
        for name in ("document", "document-edit", "version-new", "document-delete"):
            assert client.get(reverse(f"library:{name}", args=[document.pk])).status_code == 404, name
        assert client.get(reverse("library:file", args=[document.pk, version.language])).status_code == 404
    assert Client().get(reverse("library:document", args=[document.pk])).status_code == 404


def test_a_shared_document_may_be_read_but_not_changed_by_others(users, client_for) -> None:
    document = _document(users.officer, Document.Visibility.NODE)
    client = client_for(users.outsider)
    for name in ("document-edit", "version-new", "document-delete"):
        assert client.get(reverse(f"library:{name}", args=[document.pk])).status_code == 403, name
        assert client.post(reverse(f"library:{name}", args=[document.pk]), {}).status_code == 403, name
    for name in ("document-edit", "version-new", "document-delete"):
        assert client_for(users.auditor).get(reverse(f"library:{name}", args=[document.pk])).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_anyone_reads_a_public_document_and_its_file(users) -> None:
    data = files.pdf("Public law (test).")
    document = services.document_create(
        actor=users.officer,
        kind=Document.Kind.LAW,
        title="Public act (test)",
        language="en",
        visibility=Document.Visibility.PUBLIC,
        source="Gazette (test)",
        file=("act.pdf", data),
    )
    client = Client()
    assert "Public law (test)." in client.get(reverse("library:document", args=[document.pk])).content.decode()
    assert client.get(reverse("library:file", args=[document.pk, "en"])).content == data
    assert client.get(reverse("library:file", args=[document.pk, "fr"])).status_code == 404
    assert client.get(reverse("library:document-edit", args=[document.pk])).status_code == 302


def test_edit_the_metadata(users, client_for) -> None:
    document = _document(users.officer)
    url = reverse("library:document-edit", args=[document.pk])
    client = client_for(users.supervisor)
    form = client.get(url)
    assert form.status_code == 200 and "CC BY 4.0 (test)" in form.content.decode()
    fields = {
        "kind": "guide",
        "jurisdiction": "",
        "instrument_code": "untoc",
        "article": "18",
        "date": "",
        "source": "https://example.org/guide (test)",
        "licence": "CC BY-SA 4.0 (test)",
        "visibility": "node",
    }
    assert client.post(url, {**fields, "source": ""}).status_code == 400
    response = client.post(url, fields)
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.instrument_code, document.article, document.licence, document.visibility) == (
        "UNTOC",
        "18",
        "CC BY-SA 4.0 (test)",
        "node",
    )
    event = AuditEvent.objects.filter(action="library_document.updated").latest("pk")
    assert set(event.detail) == {"instrument_code", "article", "licence", "visibility"}


def test_language_versions_show_as_tabs_the_readers_first(users, client_for) -> None:
    document = _document(users.officer)
    client = client_for(users.officer)
    url = reverse("library:version-new", args=[document.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"language": "ar", "title": "كيفية طلب المساعدة (test)", "text": "الفقرة الأولى (test)."}
    )
    assert response.status_code == 302 and response["Location"].endswith("?language=ar")
    client.post(url, {"language": "fr", "title": "Comment saisir le Kenya (test)", "text": "Premier alinéa (test)."})
    page = client.get(reverse("library:document", args=[document.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    html = page.content.decode()
    tabs = re.findall(r'data-language="(\w+)">', html)
    assert tabs[:3] == ["fr", "en", "ar"]
    assert "Comment saisir le Kenya (test)" in html
    arabic = client.get(reverse("library:document", args=[document.pk]) + "?language=ar").content.decode()
    assert '<div id="version" lang="ar"' in arabic and "الفقرة الأولى (test)." in arabic
    assert client.post(url, {"language": "de", "title": "", "text": ""}).status_code == 400


def test_delete_asks_first(users, client_for) -> None:
    document = _document(users.officer)
    url = reverse("library:document-delete", args=[document.pk])
    client = client_for(users.officer)
    page = client.get(url)
    assert page.status_code == 200 and "How to ask Kenya (test)" in page.content.decode()
    assert Document.objects.filter(pk=document.pk).exists()
    assert client.post(url).status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()


def test_numbered_paragraphs_of_a_treaty_article_have_their_own_ids(users, client_for, treaty_texts) -> None:
    document = Document.objects.get(key="treaty-text:UNTOC")
    html = Client().get(reverse("library:document", args=[document.pk])).content.decode()
    assert 'id="art-18"' in html
    paragraph = re.search(r'<p dir="auto" id="art-18-8">(.*?)</p>', html)
    assert paragraph is not None and "bank secrecy" in paragraph.group(1)
    assert 'id="art-18-15"' in html
    uncac = Document.objects.get(key="treaty-text:UNCAC")
    html = client_for(users.officer).get(reverse("library:document", args=[uncac.pk])).content.decode()
    assert 'id="art-46-9-b"' in html
    assert not AnonymousUser().is_authenticated
