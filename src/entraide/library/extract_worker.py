"""The child process that extracts the text of one uploaded file: ``python -m entraide.library.extract_worker
<content type> <memory MB> <CPU seconds>``, the file on stdin, one JSON object on stdout: ``{"text": ...}``
or ``{"problem": <code>, "detail": ...}``.

It imports no Django and touches no database: a malicious or broken file can only exhaust this
process, whose address space and CPU time it limits itself before it reads a byte (setting the
limits here rather than in the parent's ``preexec_fn``, which is unsafe in a threaded server).
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

# Text past this many characters is cut: a section this long is already more than anyone reads.
MAX_TEXT = 5_000_000
# content.xml of an ODT larger than this is refused (the upload check already bounds the archive).
MAX_ODT_XML = 100 * 1024 * 1024


class Problem(Exception):
    """A file whose text cannot be extracted, with a code the parent turns into a message."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code, self.detail = code, detail


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    import resource

    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:  # many PDFs are "encrypted" with an empty password only to restrict printing
            reader.decrypt("")
        except Exception:  # pypdf raises several kinds for a password it cannot use
            raise Problem("encrypted") from None
    pages: list[str] = []
    try:
        for page in reader.pages:
            pages.append((page.extract_text() or "").strip())
    except FileNotDecryptedError:
        raise Problem("encrypted") from None
    if not any(pages):
        raise Problem("no-text-layer")
    return "\n\n".join(page for page in pages if page)


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append("\t".join(cell.text for cell in row.cells))
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_T = f"{{{TEXT_NS}}}"


def _inline(element: ET.Element) -> str:
    """The text of an ODT paragraph: spans and links followed, spaces, tabs and line breaks kept,
    notes left out."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{_T}s":
            count = child.get(f"{_T}c", "1")
            parts.append(" " * min(int(count) if count.isdigit() else 1, 1000))
        elif tag == f"{_T}tab":
            parts.append("\t")
        elif tag == f"{_T}line-break":
            parts.append("\n")
        elif tag != f"{_T}note":
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks(element: ET.Element, out: list[str]) -> None:
    for child in element:
        if child.tag in (f"{_T}p", f"{_T}h"):
            out.append(_inline(child))
        else:
            _blocks(child, out)


def _odt(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("content.xml")
        if info.file_size > MAX_ODT_XML:
            raise Problem("too-large")
        xml = archive.read(info)
    # The standard library's parser fetches no external entity; a document type (the only way to
    # declare entities, and so to expand them a billion times) has no place in an ODT: refused.
    if re.search(rb"<!(?:DOCTYPE|ENTITY)", xml):
        raise Problem("unsafe-xml")
    root = ET.fromstring(xml)  # no DTD: checked above
    body = root.find(f"{{{OFFICE_NS}}}body")
    out: list[str] = []
    _blocks(body if body is not None else root, out)
    return "\n\n".join(p.strip() for p in out if p.strip())


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "application/pdf": _pdf,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _docx,
    "application/vnd.oasis.opendocument.text": _odt,
}


def extract(data: bytes, content_type: str) -> dict[str, Any]:
    extractor = EXTRACTORS.get(content_type)
    if extractor is None:
        return {"problem": "image" if content_type.startswith("image/") else "unsupported"}
    try:
        text = extractor(data)
    except Problem as exc:
        return {"problem": exc.code, "detail": exc.detail}
    except MemoryError:
        return {"problem": "memory"}
    except RecursionError:
        return {"problem": "unreadable", "detail": "nested too deeply"}
    except Exception as exc:  # a damaged file may raise anything from the parsers
        return {"problem": "unreadable", "detail": type(exc).__name__}
    if not text.strip():
        return {"problem": "empty"}
    return {"text": text[:MAX_TEXT], "truncated": len(text) > MAX_TEXT}


def main(argv: list[str]) -> int:
    content_type, memory_mb, cpu_seconds = argv[0], int(argv[1]), int(argv[2])
    _limit(memory_mb, cpu_seconds)
    try:
        result = extract(sys.stdin.buffer.read(), content_type)
        out = json.dumps(result).encode()
    except MemoryError:
        out = b'{"problem": "memory"}'
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
