"""Security figures (issue 17), in the form of DESIGN.md's benchmarks: one line per figure.

Run: ``.venv/bin/python bench/security.py`` (SQLite in a temporary directory), or with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db>`` for PostgreSQL (the database is created
and dropped). ``--skip-schemathesis`` leaves out the slowest figure. Figures:

- cross_tenant: every URL of the pages and the API that takes an object id, with the id of each
  object of another authority, and every list with that authority's canary as search text, as
  each role of this authority; a leak is a 200 whose body holds the other authority's canary;
- schemathesis: tests/test_schemathesis.py run in a subprocess (each role, bounded), its answers
  of 5xx and its answers that do not match the schema, counted from the JUnit report;
- bad_inputs: superscript digits, ids past 64 bits, dates that are not dates, NUL bytes, deep
  JSON, negative penalties, wrong types, sent to every URL with an id and every API POST;
  an input not handled is one answered 5xx;
- audit_tamper: edits, deletions, insertions, reordering, a rewritten chain, a cut tail under an
  older signed head, a wiped log (and TRUNCATE on PostgreSQL); missed is ``audit verify`` passing;
- totp_guesses: wrong authenticator codes answered (checked) before the 429;
- kill9: a child process uploads documents and opens requests through the services and is killed
  with SIGKILL at a random moment, 10 times; after the worker's reclaim, rows without their file,
  files without their row, and requests without their timeline and audit event are counted.

Exits 1 if a figure misses its target.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARSER = argparse.ArgumentParser(description=__doc__.splitlines()[0])
PARSER.add_argument("--skip-schemathesis", action="store_true", help="leave out the schemathesis figure")
PARSER.add_argument("--child", help=argparse.SUPPRESS)  # the kill -9 child: its run's seed
ARGS = PARSER.parse_args()

TMP = Path(os.environ.get("ENTRAIDE_BENCH_DIR") or tempfile.mkdtemp(prefix="entraide-security-"))
BASE_DB = os.environ.get("DATABASE_URL", "")
DB_NAME = f"entraide_security_{os.getpid()}" if not ARGS.child else ""
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "entraide.settings",
        "ENTRAIDE_BENCH_DIR": str(TMP),
        "ENTRAIDE_VAR_DIR": str(TMP),
        "ENTRAIDE_MEDIA_ROOT": str(TMP / "media"),
        "ENTRAIDE_DATA_DIR": str(ROOT / "data"),
        "ENTRAIDE_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ENTRAIDE_MASTER_KEY": "YmVuY2gtb25seS1tYXN0ZXIta2V5LTMyLWJ5dGVzISE",
        "ENTRAIDE_AUDIT_SIGNING_KEY": "YmVuY2gtb25seS1hdWRpdC1zaWduaW5nLWtleS0zMmI",
        "ENTRAIDE_DEBUG": "0",
        "ENTRAIDE_HTTPS": "0",
        "ENTRAIDE_DEMO": "0",
        "ENTRAIDE_REQUIRE_MFA": "1",
        "ENTRAIDE_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "ENTRAIDE_STATIC_FROM_FINDERS": "1",
    }
)
if not ARGS.child:
    if BASE_DB.startswith("postgres"):
        os.environ["DATABASE_URL"] = BASE_DB.rsplit("/", 1)[0] + f"/{DB_NAME}"
        subprocess.run(["psql", BASE_DB, "-qc", f"CREATE DATABASE {DB_NAME}"], check=True)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT / "src"))

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402
import json  # noqa: E402
from typing import Any  # noqa: E402

from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import URLPattern, URLResolver, get_resolver, reverse  # noqa: E402

from entraide.accounts.models import User  # noqa: E402
from entraide.audit import chain  # noqa: E402
from entraide.audit.models import AuditEvent, AuditHead  # noqa: E402
from entraide.audit.services import seal, verify_log  # noqa: E402
from entraide.cases import services  # noqa: E402
from entraide.cases.lifecycle import Direction  # noqa: E402
from entraide.cases.models import Document, DocumentVersion, Request, TimelineEntry  # noqa: E402
from entraide.reference.models import Jurisdiction  # noqa: E402
from entraide.reference.services import load_reference  # noqa: E402
from entraide.tenancy.models import Authority  # noqa: E402
from entraide.tenancy.roles import Role  # noqa: E402
from entraide.testing.factories import activate_totp, totp_code_for  # noqa: E402

PASSWORD = "correct horse battery staple"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CANARY = f"CANARY-{uuid.uuid4().hex[:12]}"
results: list[bool] = []


def report(name: str, value: float, unit: str, target: float, tried: str = "") -> None:
    ok = value <= target
    results.append(ok)
    extra = f"; {tried}" if tried else ""
    print(f"bench {name} = {value:g} {unit} (target <= {target:g}{extra}) {'ok' if ok else 'MISSED'}", flush=True)


# --- the world ---------------------------------------------------------------------------------


def person(email: str, authority: Authority, role: Role) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, authority=authority, role=role)
    user.full_name = f"{role.label} (bench, fictitious)"
    user.save(update_fields=["full_name"])
    activate_totp(user)
    return user


def world() -> dict[str, Any]:
    call_command("migrate", verbosity=0)
    load_reference()
    kenya, somalia = Jurisdiction.objects.get(code="KEN"), Jurisdiction.objects.get(code="SOM")
    ours = Authority.objects.create(name="Central authority (bench, fictitious)", jurisdiction=kenya, is_demo=True)
    pros = Authority.objects.create(
        name="Prosecution office (bench, fictitious)", jurisdiction=kenya, kind=Authority.Kind.PROSECUTION
    )
    theirs = Authority.objects.create(name="Other authority (bench, fictitious)", jurisdiction=somalia)
    users = {role: person(f"{role}@bench.entraide.example", ours, role) for role in Role if role != Role.EXECUTOR}
    users[Role.EXECUTOR] = person("executor@bench.entraide.example", pros, Role.EXECUTOR)
    outsider = person("outsider@bench.entraide.example", theirs, Role.OFFICER)
    for actor, a, b in ((users[Role.OFFICER], kenya, somalia), (outsider, somalia, kenya)):
        canary = CANARY if actor is outsider else "ours"
        request = services.request_create(
            actor=actor,
            direction=Direction.OUTGOING,
            requesting_jurisdiction=a,
            requested_jurisdiction=b,
            title=f"Request {canary} (fictitious)",
            facts=f"Facts {canary}",
        )
        services.person_add(actor=actor, request=request, role="suspect", name=f"Person {canary} (fictitious)")
        services.offence_add(actor=actor, request=request, provision=f"Provision {canary}")
        services.deadline_add(actor=actor, request=request, kind="other", due_on=dt.date(2000, 1, 1), note=canary)
        services.measure_add(actor=actor, request=request, kind="bank-records", due_on=dt.date(2000, 1, 1))
        services.document_upload(actor=actor, request=request, filename="a.pdf", data=PDF, title=f"Doc {canary}")
    services.reminders_raise()
    seal()
    return {"users": users, "outsider": outsider, "theirs": theirs, "ours": ours}


def signed_in(user: User) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every URL pattern as (route, converters), the admin's aside."""
    out = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            out.extend(patterns(entry, route))
        elif isinstance(entry, URLPattern):
            out.append((route, entry.pattern.converters))
    return out


