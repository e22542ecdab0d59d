"""Sealing, the signed head and checkpoints: a rewrite of the whole chain is caught, appends never wait."""

import datetime as dt
import json
import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from entraide.audit import chain
from entraide.audit.models import AuditEvent, AuditHead
from entraide.audit.services import checkpoint, record, seal, verify_checkpoint, verify_log

from .test_log import make_log, raw

pytestmark = pytest.mark.django_db


def test_events_are_sealed_in_order_and_the_head_is_signed(users):
    events = make_log(users, 3)
    assert [e.seq for e in events] == sorted(e.seq or 0 for e in events)
    assert events[1].prev_hash == events[0].hash
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (events[-1].seq, events[-1].hash)
    assert head.signature and verify_log() is None
    assert seal() == 0  # nothing left to seal


def test_an_event_left_unsealed_too_long_is_reported(users, settings):
    event = record(users.officer, "test.late", users.officer)
    assert verify_log() is None  # within the grace period
    later = timezone.now() + dt.timedelta(seconds=settings.ENTRAIDE_AUDIT_SEAL_GRACE + 1)
    problem = verify_log(now=later)
    assert problem is not None and problem.pk == event.pk and "unsealed" in problem.reason


def test_an_inserted_event_is_caught(users):
    events = make_log(users, 3)
    fields = {**events[1].hashed_fields(), "seq": (events[-1].seq or 0) + 1, "prev_hash": events[-1].hash}
    forged = chain.event_hash(fields)
    raw(
        "INSERT INTO audit_auditevent (seq, at, actor_label, action, object_type, object_id, justification,"
        " detail, prev_hash, hash) VALUES (%s, %s, 'x', 'test.forged', '', '', '', '{}', %s, %s)",
        [fields["seq"], events[1].at, events[-1].hash, forged],
    )
    assert verify_log() is not None


def test_a_rewritten_head_is_caught_by_its_signature(users):
    make_log(users, 3)
    raw("UPDATE audit_audithead SET seq = seq - 1", [])
    problem = verify_log()
    assert problem is not None and "signature" in problem.reason


def rewrite_whole_chain() -> None:
    """What a database owner could do: change an event and recompute every hash after it, and the head."""
    prev, seq = chain.GENESIS, 0
    event: AuditEvent
    for event in AuditEvent.objects.filter(seq__isnull=False).order_by("seq"):
        if event.seq == 1:
            event.action = "test.rewritten"
        event.prev_hash = prev
        event.hash = event.compute_hash()
        raw(
            "UPDATE audit_auditevent SET action = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [event.action, event.prev_hash, event.hash, event.pk],
        )
        prev, seq = event.compute_hash(), event.seq or 0
    raw("UPDATE audit_audithead SET seq = %s, hash = %s", [seq, prev])


def test_a_checkpoint_catches_a_rewrite_of_the_whole_chain(users, tmp_path, capsys):
    make_log(users, 4)
    call_command("audit", "checkpoint")
    saved = tmp_path / "checkpoint.json"
    saved.write_text(capsys.readouterr().out)
    call_command("audit", "verify", "--checkpoint", str(saved))
    assert "extends checkpoint" in capsys.readouterr().out
    make_log(users, 2)  # the log grows: it still extends the checkpoint
    call_command("audit", "verify", "--checkpoint", str(saved))
    rewrite_whole_chain()
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", "--checkpoint", str(saved))
    assert exc.value.returncode == 1


def test_a_forged_checkpoint_is_refused(users):
    make_log(users, 2)
    data = checkpoint()
    assert verify_checkpoint(data) is None
    problem = verify_checkpoint({**data, "seq": data["seq"] - 1})
    assert problem is not None and "signature" in problem.reason
    assert verify_checkpoint({"seq": "x"}) is not None


def test_an_unreadable_checkpoint_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="cannot read the checkpoint"):
        call_command("audit", "verify", "--checkpoint", str(bad))


def test_the_worker_seals(users):
    record(users.officer, "test.worker", users.officer)
    call_command("worker", "--once")
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_lets_the_sealer_fill_the_seal_only(users):
    event = record(users.officer, "test.sealing", users.officer)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET seq = 999, action = 'x' WHERE id = %s", [event.pk])
    seal()
    event.refresh_from_db()
    assert event.seq is not None
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET hash = 'x' WHERE id = %s", [event.pk])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_appends_do_not_wait_for_each_other(users):
    """One request holds its transaction open after recording; another records and commits at once."""
    recorded, release = threading.Event(), threading.Event()
    timings: dict[str, float] = {}

    def slow() -> None:
        try:
            with transaction.atomic():
                record(users.officer, "test.slow", users.officer)
                recorded.set()
                release.wait(10)
        finally:
            connections.close_all()

    def fast() -> None:
        try:
            start = time.monotonic()
            with transaction.atomic():
                record(users.supervisor, "test.fast", users.supervisor)
            timings["fast"] = time.monotonic() - start
        finally:
            connections.close_all()

    first = threading.Thread(target=slow)
    first.start()
    assert recorded.wait(10)
    second = threading.Thread(target=fast)
    second.start()
    second.join(5)
    still_waiting = second.is_alive()
    release.set()
    first.join(10)
    second.join(10)
    assert not still_waiting and timings["fast"] < 2, "an append waited for another's transaction"
    assert seal() == 2 and verify_log() is None
    assert json.loads(json.dumps(checkpoint()))["seq"] >= 2
