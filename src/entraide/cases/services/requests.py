"""Requests, measures, offences, persons and deadlines: creation, edits and status changes."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.audit.services import record
from entraide.core.text import plain_text, plain_texts
from entraide.reference.choices import Modality
from entraide.reference.models import Jurisdiction, OffenceClass
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import can
from entraide.treaties.engine import verdict_text
from entraide.treaties.selectors import build_query, legal_basis

from .. import lifecycle
from ..details import Field, clean_details, measure_fields, modality_fields
from ..errors import CaseValidationError, RequestFinished, RoleRefused, TransitionError
from ..lifecycle import Direction, RefusalGround, Status
from ..models import SYSTEM_LABEL, Assertion, Deadline, Measure, Offence, Person, Request, TimelineEntry, TimelineNote
from ..selectors import assignable_authorities
from ..signals import measure_assigned, measure_moved, request_moved

# Fields an officer may edit, and in which states the request is still editable.
EDITABLE_FIELDS = frozenset(
    {
        "modality",
        "requesting_authority",
        "requested_authority",
        "officer",
        "their_reference",
        "national_case_number",
        "title",
        "facts",
        "proceedings",
        "purpose",
        "procedure",
        "details",
        "legal_basis_code",
        "legal_basis_articles",
        "legal_basis_snapshot",
        "urgent",
        "urgency_reason",
        "confidential",
        "use_limitation",
        "related_to",
        "relation",
        "received_on",
    }
)
EDITABLE_STATES = frozenset(
    {
        Status.DRAFT,
        Status.IN_REVIEW,
        Status.RECEIVED,
        Status.REGISTERED,
        Status.UNDER_ASSESSMENT,
        Status.INFO_REQUESTED,
    }
)
# Offences, persons, measures and deadlines may be added until the request ends.
OPEN_FOR_PARTS = frozenset(s for s in Status.values if s not in {Status.CLOSED, Status.WITHDRAWN, Status.LAPSED})


def _label(actor: Any) -> str:
    return getattr(actor, "email", "") or SYSTEM_LABEL


def _timeline(
    request: Request,
    old: str,
    new: str,
    actor: Any,
    reason: str,
    measure: Measure | None = None,
    *,
    label: str = "",
    note: str = "",
    subject: str = "",
) -> TimelineEntry:
    """One row of the request's history; ``label`` names who moved it when that is not a user of
    this node (the other side of the secure exchange). ``note`` is what the system says of the move,
    a ``TimelineNote`` code translated on display; ``reason`` is what a user typed."""
    user = actor if isinstance(actor, User) else None
    return TimelineEntry.objects.create(
        request=request,
        authority_id=request.authority_id,
        measure=measure,
        old_status=old,
        new_status=new,
        actor=user,
        actor_label=(label or _label(actor))[: TimelineEntry._meta.get_field("actor_label").max_length],
        reason=reason,
        note=note,
        note_subject=subject[: TimelineEntry._meta.get_field("note_subject").max_length],
        at=timezone.now(),
    )


def _details(fields: tuple[Field, ...], values: dict[str, Any], what: Any) -> dict[str, str]:
    try:
        return clean_details(fields, values, str(what))
    except ValueError as exc:
        raise CaseValidationError(str(exc)) from exc


def _check_urgency(urgent: bool, reason: str) -> None:
    if urgent and not reason.strip():
        raise CaseValidationError(_("An urgent request needs the reason for its urgency."))


@transaction.atomic
def request_create(
    *,
    actor: User,
    direction: str,
    requesting_jurisdiction: Jurisdiction,
    requested_jurisdiction: Jurisdiction,
    title: str,
    modality: str = Request.Modality.MLA,
    idempotency_key: uuid.UUID | None = None,
    our_reference: str = "",
    **fields: Any,
) -> Request:
    """Open a request in my authority: an outgoing draft, or an incoming request as received.

    A form submitted twice carries the same ``idempotency_key``: the second call returns the
    request the first one created.
    """
    if idempotency_key is not None:
        existing = Request.objects.filter(authority_id=actor.authority_id, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"request_create: unknown fields {sorted(unknown)}")
    title, fields = plain_text(title), plain_texts(fields)
    if direction not in Direction.values:
        raise CaseValidationError(_("Unknown direction."))
    if requesting_jurisdiction.pk == requested_jurisdiction.pk:
        raise CaseValidationError(_("The requesting and requested jurisdictions must differ."))
    _check_urgency(fields.get("urgent", False), fields.get("urgency_reason", ""))
    counterpart = requested_jurisdiction if direction == Direction.OUTGOING else requesting_jurisdiction
    status = lifecycle.INITIAL[Direction(direction)]
    now = timezone.now()
    request = Request(
        authority_id=actor.authority_id,
        direction=direction,
        modality=modality,
        status=status,
        requesting_jurisdiction=requesting_jurisdiction,
        requested_jurisdiction=requested_jurisdiction,
        counterpart=counterpart,
        title=title,
        our_reference=our_reference or f"tmp-{uuid.uuid4()}",
        idempotency_key=idempotency_key,
        created_by=actor,
        status_changed_at=now,
        officer=fields.pop("officer", None) or (actor if can(actor, "handle", Request) else None),
        **fields,
    )
    if direction == Direction.INCOMING and request.received_on is None:
        request.received_on = timezone.localdate()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        if idempotency_key is not None:
            existing = Request.objects.filter(authority_id=actor.authority_id, idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        raise CaseValidationError(_("Another request of your authority already has this reference.")) from None
    if not our_reference:
        reference_assign(request, now)
    _timeline(request, "", status, actor, "", note=TimelineNote.CREATED)
    record(
        actor,
        "request.created",
        request,
        detail={"direction": direction, "modality": modality, "reference": request.our_reference},
    )
    return request


def reference_assign(request: Request, now: dt.datetime) -> None:
    """Give a request just saved under a temporary reference its own: OUT-2025-000042, IN-2025-000043."""
    prefix = "OUT" if request.direction == Direction.OUTGOING else "IN"
    request.our_reference = f"{prefix}-{now.year}-{request.pk:06d}"
    Request.objects.filter(pk=request.pk).update(our_reference=request.our_reference)


@transaction.atomic
def request_update(*, actor: User, request: Request, **fields: Any) -> Request:
    """Change the description of a request while it is still a draft or being registered/assessed."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"request_update: unknown fields {sorted(unknown)}")
    fields = plain_texts(fields)
    # The caller's instance may be stale (read before a transition made meanwhile): re-read the
    # row under a lock, check the status it has now, and write only the fields changed here, so
    # a concurrent move is neither reverted nor allowed to slip past the editable-state guard.
    fresh = Request.objects.select_for_update().get(pk=request.pk)
    if fresh.status not in EDITABLE_STATES:
        raise CaseValidationError(_("A request in this status can no longer be edited."))
    if "details" in fields:
        modality = fields.get("modality", fresh.modality)
        fields["details"] = _details(modality_fields(modality), fields["details"] or {}, Modality(modality).label)
    changed = {}
    for name, value in fields.items():
        if getattr(fresh, name) != value:
            setattr(fresh, name, value)
            changed[name] = str(value)[:200]
    _check_urgency(fresh.urgent, fresh.urgency_reason)
    if changed:
        fresh.save(update_fields=[*sorted(changed), "updated_at"])
    for field in Request._meta.concrete_fields:  # the caller's instance now shows the row as stored
        setattr(request, field.attname, getattr(fresh, field.attname))
    if changed:
        record(actor, "request.updated", request, detail={"fields": sorted(changed)})
    return request


