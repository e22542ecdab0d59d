"""Real Entraide nodes for the exchange's tests and benchmark: each its own database, server and worker.

A :class:`Node` runs ``entraide`` in a subprocess with its own settings (node id, database, var
directory, so its own master key): gunicorn on 127.0.0.1 and ``entraide worker``. Its state is set
and read by ``entraide shell`` running the functions at the end of this module (``node_call``), so
a test drives both nodes as their officers would, through the same services.

The databases follow the suite's: SQLite files in the test's directory, or, when the suite runs on
PostgreSQL (``DATABASE_URL``), one database per node on the same server, dropped afterwards.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

BIN = Path(sys.executable).parent
ENTRAIDE = str(BIN / "entraide")


def pdf(text: str) -> bytes:
    """A small PDF (what the upload checks accept) that differs by ``text``."""
    return f"%PDF-1.4\n% {text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postgres_base() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url.rsplit("/", 1)[0] if url.startswith(("postgres://", "postgresql://")) else None


class Node:
    """One node: ``start()`` its server and worker, ``call()`` a function inside it, ``stop()``."""

    def __init__(self, name: str, directory: Path, *, port: int | None = None, **settings: str) -> None:
        self.name = name
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.node_id = f"{name}.test.entraide.example"
        base = _postgres_base()
        self.pg_database = f"entraide_node_{name}_{secrets.token_hex(4)}" if base else None
        database = f"{base}/{self.pg_database}" if base else f"sqlite:///{directory / 'node.sqlite3'}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("ENTRAIDE_", "DJANGO_"))},
            "DATABASE_URL": database,
            "ENTRAIDE_VAR_DIR": str(directory),
            "ENTRAIDE_MEDIA_ROOT": str(directory / "media"),
            "ENTRAIDE_DEMO": "1",
            "ENTRAIDE_HTTPS": "0",
            "ENTRAIDE_NODE_ID": self.node_id,
            "ENTRAIDE_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "ENTRAIDE_EXCHANGE_ALLOW_HTTP": "1",
            "ENTRAIDE_EXCHANGE_RETRY_BASE_SECONDS": "1",
            "ENTRAIDE_EXCHANGE_TIMEOUT_SECONDS": "10",
            "ENTRAIDE_WORKER_INTERVAL_SECONDS": "1",
            "ENTRAIDE_LOG_LEVEL": "WARNING",
            "ENTRAIDE_DB_CONN_MAX_AGE": "600",  # as in production (README)
            **settings,
        }
        self.server: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []

    # -- set-up
    def prepare(self) -> None:
        """Create the database and load the reference data (jurisdictions, languages, ICCS)."""
        if self.pg_database:
            import psycopg

            base = _postgres_base()
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.pg_database}"')
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load-reference")

    def manage(self, *args: str, timeout: int = 300) -> str:
        done = subprocess.run(
            [ENTRAIDE, *args], env=self.env, capture_output=True, text=True, timeout=timeout, cwd=self.directory
        )
        if done.returncode != 0:
            raise RuntimeError(f"{self.name}: entraide {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def call(self, function: str, **kwargs: Any) -> Any:
        """Run ``node_call(function, **kwargs)`` of this module inside the node; return its JSON answer."""
        code = (
            "import json; from entraide.testing.nodes import node_call; "
            f"print('@@' + json.dumps(node_call({function!r}, **json.loads({json.dumps(json.dumps(kwargs))}))))"
        )
        out = self.manage("shell", "-c", code, timeout=600)
        line = next(line for line in reversed(out.splitlines()) if line.startswith("@@"))
        return json.loads(line[2:])

    # -- processes
    def _log(self, what: str) -> Any:
        return open(self.directory / f"{what}.log", "ab")

    def start(self, *, worker: bool = True, workers: int = 2) -> None:
        self.start_server(workers=workers)
        if worker:
            self.start_worker()

    def start_server(self, *, workers: int = 2) -> None:
        self.server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "entraide.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
            ],
            env=self.env,
            cwd=self.directory,
            stdout=self._log("server"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/exchange/v1/node", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if self.server.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"{self.name}: the server did not start:\n{self.log('server')}")

    def start_worker(self) -> None:
        self.workers.append(
            subprocess.Popen(
                [ENTRAIDE, "worker", "--interval", "1"],
                env=self.env,
                cwd=self.directory,
                stdout=self._log("worker"),
                stderr=subprocess.STDOUT,
            )
        )

    def log(self, what: str) -> str:
        path = self.directory / f"{what}.log"
        return path.read_text(errors="replace")[-5000:] if path.exists() else ""

    @staticmethod
    def _end(process: subprocess.Popen[bytes] | None) -> None:
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_server(self) -> None:
        self._end(self.server)
        self.server = None

    def stop_worker(self) -> None:
        for worker in self.workers:
            self._end(worker)
        self.workers = []

    def stop(self) -> None:
        self.stop_worker()
        self.stop_server()

    def destroy(self) -> None:
        self.stop()
        if self.pg_database:
            import psycopg

            with psycopg.connect(f"{_postgres_base()}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)')
        shutil.rmtree(self.directory / "media", ignore_errors=True)


def wait_for(check: Any, *, timeout: float = 60, every: float = 0.5, what: str = "") -> Any:
    """Call ``check()`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}: last {value!r}")
        time.sleep(every)


def pair(a: Node, b: Node) -> None:
    """Make two nodes peers of each other, each after reading the other's signed node document (the
    fingerprints a person would compare are the ones the documents carry)."""
    for one, other in ((a, b), (b, a)):
        one.manage("exchange", "peers", "add", other.url, "--fingerprints-compared", "--name", other.name)


# ---------------------------------------------------------------- inside a node (entraide shell)


def node_call(function: str, **kwargs: Any) -> Any:
    return _CALLS[function](**kwargs)


def _setup(*, code: str, name: str) -> dict[str, Any]:
    """One central authority of jurisdiction ``code`` with an officer, a supervisor, an executor (of a
    competent authority) and an administrator, all fictitious."""
    from entraide.accounts.models import User
    from entraide.reference.models import Jurisdiction
    from entraide.tenancy.models import Authority
    from entraide.tenancy.roles import Role

    jurisdiction = Jurisdiction.objects.get(code=code)
    central, _ = Authority.objects.get_or_create(
        jurisdiction=jurisdiction, name=f"{name} (test)", defaults={"kind": Authority.Kind.CENTRAL}
    )
    competent, _ = Authority.objects.get_or_create(
        jurisdiction=jurisdiction,
        name=f"{name}, competent office (test)",
        defaults={"kind": Authority.Kind.PROSECUTION},
    )
    users = {}
    for role, authority in (
        (Role.OFFICER, central),
        (Role.SUPERVISOR, central),
        (Role.ADMINISTRATOR, central),
        (Role.EXECUTOR, competent),
    ):
        email = f"{role}.{code.lower()}@test.entraide.example"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email,
            password="correct horse battery staple",
            authority=authority,
            role=role,
            full_name=f"{role.label} {code} (fictitious)",
        )
        users[role] = user.pk
    return {"authority": central.pk, "competent": competent.pk, "users": users}


def _user(role: str, code: str) -> Any:
    from entraide.accounts.models import User

    return User.objects.get(email=f"{role}.{code.lower()}@test.entraide.example")


def _transmit(*, code: str, to_name: str, title: str, documents: int = 1) -> dict[str, Any]:
    """An outgoing request of our authority to the authority ``to_name`` (a peer's), drafted with an
    offence, a person, two measures and a document, walked to transmitted."""
    from django.core.files.base import ContentFile  # noqa: F401

    from entraide.cases import services as cases
    from entraide.cases.lifecycle import Direction
    from entraide.tenancy.models import Authority

    officer, supervisor = _user("officer", code), _user("supervisor", code)
    to = Authority.objects.get(name=to_name)
    request = cases.request_create(
        actor=officer,
        direction=Direction.OUTGOING,
        requesting_jurisdiction=officer.authority.jurisdiction,
        requested_jurisdiction=to.jurisdiction,
        requested_authority=to,
        title=title,
        facts="Fictitious facts for a test.",
        use_limitation="Evidence to be used only in case 42/2026 (test).",
    )
    cases.offence_add(actor=officer, request=request, provision="Penal Code s. 1 (test)")
    cases.person_add(actor=officer, request=request, role="suspect", name="A. Person (fictitious)")
    cases.measure_add(actor=officer, request=request, kind="bank-records", description="Statements 2024")
    cases.measure_add(actor=officer, request=request, kind="witness-hearing", description="Hear the manager")
    for n in range(documents):
        cases.document_upload(
            actor=officer, request=request, filename=f"letter-{n}.pdf", data=pdf(f"Letter {n} (test)")
        )
    for to_status, actor in (("in-review", officer), ("approved", supervisor), ("transmitted", officer)):
        cases.request_transition(actor=actor, request=request, to=to_status, reason="test", reviewed=True)
    return {"request": request.pk, "reference": request.our_reference}


def _state(*, reference: str = "", their_reference: str = "") -> dict[str, Any]:
    """A request (ours by reference, or the one received with the sender's reference) as each side shows it."""
    from entraide.cases.models import Request
    from entraide.exchange.models import Conversation, Message

    rows = Request.objects.filter(our_reference=reference) if reference else Request.objects.none()
    if their_reference:
        conv = Conversation.objects.filter(remote_reference=their_reference, request__isnull=False).first()
        rows = Request.objects.filter(pk=conv.request_id or 0) if conv else Request.objects.none()
    request = rows.first()
    if request is None:
        return {}
    conv = Conversation.objects.filter(request=request).first()
    return {
        "pk": request.pk,
        "reference": request.our_reference,
        "status": request.status,
        "shared_status": conv.shared_status if conv else "",
        "remote_reference": conv.remote_reference if conv else "",
        "use_limitation": request.use_limitation,
        "measures": [
            {"pk": m.pk, "kind": m.kind, "status": m.status, "result": m.result, "ref": m.remote_ref}
            for m in request.measures.order_by("pk")
        ],
        "documents": [
            {"title": d.title, "kind": d.kind, "sha256": v.sha256}
            for d in request.documents.order_by("pk")
            if (v := d.versions.order_by("-number").first()) is not None
        ],
        "timeline": [[t.new_status, t.actor_label] for t in request.timeline.order_by("at", "pk")],
        "messages": [
            {
                "type": m.type,
                "direction": m.direction,
                "state": m.state,
                "evidences": sorted(e.type for e in m.evidences.all()),
            }
            for m in Message.objects.filter(conversation=conv).order_by("pk")
        ]
        if conv
        else [],
    }


def _move(*, code: str, pk: int, to: str, role: str = "officer", **extra: Any) -> str:
    from entraide.cases import services as cases
    from entraide.cases.models import Request

    request = Request.objects.get(pk=pk)
    cases.request_transition(actor=_user(role, code), request=request, to=to, reason="test", **extra)
    return request.status


def _assign_and_execute(*, code: str, pk: int, result: str) -> list[str]:
    """Accept, assign to the competent authority, and have its executor execute every measure with a
    result and an execution report."""
    from entraide.cases import services as cases
    from entraide.cases.models import Request

    officer, supervisor, executor = _user("officer", code), _user("supervisor", code), _user("executor", code)
    request = Request.objects.get(pk=pk)
    cases.request_transition(actor=supervisor, request=request, to="accepted", reason="test")
    cases.request_assign(actor=officer, request=request, authority=executor.authority)
    cases.document_upload(
        actor=executor, request=request, filename="report.pdf", data=pdf("Execution report (test)"), kind="execution"
    )
    for measure in request.measures.order_by("pk"):
        cases.measure_transition(actor=executor, measure=measure, to="executed", result=f"{result} {measure.pk}")
    request.refresh_from_db()
    return [request.status]


def _flood(*, pk: int, count: int) -> list[str]:
    """Queue ``count`` information messages on a request's conversation, without carrying them; return
    their envelopes (the test posts each twice)."""
    from django.db import transaction

    from entraide.exchange import services
    from entraide.exchange.models import Conversation, Message

    conversation = Conversation.objects.get(request_id=pk)
    with transaction.atomic():  # the node's worker never sees them queued
        ids = [
            services.message_send(
                conversation=conversation, type="information.provide", body={"text": f"Note {n}", "documents": []}
            ).pk
            for n in range(count)
        ]
        Message.objects.filter(pk__in=ids).update(state=Message.State.DELIVERED)  # the test carries them
    return [bytes(m.envelope).decode() for m in Message.objects.filter(pk__in=ids).order_by("pk")]


def _send_many(*, pk: int, count: int) -> int:
    from entraide.exchange import services
    from entraide.exchange.models import Conversation

    conversation = Conversation.objects.get(request_id=pk)
    for n in range(count):
        services.message_send(
            conversation=conversation, type="information.provide", body={"text": f"Note {n}", "documents": []}
        )
    return count


def _count(
    *, pk: int | None = None, type: str = "", direction: str = "in", state: str = "", min_attempts: int = 0
) -> int:
    from entraide.exchange.models import Message

    rows = Message.objects.filter(direction=direction)
    if pk is not None:
        rows = rows.filter(conversation__request_id=pk)
    if type:
        rows = rows.filter(type=type)
    if state:
        rows = rows.filter(state=state)
    if min_attempts:
        rows = rows.filter(attempts__gte=min_attempts)
    return rows.count()


def _rejections() -> int:
    from entraide.exchange.models import Rejection

    return Rejection.objects.count()


_CALLS: dict[str, Callable[..., Any]] = {
    "setup": _setup,
    "transmit": _transmit,
    "state": _state,
    "move": _move,
    "assign_and_execute": _assign_and_execute,
    "flood": _flood,
    "send_many": _send_many,
    "count": _count,
    "rejections": _rejections,
}
