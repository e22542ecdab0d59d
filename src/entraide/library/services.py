"""Every write to the library: the shipped treaty texts, documents and their language versions.

Each write is atomic and audit-logged; the search index is kept in the same transaction
(:mod:`.index`), so a section is found as soon as it is committed and never after it is gone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entraide.audit.services import record
from entraide.core import crypto
from entraide.core.sniff import sniff
from entraide.core.text import plain_text
from entraide.reference.models import Jurisdiction
from entraide.tenancy.policies import can

from . import extract, index, languages, treaty_texts
from .models import Document, Section, Version

# (number, heading, text) of each section, in order.
Part = tuple[str, str, str]

TREATY_TEXTS_SOURCE = (
    "statengeneraal/laws-markdown (HEAD 91556a80a2, 2017-05-10), a Markdown conversion of the Dutch Treaty "
    "Database (wetten.overheid.nl / Tractatenblad); English authentic text. Not an official source of law: "
    "check a text against the depositary's before quoting it."
)
TREATY_TEXTS_LICENCE = (
    "Official text of a treaty published by a public authority: no copyright subsists in it (Dutch Copyright "
    "Act, art. 11); keep the source with the text."
)
# Where library files are stored (encrypted), apart from requests' documents.
FILES_DIR = "library"
TREATY_TEXTS_DIR = Path(settings.DATA_DIR) / "treaty-texts"


def _replace_sections(version: Version, parts: Sequence[Part]) -> None:
    """Make the version's sections exactly ``parts`` and index them."""
    index.remove_version(version)
    Section.objects.filter(version=version).delete()
    Section.objects.bulk_create(
        Section(version=version, position=position, number=number, heading=heading[:300], text=text)
        for position, (number, heading, text) in enumerate(parts, start=1)
    )
    index.index_version(version)


def _sections_of(version: Version) -> list[Part]:
    return [(s.number, s.heading, s.text) for s in version.sections.order_by("position")]


# --- The treaty texts that ship with Entraide -----------------------------------------------


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _treaty_parts(text: treaty_texts.TreatyText) -> list[Part]:
    parts: list[Part] = [("", "Preamble", text.preamble)] if text.preamble else []
    return parts + [(article.number, article.heading, article.text) for article in text.articles]


@transaction.atomic
def treaty_texts_load(*, directory: Path = TREATY_TEXTS_DIR) -> LoadResult:
    """Load or refresh the shipped treaty texts, article by article: idempotent (a text that did not
    change is not written again), public, kept by no authority. Audit-logged as the system."""
    result = LoadResult()
    for text in treaty_texts.read_all(directory):
        parts = _treaty_parts(text)
        document, created = Document.objects.get_or_create(
            key=f"treaty-text:{text.code}",
            defaults={"kind": Document.Kind.TREATY, "visibility": Document.Visibility.PUBLIC},
        )
        fields = {
            "kind": Document.Kind.TREATY,
            "instrument_code": text.code,
            "source": TREATY_TEXTS_SOURCE,
            "licence": TREATY_TEXTS_LICENCE,
            "visibility": Document.Visibility.PUBLIC,
        }
        version = Version.objects.filter(document=document, language="en").first()
        same = (
            not created
            and all(getattr(document, name) == value for name, value in fields.items())
            and version is not None
            and version.title == text.title
            and _sections_of(version) == parts
        )
        if same:
            result.unchanged += 1
            continue
        for name, value in fields.items():
            setattr(document, name, value)
        document.save()
        if version is None:
            version = Version.objects.create(document=document, language="en", title=text.title)
        else:
            version.title = text.title
            version.save(update_fields=["title"])
        _replace_sections(version, parts)
        if created:
            result.created += 1
        else:
            result.updated += 1
        record(
            None,
            f"library_document.{'created' if created else 'updated'}",
            document,
            detail={"instrument": text.code, "articles": len(text.articles)},
        )
    return result


# --- Documents kept by an authority ---------------------------------------------------------


class NoteExists(ValidationError):
    """The authority already keeps a note on this country (one per country, in several languages)."""

    def __init__(self) -> None:
        super().__init__(
            {
                "jurisdiction": _(
                    "Your authority already keeps a note on this country: add a language version to it or edit it."
                )
            }
        )


def _saved(save: Any) -> Any:
    """Run ``save`` in a savepoint; a second note of the authority on one country is refused."""
    try:
        with transaction.atomic():
            return save()
    except IntegrityError as exc:
        # PostgreSQL names the constraint; SQLite names its columns.
        if "library_one_country_note" in str(exc) or "library_document.jurisdiction_id" in str(exc):
            raise NoteExists from exc
        raise