def _locked(request: Request) -> Request:
    """Re-read the request under a row lock: two concurrent moves cannot both pass the guard."""
    fresh = Request.objects.select_for_update().get(pk=request.pk)
    # Every field a move writes (_move) is taken from the row, so a stale instance reverts none of them.
    for name in MOVE_FIELDS:
        setattr(request, name, getattr(fresh, name))
    return request


MOVE_FIELDS = (
    "status",
    "status_changed_at",
    "last_sent_at",
    "assigned_authority_id",
    "refusal_ground",
    "refusal_text",
    "approved_by_id",
    "approved_alone",
)


def _move(
    request: Request,
    to: str,
    actor: Any,
    reason: str,
    *,
    label: str = "",
    remote: bool = False,
    note: str = "",
    subject: str = "",
) -> None:
    """Write a move the caller has checked: status, timeline row, audit event, ``request_moved``.

    ``remote`` moves mirror what the other side of the secure exchange did (``label`` names it):
    the audit event has no actor and the receivers tell nothing back."""
    old = request.status
    request.status = to
    request.status_changed_at = timezone.now()
    if to == Status.DRAFT:  # back to drafting: the approval given to the earlier text no longer holds
        request.approved_by, request.approved_alone = None, False
    if to in {Status.TRANSMITTED, Status.INFO_REQUESTED, Status.CONSULTATION}:
        request.last_sent_at = request.status_changed_at
    request.save(update_fields=[name.removesuffix("_id") for name in MOVE_FIELDS] + ["updated_at"])
    _timeline(request, old, to, actor, reason, label=label, note=note, subject=subject)
    record(
        actor,
        f"request.{to}",
        request,
        detail={"from": old, "to": to, **({"by": label, "remote": True} if remote else {})},
        justification=reason,
        authority_id=request.authority_id,
    )
    request_moved.send(sender=Request, request=request, old=old, new=to, actor=actor, reason=reason, remote=remote)


