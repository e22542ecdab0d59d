"""The CSV import page: administrators only; a bad row imports nothing and is reported."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from entraide.directory.services import AUTHORITY_COLUMNS
from entraide.tenancy.models import Authority

pytestmark = pytest.mark.django_db


def csv_file(rows: list[dict[str, str]]) -> SimpleUploadedFile:
    lines = [",".join(AUTHORITY_COLUMNS)]
    for row in rows:
        lines.append(",".join(row.get(c, "") for c in AUTHORITY_COLUMNS))
    return SimpleUploadedFile("authorities.csv", ("\n".join(lines) + "\n").encode(), content_type="text/csv")


GOOD = {"jurisdiction": "KEN", "name": "Authority A (test)", "kind": "central", "languages": "eng", "is_demo": "yes"}
BAD = {"jurisdiction": "UGX", "name": "Authority B (test)", "kind": "central"}


def test_import_page_is_for_administrators(directory_data, users, client_for):
    for user in users.all():
        response = client_for(user).get("/directory/import/")
        assert response.status_code == (200 if user.role == "administrator" else 403), user.role


def test_one_bad_row_imports_nothing_and_the_page_names_the_line(directory_data, users, client_for):
    response = client_for(users.administrator).post(
        "/directory/import/", {"kind": "authorities", "file": csv_file([GOOD, BAD])}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "line 3: unknown jurisdiction &#x27;UGX&#x27;; did you mean" in page
    assert not Authority.objects.filter(name="Authority A (test)").exists()


def test_a_good_file_imports(directory_data, users, client_for):
    response = client_for(users.administrator).post(
        "/directory/import/", {"kind": "authorities", "file": csv_file([GOOD])}
    )
    assert response.status_code == 200
    assert "1 created, 0 updated" in response.content.decode()
    assert Authority.objects.get(name="Authority A (test)").is_demo is True


def test_a_file_that_is_not_utf8_is_refused_politely(directory_data, users, client_for):
    upload = SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad", content_type="text/csv")
    response = client_for(users.administrator).post("/directory/import/", {"kind": "authorities", "file": upload})
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()
