"""Requests between Entraide nodes: a request as the body of a ``request.submit`` and back, and
what the other side did (its moves, its measures' results) applied to our copy.

The exchange (above cases) seals, sends, receives and calls these; nothing here knows about keys
or transports. A body the other side sent is untrusted input: anything this node cannot take as
it is (an unknown jurisdiction, ICCS class, measure, a document whose size or digest does not
match) raises :class:`CaseValidationError`, and nothing of it is stored.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.audit.services import record
from entraide.core.sniff import UploadRejected, check_size
from entraide.core.text import plain_text
from entraide.reference.choices import Modality
from entraide.reference.models import Jurisdiction, OffenceClass
from entraide.tenancy.models import Authority

from .. import lifecycle
from ..errors import CaseValidationError
from ..lifecycle import Direction, MeasureStatus, RefusalGround, Status
from ..models import (
    Assertion,
    Deadline,
    Document,
    DocumentVersion,
    Measure,
    Offence,
    Person,
    Request,
    TimelineNote,
)
from ..signals import measure_moved
from .documents import _plaintext, document_upload
from .requests import _check_urgency, _follow_measures, _locked, _move, _timeline, reference_assign

# --- out: a request as the body of request.submit ----------------------------------------


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def documents_export(documents: Iterable[Document]) -> list[dict[str, Any]]:
    """The latest version of each document, decrypted, as the exchange's document objects.

    A document without any version is left out. Nothing is audit-logged here: the exchange
    records the message that carries them.
    """
    exported = []
    for document in documents:
        latest: DocumentVersion | None = document.versions.order_by("-number").first()
        if latest is None:
            continue
        data = _plaintext(latest)
        exported.append(
            {
                "title": document.title,
                "kind": document.kind,
                "filename": latest.filename,
                "content_type": latest.content_type,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "content": base64.b64encode(data).decode("ascii"),
            }
        )
    return exported


def request_export(request: Request) -> dict[str, Any]:
    """The body of the ``request.submit`` that sends this (outgoing) request to the requested side.

    Measures carry their id as ``ref``: the other side's results name it (``measure_result_remote``).
    The modality's and the measures' details do not travel (the message has no place for them).
    """
    request = Request.objects.select_related("requesting_jurisdiction", "requested_jurisdiction").get(pk=request.pk)
    return {
        "reference": request.our_reference,
        "modality": request.modality,
        "title": request.title,
        "facts": request.facts,
        "proceedings": request.proceedings,
        "purpose": request.purpose,
        "procedure": request.procedure,
        "urgent": request.urgent,
        "urgency_reason": request.urgency_reason,
        "confidential": request.confidential,
        "use_limitation": request.use_limitation,
        "requesting_jurisdiction": request.requesting_jurisdiction.code,
        "requested_jurisdiction": request.requested_jurisdiction.code,
        "national_case_number": request.national_case_number,
        "legal_basis": {"code": request.legal_basis_code, "articles": request.legal_basis_articles},
        "offences": [
            {
                "provision": offence.provision,
                "max_penalty_years": str(offence.max_penalty_years) if offence.max_penalty_years is not None else None,
                "life_imprisonment": offence.life_imprisonment,
                "iccs": offence.offence_class.code if offence.offence_class else None,
                "text": offence.text,
                "transnational": offence.transnational,
                "organized_group": offence.organized_group,
            }
            for offence in request.offences.select_related("offence_class").order_by("id")
        ],
        "persons": [
            {
                "role": person.role,
                "is_entity": person.is_entity,
                "name": person.name,
                "identity": person.identity,
                "nationality": person.nationality.code if person.nationality else None,
                "location": person.location,
            }
            for person in request.persons.select_related("nationality").order_by("id")
        ],
        "measures": [
            {
                "ref": str(measure.pk),
                "kind": measure.kind,
                "description": measure.description,
                "due_on": _date(measure.due_on),
            }
            for measure in request.measures.order_by("id")
        ],
        "deadlines": [
            {"kind": deadline.kind, "due_on": _date(deadline.due_on), "note": deadline.note}
            for deadline in request.deadlines.order_by("due_on", "id")
        ],
        "documents": documents_export(request.documents.order_by("id")),
    }


# --- in: reading what the other side sent ------------------------------------------------


def _text(data: dict[str, Any], key: str, default: str = "") -> str:
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise CaseValidationError(_("“%(field)s” must be text.") % {"field": key})
    return plain_text(value)


def _flag(data: dict[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise CaseValidationError(_("“%(field)s” must be true or false.") % {"field": key})
    return value


def _day(data: dict[str, Any], key: str) -> dt.date | None:
    return None if data.get(key) is None else _required_day(data, key)


def _required_day(data: dict[str, Any], key: str) -> dt.date:
    value = data.get(key)
    try:
        if isinstance(value, str):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise CaseValidationError(_("“%(field)s” must be a date (YYYY-MM-DD).") % {"field": key})


def _items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise CaseValidationError(_("“%(field)s” must be a list of objects.") % {"field": key})
    return value


def _jurisdiction(code: Any, what: str) -> Jurisdiction:
    found = Jurisdiction.objects.filter(code=code).first() if isinstance(code, str) and code else None
    if found is None:
        raise CaseValidationError(
            _("%(what)s: unknown jurisdiction code “%(code)s” (ISO 3166-1 alpha-3 expected).")
            % {"what": what, "code": code}
        )
    return found


def _checked(obj: models.Model, what: str) -> None:
    """Refuse a row whose fields the model would not take (length, choices, required, numbers)."""
    relations = [field.name for field in obj._meta.concrete_fields if field.is_relation]
    try:
        obj.clean_fields(exclude=relations)
    except ValidationError as exc:
        problems = "; ".join(
            f"{getattr(obj._meta.get_field(name), 'verbose_name', name)}: {' '.join(messages)}"
            for name, messages in exc.message_dict.items()
        )
        raise CaseValidationError(f"{what}: {problems}") from None


def _offence(request: Request, data: dict[str, Any], number: int) -> Offence:
    what = _("Offence %(number)s") % {"number": number}
    iccs = data.get("iccs")
    offence_class = None
    if iccs is not None:
        offence_class = OffenceClass.objects.filter(code=iccs).first() if isinstance(iccs, str) else None
        if offence_class is None:
            raise CaseValidationError(
                _("%(what)s: unknown ICCS offence class “%(code)s”.") % {"what": what, "code": iccs}
            )
    penalty = data.get("max_penalty_years")
    if penalty is not None and not isinstance(penalty, str):
        raise CaseValidationError(_("%(what)s: the maximum penalty must be a decimal number.") % {"what": what})
    offence = Offence(
        request=request,
        provision=_text(data, "provision"),
        max_penalty_years=penalty,
        life_imprisonment=_flag(data, "life_imprisonment"),
        offence_class=offence_class,
        text=_text(data, "text"),
        transnational=_text(data, "transnational", Assertion.UNKNOWN),
        organized_group=_text(data, "organized_group", Assertion.UNKNOWN),
    )
    _checked(offence, what)
    return offence


def _person(request: Request, data: dict[str, Any], number: int) -> Person:
    what = _("Person %(number)s") % {"number": number}
    nationality = data.get("nationality")
    person = Person(
        request=request,
        role=_text(data, "role"),
        is_entity=_flag(data, "is_entity"),
        name=_text(data, "name"),
        identity=_text(data, "identity"),
        nationality=_jurisdiction(nationality, what) if nationality is not None else None,
        location=_text(data, "location"),
    )
    _checked(person, what)
    return person


def _measure(request: Request, data: dict[str, Any], number: int, now: dt.datetime) -> Measure:
    what = _("Measure %(number)s") % {"number": number}
    kind = _text(data, "kind")
    if kind not in Measure.Kind.values:
        raise CaseValidationError(_("%(what)s: unknown measure “%(kind)s”.") % {"what": what, "kind": kind})
    ref = data.get("ref")
    if not isinstance(ref, str) or not ref:
        raise CaseValidationError(_("%(what)s: its reference is missing.") % {"what": what})
    measure = Measure(
        request=request,
        kind=kind,
        description=_text(data, "description"),
        due_on=_day(data, "due_on"),
        remote_ref=ref,
        status=MeasureStatus.PENDING,
        status_changed_at=now,
    )
    _checked(measure, what)
    return measure


def _deadline(request: Request, data: dict[str, Any], number: int) -> Deadline:
    what = _("Deadline %(number)s") % {"number": number}
    deadline = Deadline(request=request, kind=_text(data, "kind"), due_on=_required_day(data, "due_on"))
    deadline.note = _text(data, "note")
    _checked(deadline, what)
    return deadline


@transaction.atomic
def request_receive(
    *, authority: Authority, body: dict[str, Any], by: str, requesting_authority: Authority | None = None
) -> Request:
    """Create in ``authority`` the incoming request a ``request.submit`` carries, as received today.

    ``by`` names the sender for the timeline ("Kenya — ODPP (via secure exchange)"); the audit
    events have no actor (the system). The sender's measure ids are kept (``Measure.remote_ref``)
    so that our results can name them. Raises :class:`CaseValidationError` and stores nothing if
    any part cannot be taken.
    """
    if not isinstance(body, dict):
        raise CaseValidationError(_("The request is not an object."))
    by = plain_text(by)
    requesting = _jurisdiction(body.get("requesting_jurisdiction"), _("Requesting jurisdiction"))
    requested = _jurisdiction(body.get("requested_jurisdiction"), _("Requested jurisdiction"))
    if requested.pk != authority.jurisdiction_id:
        raise CaseValidationError(
            _("The request is addressed to %(jurisdiction)s, not to the jurisdiction of %(authority)s.")
            % {"jurisdiction": requested.name, "authority": authority.name}
        )
    if requesting.pk == requested.pk:
        raise CaseValidationError(_("The requesting and requested jurisdictions must differ."))
    if requesting_authority is not None and requesting_authority.jurisdiction_id != requesting.pk:
        raise CaseValidationError(
            _("%(authority)s is not an authority of %(jurisdiction)s.")
            % {"authority": requesting_authority.name, "jurisdiction": requesting.name}
        )
    modality = _text(body, "modality")
    if modality not in Modality.values:
        raise CaseValidationError(_("Unknown modality “%(modality)s”.") % {"modality": modality})
    legal_basis = body.get("legal_basis") or {}
    if not isinstance(legal_basis, dict):
        raise CaseValidationError(_("“%(field)s” must be an object.") % {"field": "legal_basis"})
    urgent, urgency_reason = _flag(body, "urgent"), _text(body, "urgency_reason")
    _check_urgency(urgent, urgency_reason)
    now = timezone.now()
    status = lifecycle.INITIAL[Direction.INCOMING]
    request = Request(
        authority=authority,
        direction=Direction.INCOMING,
        modality=modality,
        status=status,
        requesting_jurisdiction=requesting,
        requested_jurisdiction=requested,
        counterpart=requesting,
        requesting_authority=requesting_authority,
        requested_authority=authority,
        our_reference=f"tmp-{uuid.uuid4()}",
        their_reference=_text(body, "reference"),
        national_case_number=_text(body, "national_case_number"),
        title=_text(body, "title"),
        facts=_text(body, "facts"),
        proceedings=_text(body, "proceedings"),
        purpose=_text(body, "purpose"),
        procedure=_text(body, "procedure"),
        legal_basis_code=_text(legal_basis, "code"),
        legal_basis_articles=_text(legal_basis, "articles"),
        urgent=urgent,
        urgency_reason=urgency_reason,
        confidential=_flag(body, "confidential"),
        use_limitation=_text(body, "use_limitation"),
        received_on=timezone.localdate(),
        status_changed_at=now,
    )
    _checked(request, _("The request"))
    request.save()
    reference_assign(request, now)
    _timeline(request, "", status, None, "", label=by, note=TimelineNote.RECEIVED_REMOTE)
    offences = [_offence(request, item, n) for n, item in enumerate(_items(body, "offences"), 1)]
    persons = [_person(request, item, n) for n, item in enumerate(_items(body, "persons"), 1)]
    measures = [_measure(request, item, n, now) for n, item in enumerate(_items(body, "measures"), 1)]
    deadlines = [_deadline(request, item, n) for n, item in enumerate(_items(body, "deadlines"), 1)]
    Offence.objects.bulk_create(offences)
    Person.objects.bulk_create(persons)
    Deadline.objects.bulk_create(deadlines)
    record(
        None,
        "request.created",
        request,
        authority_id=authority.pk,
        detail={
            "direction": Direction.INCOMING,
            "modality": modality,
            "reference": request.our_reference,
            "their_reference": request.their_reference,
            "by": by,
            "remote": True,
            "offences": len(offences),
            "persons": len(persons),
            "measures": len(measures),
            "deadlines": len(deadlines),
        },
    )
    for measure in measures:  # one by one: each has its timeline row and audit event, as measure_add writes
        measure.save()
        _timeline(
            request, "", MeasureStatus.PENDING, None, "", measure=measure, label=by, note=TimelineNote.MEASURE_ADDED
        )
        record(
            None,
            "measure.created",
            measure,
            authority_id=authority.pk,
            detail={"request": request.pk, "kind": measure.kind, "remote_ref": measure.remote_ref},
        )
    documents_receive(request=request, documents=_items(body, "documents"), by=by)
    return request


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _document_content(data: dict[str, Any], what: str) -> bytes:
    """The bytes of one document object, once its declared size and SHA-256 hold."""
    size, digest, content = data.get("size"), data.get("sha256"), data.get("content")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise CaseValidationError(_("%(what)s: its size is missing.") % {"what": what})
    if not isinstance(digest, str) or not _SHA256.fullmatch(digest.lower()):
        raise CaseValidationError(_("%(what)s: its SHA-256 digest is missing.") % {"what": what})
    if not isinstance(content, str):
        raise CaseValidationError(_("%(what)s: its content is missing.") % {"what": what})
    try:
        check_size(size, settings.ENTRAIDE_UPLOAD_MAX_BYTES)
    except UploadRejected as exc:
        raise CaseValidationError(f"{what}: {exc}") from None
    # Base64 of ``size`` bytes is exactly this long: a content of another length is refused undecoded.
    if len(content) != 4 * ((size + 2) // 3):
        raise CaseValidationError(_("%(what)s: its size is not the size declared.") % {"what": what})
    try:
        raw = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise CaseValidationError(_("%(what)s: its content is not valid base64.") % {"what": what}) from None
    if len(raw) != size:
        raise CaseValidationError(_("%(what)s: its size is not the size declared.") % {"what": what})
    if hashlib.sha256(raw).hexdigest() != digest.lower():
        raise CaseValidationError(_("%(what)s: its SHA-256 digest is not the one declared.") % {"what": what})
    return raw


def documents_receive(
    *, request: Request, documents: list[dict[str, Any]], by: str, kind: str | None = None
) -> list[Document]:
    """Store documents the other side sent on ``request``, each as a new document.

    Each is checked against its declared size and SHA-256, then stored through the checks of an
    upload (content type by content, size limit). ``kind`` overrides the documents' own kinds
    (an execution result's documents are execution reports). A received document is shared with
    the executing authority only if it is an execution report. All or nothing: a refused document
    raises :class:`CaseValidationError` and none of the files is left in storage.
    """
    if kind is not None and kind not in Document.Kind.values:
        raise CaseValidationError(_("Unknown kind of document “%(kind)s”.") % {"kind": kind})
    if not isinstance(documents, list) or not all(isinstance(item, dict) for item in documents):
        raise CaseValidationError(_("“%(field)s” must be a list of objects.") % {"field": "documents"})
    by = plain_text(by)
    stored: list[str] = []
    received: list[Document] = []
    try:
        with transaction.atomic():
            for number, data in enumerate(documents, 1):
                title = _text(data, "title")
                what = _("Document %(number)s (%(title)s)") % {"number": number, "title": title}
                document_kind = kind or _text(data, "kind")
                if document_kind not in Document.Kind.values:
                    raise CaseValidationError(
                        _("%(what)s: unknown kind of document “%(kind)s”.") % {"what": what, "kind": document_kind}
                    )
                raw = _document_content(data, what)
                try:
                    version = document_upload(
                        actor=None,
                        request=request,
                        filename=_text(data, "filename") or title,
                        data=raw,
                        title=title[:300],
                        kind=document_kind,
                    )
                except UploadRejected as exc:
                    raise CaseValidationError(f"{what}: {exc}") from None
                stored.append(version.storage_name)
                record(
                    None,
                    "document.received",
                    version.document,
                    authority_id=request.authority_id,
                    detail={"request": request.pk, "version": version.number, "sha256": version.sha256, "by": by},
                )
                received.append(version.document)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return received


# --- what the other side did ---------------------------------------------------------------


def _path(direction: str, current: str, to: str) -> list[str]:
    """The moves that take a request from ``current`` to ``to`` by the table: the move itself, or,
    for an execution status, through "in execution" first; none if the table has no way."""
    if lifecycle.can_move(direction, current, to):
        return [to]
    if (
        to in lifecycle.EXECUTION_STATES
        and current not in lifecycle.EXECUTION_STATES
        and lifecycle.can_move(direction, current, Status.IN_EXECUTION)
        and lifecycle.can_move(direction, Status.IN_EXECUTION, to)
    ):
        return [Status.IN_EXECUTION, to]
    return []


@transaction.atomic
def request_move_remote(
    *, request: Request, to: str, by: str, reason: str = "", ground: str = "", ground_text: str = ""
) -> bool:
    """Move our copy of a request as the other side did, where its table allows; False if it does not.

    No role is checked: the move is the other side's doing (``by`` names it in the timeline), the
    audit event has no actor, and ``request_moved`` is sent with ``remote=True``. A refusal keeps
    its ground (a code this node does not know is kept as "other", with the code in the text).
    """
    _locked(request)
    by, reason = plain_text(by), plain_text(reason)
    steps = _path(request.direction, request.status, to)
    if not steps:
        return False
    for step in steps:
        if step == Status.REFUSED:
            ground_text = plain_text(ground_text)
            if ground in RefusalGround.values:
                request.refusal_ground, request.refusal_text = ground, ground_text
            else:
                text = f"{ground}: {ground_text}" if ground and ground_text else ground or ground_text
                request.refusal_ground, request.refusal_text = RefusalGround.OTHER, text
        _move(request, step, None, reason, label=by, remote=True)
    return True


# What the other side may report for a measure, in our measures' statuses.
REMOTE_MEASURE_STATUSES = {Status.PARTIALLY_EXECUTED.value: MeasureStatus.IN_EXECUTION.value}
_MEASURE_REF = re.compile(r"[0-9]{1,18}")


def _measure_path(current: str, to: str) -> list[str]:
    moves = lifecycle.MEASURE_TRANSITIONS.get(current, {})
    if to in moves:
        return [to]
    if MeasureStatus.IN_EXECUTION in moves and to in lifecycle.MEASURE_TRANSITIONS[MeasureStatus.IN_EXECUTION]:
        return [MeasureStatus.IN_EXECUTION, to]
    return []


def _limit_use(request: Request, text: str, by: str) -> None:
    """Add the other side's conditions to the request's use limitation; evidence of the request is
    then guarded (speciality) until consent to this limitation too is recorded."""
    request.refresh_from_db(fields=["use_limitation", "use_consent_recorded_at"])
    current = request.use_limitation.strip()
    if text in current:
        return
    request.use_limitation = f"{current}\n\n{text}" if current else text
    request.use_consent_recorded_at = None
    request.save(update_fields=["use_limitation", "use_consent_recorded_at", "updated_at"])
    record(
        None,
        "request.use-limitation-received",
        request,
        authority_id=request.authority_id,
        detail={"by": by},
        justification=text,
    )


@transaction.atomic
def measure_result_remote(
    *, request: Request, measure_ref: str, status: str, result: str, by: str, use_limitation: str = ""
) -> Measure | None:
    """Apply the other side's result for one of our measures (``measure_ref`` is its id as we sent it).

    The measure moves to ``status`` where its table allows (through "in execution" if needed;
    "partially executed" keeps it in execution), its result is stored, the conditions the other
    side puts on the use of the evidence are added to the request's use limitation, and the
    request's status follows its measures. None if the request has no such measure.
    """
    _locked(request)
    if not isinstance(measure_ref, str) or not _MEASURE_REF.fullmatch(measure_ref):
        return None
    measure = Measure.objects.select_for_update().filter(request=request, pk=int(measure_ref)).first()
    if measure is None:
        return None
    target = REMOTE_MEASURE_STATUSES.get(status, status)
    if target not in MeasureStatus.values:
        raise CaseValidationError(_("Unknown status of a measure “%(status)s”.") % {"status": status})
    by, result, use_limitation = plain_text(by), plain_text(result).strip(), plain_text(use_limitation).strip()
    if use_limitation:
        _limit_use(request, use_limitation, by)
    reason = _("Result received through the secure exchange")
    steps = _measure_path(measure.status, target) if target != measure.status else []
    for step in steps:
        old = measure.status
        measure.status = step
        measure.status_changed_at = timezone.now()
        if result and step == steps[-1]:
            measure.result = result
        measure.save(update_fields=["status", "status_changed_at", "result"])
        _timeline(request, old, step, None, "", measure=measure, label=by, note=TimelineNote.RESULT_REMOTE)
        record(
            None,
            f"measure.{step}",
            measure,
            authority_id=request.authority_id,
            detail={"request": request.pk, "from": old, "to": step, "by": by, "remote": True},
            justification=reason,
        )
        measure_moved.send(
            sender=Measure, measure=measure, old=old, new=step, actor=None, result=measure.result, remote=True
        )
    if not steps and result and result != measure.result:
        measure.result = result
        measure.save(update_fields=["result"])
        record(
            None,
            "measure.result-received",
            measure,
            authority_id=request.authority_id,
            detail={"request": request.pk, "status": status, "by": by, "remote": True},
        )
    _follow_measures(request, None, label=by, remote=True)
    return measure


__all__ = [
    "REMOTE_MEASURE_STATUSES",
    "documents_export",
    "documents_receive",
    "measure_result_remote",
    "request_export",
    "request_move_remote",
    "request_receive",
]
