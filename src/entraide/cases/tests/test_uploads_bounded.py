"""Uploads bounded before they are read, zip expansion bounded over the whole archive, and files
left by a killed upload reclaimed (issue 17, finding 7)."""

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from entraide.audit.models import AuditEvent
from entraide.cases.models import Document
from entraide.cases.services import document_upload, orphans_reclaim
from entraide.core.sniff import UploadRejected
from entraide.library import services as library_services
from entraide.testing.cases import new_outgoing

from .helpers import PDF

pytestmark = pytest.mark.django_db


def test_a_body_over_the_limit_is_refused_before_it_is_read(users, client_for, settings):
    settings.ENTRAIDE_UPLOAD_MAX_BYTES = 1024
    request = new_outgoing(users)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (2 * 1024 * 1024), content_type="application/pdf")
    client = client_for(users.officer)
    page = client.post(reverse("cases:document-upload", args=[request.pk]), {"file": big, "token": "x"})
    assert page.status_code == 413 and "larger than 0 MB" in page.content.decode()
    big.seek(0)
    api = client.post(reverse("api-document-list", args=[request.pk]), {"file": big})
    assert api.status_code == 413 and "larger than" in api.json()["detail"]
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused_by_its_size_not_its_bytes(users, client_for, settings):
    """Under the body limit (a form's slack) but over the file limit: the form refuses it by the
    size the upload declares, before reading it."""
    settings.ENTRAIDE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    request = new_outgoing(users)
    upload = SimpleUploadedFile("a.pdf", PDF + b"0" * (2 * 1024 * 1024 + 10), content_type="application/pdf")
    response = client_for(users.officer).post(reverse("api-document-list", args=[request.pk]), {"file": upload})
    assert response.status_code == 400 and "larger than 2 MB" in str(response.json()["file"])
    assert not Document.objects.exists()


def split_bomb(members: int = 60, member_size: int = 900 * 1024) -> bytes:
    """Many members, each under the per-member check, that add up to far more than the archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for i in range(members):
            archive.writestr(f"word/media/part{i}.bin", b"\0" * member_size)
    return buffer.getvalue()


def test_a_zip_bomb_split_into_many_small_members_is_refused(users):
    bomb = split_bomb()
    assert len(bomb) < 1024 * 1024 < 50 * 1024 * 1024
    with pytest.raises(UploadRejected, match="expands to too much data"):
        document_upload(actor=users.officer, request=new_outgoing(users), filename="a.docx", data=bomb)


def _age(path: Path, hours: int) -> None:
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours)).timestamp()
    os.utime(path, (old, old))


def test_files_without_a_row_are_reclaimed_after_the_grace_period(users, settings):
    version = document_upload(actor=users.officer, request=new_outgoing(users), filename="a.pdf", data=PDF)
    root = Path(settings.MEDIA_ROOT)
    kept = root / version.storage_name
    _age(kept, 5)
    orphan = root / "documents" / "ab" / "killed-upload.bin"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"ciphertext of an upload whose row never committed")
    _age(orphan, 5)
    in_flight = root / "documents" / "ab" / "upload-in-flight.bin"
    in_flight.write_bytes(b"an upload whose row is about to commit")
    # The library stores its files apart, under the same rule.
    library_file = root / library_version(users).storage_name
    _age(library_file, 5)
    library_orphan = root / "library" / "cd" / "killed-library-upload.bin"
    library_orphan.parent.mkdir(parents=True, exist_ok=True)
    library_orphan.write_bytes(b"ciphertext of a library upload whose row never committed")
    _age(library_orphan, 5)

    assert orphans_reclaim() == 2
    assert kept.exists() and in_flight.exists() and not orphan.exists()
    assert library_file.exists() and not library_orphan.exists()
    event = AuditEvent.objects.get(action="document.orphans-removed")
    assert event.detail == {
        "count": 2,
        "files": ["documents/ab/killed-upload.bin", "library/cd/killed-library-upload.bin"],
    }


def library_version(users):
    document = library_services.document_create(
        actor=users.officer,
        kind="form",
        title="A model form (test)",
        language="en",
        source="Test data, fictitious",
        file=("form.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    )
    return document.versions.get()


def test_the_worker_reclaims_orphans(users, settings):
    orphan = Path(settings.MEDIA_ROOT) / "documents" / "cd" / "left.bin"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"x")
    _age(orphan, 2)
    call_command("worker", "--once")
    assert not orphan.exists()
