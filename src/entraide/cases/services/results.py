"""What the executing authority obtained for a measure: its result, a note, its documents."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.audit.services import record
from entraide.core.text import plain_text
from entraide.tenancy.policies import can

from .. import lifecycle
from ..errors import CaseValidationError, RoleRefused, TransitionError
from ..lifecycle import MeasureStatus, Status
from ..models import Document, Measure, TimelineNote
from .documents import document_upload
from .requests import _locked, measure_transition

# The request's statuses in which its measures are executed (as measure_transition allows).
EXECUTING = lifecycle.EXECUTION_STATES | {Status.ASSIGNED, Status.ACKNOWLEDGED, Status.TRANSMITTED}


def executes(actor: User, measure: Measure) -> bool:
    """Whether ``actor`` belongs to the authority executing ``measure`` and may report on it: the
    measure's executing authority, or, while none is named, the request's own authority (which
    executes it, or records what the requested State reported)."""
    executing = measure.assigned_authority_id or measure.request.authority_id
    return actor.authority_id == executing and can(actor, "execute", measure)


def may_record_result(actor: User, measure: Measure) -> bool:
    """The page's question: may ``actor`` record the result of ``measure`` now?"""
    return (
        measure.status in lifecycle.MEASURE_OPEN
        and measure.request.status in EXECUTING
        and executes(actor, measure)
        and MeasureStatus.EXECUTED in lifecycle.measure_targets(measure.status, actor.role)
    )


@transaction.atomic
def measure_record_result(
    *,
    actor: User,
    measure: Measure,
    result: str,
    note: str = "",
    files: Iterable[tuple[str, bytes]] = (),
) -> Measure:
    """Record what was obtained for a measure and mark it executed.

    Its documents are stored as execution reports (shared with the executing authority); the
    move to "executed" writes the timeline row, and carries the result to the requesting side
    when the request came through the secure exchange (``measure_moved``).
    """
    request = _locked(measure.request)
    measure.refresh_from_db(fields=["status", "assigned_authority"])
    if not executes(actor, measure):
        raise RoleRefused(
            _("Only the authority executing this measure records its result."),
            current=measure.status,
            allowed=[],
        )
    if measure.status not in lifecycle.MEASURE_OPEN or request.status not in EXECUTING:
        raise TransitionError(
            _("The result of this measure can no longer be recorded: it is %(status)s.")
            % {"status": MeasureStatus(measure.status).label},
            current=measure.status,
            allowed=[],
        )
    files = list(files)
    result, note = plain_text(result).strip(), plain_text(note).strip()
    if not result:
        raise CaseValidationError(_("Say what was obtained."))
    for filename, data in files:
        document_upload(
            actor=actor,
            request=request,
            filename=filename,
            data=data,
            title=_("Execution: %(measure)s") % {"measure": measure.get_kind_display()},
            kind=Document.Kind.EXECUTION,
            shared_with_executor=True,
        )
    measure.result_note = note
    measure.result_recorded_at = timezone.now()
    measure.result_recorded_by = actor
    measure.save(update_fields=["result_note", "result_recorded_at", "result_recorded_by"])
    record(
        actor,
        "measure.result-recorded",
        measure,
        authority_id=request.authority_id,
        detail={"request": request.pk, "documents": len(files)},
    )
    return measure_transition(
        actor=actor, measure=measure, to=MeasureStatus.EXECUTED, result=result, note=TimelineNote.RESULT_RECORDED
    )