def refuse_move(request: Request, to: str, role: str | None) -> None:
    """Raise the table's error for a move this role may not make from the current status."""
    allowed = lifecycle.allowed_targets(request.direction, request.status, role)
    if not lifecycle.can_move(request.direction, request.status, to):
        raise TransitionError(
            _("A request that is %(current)s cannot become %(to)s.")
            % {"current": Status(request.status).label, "to": Status(to).label if to in Status.values else to},
            current=request.status,
            allowed=allowed,
        )
    raise RoleRefused(
        _("Your role may not make this request %(to)s.") % {"to": Status(to).label},
        current=request.status,
        allowed=allowed,
    )


@transaction.atomic
def request_transition(
    *,
    actor: User,
    request: Request,
    to: str,
    reason: str = "",
    ground: str = "",
    ground_text: str = "",
    reviewed: bool = False,
    note: str = "",
    subject: str = "",
) -> Request:
    """Move a request along the transition table, writing its timeline row and audit event.

    Submitting, approving and transmitting an outgoing request go through the review
    (``drafting.services.review``): it runs the quality checks, then calls this with
    ``reviewed=True``. Nothing else passes that flag.
    """
    _locked(request)
    roles = lifecycle.roles_for(request.direction, request.status, to)
    if actor.role not in roles:
        refuse_move(request, to, actor.role)
    if lifecycle.is_reviewed(request.direction, to) and not reviewed:
        raise TransitionError(
            _("Submit, approve and transmit a request through its review: the quality checks run there."),
            current=request.status,
            allowed=lifecycle.allowed_targets(request.direction, request.status, actor.role),
        )
    if to in lifecycle.NEEDS_ASSIGNEE:
        raise CaseValidationError(_("Choose the executing authority to assign the request to."))
    if to in lifecycle.NEEDS_GROUND:
        if ground not in RefusalGround.values:
            raise CaseValidationError(_("A refusal needs its ground."))
        if ground == RefusalGround.OTHER and not ground_text.strip():
            raise CaseValidationError(_("Explain the ground for refusal."))
        request.refusal_ground, request.refusal_text = ground, ground_text
    _move(request, to, actor, reason, note=note, subject=subject)
    return request


