"""The documents API: list with filters and pages, detail with versions and sections, create from
JSON text or a multipart file; 400 that says why, 404 for another authority's private document."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from entraide.library import services
from entraide.library.models import Document
from entraide.testing.factories import JurisdictionFactory

from . import files

pytestmark = pytest.mark.django_db

LIST = "/api/library/documents/"


def _document(user, title: str, visibility: str = Document.Visibility.AUTHORITY, **extra) -> Document:
    values = {
        "kind": Document.Kind.GUIDE,
        "language": "en",
        "visibility": visibility,
        "source": "Test data (fictitious)",
        "text": f"The text of {title}.",
        **extra,
    }
    return services.document_create(actor=user, title=title, **values)


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_create_from_json_text(users, client_for) -> None:
    JurisdictionFactory.create(code="TZA", iso2="TZ", name_en="Tanzania (test)")
    response = client_for(users.officer).post(
        LIST,
        {
            "kind": "law",
            "title": "Anti-Money Laundering Act (test)",
            "language": "EN",
            "jurisdiction": "TZ",
            "instrument_code": "UNTOC",
            "article": "7",
            "date": "2022-05-01",
            "source": "Gazette (test)",
            "text": "1. Banks shall keep records (test).\n\n2. For seven years (test).",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["jurisdiction"] == "TZA" and body["title"] == "Anti-Money Laundering Act (test)"
    assert body["kept_by"] == users.officer.authority.name and body["visibility"] == "authority"
    (version,) = body["versions"]
    assert version["language"] == "en" and version["text_status"] == "text" and version["file_url"] is None
    assert version["sections"][0]["text"].startswith("1. Banks shall keep records")


def test_create_from_a_multipart_file_and_a_file_without_text(users, client_for) -> None:
    client = client_for(users.officer)
    fields = {"kind": "law", "title": "Decree (test)", "language": "fr", "source": "Journal officiel (test)"}
    text = client.post(LIST, {**fields, "file": SimpleUploadedFile("d.pdf", files.pdf("Article premier (test)."))})
    assert text.status_code == 201, text.content
    version = text.json()["versions"][0]
    assert version["text_status"] == "text" and "Article premier (test)." in version["sections"][0]["text"]
    assert version["file_url"] == f"/library/documents/{text.json()['id']}/fr/file/"
    scan = client.post(LIST, {**fields, "file": SimpleUploadedFile("s.pdf", files.scanned_pdf())})
    assert scan.status_code == 201
    version = scan.json()["versions"][0]
    assert (version["text_status"], version["text_problem"], version["sections"]) == (
        "none",
        "no text layer: a scanned image?",
        [],
    )


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"kind": "poem"}, "kind", "not a valid choice"),
        ({"language": "klingon"}, "language", "unknown language"),
        ({"jurisdiction": "XYZ"}, "jurisdiction", "unknown jurisdiction"),
        ({"text": ""}, "text", "Send the text"),
        ({"source": ""}, "source", "Say where the document comes from"),
        ({"instrument_code": "a b"}, "instrument_code", "letters, digits"),
        ({"date": "2024-13-01"}, "date", "Date has wrong format"),
        ({"text": "with a NUL \x00"}, "text", "Null characters are not allowed"),
    ],
)
def test_bad_input_is_a_400_that_names_the_field(users, client_for, changes, field, says) -> None:
    data = {"kind": "law", "title": "A law (test)", "language": "en", "source": "Gazette (test)", "text": "Text."}
    response = client_for(users.officer).post(LIST, {**data, **changes}, content_type="application/json")
    assert response.status_code == 400, response.content
    assert says in " ".join(response.json()[field])
    assert not Document.objects.exists()


def test_a_refused_file_is_a_400(users, client_for) -> None:
    data = {"kind": "law", "title": "A law (test)", "language": "en", "source": "Gazette (test)"}
    client = client_for(users.officer)
    response = client.post(LIST, {**data, "file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00")})
    assert response.status_code == 400 and "not accepted" in response.json()["file"][0]
    both = client.post(LIST, {**data, "text": "typed", "file": SimpleUploadedFile("a.pdf", files.pdf("x"))})
    assert both.status_code == 400 and "not both" in both.json()["text"][0]


def test_who_may_create(users, client_for) -> None:
    data = {"kind": "law", "title": "A law (test)", "language": "en", "source": "Gazette (test)", "text": "Text."}
    for user in (users.executor, users.auditor):
        assert client_for(user).post(LIST, data, content_type="application/json").status_code == 403
    assert Client().post(LIST, data, content_type="application/json").status_code == 403


def test_list_filters_and_tenancy(users, client_for) -> None:
    kenya = JurisdictionFactory.create(code="UGA", iso2="UG", name_en="Uganda (test)")
    private = _document(users.officer, "Private (test)")
    shared = _document(
        users.officer, "Shared (test)", Document.Visibility.NODE, kind=Document.Kind.LAW, jurisdiction=kenya
    )
    public = _document(users.outsider, "Public (test)", Document.Visibility.PUBLIC, instrument_code="UNCAC")
    services.version_save(actor=users.officer, document=shared, language="fr", title="Partagé (test)", text="Texte.")
    officer = client_for(users.officer)
    assert _ids(officer.get(LIST)) == {private.pk, shared.pk, public.pk}
    assert _ids(officer.get(LIST, {"kind": "law"})) == {shared.pk}
    assert _ids(officer.get(LIST, {"jurisdiction": "UG"})) == {shared.pk}
    assert _ids(officer.get(LIST, {"instrument": "uncac"})) == {public.pk}
    assert _ids(officer.get(LIST, {"language": "fr"})) == {shared.pk}
    assert _ids(client_for(users.outsider).get(LIST)) == {shared.pk, public.pk}
    assert _ids(client_for(users.executor).get(LIST)) == {shared.pk, public.pk}
    for bad, field in (
        ({"kind": "poem"}, "kind"),
        ({"jurisdiction": "QQQ"}, "jurisdiction"),
        ({"language": "q"}, "language"),
    ):
        response = officer.get(LIST, bad)
        assert response.status_code == 400 and field in response.json()


def test_list_is_paginated_in_a_fixed_number_of_queries(users, client_for) -> None:
    for number in range(3):
        _document(users.officer, f"Guide {number} (test)")
    client = client_for(users.officer)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for number in range(3, 60):
        _document(users.officer, f"Guide {number} (test)")
    with CaptureQueriesContext(connection) as many:
        body = client.get(LIST).json()
    assert body["count"] == 60 and len(body["results"]) == 50 and body["next"]
    assert len(many) == len(few)


def test_detail_and_404_for_another_authoritys_private_document(users, client_for) -> None:
    private = _document(users.officer, "Private (test)")
    url = f"{LIST}{private.pk}/"
    body = client_for(users.supervisor).get(url).json()
    assert body["title"] == "Private (test)" and body["versions"][0]["sections"][0]["anchor"] == "s-1"
    assert client_for(users.outsider).get(url).status_code == 404
    assert client_for(users.executor).get(url).status_code == 404
    assert client_for(users.officer).get(f"{LIST}999999/").status_code == 404


def test_the_schema_describes_the_documents_api(users, client_for) -> None:
    schema = client_for(users.officer).get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "library_documents_list" in text and "library_documents_create" in text
