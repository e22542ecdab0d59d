"""The executing authority records what a measure obtained; verbs; refusal grounds; finished requests."""

import importlib

import pytest
from django.apps import apps

from entraide.audit.models import AuditEvent
from entraide.cases import lifecycle
from entraide.cases.errors import CaseValidationError, RequestFinished, RoleRefused, TransitionError
from entraide.cases.models import Document, TimelineEntry
from entraide.cases.services import (
    document_upload,
    measure_record_result,
    offence_add,
    request_create,
    request_transition,
)
from entraide.testing.cases import walk

from .helpers import PDF

pytestmark = pytest.mark.django_db


def test_every_move_a_button_offers_is_named_by_a_verb_not_by_its_status():
    for direction in lifecycle.Direction.values:
        for current, moves in lifecycle.TRANSITIONS[direction].items():
            for to in moves:
                assert to in lifecycle.VERBS, f"{current} -> {to} has no verb"
    assert lifecycle.verb("in-review") == "Submit for review"
    assert lifecycle.verb("withdrawn") == "Withdraw" != lifecycle.Status.WITHDRAWN.label
    assert lifecycle.verb("lapsed") == "Mark as lapsed"
    assert lifecycle.verb("refused") == "Record refusal…"
    assert lifecycle.verb("under-assessment", "info-requested") == "Resume assessment"
    assert lifecycle.verb("under-assessment", "registered") == "Start assessment"
    assert lifecycle.measure_verb("executed") == "Record execution"
    # Every final or ending move asks for a confirmation, and says what it confirms.
    assert set(lifecycle.CONFIRMATIONS) == set(lifecycle.IRREVERSIBLE) >= lifecycle.FINAL
    assert set(lifecycle.MEASURE_CONFIRMATIONS) == set(lifecycle.MEASURE_IRREVERSIBLE)


def test_a_refusal_needs_a_ground_chosen_and_other_needs_its_explanation(world):
    walk(world.users, world.unassigned, ["registered", "under-assessment"])
    supervisor = world.users.supervisor
    with pytest.raises(CaseValidationError):
        request_transition(actor=supervisor, request=world.unassigned, to="refused", reason="no")
    with pytest.raises(CaseValidationError):
        request_transition(actor=supervisor, request=world.unassigned, to="refused", ground="other")
    assert world.unassigned.timeline.filter(new_status="refused").count() == 0
    request_transition(actor=supervisor, request=world.unassigned, to="refused", ground="other", ground_text="Why")
    world.unassigned.refresh_from_db()
    assert (world.unassigned.status, world.unassigned.refusal_ground) == ("refused", "other")


def test_nothing_is_uploaded_or_added_to_a_finished_request(world):
    officer, request = world.users.officer, world.outgoing
    walk(world.users, request, ["withdrawn", "closed"])
    with pytest.raises(RequestFinished):
        document_upload(actor=officer, request=request, filename="late.pdf", data=PDF)
    with pytest.raises(RequestFinished):
        offence_add(actor=officer, request=request, provision="s. 1")
    assert not Document.objects.filter(request=request).exists()
    assert not request.offences.exists()


def test_the_executor_records_a_result_with_a_note_and_a_report(world):
    executor, request = world.users.executor, world.incoming
    measure = request.measures.get()
    measure_record_result(
        actor=executor,
        measure=measure,
        result="Witness heard on 3 March; statement attached.",
        note="Interpreter provided by the court.",
        files=[("statement.pdf", PDF)],
    )
    measure.refresh_from_db()
    request.refresh_from_db()
    assert measure.status == "executed" and measure.result.startswith("Witness heard")
    assert measure.result_note == "Interpreter provided by the court."
    assert measure.result_recorded_by == executor and measure.result_recorded_at is not None
    assert request.status == "executed"  # the request follows from its measures
    report = Document.objects.get(request=request)
    assert report.kind == Document.Kind.EXECUTION and report.shared_with_executor
    entry = TimelineEntry.objects.get(measure=measure, new_status="executed")
    assert entry.note == TimelineEntry.Note.RESULT_RECORDED and entry.reason == ""
    assert AuditEvent.objects.filter(action="measure.result-recorded", object_id=str(measure.pk)).exists()
    # Recorded once: the measure is executed, its result can no longer be recorded.
    with pytest.raises(TransitionError):
        measure_record_result(actor=executor, measure=measure, result="again")