def _require(actor: Any, action: str, target: Any) -> None:
    if not can(actor, action, target):
        raise PermissionDenied


@dataclass
class _VersionInput:
    """A language version ready to be written: checked, its file (if any) stored and its text extracted."""

    language: str
    fields: dict[str, Any]
    text: str

    @property
    def stored(self) -> str:
        return str(self.fields.get("storage_name", ""))

    def discard(self) -> None:
        """Remove the stored file of a version that was not written after all."""
        if self.stored:
            default_storage.delete(self.stored)


def _file_fields(actor: Any, filename: str, data: bytes) -> tuple[dict[str, Any], extract.Extracted]:
    """Check an upload by content (the checks request documents pass), extract its text in a
    separate process, encrypt it and store it. Returns the version's file fields and the text."""
    checked = sniff(data, filename, max_bytes=settings.ENTRAIDE_UPLOAD_MAX_BYTES)
    extracted = extract.extract_text(data, checked.content_type)
    file_uuid = uuid.uuid4()
    blob, wrapped, kid = crypto.encrypt_file(data, file_uuid.hex)
    stored = default_storage.save(f"{FILES_DIR}/{file_uuid.hex[:2]}/{file_uuid.hex}.bin", ContentFile(blob))
    fields = {
        "filename": filename[:255],
        "content_type": checked.content_type,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "storage_name": stored,
        "wrapped_key": wrapped,
        "master_key_id": kid,
        "uploaded_by": actor,
    }
    return fields, extracted


def _delete_on_commit(names: list[str]) -> None:
    """Remove stored files once the rows that referenced them are gone for good."""

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


def file_keys_rewrap(*, batch: int = 500) -> tuple[int, int]:
    """Re-wrap the file key of every library file not yet under the current master key; returns
    (re-wrapped, files)."""

    def rewrapped(version: Version, old: str, new: str) -> None:
        detail = {"language": version.language, "from": old, "to": new}
        record(None, "library_document.key-rewrapped", version.document, detail=detail)

    files = Version.objects.exclude(storage_name="")
    return crypto.keys_rewrap(files, file_id, rewrapped, batch=batch), files.count()


def file_id(version: Version) -> str:
    """The id the version's file key is bound to (the name it is stored under)."""
    return Path(version.storage_name).stem


# A version written without a file has none: the fields of a file it replaces are cleared.
_NO_FILE: dict[str, Any] = {
    "filename": "",
    "content_type": "",
    "size": None,
    "sha256": "",
    "storage_name": "",
    "wrapped_key": None,
    "master_key_id": "",
    "uploaded_by": None,
}


def _version_input(
    *, actor: Any, language: str, title: str, text: str, file: tuple[str, bytes] | None
) -> _VersionInput:
    """Check a version's input, and store its file and extract its text. This runs outside any
    transaction the service opens: extraction may take seconds, and no lock is held meanwhile.
    A file whose text cannot be extracted is kept, marked "no text", with the reason."""
    language, title = plain_text(language).strip().lower(), plain_text(title).strip()
    if not languages.is_language(language):
        raise ValidationError({"language": _("Choose a language (an ISO 639-1 code such as en or fr).")})
    if not title:
        raise ValidationError({"title": _("A document needs a title.")})
    if file is not None and text.strip():
        raise ValidationError({"text": _("Type the text or upload a file, not both.")})
    fields: dict[str, Any] = {"title": title[:500], "text_status": Version.Text.TEXT, "text_problem": ""}
    if file is None:
        if not text.strip():
            raise ValidationError({"text": _("Type the text or upload a file.")})
        return _VersionInput(language, fields | _NO_FILE | {"uploaded_by": actor}, plain_text(text))
    filename, data = plain_text(file[0]), file[1]
    file_fields, extracted = _file_fields(actor, filename, data)
    fields |= file_fields
    if not extracted.text.strip():
        fields |= {"text_status": Version.Text.NONE, "text_problem": extracted.problem[:300]}
    # PostgreSQL stores no NUL character, and some PDFs' text layers hold them.
    return _VersionInput(language, fields, plain_text(extracted.text).replace("\x00", ""))


