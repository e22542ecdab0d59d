import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from entraide.audit.models import AuditEvent
from entraide.cases.models import Document, DocumentVersion
from entraide.cases.services import document_read, document_upload
from entraide.core import crypto
from entraide.core.sniff import UploadRejected
from entraide.testing.cases import new_outgoing

from .helpers import PDF, PNG, docx_bytes, odt_bytes, pdf_with, zip_bomb

pytestmark = pytest.mark.django_db(transaction=True)

CANARY = "CANARY-7f3c9e1a-entraide-plaintext-must-not-leak"


def _all_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_canary_is_nowhere_in_plaintext_on_disk_or_in_the_database(users, settings):
    request = new_outgoing(users)
    version = document_upload(
        actor=users.officer, request=request, filename="evidence.pdf", data=pdf_with(CANARY), title="Bank statement"
    )
    needle = CANARY.encode()
    files = _all_files(Path(settings.MEDIA_ROOT))
    assert files, "the encrypted file was stored"
    for path in files:
        assert needle not in path.read_bytes()
    # The database file itself (SQLite) or a dump of every table (PostgreSQL).
    if connection.vendor == "sqlite":
        db = connection.settings_dict["NAME"]
        if os.path.exists(str(db)):
            connection.close()
            assert needle not in Path(str(db)).read_bytes()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                for value in row:
                    raw = bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode()
                    assert needle not in raw, f"canary found in table {table}"
    # ... and it decrypts back for an authorised reader.
    assert needle in document_read(actor=users.officer, version=DocumentVersion.objects.get(pk=version.pk))


@pytest.mark.parametrize(
    "name,data",
    [
        ("a.pdf", PDF),
        ("a.png", PNG),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20),
        ("a.docx", docx_bytes()),
        ("a.odt", odt_bytes()),
        ("a.gif", b"GIF89a" + b"\0" * 10),
    ],
)
def test_accepted_types(users, name, data):
    version = document_upload(actor=users.officer, request=new_outgoing(users), filename=name, data=data)
    assert version.sha256 and version.size == len(data)


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("evil.pdf", b"MZ\x90\x00 windows executable", "not accepted"),
        ("page.png", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("letter.pdf", PNG, "does not match"),
        ("empty.pdf", b"", "empty"),
        ("archive.docx", b"PK\x03\x04 broken zip", "damaged"),
        ("bomb.docx", None, "zip bomb"),
        ("plain.zip", None, "only as DOCX or ODT"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(users, settings, name, data, reason):
    import io
    import zipfile

    if name == "bomb.docx":
        data = zip_bomb()
    elif name == "plain.zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("x.txt", "x")
        data = buffer.getvalue()
    request = new_outgoing(users)
    with pytest.raises(UploadRejected, match=reason):
        document_upload(actor=users.officer, request=request, filename=name, data=data)
    assert not Document.objects.exists()
    assert not _all_files(Path(settings.MEDIA_ROOT)) if Path(settings.MEDIA_ROOT).exists() else True


def test_oversized_upload_refused(users, settings):
    settings.ENTRAIDE_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(UploadRejected, match="larger than"):
        document_upload(actor=users.officer, request=new_outgoing(users), filename="a.pdf", data=PDF + b"0" * 2000)


def test_versions_are_kept_and_reads_audited(users):
    request = new_outgoing(users)
    first = document_upload(actor=users.officer, request=request, filename="a.pdf", data=pdf_with("one"))
    second = document_upload(
        actor=users.officer, request=request, filename="a2.pdf", data=pdf_with("two"), document=first.document
    )
    assert (first.number, second.number) == (1, 2)
    assert b"one" in document_read(actor=users.officer, version=first)
    assert b"two" in document_read(actor=users.officer, version=second)
    assert AuditEvent.objects.filter(action="document.viewed").count() == 2


def test_rotate_master_key_rewraps_every_file_key(users, settings):
    request = new_outgoing(users)
    version = document_upload(actor=users.officer, request=request, filename="a.pdf", data=pdf_with("secret"))
    old_key = settings.ENTRAIDE_MASTER_KEY
    settings.ENTRAIDE_MASTER_KEY = crypto.generate_key_text()
    settings.ENTRAIDE_MASTER_KEY_PREVIOUS = old_key
    call_command("rotate_master_key")
    settings.ENTRAIDE_MASTER_KEY_PREVIOUS = ""  # the old key is gone: reading must still work
    version.refresh_from_db()
    assert version.master_key_id == crypto.current_master_key().kid
    assert b"secret" in document_read(actor=users.officer, version=version)


def test_unknown_master_key_cannot_decrypt(users, settings):
    version = document_upload(actor=users.officer, request=new_outgoing(users), filename="a.pdf", data=PDF)
    settings.ENTRAIDE_MASTER_KEY = crypto.generate_key_text()
    with pytest.raises(crypto.KeyError_):
        document_read(actor=users.officer, version=version)