def fill(route: str, value: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?\w+>", value, route).lstrip("^").rstrip("$")


# --- figures -----------------------------------------------------------------------------------


def cross_tenant(w: dict[str, Any]) -> None:
    theirs = w["theirs"]
    ids = set()
    for model, lookup in (
        (Request, "authority"),
        (Document, "request__authority"),
        (DocumentVersion, "document__request__authority"),
        (TimelineEntry, "authority"),
        (AuditEvent, "authority"),
        (User, "authority"),
    ):
        ids |= set(model.objects.filter(**{lookup: theirs}).values_list("pk", flat=True))
    with_id = [route for route, converters in patterns() if converters]
    lists = [route for route, converters in patterns() if not converters]
    tried = leaks = 0
    for role, user in w["users"].items():
        client = signed_in(user)
        for route in with_id:
            for pk in sorted(ids):
                url = fill(route, str(pk))
                response = client.get(url)
                tried += 1
                if response.status_code == 200 and CANARY.encode() in response.content:
                    leaks += 1
                    print(f"#   leak: {role} GET {url}", flush=True)
        for route in lists:
            for query in ("", f"?q={CANARY}", f"?search={CANARY}"):
                url = fill(route, "") + query
                response = client.get(url)
                tried += 1
                # A search page shows the text searched for: only a match counts.
                shown = response.content.replace(query.partition("=")[2].encode(), b"") if query else response.content
                if response.status_code == 200 and CANARY.encode() in shown:
                    leaks += 1
                    print(f"#   leak: {role} GET {url}", flush=True)
    report("cross_tenant_leaks", leaks, "leaks", 0, f"{tried} requests tried")


BAD_QUERIES = ["?page=²", "?v=²", "?page=-1", "?page=99999999999999999999", "?start=2026-13-45&end=x", "?q=%00"]
BAD_QUERIES += ["?counterpart=%C2%B2", "?offence=²", "?direction=x&modality=y", "?as_at=0000-00-00", "?date=²"]
BAD_BODIES: list[Any] = [
    "[" * 50_000 + "]" * 50_000,
    {"authority": 10**30, "document": 10**30, "to": 10**30},
    {"max_penalty_years": "-5", "provision": "x"},
    {"title": "\x00", "counterpart": "\x00", "direction": "outgoing"},
    [],
    "null",
    {"due_on": "2026-02-30", "kind": "other"},
    {"code": None, "reason": ["x"]},
]


def bad_inputs(w: dict[str, Any]) -> None:
    officer = w["users"][Role.OFFICER]
    ours = Request.objects.filter(authority=w["ours"]).first()
    assert ours is not None
    client = signed_in(officer)
    tried = unhandled = 0
    for route, converters in patterns():
        for value in [str(ours.pk), "9223372036854775808", "0"] if converters else [""]:
            url = fill(route, value)
            for query in BAD_QUERIES:
                tried += 1
                unhandled += client.get(url + query).status_code >= 500
            if url.startswith("/api/"):
                for body in BAD_BODIES:
                    tried += 1
                    text = body if isinstance(body, str) else json.dumps(body)
                    unhandled += client.post(url, text, content_type="application/json").status_code >= 500
    report("bad_inputs_not_handled", unhandled, "answers of 5xx", 0, f"{tried} bad inputs tried")


def _raw(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def _rewrite_chain() -> None:
    prev, seq = chain.GENESIS, 0
    for event in AuditEvent.objects.filter(seq__isnull=False).order_by("seq"):
        if event.seq == 1:
            event.action = "bench.rewritten"
        event.prev_hash = prev
        event.hash = event.compute_hash()
        _raw(
            "UPDATE audit_auditevent SET action=%s, prev_hash=%s, hash=%s WHERE id=%s",
            [event.action, prev, event.hash, event.pk],
        )
        prev, seq = event.hash, event.seq or 0
    _raw("UPDATE audit_audithead SET seq=%s, hash=%s", [seq, prev])


def audit_tamper(w: dict[str, Any]) -> None:
    import time_machine

    officer = w["users"][Role.OFFICER]
    kenya, somalia = Jurisdiction.objects.get(code="KEN"), Jurisdiction.objects.get(code="SOM")
    # The head an attacker kept (it was signed by the node), then two hours of more work.
    old_head = AuditHead.objects.values("seq", "hash", "at", "signature").get(pk=1)
    with time_machine.travel(dt.timedelta(hours=2)):
        services.request_create(
            actor=officer, direction=Direction.OUTGOING, requesting_jurisdiction=kenya,
            requested_jurisdiction=somalia, title="Later request (fictitious)",
        )  # fmt: skip
        seal()
    assert verify_log() is None
    last = AuditEvent.objects.filter(seq__isnull=False).order_by("-seq").values_list("seq", flat=True).first() or 0
    middle = max(1, last // 2)

    def cut_tail_under_old_head() -> None:
        _raw("DELETE FROM audit_auditevent WHERE seq > %s", [old_head["seq"]])
        _raw(
            "UPDATE audit_audithead SET seq=%s, hash=%s, at=%s, signature=%s",
            [old_head["seq"], old_head["hash"], old_head["at"], old_head["signature"]],
        )

    cases = {
        "edit an event": lambda: _raw("UPDATE audit_auditevent SET action='bench.x' WHERE seq=%s", [middle]),
        "delete an event": lambda: _raw("DELETE FROM audit_auditevent WHERE seq=%s", [middle]),
        "delete the last event": lambda: _raw("DELETE FROM audit_auditevent WHERE seq=%s", [last]),
        "reorder two events": lambda: _raw(
            "UPDATE audit_auditevent SET seq = CASE WHEN seq=%s THEN -1 ELSE seq END WHERE seq=%s", [middle, middle]
        ),
        "insert an event": lambda: _raw(
            "INSERT INTO audit_auditevent (seq, at, actor_label, action, object_type, object_id, justification,"
            " detail, prev_hash, hash) VALUES (%s, %s, 'x', 'bench.forged', '', '', '', '{}', 'x', 'y')",
            [last + 1, dt.datetime.now(dt.UTC)],
        ),
        "rewrite the chain and move the head": _rewrite_chain,
        "move the head back": lambda: _raw("UPDATE audit_audithead SET seq = seq - 1", []),
        "cut the tail under an older signed head": cut_tail_under_old_head,
        "wipe events and head": lambda: (
            _raw("DELETE FROM audit_auditevent", []),
            _raw("DELETE FROM audit_audithead", []),
        ),
        "wipe the events": lambda: _raw("DELETE FROM audit_auditevent", []),
    }
    tried = missed = 0
    for name, tamper in cases.items():
        with transaction.atomic():
            tamper()
            tried += 1
            if verify_log() is None:
                missed += 1
                print(f"#   missed: {name}", flush=True)
            transaction.set_rollback(True)
    if connection.vendor == "postgresql":
        for table in ("audit_auditevent", "audit_audithead"):
            tried += 1
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(f"TRUNCATE {table} CASCADE")
                    missed += verify_log() is None
                    transaction.set_rollback(True)
            except DatabaseError:
                pass  # refused by the trigger: caught
    report("audit_tamper_missed", missed, "cases missed by audit verify", 0, f"{tried} tamper cases tried")


def totp_guesses(w: dict[str, Any]) -> None:
    user = w["users"][Role.SUPERVISOR]
    client = Client(raise_request_exception=False)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    accepted = 0
    for _ in range(60):
        status = client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code
        if status == 429:
            break
        accepted += status == 200
    right = client.post(reverse("mfa_authenticate"), {"code": totp_code_for(user)}).status_code
    report("totp_guesses_before_lockout", accepted, "guesses checked", 10, f"the right code then answers {right}")


def child(seed: int) -> None:
    """Upload and open requests through the services until killed."""
    rng = random.Random(seed)
    officer = User.objects.get(email="officer@bench.entraide.example")
    kenya, somalia = Jurisdiction.objects.get(code="KEN"), Jurisdiction.objects.get(code="SOM")
    while True:
        request = services.request_create(
            actor=officer, direction=Direction.OUTGOING, requesting_jurisdiction=kenya,
            requested_jurisdiction=somalia, title=f"Killed run {seed} (fictitious)",
        )  # fmt: skip
        services.document_upload(
            actor=officer, request=request, filename="a.pdf", data=PDF + os.urandom(rng.randint(1, 200_000))
        )


def kill9(runs: int = 10) -> None:
    rng = random.Random(9)
    connection.close()
    for run in range(runs):
        process = subprocess.Popen([sys.executable, __file__, "--child", str(run)], env=os.environ)
        time.sleep(rng.uniform(2.5, 4.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
    reclaimed = services.orphans_reclaim(older_than=dt.timedelta(0))
    versions = DocumentVersion.objects.values_list("storage_name", flat=True)
    rows_without_file = sum(not default_storage.exists(name) for name in versions)
    names = set(versions)
    stored: list[str] = []
    if default_storage.exists("documents"):
        prefixes, _ = default_storage.listdir("documents")
        for prefix in prefixes:
            stored += [f"documents/{prefix}/{f}" for f in default_storage.listdir(f"documents/{prefix}")[1]]
    files_without_row = sum(name not in names for name in stored)
    requests_half = Request.objects.exclude(pk__in=TimelineEntry.objects.values("request_id")).count()
    unaudited = Request.objects.exclude(
        pk__in=[int(i) for i in AuditEvent.objects.filter(action="request.created").values_list("object_id", flat=True)]
    ).count()
    left = rows_without_file + files_without_row + requests_half + unaudited
    detail = (
        f"{runs} runs, {Request.objects.filter(title__startswith='Killed run').count()} requests written, "
        f"{reclaimed} orphan files reclaimed; "
        f"rows without file {rows_without_file}, files without row {files_without_row}, "
        f"requests without timeline {requests_half}, without audit event {unaudited}"
    )
    report("kill9_half_written", left, "rows or files", 0, detail)


def schemathesis() -> None:
    junit = TMP / "schemathesis.xml"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ENTRAIDE_", "DJANGO_"))}
    env["DATABASE_URL"] = BASE_DB or "sqlite:///unused"
    if not BASE_DB:
        env.pop("DATABASE_URL")
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_schemathesis.py", "-q", "-p", "no:logging", f"--junitxml={junit}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    text = "".join(f.text or "" for f in suite.iter("failure")) + "".join(f.text or "" for f in suite.iter("error"))
    server_errors = text.count("Server error")
    mismatches = sum(text.count(code) for code in ("ST103", "ST104", "ST105", "ST106", "ST107", "ST108"))
    cases = suite.get("tests")
    report("schemathesis_server_errors", server_errors, "5xx", 0, f"{cases} tests: each operation as each role")
    report(
        "schemathesis_schema_mismatches", mismatches, "answers", 0, f"{time.perf_counter() - started:.0f} s, bounded"
    )


def main() -> None:
    if ARGS.child:
        child(int(ARGS.child))
        return
    print(f"# security figures on {connection.vendor}, canary {CANARY}", flush=True)
    try:
        w = world()
        cross_tenant(w)
        bad_inputs(w)
        totp_guesses(w)
        audit_tamper(w)
        kill9()
        if not ARGS.skip_schemathesis:
            schemathesis()
    finally:
        connection.close()
        if BASE_DB.startswith("postgres"):
            subprocess.run(["psql", BASE_DB, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=False)
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
