"""Real files for the library's tests, made the way users make them: a PDF printed by WeasyPrint,
a DOCX written by python-docx, an ODT zipped as LibreOffice does, a scan-like PDF with no text."""

from __future__ import annotations

import base64
import io
import logging
import zipfile
from functools import cache

# A 1x1 PNG, the "scan" of a page that has no text layer.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@cache
def _quiet() -> None:
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)


def pdf(*paragraphs: str, title: str = "") -> bytes:
    """A PDF with a text layer: a heading and the paragraphs."""
    from django.utils.html import escape
    from weasyprint import HTML

    _quiet()
    body = (f"<h1>{escape(title)}</h1>" if title else "") + "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def scanned_pdf() -> bytes:
    """A PDF whose page is only an image: what a scanner without text recognition gives."""
    from weasyprint import HTML

    _quiet()
    image = base64.b64encode(PNG).decode()
    html = f'<html><body><img src="data:image/png;base64,{image}" style="width:15cm;height:20cm"></body></html>'
    return HTML(string=html).write_pdf()


def docx(*paragraphs: str) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>{doctype}'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:text>{body}</office:text></office:body></office:document-content>"
)


def odt(body: str, *, doctype: str = "") -> bytes:
    """An ODT whose ``office:text`` is ``body`` (``<text:p>`` and ``<text:h>`` elements)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", CONTENT.format(doctype=doctype, body=body), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