def test_only_the_authority_executing_the_measure_records_its_result(world):
    measure = world.incoming.measures.get()
    for user in [world.users.officer, world.users.supervisor, world.users.outsider, world.users.auditor]:
        with pytest.raises(RoleRefused):
            measure_record_result(actor=user, measure=measure, result="Done")
    with pytest.raises(CaseValidationError):
        measure_record_result(actor=world.users.executor, measure=measure, result="   ")
    measure.refresh_from_db()
    assert measure.status == "pending" and measure.result == ""


def test_a_result_waits_until_the_request_is_under_way(world):
    """A measure of a request still being assessed is not executed yet."""
    from entraide.cases.services import measure_add

    measure = measure_add(actor=world.users.officer, request=world.unassigned, kind="bank-records")
    with pytest.raises(TransitionError):
        measure_record_result(actor=world.users.officer, measure=measure, result="Done")


def test_timeline_notes_are_codes_translated_on_display(world):
    from django.utils import translation

    created = world.outgoing.timeline.get(new_status="draft")
    assert (created.note, created.reason) == ("created", "")
    assert created.note_html() == "Created"
    assigned = world.incoming.timeline.get(new_status="assigned")
    assert (assigned.note, assigned.note_subject, assigned.reason) == (
        "assigned",
        world.users.executor.authority.name,
        "",
    )
    with translation.override("fr"):
        assert created.note_html() == "Création"
        assert assigned.note_html() == f"Attribuée à <bdi>{world.users.executor.authority.name}</bdi>"


def test_the_migration_turns_stored_sentences_into_codes_in_any_language(world, users):
    migration = importlib.import_module("entraide.cases.migrations.0014_measure_result_timeline_note")
    request = request_create(
        actor=users.officer,
        direction="incoming",
        requesting_jurisdiction=world.somalia,
        requested_jurisdiction=world.kenya,
        title="Old rows",
    )
    request.timeline.all().delete()
    base = {"authority_id": request.authority_id, "actor_label": "x", "at": request.created_at}
    english = TimelineEntry.objects.create(request=request, new_status="received", reason="Created", **base)
    french = TimelineEntry.objects.create(request=request, new_status="received", reason="Création", **base)
    assigned = TimelineEntry.objects.create(
        request=request, new_status="assigned", reason="Attribuée à Parquet de Nairobi (test)", **base
    )
    typed = TimelineEntry.objects.create(request=request, new_status="registered", reason="Created by hand", **base)
    migration.notes_to_codes(apps, None)
    for row in (english, french, assigned, typed):
        row.refresh_from_db()
    assert (english.note, english.reason) == ("created", "")
    assert (french.note, french.reason) == ("created", "")
    assert (assigned.note, assigned.note_subject, assigned.reason) == ("assigned", "Parquet de Nairobi (test)", "")
    assert (typed.note, typed.reason) == ("", "Created by hand")  # what a user typed stays as typed


def test_a_recorded_result_is_told_as_a_measure_move_with_its_result(world):
    """The exchange sends ``execution.result`` on ``measure_moved``: a result recorded here travels."""
    from entraide.cases.signals import measure_moved

    told = []

    def receiver(sender, measure, old, new, actor, result="", remote=False, **kw):
        told.append((old, new, result, remote, actor))

    measure_moved.connect(receiver, dispatch_uid="test-result-told")
    try:
        measure = world.incoming.measures.get()
        measure_record_result(actor=world.users.executor, measure=measure, result="Statements obtained")
    finally:
        measure_moved.disconnect(dispatch_uid="test-result-told")
    assert told == [("pending", "executed", "Statements obtained", False, world.users.executor)]
