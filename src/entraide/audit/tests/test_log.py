"""The stored log: written in the caller's transaction, verified by the command, append-only."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from entraide.audit.models import AuditEvent
from entraide.audit.services import record, seal

pytestmark = pytest.mark.django_db


def raw(sql: str, params: list) -> None:
    """Tamper the way an attacker with database access would, bypassing the trigger on PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def make_log(users, n: int = 5) -> list[AuditEvent]:
    """N events, sealed into the chain as the worker would."""
    events = [record(users.officer, f"test.event{i}", users.officer, detail={"i": i}) for i in range(n)]
    seal()
    for event in events:
        event.refresh_from_db()
    return events


def verify() -> str:
    call_command("audit", "verify")
    return "ok"


def test_verify_passes_on_intact_log(users, capsys):
    make_log(users)
    call_command("audit", "verify")
    assert "audit log intact" in capsys.readouterr().out


def test_verify_names_the_edited_event(users):
    events = make_log(users)
    raw("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["test.forged", events[2].pk])
    with pytest.raises(CommandError, match=rf"event #{events[2].seq} \(id {events[2].pk}\).*edited") as exc:
        verify()
    assert exc.value.returncode == 1


def test_verify_finds_a_deleted_event(users):
    events = make_log(users)
    raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError, match=rf"event #{events[2].seq}"):
        verify()


def test_verify_finds_a_deleted_last_event(users):
    events = make_log(users)
    raw("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    with pytest.raises(CommandError, match="events deleted"):
        verify()


def test_verify_finds_reordered_events(users):
    events = make_log(users)
    a, b = events[1], events[3]
    raw("UPDATE audit_auditevent SET seq = -1 WHERE id = %s", [a.pk])
    raw("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [a.seq, b.pk])
    raw("UPDATE audit_auditevent SET seq = %s WHERE id = %s", [b.seq, a.pk])
    with pytest.raises(CommandError, match=rf"event #{a.seq}"):
        verify()


def test_audit_event_rolls_back_with_the_write(users):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(users.officer, "test.rolled_back", users.officer)
        raise RuntimeError("the write failed")
    assert AuditEvent.objects.count() == before
    call_command("audit", "verify")


def test_event_fields(users):
    event = record(users.officer, "user.viewed", users.auditor, justification="case review")
    event.refresh_from_db()
    assert event.actor_id == users.officer.pk
    assert event.authority_id == users.officer.authority_id
    assert event.object_type == "accounts.user"
    assert event.object_id == str(users.auditor.pk)
    assert event.at.utcoffset() == dt.timedelta(0)
    assert event.justification == "case review"
    assert event.seq is None and event.hash is None  # a plain insert: the worker seals it
    seal()
    event.refresh_from_db()
    assert event.seq is not None and event.hash == event.compute_hash()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
@pytest.mark.parametrize("sql", ["UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"])
def test_postgresql_refuses_update_and_delete(users, sql):
    make_log(users, 2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.count() >= 2
