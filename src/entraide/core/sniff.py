"""Upload checks by content, not by name: PDF, DOCX, ODT, PNG, JPEG, GIF, TIFF, WebP.

Pure Python (no libmagic): magic bytes for the binary formats, and for DOCX/ODT a zip
whose members prove the type, inspected with limits against zip bombs.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

MAX_ZIP_MEMBERS = 2000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# content type -> extensions a file of that type may carry
EXTENSIONS = {
    "application/pdf": {".pdf"},
    DOCX_TYPE: {".docx"},
    ODT_MIMETYPE.decode(): {".odt"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/gif": {".gif"},
    "image/tiff": {".tif", ".tiff"},
    "image/webp": {".webp"},
}


class UploadRejected(ValueError):
    """The upload is refused; the message says why, for the user."""


@dataclass(frozen=True)
class Sniffed:
    content_type: str


def _zip_type(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadRejected(_("The file is a damaged archive.")) from None
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise UploadRejected(_("The document contains too many parts."))
    # The whole archive's expansion is bounded, not only each member's: many members each just
    # under the per-member check would otherwise add up to a bomb.
    limit = min(MAX_ZIP_UNCOMPRESSED, MAX_ZIP_RATIO * len(data))
    total = 0
    for info in infos:
        total += info.file_size
        if total > limit:
            raise UploadRejected(_("The document expands to too much data (possible zip bomb)."))
        if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO and info.file_size > 1_000_000:
            raise UploadRejected(_("The document is compressed suspiciously well (possible zip bomb)."))
        if info.flag_bits & 0x1:
            raise UploadRejected(_("Encrypted documents are not accepted."))
    names = {info.filename for info in infos}
    if infos and infos[0].filename == "mimetype":
        with archive.open(infos[0]) as handle:
            if handle.read(100).strip() == ODT_MIMETYPE:
                return ODT_MIMETYPE.decode()
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX_TYPE
    raise UploadRejected(_("Archives are accepted only as DOCX or ODT documents."))


def check_size(size: int, max_bytes: int) -> None:
    """Refuse a file over the limit: forms and the API ask this of the upload's size before reading it."""
    if size > max_bytes:
        raise UploadRejected(_("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)})


def sniff(data: bytes, filename: str, *, max_bytes: int) -> Sniffed:
    """The content type of an upload, or :class:`UploadRejected` with the reason."""
    if not data:
        raise UploadRejected(_("The file is empty."))
    check_size(len(data), max_bytes)
    head = data[:16]
    if head.startswith(b"%PDF-"):
        kind = "application/pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "image/png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "image/jpeg"
    elif head.startswith((b"GIF87a", b"GIF89a")):
        kind = "image/gif"
    elif head.startswith((b"II*\x00", b"MM\x00*")):
        kind = "image/tiff"
    elif head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        kind = "image/webp"
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_type(data)
    else:
        raise UploadRejected(
            _("This type of file is not accepted: PDF, DOCX, ODT or an image (PNG, JPEG, GIF, TIFF, WebP).")
        )
    suffix = PurePath(filename).suffix.lower()
    if suffix not in EXTENSIONS[kind]:
        raise UploadRejected(
            _("The file's name (%(suffix)s) does not match its content (%(kind)s).")
            % {"suffix": suffix or _("no extension"), "kind": kind}
        )
    return Sniffed(kind)