@transaction.atomic
def request_assign(*, actor: User, request: Request, authority: Authority, reason: str = "") -> Request:
    """Assign an incoming request (and its unassigned measures) to an executing authority."""
    _locked(request)
    if actor.role not in lifecycle.roles_for(request.direction, request.status, Status.ASSIGNED):
        refuse_move(request, Status.ASSIGNED, actor.role)
    if authority.pk == request.authority_id:
        raise CaseValidationError(_("Assign the request to a competent authority, not to your own."))
    if not assignable_authorities(request).filter(pk=authority.pk).exists():
        raise CaseValidationError(_("Assign the request to a competent authority of your own jurisdiction."))
    request.assigned_authority = authority
    Measure.objects.filter(request=request, assigned_authority__isnull=True).update(assigned_authority=authority)
    _move(request, Status.ASSIGNED, actor, reason, note=TimelineNote.ASSIGNED, subject=authority.name)
    return request


@transaction.atomic
def request_record_use_consent(*, actor: User, request: Request, note: str) -> Request:
    """Record the other side's consent to use evidence beyond the request (lifts speciality)."""
    if not note.strip():
        raise CaseValidationError(_("Say how and when consent was given."))
    if not request.use_limitation.strip():
        raise CaseValidationError(_("This request has no use limitation."))
    request.use_consent_recorded_at = timezone.now()
    request.use_consent_note = note
    request.save(update_fields=["use_consent_recorded_at", "use_consent_note", "updated_at"])
    record(actor, "request.use-consent-recorded", request, justification=note)
    return request


def _require_open(request: Request) -> None:
    if request.status not in OPEN_FOR_PARTS:
        raise RequestFinished(_("This request is finished; nothing can be added to it."))


@transaction.atomic
def offence_add(
    *,
    actor: User,
    request: Request,
    provision: str,
    max_penalty_years: Any = None,
    life_imprisonment: bool = False,
    offence_class: OffenceClass | None = None,
    text: str = "",
    transnational: str = Assertion.UNKNOWN,
    organized_group: str = Assertion.UNKNOWN,
) -> Offence:
    """Name an offence of the request, with what is known of its transnational and organized nature."""
    _require_open(request)
    if transnational not in Assertion.values or organized_group not in Assertion.values:
        raise CaseValidationError(_("Say whether it is stated, suspected on reasonable grounds or not known."))
    if max_penalty_years is not None and max_penalty_years < 0:
        raise CaseValidationError(_("The maximum penalty cannot be negative."))
    offence = Offence.objects.create(
        request=request,
        provision=provision,
        max_penalty_years=max_penalty_years,
        life_imprisonment=life_imprisonment,
        offence_class=offence_class,
        text=text,
        transnational=transnational,
        organized_group=organized_group,
    )
    record(
        actor,
        "request.offence-added",
        request,
        detail={"offence": offence.pk, "iccs": offence_class.code if offence_class else ""},
    )
    return offence


@transaction.atomic
def person_add(
    *,
    actor: User,
    request: Request,
    role: str,
    name: str,
    is_entity: bool = False,
    identity: str = "",
    nationality: Jurisdiction | None = None,
    location: str = "",
) -> Person:
    """Name a person or entity of the request, with its role."""
    _require_open(request)
    person = Person.objects.create(
        request=request,
        role=role,
        name=plain_text(name),
        is_entity=is_entity,
        identity=plain_text(identity),
        nationality=nationality,
        location=plain_text(location),
    )
    record(actor, "request.person-added", request, detail={"person": person.pk, "role": role})
    return person


@transaction.atomic
def deadline_add(*, actor: User, request: Request, kind: str, due_on: dt.date, note: str = "") -> Deadline:
    """Record a hard date (court date, detention limit) the request must meet."""
    _require_open(request)
    deadline = Deadline.objects.create(request=request, kind=kind, due_on=due_on, note=note)
    record(actor, "request.deadline-added", request, detail={"deadline": deadline.pk, "due_on": str(due_on)})
    return deadline


