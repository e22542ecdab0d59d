"""The audit log against the case data it records: a wiped log, a log whose tail was cut and an
older signed head put back, and (on PostgreSQL) TRUNCATE and a head moved back are all caught."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from entraide.audit.models import AuditEvent, AuditHead
from entraide.audit.services import seal, verify_log
from entraide.audit.tests.test_log import raw
from entraide.testing.cases import new_outgoing

pytestmark = pytest.mark.django_db


def test_a_wiped_log_is_broken_while_case_data_exists(users):
    new_outgoing(users)
    seal()
    assert verify_log() is None
    raw("DELETE FROM audit_auditevent", [])
    raw("DELETE FROM audit_audithead", [])
    with pytest.raises(CommandError, match="log wiped") as exc:
        call_command("audit", "verify")
    assert exc.value.returncode == 1


def test_an_empty_log_is_intact_on_an_empty_database():
    assert verify_log() is None


def test_a_cut_tail_under_an_older_signed_head_is_caught(users):
    """The attacker kept a copy of an earlier head (signed by the node) and puts it back after
    deleting every event sealed since: the signature verifies, the chain verifies, the timeline
    does not agree."""
    new_outgoing(users)
    seal()
    old = AuditHead.objects.values("seq", "hash", "at", "signature").get(pk=1)
    with time_machine.travel(dt.timedelta(hours=2)):
        new_outgoing(users, title="A later request")
        seal()
        assert verify_log() is None
        raw("DELETE FROM audit_auditevent WHERE seq > %s", [old["seq"]])
        raw(
            "UPDATE audit_audithead SET seq = %s, hash = %s, at = %s, signature = %s",
            [old["seq"], old["hash"], old["at"], old["signature"]],
        )
        problem = verify_log()
    assert problem is not None and "removed from the end of the log" in problem.reason


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL")


@postgresql_only
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_audithead"])
def test_postgresql_refuses_truncate(users, table):
    new_outgoing(users)
    seal()
    refused = pytest.raises(DatabaseError, match="TRUNCATE refused")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL entraide.audit_wipe = ''")
        cursor.execute(f"TRUNCATE {table} CASCADE")
    assert AuditEvent.objects.exists() and AuditHead.objects.exists()


@postgresql_only
@pytest.mark.parametrize(
    "sql",
    ["DELETE FROM audit_audithead", "UPDATE audit_audithead SET seq = seq - 1", "UPDATE audit_audithead SET id = 2"],
)
def test_postgresql_refuses_to_move_the_head_back(users, sql):
    new_outgoing(users)
    seal()
    refused = pytest.raises(DatabaseError, match="only moves forward")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditHead.objects.get(pk=1).seq > 0
