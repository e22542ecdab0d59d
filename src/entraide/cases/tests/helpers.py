"""Small builders shared by the requests tests."""

from __future__ import annotations

import io
import zipfile

from entraide.cases.services import document_upload
from entraide.testing.cases import CaseWorld

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf_with(text: str) -> bytes:
    return PDF.replace(b"endobj", f"({text}) endobj".encode())


def docx_bytes(text: str = "hello") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document>{text}</w:document>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (50 * 1024 * 1024))
    return buffer.getvalue()


def shared_and_private_documents(world: CaseWorld) -> tuple[int, int]:
    """On the assigned incoming request: one document shared with the executor, one not."""
    officer = world.users.officer
    shared = document_upload(
        actor=officer,
        request=world.incoming,
        filename="letter.pdf",
        data=PDF,
        title="Letter",
        shared_with_executor=True,
    )
    private = document_upload(
        actor=officer,
        request=world.incoming,
        filename="note.pdf",
        data=PDF,
        title="Internal note",
        shared_with_executor=False,
    )
    return shared.document_id, private.document_id


class Rereadable:
    """An upload the test client can send several times (each read returns the whole content)."""

    def __init__(self, name: str, content: bytes) -> None:
        self.name = name
        self.content = content

    def read(self) -> bytes:
        return self.content