@transaction.atomic
def measure_add(
    *,
    actor: User,
    request: Request,
    kind: str,
    description: str = "",
    due_on: dt.date | None = None,
    assigned_authority: Authority | None = None,
    details: dict[str, Any] | None = None,
) -> Measure:
    """Add one requested act; it goes to the request's executing authority unless another is named."""
    _require_open(request)
    if kind not in Measure.Kind.values:
        raise CaseValidationError(_("Unknown measure."))
    measure = Measure.objects.create(
        request=request,
        kind=kind,
        description=description,
        details=_details(measure_fields(kind), details or {}, Measure.Kind(kind).label),
        due_on=due_on,
        assigned_authority=assigned_authority or request.assigned_authority,
        status_changed_at=timezone.now(),
    )
    _timeline(request, "", Measure.Status.PENDING, actor, "", measure=measure, note=TimelineNote.MEASURE_ADDED)
    record(
        actor,
        "measure.created",
        measure,
        authority_id=request.authority_id,
        detail={"request": request.pk, "kind": kind},
    )
    if measure.assigned_authority_id:
        measure_assigned.send(sender=Measure, measure=measure, authority=measure.assigned_authority, actor=actor)
    return measure


@transaction.atomic
def measure_update(
    *,
    actor: User,
    measure: Measure,
    description: str | None = None,
    due_on: dt.date | None = None,
    details: dict[str, Any] | None = None,
) -> Measure:
    """Change what a measure asks for while the request is still being drafted or assessed."""
    request = _locked(measure.request)
    if request.status not in EDITABLE_STATES:
        raise CaseValidationError(_("A request in this status can no longer be edited."))
    fields: list[str] = []
    if description is not None:
        measure.description = description
        fields.append("description")
    if due_on is not None:
        measure.due_on = due_on
        fields.append("due_on")
    if details is not None:
        measure.details = _details(measure_fields(measure.kind), details, measure.get_kind_display())
        fields.append("details")
    if fields:
        measure.save(update_fields=fields)
        record(actor, "measure.updated", measure, authority_id=request.authority_id, detail={"fields": fields})
    return measure


@transaction.atomic
def request_part_remove(*, actor: User, part: Offence | Person | Measure | Deadline) -> None:
    """Take an offence, person, measure or deadline out of a request still being drafted or assessed."""
    request = _locked(part.request)
    if request.status not in EDITABLE_STATES:
        raise CaseValidationError(_("A request in this status can no longer be edited."))
    if isinstance(part, Measure) and part.status != Measure.Status.PENDING:
        raise CaseValidationError(_("A measure already in execution stays on the request."))
    kind, pk = str(part._meta.model_name), part.pk
    part.delete()
    record(actor, f"request.{kind}-removed", request, detail={kind: pk})


def _follow_measures(request: Request, actor: Any, *, label: str = "", remote: bool = False) -> None:
    """Move the request to the execution status its measures imply, through the table."""
    target = lifecycle.execution_status_from(request.measures.values_list("status", flat=True))
    if target is None or target == request.status:
        return
    reason, note = "", TimelineNote.FOLLOWS_MEASURES
    if not lifecycle.can_move(request.direction, request.status, target):
        if request.status not in lifecycle.EXECUTION_STATES and lifecycle.can_move(
            request.direction, request.status, Status.IN_EXECUTION
        ):
            _move(request, Status.IN_EXECUTION, actor, reason, label=label, remote=remote, note=note)
        if not lifecycle.can_move(request.direction, request.status, target):
            return
    _move(request, target, actor, reason, label=label, remote=remote, note=note)