def _version_write(document: Document, given: _VersionInput) -> Version:
    """Create or replace the document's version in the given language (inside the caller's transaction)."""
    old = Version.objects.select_for_update().filter(document=document, language=given.language).first()
    if old is not None and old.storage_name and old.storage_name != given.stored:
        _delete_on_commit([old.storage_name])
    version, _created = Version.objects.update_or_create(
        document=document, language=given.language, defaults=given.fields
    )
    _replace_sections(version, [("", "", given.text)] if given.text.strip() else [])
    return version


INSTRUMENT_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,59}")


def _check_metadata(values: dict[str, Any]) -> dict[str, Any]:
    values = {name: plain_text(value).strip() if isinstance(value, str) else value for name, value in values.items()}
    if values.get("kind") not in Document.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of document.")})
    if values.get("visibility") not in Document.Visibility.values:
        raise ValidationError({"visibility": _("Choose who may see the document.")})
    if values.get("instrument_code") and not INSTRUMENT_CODE.fullmatch(values["instrument_code"]):
        raise ValidationError(
            {"instrument_code": _("An instrument's code has letters, digits, dots and hyphens only (UNTOC, CETS-030).")}
        )
    if values["kind"] == Document.Kind.COUNTRY_NOTE and not values.get("jurisdiction"):
        raise ValidationError({"jurisdiction": _("A country note is about a country: choose it.")})
    if values["kind"] != Document.Kind.COUNTRY_NOTE and not values.get("source"):
        raise ValidationError({"source": _("Say where the document comes from: a URL or a citation.")})
    return values


def document_create(
    *,
    actor: Any,
    kind: str,
    title: str,
    language: str,
    visibility: str = Document.Visibility.AUTHORITY,
    jurisdiction: Jurisdiction | None = None,
    instrument_code: str = "",
    article: str = "",
    date: dt.date | None = None,
    source: str = "",
    licence: str = "",
    text: str = "",
    file: tuple[str, bytes] | None = None,
) -> Document:
    """A new document of the actor's authority, with its first language version (typed, or a file
    whose text is extracted before the transaction opens)."""
    _require(actor, "add", Document)
    metadata = _check_metadata(
        {
            "kind": kind,
            "visibility": visibility,
            "jurisdiction": jurisdiction,
            "instrument_code": instrument_code,
            "article": article,
            "date": date,
            "source": source,
            "licence": licence,
        }
    )
    given = _version_input(actor=actor, language=language, title=title, text=text, file=file)
    try:
        with transaction.atomic():
            document = _saved(
                lambda: Document.objects.create(authority_id=actor.authority_id, created_by=actor, **metadata)
            )
            version = _version_write(document, given)
            record(
                actor,
                "library_document.created",
                document,
                authority_id=actor.authority_id,
                detail={
                    "kind": kind,
                    "visibility": visibility,
                    "language": version.language,
                    "sha256": version.sha256,
                    "text": version.text_status,
                },
            )
    except BaseException:
        given.discard()
        raise
    return document


METADATA = ("kind", "jurisdiction", "instrument_code", "article", "date", "source", "licence", "visibility")


@transaction.atomic
def document_update(*, actor: Any, document: Document, **changes: Any) -> Document:
    """Change a document's metadata (kind, jurisdiction, instrument, article, date, source, licence,
    who may see it); the audit event names what changed."""
    _require(actor, "change", document)
    unknown = set(changes) - set(METADATA)
    if unknown:
        raise TypeError(f"not metadata of a document: {', '.join(sorted(unknown))}")
    current = {name: getattr(document, name) for name in changes}
    values = _check_metadata(
        {**{f: getattr(document, f) for f in ("kind", "visibility", "source", "jurisdiction")}, **changes}
    )
    changed = {name: [str(current[name]), str(values[name])] for name in changes if current[name] != values[name]}
    for name in changes:
        setattr(document, name, values[name])
    _saved(document.save)
    if changed:
        record(actor, "library_document.updated", document, authority_id=document.authority_id, detail=changed)
    return document


def version_save(
    *, actor: Any, document: Document, language: str, title: str, text: str = "", file: tuple[str, bytes] | None = None
) -> Version:
    """Add the document's version in another language, or replace the one in ``language``."""
    _require(actor, "change", document)
    given = _version_input(actor=actor, language=language, title=title, text=text, file=file)
    try:
        with transaction.atomic():
            version = _version_write(document, given)
            Document.objects.filter(pk=document.pk).update(updated_at=timezone.now())
            record(
                actor,
                "library_version.saved",
                document,
                authority_id=document.authority_id,
                detail={"language": version.language, "sha256": version.sha256, "text": version.text_status},
            )
    except BaseException:
        given.discard()
        raise
    return version


