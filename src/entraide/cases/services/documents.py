"""Documents: content-checked uploads, encrypted at rest, versions, reads, sharing, speciality."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.audit.services import record
from entraide.core import crypto
from entraide.core.sniff import UploadRejected, sniff
from entraide.core.text import plain_text
from entraide.library import services as library
from entraide.library.models import Version as LibraryVersion
from entraide.tenancy.policies import can

from ..errors import CaseValidationError, RequestFinished, SpecialityBlocked
from ..models import Document, DocumentVersion, Request
from .requests import OPEN_FOR_PARTS


def document_upload(
    *,
    actor: User | None,
    request: Request,
    filename: str,
    data: bytes,
    title: str = "",
    kind: str = Document.Kind.OTHER,
    document: Document | None = None,
    shared_with_executor: bool | None = None,
    generated: bool = False,
) -> DocumentVersion:
    """Check an upload by content, encrypt it, store it; a new document or a new version of one.

    A refused upload raises :class:`UploadRejected` and stores nothing; a user's upload to a finished
    request (closed, withdrawn, lapsed) raises :class:`RequestFinished`. ``actor`` None is the
    system storing what the other side of the secure exchange sent.
    """
    if actor is not None and request.status not in OPEN_FOR_PARTS:
        raise RequestFinished(_("This request is finished: no document can be added to it."))
    filename, title = plain_text(filename), plain_text(title)
    checked = sniff(data, filename, max_bytes=settings.ENTRAIDE_UPLOAD_MAX_BYTES)
    if document is not None and document.request_id != request.pk:
        raise CaseValidationError(_("This document belongs to another request."))
    if document is not None and document.generated and not generated:
        raise CaseValidationError(
            _("A generated letter is generated again from the request, not replaced by an upload.")
        )
    version_uuid = uuid.uuid4()
    blob, wrapped, kid = crypto.encrypt_file(data, str(version_uuid))
    # The executor uploading an execution report shares it with itself by nature. What the other
    # side of the secure exchange sent (no actor) stays with the officer, but its execution reports.
    if shared_with_executor is None:
        shared_with_executor = kind == Document.Kind.EXECUTION if actor is None else not can(actor, "share", Document)
    stored = default_storage.save(f"documents/{version_uuid.hex[:2]}/{version_uuid.hex}.bin", ContentFile(blob))
    try:
        with transaction.atomic():
            if document is None:
                document = Document.objects.create(
                    request=request,
                    generated=generated,
                    kind=kind,
                    title=title or filename,
                    created_by=actor,
                    shared_with_executor=shared_with_executor,
                )
            else:
                document = Document.objects.select_for_update().get(pk=document.pk)
            number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            version = DocumentVersion.objects.create(
                uuid=version_uuid,
                document=document,
                number=number,
                filename=filename[:255],
                content_type=checked.content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                storage_name=stored,
                wrapped_key=wrapped,
                master_key_id=kid,
                uploaded_by=actor,
            )
            record(
                actor,
                "document.uploaded",
                document,
                authority_id=request.authority_id,
                detail={
                    "request": request.pk,
                    "version": number,
                    "sha256": version.sha256,
                    "size": version.size,
                    "content_type": version.content_type,
                },
            )
    except BaseException:
        default_storage.delete(stored)
        raise
    return version


# An upload writes its file before its row commits: a file younger than this may be in flight.
ORPHAN_GRACE = dt.timedelta(hours=1)
DOCUMENTS_DIR = "documents"


def orphans_reclaim(*, older_than: dt.timedelta = ORPHAN_GRACE, now: dt.datetime | None = None) -> int:
    """Remove stored files that no committed version references (of a request's document, or of a
    library document), once past a grace period: what a process killed between writing a file and
    committing its row leaves behind. The removal is audit-logged with the files' names. Returns
    how many files were removed."""
    now = now or timezone.now()
    removed: list[str] = []
    for directory, versions in ((DOCUMENTS_DIR, DocumentVersion), (library.FILES_DIR, LibraryVersion)):
        if not default_storage.exists(directory):
            continue
        prefixes, _files = default_storage.listdir(directory)
        for prefix in sorted(prefixes):
            _dirs, files = default_storage.listdir(f"{directory}/{prefix}")
            names = [f"{directory}/{prefix}/{name}" for name in files]
            referenced = set(versions.objects.filter(storage_name__in=names).values_list("storage_name", flat=True))
            for name in names:
                if name not in referenced and default_storage.get_modified_time(name) < now - older_than:
                    default_storage.delete(name)
                    removed.append(name)
    if removed:
        record(None, "document.orphans-removed", None, detail={"count": len(removed), "files": removed[:1000]})
    return len(removed)


def _plaintext(version: DocumentVersion) -> bytes:
    with default_storage.open(version.storage_name, "rb") as handle:
        blob = handle.read()
    return crypto.decrypt_file(blob, bytes(version.wrapped_key), str(version.uuid), version.master_key_id)


@transaction.atomic
def document_read(*, actor: User, version: DocumentVersion) -> bytes:
    """Decrypt a version for the reader; the read is audit-logged."""
    data = _plaintext(version)
    document = version.document
    record(
        actor,
        "document.viewed",
        document,
        authority_id=document.request.authority_id,
        detail={"version": version.number, "sha256": version.sha256},
    )
    return data


def _speciality_guard(actor: User, document: Document, what: str, detail: dict[str, object]) -> None:
    """Evidence under a use limitation stays in its request until consent is recorded."""
    source = document.request
    if document.derived_from_id is not None:
        source = Document.objects.select_related("request").get(pk=document.derived_from_id).request
    if source.under_use_limitation:
        with transaction.atomic():
            record(
                actor,
                f"document.{what}-blocked",
                document,
                authority_id=source.authority_id,
                detail={**detail, "use_limitation": source.use_limitation[:200]},
            )
        raise SpecialityBlocked(
            _(
                "This evidence was received under a use limitation (speciality): record the requested "
                "State's consent on request %(ref)s before using it elsewhere."
            )
            % {"ref": source.our_reference}
        )


def document_copy(*, actor: User, document: Document, target: Request) -> Document:
    """Attach a copy of a document (its latest version) to another request of my authority."""
    if target.pk == document.request_id:
        raise CaseValidationError(_("Choose another request."))
    if target.authority_id != document.request.authority_id:
        raise CaseValidationError(_("Choose a request of your authority."))
    _speciality_guard(actor, document, "copy", {"target": target.pk})
    latest = document.versions.order_by("-number").first()
    if latest is None:
        raise CaseValidationError(_("This document has no content yet."))
    with transaction.atomic():
        copy = document_upload(
            actor=actor,
            request=target,
            filename=latest.filename,
            data=_plaintext(latest),
            title=document.title,
            kind=document.kind,
            shared_with_executor=False,
        )
        copied = copy.document
        Document.objects.filter(pk=copied.pk).update(derived_from=document)
        copied.derived_from = document
        record(
            actor,
            "document.copied",
            document,
            authority_id=target.authority_id,
            detail={"target": target.pk, "copy": copied.pk},
        )
    return copied


def document_export(*, actor: User, version: DocumentVersion) -> bytes:
    """Hand a document out of Entraide for another use (the speciality rule applies)."""
    _speciality_guard(actor, version.document, "export", {"version": version.number})
    with transaction.atomic():
        data = _plaintext(version)
        record(
            actor,
            "document.exported",
            version.document,
            authority_id=version.document.request.authority_id,
            detail={"version": version.number, "sha256": version.sha256},
        )
    return data


@transaction.atomic
def document_share(*, actor: User, document: Document, shared: bool) -> Document:
    """Share a document with the request's executing authority, or stop sharing it."""
    if document.shared_with_executor != shared:
        document.shared_with_executor = shared
        document.save(update_fields=["shared_with_executor"])
        record(
            actor,
            "document.shared" if shared else "document.unshared",
            document,
            authority_id=document.request.authority_id,
        )
    return document


__all__ = [
    "UploadRejected",
    "document_copy",
    "document_export",
    "document_keys_rewrap",
    "document_read",
    "document_share",
    "document_upload",
]


def document_keys_rewrap(*, batch: int = 500) -> tuple[int, int]:
    """Re-wrap every file key not yet under the current master key; returns (re-wrapped, total)."""

    def rewrapped(version: DocumentVersion, old: str, new: str) -> None:
        detail = {"version": version.number, "from": old, "to": new}
        record(None, "document.key-rewrapped", version.document, detail=detail)

    done = crypto.keys_rewrap(DocumentVersion.objects.all(), lambda v: str(v.uuid), rewrapped, batch=batch)
    return done, DocumentVersion.objects.count()