@transaction.atomic
def measure_transition(
    *, actor: User, measure: Measure, to: str, reason: str = "", result: str = "", note: str = ""
) -> Measure:
    """Change a measure's status; the request's execution status follows from its measures."""
    request = _locked(measure.request)
    measure.refresh_from_db(fields=["status"])
    roles = lifecycle.MEASURE_TRANSITIONS.get(measure.status, {}).get(to)
    if roles is None or actor.role not in roles:
        allowed = lifecycle.measure_targets(measure.status, actor.role)
        refused = TransitionError if roles is None else RoleRefused
        raise refused(_("This measure cannot become %(to)s.") % {"to": to}, current=measure.status, allowed=allowed)
    if request.status not in (lifecycle.EXECUTION_STATES | {Status.ASSIGNED, Status.ACKNOWLEDGED, Status.TRANSMITTED}):
        raise TransitionError(
            _("Measures are executed once the request is transmitted or assigned."),
            current=measure.status,
            allowed=[],
        )
    old = measure.status
    measure.status = to
    measure.status_changed_at = timezone.now()
    if result:
        measure.result = result
    measure.save(update_fields=["status", "status_changed_at", "result"])
    _timeline(request, old, to, actor, reason, measure=measure, note=note)
    record(
        actor,
        f"measure.{to}",
        measure,
        authority_id=request.authority_id,
        detail={"request": request.pk, "from": old, "to": to},
        justification=reason,
    )
    measure_moved.send(
        sender=Measure, measure=measure, old=old, new=to, actor=actor, result=measure.result, remote=False
    )
    _follow_measures(request, actor)
    return measure


RECIPROCITY = "reciprocity"


def engine_fact(value: str, modality: str) -> bool | None:
    """What the engine may take as known about "transnational" and "organized criminal group".

    Stated: true. Suspected on reasonable grounds: true for mutual legal assistance only, which
    UNTOC art. 18(1) extends to where the requesting State "has reasonable grounds to suspect"
    both; for anything else "not known". No: false.
    """
    if value == Assertion.STATED:
        return True
    if value == Assertion.NO:
        return False
    if value == Assertion.SUSPECTED and modality == Request.Modality.MLA:
        return True
    return None


def legal_basis_options(*, request: Request) -> dict[str, Any]:
    """The legal-basis engine's answer for the whole request, as of today (treaties.selectors).

    Every offence is weighed with its ICCS class, penalty and what is known of its transnational
    and organized nature: an option applies to the request only if it applies to each offence,
    and the answer says, offence by offence, which options apply.
    """
    question: dict[str, Any] = {
        "requesting": request.requesting_jurisdiction.code,
        "requested": request.requested_jurisdiction.code,
        "modality": request.modality,
        "date": timezone.localdate(),
    }
    offences = list(request.offences.select_related("offence_class"))
    if not offences:
        answer = legal_basis(build_query(**question)).as_dict()
        answer["offences"] = []
        answer["without_offence"] = True
        return answer
    answers = []
    for offence in offences:
        checked = build_query(
            **question,
            offence=offence.offence_class.code if offence.offence_class else None,
            max_penalty_years=float(offence.max_penalty_years) if offence.max_penalty_years is not None else None,
            transnational=engine_fact(offence.transnational, request.modality),
            organized_group=engine_fact(offence.organized_group, request.modality),
        )
        answers.append((offence, legal_basis(checked).as_dict()))
    answer = answers[0][1]
    by_code: dict[str, list[tuple[Offence, dict[str, Any]]]] = {}
    for offence, each in answers:
        for option in each["options"]:
            by_code.setdefault(option["code"], []).append((offence, option))
    options = []
    rank = {"yes": 0, "if": 1, "no": 2}
    for found in by_code.values():
        option = dict(found[0][1])
        # For the whole request: yes only if yes for every offence; no if no for any.
        applicability = max((o["applicability"] for _, o in found), key=rank.__getitem__)
        if len(found) < len(offences):
            applicability = "no"
        reasons: list[str] = []
        requirements: list[str] = []
        conditions: list[str] = []
        warnings: list[str] = []
        for offence, each_option in found:
            reasons += [f"{offence.provision}: {reason}" for reason in each_option["reasons"]]
            requirements += [
                f"{offence.provision}: {r}" if len(offences) > 1 else r for r in each_option["requirements"]
            ]
            conditions += [c for c in each_option["conditions"] if c not in conditions]
            warnings += [w for w in each_option["warnings"] if w not in warnings]
        for offence in offences:
            if offence not in [o for o, _ in found]:
                reasons.append(_("%(offence)s: not a candidate for this offence.") % {"offence": offence.provision})
        option.update(
            applicability=applicability,
            applicable=applicability == "yes",
            reasons=reasons if applicability == "no" else [],
            requirements=requirements if applicability == "if" else [],
            conditions=conditions,
            warnings=warnings,
        )
        options.append(option)
    options.sort(key=lambda o: rank[o["applicability"]])
    verdict = verdict_text(
        [
            SimpleNamespace(
                applicability=o["applicability"],
                parties_known=o["parties_known"],
                requirements=o["requirements"],
                name=o["short_title"],
            )
            for o in options
        ]
    )
    answer = {
        **answer,
        "options": options,
        "verdict": verdict,
        "offence": None,
        "max_penalty_years": None,
        "transnational": None,
        "organized_group": None,
        "without_offence": False,
        "offences": [
            {
                "id": offence.pk,
                "provision": offence.provision,
                "iccs": offence.offence_class.code if offence.offence_class else None,
                "max_penalty_years": each["max_penalty_years"],
                "transnational": offence.transnational,
                "organized_group": offence.organized_group,
                "transnational_label": offence.get_transnational_display(),
                "organized_group_label": offence.get_organized_group_display(),
                "applicable": [o["code"] for o in each["options"] if o["applicable"]],
            }
            for offence, each in answers
        ],
    }
    return answer