@transaction.atomic
def document_delete(*, actor: Any, document: Document) -> None:
    _require(actor, "change", document)
    names = [v.storage_name for v in document.versions.all() if v.storage_name]
    record(
        actor, "library_document.deleted", document, authority_id=document.authority_id, detail={"repr": str(document)}
    )
    index.remove_document(document)
    document.delete()
    _delete_on_commit(names)


@transaction.atomic
def file_read(*, actor: Any, version: Version) -> bytes:
    """Decrypt a version's file for the reader; the read is audit-logged. Anyone may read the file
    of a public document, as they may read its text: a reader who is not signed in is logged as
    anonymous (no actor), so the trail still counts every read."""
    document = version.document
    _require(actor, "view", document)
    if not version.storage_name:
        raise ValidationError(_("This version has no file."))
    with default_storage.open(version.storage_name, "rb") as handle:
        blob = handle.read()
    data = crypto.decrypt_file(blob, bytes(version.wrapped_key or b""), file_id(version), version.master_key_id)
    signed_in = bool(getattr(actor, "is_authenticated", False))
    record(
        actor if signed_in else None,
        "library_document.viewed",
        document,
        authority_id=document.authority_id,
        detail={
            "language": version.language,
            "sha256": version.sha256,
            **({} if signed_in else {"reader": "anonymous"}),
        },
    )
    return data


# --- Country notes: what an authority learns about a counterpart ----------------------------

NOTE_VISIBILITIES = (Document.Visibility.AUTHORITY, Document.Visibility.NODE)


def interface_languages() -> list[str]:
    """The ISO 639-1 codes of the interface's languages ("pt" for "pt-pt")."""
    return [code.split("-")[0] for code, _name in settings.LANGUAGES]


@transaction.atomic
def country_note_save(
    *,
    actor: Any,
    jurisdiction: Jurisdiction,
    language: str,
    requirements: str,
    practical_tips: str,
    visibility: str = Document.Visibility.AUTHORITY,
) -> Document:
    """Create or update the actor's authority's note on a country: one library document of kind
    country note per authority and jurisdiction, whose version in ``language`` holds two sections,
    the requirements and the practical tips (headed in that language)."""
    _require(actor, "add", Document)
    language = plain_text(language).strip().lower()
    if language not in interface_languages():
        raise ValidationError({"language": _("Choose one of the interface's languages.")})
    if visibility not in NOTE_VISIBILITIES:
        raise ValidationError(
            {"visibility": _("A country note is kept by your authority or shared with every authority of this node.")}
        )
    requirements, practical_tips = plain_text(requirements).strip(), plain_text(practical_tips).strip()
    if not (requirements or practical_tips):
        raise ValidationError({"requirements": _("Write the requirements or the practical tips.")})
    document = (
        Document.objects.restrict(actor, "change")
        .select_for_update()
        .filter(kind=Document.Kind.COUNTRY_NOTE, jurisdiction=jurisdiction, authority_id=actor.authority_id)
        .order_by("pk")
        .first()
    )
    with translation.override(language):
        title = _("%(country)s: notes of %(authority)s") % {
            "country": jurisdiction.name,
            "authority": actor.authority.local_name,
        }
        parts: list[Part] = [("", _("Requirements"), requirements), ("", _("Practical tips"), practical_tips)]
    text = "\n\n".join(f"{heading}\n{body}" for _number, heading, body in parts)
    created = False
    if document is None:
        try:
            document = document_create(
                actor=actor,
                kind=Document.Kind.COUNTRY_NOTE,
                title=title,
                language=language,
                visibility=visibility,
                jurisdiction=jurisdiction,
                text=text,
            )
            created = True
        except NoteExists:
            # The same note was saved first by another request (a double submit): this one updates it.
            document = Document.objects.get(
                kind=Document.Kind.COUNTRY_NOTE, jurisdiction=jurisdiction, authority_id=actor.authority_id
            )
    if created:
        version = Version.objects.get(document=document, language=language)
    else:
        # Saved even when nothing in it changes, so that the note says when it was last updated.
        document_update(actor=actor, document=document, visibility=visibility)
        version = version_save(actor=actor, document=document, language=language, title=title, text=text)
    # The version's text, cut into its two headed sections (version writes keep typed text whole).
    _replace_sections(version, parts)
    return document
