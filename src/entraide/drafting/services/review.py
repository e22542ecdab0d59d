"""Four eyes on an outgoing request: submission, approval and transmission run the quality checks.

A request with blocking findings is neither approved nor transmitted; a warning is let go only by
the approver, with a reason, recorded on the timeline and in the audit log; the approver is never
the drafter, unless the authority's administrator relaxed four eyes for a one-person authority,
and then the request says so wherever its approval is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.audit.services import record
from entraide.cases import lifecycle
from entraide.cases.errors import CaseValidationError, TransitionError
from entraide.cases.lifecycle import Status
from entraide.cases.models import Request, TimelineEntry, TimelineNote
from entraide.cases.services import refuse_move, request_transition
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import can

from ..checks import Finding, findings_for
from ..models import FindingOverride


class ReviewBlocked(TransitionError):
    """The request may not move on: blocking findings, or warnings no approver let go (HTTP 409)."""

    def __init__(self, message: str, *, request: Request, findings: Sequence[Finding]) -> None:
        allowed = lifecycle.allowed_targets(request.direction, request.status)
        super().__init__(message, current=request.status, allowed=allowed)
        self.findings = list(findings)


def _locked(request: Request) -> Request:
    fresh = Request.objects.select_for_update().get(pk=request.pk)
    for field in Request._meta.concrete_fields:
        setattr(request, field.attname, getattr(fresh, field.attname))
    return request


def _refuse(request: Request, findings: Sequence[Finding], what: str) -> None:
    names = "; ".join(f"{f.message} ({f.rule.source})" for f in findings)
    raise ReviewBlocked(
        _("%(what)s: %(findings)s") % {"what": what, "findings": names}, request=request, findings=findings
    )


def _blocking(request: Request, what: str) -> list[Finding]:
    findings = findings_for(request)
    blocking = [f for f in findings if f.blocking]
    if blocking:
        _refuse(request, blocking, what)
    return findings


def drafters(request: Request) -> set[int]:
    """Who drafted the request: its creator and whoever submitted it for review."""
    people = set(
        TimelineEntry.objects.filter(request=request, measure=None, new_status=Status.IN_REVIEW)
        .exclude(actor=None)
        .values_list("actor_id", flat=True)
    )
    if request.created_by_id:
        people.add(request.created_by_id)
    return people


def _check_role(actor: User, request: Request, to: str) -> None:
    """The transition table decides who makes the move; asked first, so a wrong role learns nothing else."""
    if actor.role not in lifecycle.roles_for(request.direction, request.status, to):
        refuse_move(request, to, actor.role)


@transaction.atomic
def request_submit(*, actor: User, request: Request, reason: str = "") -> list[Finding]:
    """Submit a draft for review; the checks run and their findings go with it."""
    _locked(request)
    _check_role(actor, request, Status.IN_REVIEW)
    findings = findings_for(request)
    blocking = sum(1 for f in findings if f.blocking)
    warnings = sum(1 for f in findings if f.needs_override)
    request_transition(
        actor=actor,
        request=request,
        to=Status.IN_REVIEW,
        reason=reason,
        reviewed=True,
        note=TimelineNote.CHECKED,
        subject=f"{blocking} {warnings}",
    )
    record(
        actor,
        "request.checked",
        request,
        detail={"findings": [f.code for f in findings], "blocking": [f.code for f in findings if f.blocking]},
    )
    return findings


@transaction.atomic
def request_approve(
    *, actor: User, request: Request, overrides: Mapping[str, str] | None = None, reason: str = ""
) -> Request:
    """Approve a request in review: not by its drafter, not with blocking findings, warnings let go with reasons."""
    _locked(request)
    _check_role(actor, request, Status.APPROVED)
    alone = actor.pk in drafters(request)
    authority = Authority.objects.get(pk=request.authority_id)
    if alone and not authority.four_eyes_relaxed:
        raise TransitionError(
            _("You drafted this request: another supervisor approves it (four eyes)."),
            current=request.status,
            allowed=[],
        )
    findings = _blocking(request, _("Blocking findings stop the approval"))
    overrides = {code: text.strip() for code, text in (overrides or {}).items() if text and text.strip()}
    warnings = {f.code: f for f in findings if f.needs_override}
    unknown = sorted(set(overrides) - set(warnings))
    if unknown:
        raise CaseValidationError(
            _("These are not warnings of this request awaiting a decision: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    left = [f for code, f in warnings.items() if code not in overrides]
    if left:
        _refuse(request, left, _("Let each warning go with a reason, or send the request back"))
    lines = []
    for code, text in overrides.items():
        finding = warnings[code]
        FindingOverride.objects.create(request=request, rule=finding.rule, reason=text, actor=actor)
        record(
            actor,
            "request.finding-overridden",
            request,
            detail={"rule": code, "source": finding.rule.source},
            justification=text,
        )
        lines.append(f"{code} — {text}")
    request.approved_by = actor
    request.approved_alone = alone
    request.save(update_fields=["approved_by", "approved_alone", "updated_at"])
    # What the system says of the approval is a note, translated on display; the reasons typed for
    # the warnings let go stay as typed, after the rule each answers.
    notes = {
        (False, False): "",
        (True, False): TimelineNote.APPROVED_ALONE,
        (False, True): TimelineNote.WARNINGS_LET_GO,
        (True, True): TimelineNote.APPROVED_ALONE_WARNINGS,
    }
    text = " · ".join(([reason] if reason else []) + lines)
    request_transition(
        actor=actor, request=request, to=Status.APPROVED, reason=text, reviewed=True, note=notes[alone, bool(lines)]
    )
    return request


@transaction.atomic
def request_transmit(*, actor: User, request: Request, reason: str = "") -> Request:
    """Transmit an approved request, once more without blocking findings (translations may have lapsed)."""
    _locked(request)
    _check_role(actor, request, Status.TRANSMITTED)
    _blocking(request, _("Blocking findings stop the transmission"))
    request_transition(actor=actor, request=request, to=Status.TRANSMITTED, reason=reason, reviewed=True)
    return request


@transaction.atomic
def authority_four_eyes_set(*, actor: User, authority: Authority, relaxed: bool, reason: str) -> Authority:
    """An administrator lets one person draft and approve (a one-person authority), or restores four eyes."""
    if not can(actor, "change", authority) or actor.authority_id != authority.pk:
        raise PermissionError(_("Only the authority's administrator decides this."))
    if not reason.strip():
        raise CaseValidationError(_("Say why."))
    authority.four_eyes_relaxed = relaxed
    authority.save(update_fields=["four_eyes_relaxed"])
    record(
        actor,
        "authority.four-eyes-relaxed" if relaxed else "authority.four-eyes-restored",
        authority,
        justification=reason,
    )
    return authority