@transaction.atomic
def request_choose_legal_basis(*, actor: User, request: Request, code: str, reason: str = "") -> Request:
    """Pick one option of the engine's answer (or reciprocity) and keep the explanation as it is now.

    An option the engine does not find applicable to the whole request may be chosen only with a
    reason, kept with the request and shown wherever its legal basis is.
    """
    _locked(request)  # the status guard below must see the row as stored, not a stale instance
    if request.status not in EDITABLE_STATES:
        raise CaseValidationError(_("A request in this status can no longer be edited."))
    answer = legal_basis_options(request=request)
    if code == RECIPROCITY:
        option: dict[str, Any] = {
            "code": RECIPROCITY,
            "articles": [],
            "applicable": True,
            "explanation": answer.get("fallback", ""),
        }
    else:
        found = [o for o in answer["options"] if o["code"] == code]
        if not found:
            raise CaseValidationError(_("The engine does not offer %(code)s for this request.") % {"code": code})
        option = found[0]
    reason = reason.strip()
    if not option.get("applicable") and not reason:
        raise CaseValidationError(
            _("The engine does not find %(code)s applicable to this request: say why you choose it.") % {"code": code}
        )
    if option.get("applicable"):
        reason = ""
    request.legal_basis_code = code
    request.legal_basis_reason = reason
    request.legal_basis_articles = ", ".join(option.get("articles", []))
    request.legal_basis_snapshot = {
        "chosen_at": timezone.now().isoformat(),
        "option": option,
        "query": {k: answer.get(k) for k in ("requesting", "requested", "modality", "date", "data_as_at", "offences")},
        "fallback": answer.get("fallback", ""),
        "reason": reason,
    }
    request.save(
        update_fields=[
            "legal_basis_code",
            "legal_basis_articles",
            "legal_basis_snapshot",
            "legal_basis_reason",
            "updated_at",
        ]
    )
    record(
        actor,
        "request.legal-basis-chosen",
        request,
        detail={"code": code, "applicable": option.get("applicable")},
        justification=reason,
    )
    return request
