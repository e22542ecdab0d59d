"""Text extraction runs in a separate process with limits; whatever goes wrong, a file has no text
and a reason, never an error."""

from __future__ import annotations

import io

import pytest

from entraide.core.sniff import DOCX_TYPE, sniff
from entraide.library.extract import extract_text

from . import files

PDF = "application/pdf"
ODT = files.ODT_MIMETYPE


def test_the_text_of_a_pdf() -> None:
    data = files.pdf("1. Banking records shall be produced.", "2. Second paragraph.", title="Proceeds Act (test)")
    extracted = extract_text(data, sniff(data, "law.pdf", max_bytes=10**7).content_type)
    assert extracted.problem == ""
    assert "Proceeds Act (test)" in extracted.text
    assert "1. Banking records shall be produced." in extracted.text


def test_the_text_of_a_docx_paragraph_by_paragraph() -> None:
    data = files.docx("Article 1 (test)", "Mutual assistance is given as widely as possible.", "")
    extracted = extract_text(data, DOCX_TYPE)
    assert extracted.text == "Article 1 (test)\n\nMutual assistance is given as widely as possible."


def test_the_text_of_an_odt_with_spaces_tabs_breaks_and_no_notes() -> None:
    body = (
        '<text:h text:outline-level="1">Loi type (test)</text:h>'
        '<text:p>Premier<text:s text:c="2"/>alinéa<text:tab/>avec <text:span>un lien</text:span>'
        "<text:line-break/>à la ligne"
        "<text:note><text:note-body><text:p>note</text:p></text:note-body></text:note></text:p>"
        "<text:list><text:list-item><text:p>Un élément</text:p></text:list-item></text:list>"
    )
    data = files.odt(body)
    assert sniff(data, "loi.odt", max_bytes=10**7).content_type == ODT
    extracted = extract_text(data, ODT)
    assert extracted.text == "Loi type (test)\n\nPremier  alinéa\tavec un lien\nà la ligne\n\nUn élément"


def test_an_odt_that_declares_entities_is_refused() -> None:
    doctype = '<!DOCTYPE office:document-content [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    extracted = extract_text(files.odt("<text:p>&b;</text:p>", doctype=doctype), ODT)
    assert extracted.text == ""
    assert "XML entities" in extracted.problem


def test_a_scanned_pdf_has_no_text_layer() -> None:
    extracted = extract_text(files.scanned_pdf(), PDF)
    assert extracted == extracted.__class__("", "no text layer: a scanned image?")


def test_an_image_has_no_text() -> None:
    extracted = extract_text(files.PNG, "image/png")
    assert extracted.text == "" and "image" in extracted.problem


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\nnot really a PDF at all", PDF),
        (b"PK\x03\x04 a broken archive", DOCX_TYPE),
        (b"PK\x03\x04 a broken archive", ODT),
    ],
)
def test_a_corrupt_file_has_no_text_and_says_why(data: bytes, content_type: str) -> None:
    extracted = extract_text(data, content_type)
    assert extracted.text == ""
    assert extracted.problem == "the file could not be read: it may be damaged"


def test_a_truncated_pdf_is_read_as_far_as_it_goes_or_marked_damaged() -> None:
    data = files.pdf("A paragraph of a law (test).")
    extracted = extract_text(data[: len(data) // 2], PDF)
    assert extracted.text == "" or "paragraph" in extracted.text
    assert bool(extracted.text) != bool(extracted.problem)


def test_an_encrypted_pdf_says_so() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(files.pdf("Secret text (test)."))))
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    extracted = extract_text(out.getvalue(), PDF)
    assert extracted == extracted.__class__("", "the file is protected by a password")


def test_extraction_that_takes_too_long_is_stopped(settings) -> None:
    settings.ENTRAIDE_EXTRACT_TIMEOUT = 0.001
    extracted = extract_text(files.pdf("Text (test)."), PDF)
    assert extracted.text == ""
    assert extracted.problem == "text extraction took longer than 0.001 s"


def test_extraction_that_needs_too_much_memory_is_stopped(settings) -> None:
    settings.ENTRAIDE_EXTRACT_MEMORY_MB = 30  # not even enough to load the PDF library
    extracted = extract_text(files.pdf("Text (test)."), PDF)
    assert extracted.text == ""
    assert extracted.problem == "text extraction needed more than 30 MB of memory"
