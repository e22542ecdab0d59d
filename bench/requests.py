"""Benchmark of the pages an officer opens every day (issues #5 and #10), at N requests.

Run: ``.venv/bin/python bench/requests.py [--n 1000000] [--postgres postgres://user@host:5432/postgres]``;
``--keep`` keeps the generated database and ``--reuse NAME`` measures again on it (after migrating it).

It touches no existing database but one named with ``--reuse``: with ``--postgres`` it connects to the server given
(the URL of a maintenance database such as ``postgres``), CREATEs a database with a random
name, migrates it, generates N requests and drops it at the end; without ``--postgres`` it
uses a new SQLite file in a temporary directory. ``DATABASE_URL`` is ignored.

Data: N requests of one central authority and its counterparts over ten years (outgoing and
incoming; those older than a year closed but for 2%, the last year's in every status; a closed
request's measures are executed, refused or cancelled), each with 2 measures, 1 offence (ICCS)
and 3 timeline rows; written with COPY on PostgreSQL and executemany on SQLite (no ORM save
per row).

Pages: the dashboard ``/requests/``, the filtered list
``/requests/list/?direction=outgoing&status=in-execution&page=1..20`` and the request page
``/requests/<id>/`` of random requests. Figures (whole-page server time: session, middleware,
audit of the read, template), DESIGN.md's form:

- ``<page>_p95``: 95th percentile through Django's test client, one client (target <= 50 ms);
  ``dashboard_counts`` is the dashboard's lazy HTMX pane of open requests by direction;
- ``<page>_queries``: the page's number of SQL queries (information);
- ``load_<page>_p95``, ``load_errors``: against gunicorn (4 workers, persistent connections)
  started on 127.0.0.1 on the generated database, an open-loop load of 40 pages/s for 60 s
  (sent on a fixed schedule whatever the answers' times; one page in four a dashboard, sent with
  its pane of counts, the others lists and request pages); a page's time counts from its scheduled send, so a slow
  server cannot slow the load down (target p95 <= 150 ms, 0 errors);
- ``closed_loop_pages_per_s``: pages/s 16 clients without pause get (information);
- ``request_page_during_import_p95``: the request page through gunicorn while a 10,000-row
  authorities CSV import (directory ``authorities_import``, its MAX_IMPORT_ROWS) runs (target <= 100 ms).

The clients of gunicorn carry a session cookie made for the benchmark's officer (no login form, no MFA).
``--load-seconds`` and ``--rate`` shorten or change the load for a quick run.

Exits 1 if a figure misses its target.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import http.client
import io
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
# This file is named like the HTTP library "requests" that DRF imports: keep bench/ off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of requests to generate (1,000,000)")
    parser.add_argument(
        "--postgres",
        default="",
        help="PostgreSQL server URL (a maintenance database); a throwaway database is created on it and dropped",
    )
    parser.add_argument("--samples", type=int, default=300, help="timed page views per figure")
    parser.add_argument("--rate", type=float, default=40.0, help="pages/s of the open-loop load (40)")
    parser.add_argument("--load-seconds", type=float, default=60.0, help="duration of the open-loop load (60)")
    parser.add_argument("--keep", action="store_true", help="do not drop the throwaway database (its name is printed)")
    parser.add_argument(
        "--reuse",
        default="",
        metavar="DATABASE",
        help="measure again on a database an earlier run kept (with --postgres): migrate it, skip generation, keep it",
    )
    return parser.parse_args()


ARGS = parse()
TMP = tempfile.TemporaryDirectory(prefix="entraide-bench-")
DB_NAME = ARGS.reuse or f"entraide_bench_{secrets.token_hex(6)}"
if ARGS.reuse and not (ARGS.postgres and DB_NAME.startswith("entraide_bench_")):
    raise SystemExit("--reuse takes the name of a database a run kept (entraide_bench_...) and needs --postgres")
if ARGS.postgres:
    parts = urlsplit(ARGS.postgres)
    ADMIN_URL = ARGS.postgres
    DATABASE_URL = urlunsplit(parts._replace(path=f"/{DB_NAME}"))
else:
    DATABASE_URL = f"sqlite:///{TMP.name}/bench.sqlite3"

os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "entraide.settings",
        "DATABASE_URL": DATABASE_URL,
        "ENTRAIDE_VAR_DIR": TMP.name,
        "ENTRAIDE_MEDIA_ROOT": f"{TMP.name}/media",
        "ENTRAIDE_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ENTRAIDE_MASTER_KEY": "YmVuY2gtb25seS1tYXN0ZXIta2V5LTMyLWJ5dGVzISE",  # "bench-only-master-key-32-bytes!!"
        "ENTRAIDE_DEBUG": "0",
        "ENTRAIDE_HTTPS": "0",
        "ENTRAIDE_DEMO": "0",
        "ENTRAIDE_REQUIRE_MFA": "0",
        "ENTRAIDE_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "ENTRAIDE_STATIC_FROM_FINDERS": "1",
        "ENTRAIDE_LOG_LEVEL": "WARNING",
        # The generated year's notification e-mails go nowhere (the console would print each).
        "ENTRAIDE_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
)
sys.path.insert(0, str(ROOT / "src"))


def maintain(sql: str) -> bool:
    """Run ``sql`` on the server's maintenance database; say whether DB_NAME exists before it."""
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone() is not None
        if sql:
            conn.execute(sql)
    return exists


def drop_database() -> None:
    maintain(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


if ARGS.reuse:
    if not maintain(""):
        raise SystemExit(f"no database {DB_NAME} on that server: give the name a run printed with --keep")
elif ARGS.postgres:
    if maintain(""):
        raise SystemExit(f"refusing: database {DB_NAME} already exists")
    maintain(f'CREATE DATABASE "{DB_NAME}"')

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import DatabaseError, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from entraide.accounts.models import User  # noqa: E402
from entraide.cases.lifecycle import Status  # noqa: E402
from entraide.cases.models import Request  # noqa: E402
from entraide.reference.models import Jurisdiction, OffenceClass  # noqa: E402
from entraide.tenancy.models import Authority  # noqa: E402
from entraide.tenancy.roles import Role  # noqa: E402

TARGET_MS = 50.0
TARGET_LOAD_MS = 150.0
TARGET_IMPORT_MS = 100.0
MISSED: list[str] = []


def report(name: str, value: float, unit: str, target: float) -> None:
    ok = value <= target
    if not ok:
        MISSED.append(name)
    print(f"bench {name} = {value:.3g} {unit} (target <= {target:g} {unit}) {'ok' if ok else 'MISSED'}", flush=True)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(fn: Callable[[], Any], count: int, warmup: int = 20) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(count):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


# --- data -------------------------------------------------------------------------------

SOURCE, AS_AT = "bench (fictitious)", dt.date(2024, 1, 1)
COUNTERPARTS = [
    ("SOM", "SO"),
    ("TZA", "TZ"),
    ("UGA", "UG"),
    ("ETH", "ET"),
    ("FRA", "FR"),
    ("BRA", "BR"),
    ("IND", "IN"),
    ("ZAF", "ZA"),
    ("NGA", "NG"),
    ("EGY", "EG"),
]
OUT_STATES = [
    Status.DRAFT,
    Status.IN_REVIEW,
    Status.APPROVED,
    Status.TRANSMITTED,
    Status.ACKNOWLEDGED,
    Status.IN_EXECUTION,
    Status.PARTIALLY_EXECUTED,
    Status.EXECUTED,
    Status.CLOSED,
    Status.REFUSED,
]
IN_STATES = [
    Status.RECEIVED,
    Status.REGISTERED,
    Status.UNDER_ASSESSMENT,
    Status.ACCEPTED,
    Status.ASSIGNED,
    Status.IN_EXECUTION,
    Status.EXECUTED,
    Status.RETURNED,
    Status.CLOSED,
    Status.POSTPONED,
]
MEASURES = ["bank-records", "witness-hearing", "search-seizure", "production", "freezing", "service", "location"]
ICCS = ["0101", "0201", "0501", "0601", "0701", "07011", "0801", "0903", "1101"]


def setup() -> tuple[User, Authority]:
    call_command("migrate", verbosity=0, interactive=False)
    kenya = Jurisdiction.objects.create(
        code="KEN", iso2="KE", kind="state", name_en="Kenya", source=SOURCE, as_at=AS_AT
    )
    for code, iso2 in COUNTERPARTS:
        Jurisdiction.objects.create(code=code, iso2=iso2, kind="state", name_en=code, source=SOURCE, as_at=AS_AT)
    for code in ICCS:
        OffenceClass.objects.create(code=code, level=len(code) // 2, name_en=f"ICCS {code}", source=SOURCE, as_at=AS_AT)
    central = Authority.objects.create(
        name="Central authority (bench, fictitious)", jurisdiction=kenya, kind="central", is_demo=True
    )
    Authority.objects.create(
        name="Prosecution (bench, fictitious)", jurisdiction=kenya, kind="prosecution", is_demo=True
    )
    user = User.objects.create_user(
        "officer@bench.entraide.example",
        "bench password long enough",
        full_name="Officer (bench)",
        authority=central,
        role=Role.OFFICER,
    )
    return user, central


def generate(n: int, user: User, central: Authority) -> None:
    """N requests with measures, offences and timelines, written in bulk."""
    rng = random.Random(5)
    kenya = central.jurisdiction_id
    prosecution = Authority.objects.exclude(pk=central.pk).get().pk
    others = dict(Jurisdiction.objects.exclude(pk=kenya).values_list("code", "pk"))
    other_ids = list(others.values())
    classes = list(OffenceClass.objects.values_list("pk", flat=True))
    start = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    span = 10 * 365 * 86400
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM cases_request")
        base = cursor.fetchone()[0]
    req_cols = [
        "id",
        "authority_id",
        "direction",
        "modality",
        "status",
        "requesting_jurisdiction_id",
        "requested_jurisdiction_id",
        "counterpart_id",
        "officer_id",
        "assigned_authority_id",
        "our_reference",
        "their_reference",
        "national_case_number",
        "title",
        "facts",
        "legal_basis_code",
        "legal_basis_articles",
        "legal_basis_snapshot",
        "urgent",
        "urgency_reason",
        "confidential",
        "use_limitation",
        "use_consent_note",
        "refusal_ground",
        "refusal_text",
        "relation",
        "is_demo",
        "status_changed_at",
        "created_at",
        "updated_at",
        "last_sent_at",
        "proceedings",
        "purpose",
        "procedure",
        "details",
        "legal_basis_reason",
        "approved_alone",
    ]
    mea_cols = [
        "request_id",
        "kind",
        "description",
        "status",
        "assigned_authority_id",
        "due_on",
        "result",
        "created_at",
        "status_changed_at",
        "details",
        "remote_ref",
        "result_note",
    ]
    off_cols = [
        "request_id",
        "provision",
        "max_penalty_years",
        "life_imprisonment",
        "offence_class_id",
        "text",
        "transnational",
        "organized_group",
    ]
    tl_cols = [
        "request_id",
        "authority_id",
        "old_status",
        "new_status",
        "actor_id",
        "actor_label",
        "reason",
        "note",
        "note_subject",
        "at",
    ]

    def rows() -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]], tuple[Any, ...], list[tuple[Any, ...]]]]:
        for i in range(n):
            pk = base + i + 1
            outgoing = rng.random() < 0.5
            created = start + dt.timedelta(seconds=span * i // n)
            # A Central Authority's history is mostly closed: requests older than a year are
            # closed but for a few (2%) still waiting; the last year's are in every state.
            if created < start + dt.timedelta(seconds=span) - dt.timedelta(days=365) and rng.random() < 0.98:
                status = Status.CLOSED
            else:
                status = rng.choice(OUT_STATES if outgoing else IN_STATES)
            other = rng.choice(other_ids)
            assigned = prosecution if not outgoing and status not in IN_STATES[:4] else None
            request = (
                pk,
                central.pk,
                "outgoing" if outgoing else "incoming",
                "mla",
                status,
                kenya if outgoing else other,
                other if outgoing else kenya,
                other,
                user.pk,
                assigned,
                f"{'OUT' if outgoing else 'IN'}-{created.year}-{pk:07d}",
                f"T/{pk}",
                f"CR {pk % 9973}/{created.year}",
                f"Request {pk}: {rng.choice(MEASURES)} (fictitious)",
                "Fictitious facts for a benchmark.",
                "UNTOC",
                "18",
                json.dumps({}),
                rng.random() < 0.05,
                "",
                False,
                "",
                "",
                "",
                "",
                "",
                True,
                created,
                created,
                created,
                created if status in {Status.TRANSMITTED, Status.ACKNOWLEDGED} else None,
                "Fictitious proceedings.",
                "Fictitious purpose.",
                "",
                json.dumps({}),
                "",
                False,
            )
            measures = [
                (
                    pk,
                    rng.choice(MEASURES),
                    "",
                    # A closed request's measures were executed, refused or cancelled before it closed.
                    rng.choice(["executed", "executed", "refused", "cancelled"])
                    if status == Status.CLOSED
                    else rng.choice(["pending", "in-execution", "executed"]),
                    assigned,
                    (created + dt.timedelta(days=90)).date(),
                    "",
                    created,
                    created,
                    json.dumps({}),
                    "",
                    "",
                )
                for _ in range(2)
            ]
            offence = (pk, "Penal Code, s. 1 (fictitious)", 10, False, rng.choice(classes), "", "unknown", "unknown")
            timeline = [
                (pk, central.pk, old, new, user.pk, user.email, "", "", "", created + dt.timedelta(days=k))
                for k, (old, new) in enumerate(
                    [
                        ("", "draft" if outgoing else "received"),
                        ("draft" if outgoing else "received", "in-review"),
                        ("in-review", status),
                    ]
                )
            ]
            yield request, measures, offence, timeline

    if connection.vendor == "postgresql":
        raw = connection.connection
        assert raw is not None
        _copy_all(raw, req_cols, mea_cols, off_cols, tl_cols, rows)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('cases_request', 'id'), (SELECT MAX(id) FROM cases_request))"
            )
        # VACUUM, as autovacuum does in time: index-only scans (the dashboard's counts) skip the
        # table only for pages the visibility map marks all-visible. VACUUM runs outside a transaction.
        connection.ensure_connection()
        assert connection.connection is not None
        connection.connection.commit()
        previous = connection.connection.autocommit
        connection.connection.autocommit = True
        try:
            connection.connection.execute("VACUUM ANALYZE")
        finally:
            connection.connection.autocommit = previous
    else:
        batch: dict[str, list[tuple[Any, ...]]] = {"r": [], "m": [], "o": [], "t": []}

        def flush() -> None:
            with connection.cursor() as cursor:
                for key, table, cols in [
                    ("r", "cases_request", req_cols),
                    ("m", "cases_measure", mea_cols),
                    ("o", "cases_offence", off_cols),
                    ("t", "cases_timelineentry", tl_cols),
                ]:
                    if batch[key]:
                        marks = ", ".join(["%s"] * len(cols))
                        cursor.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", batch[key])
                        batch[key] = []

        from django.db import transaction

        with transaction.atomic():
            for request, measures, offence, timeline in rows():
                batch["r"].append(request)
                batch["m"].extend(measures)
                batch["o"].append(offence)
                batch["t"].extend(timeline)
                if len(batch["r"]) >= 20_000:
                    flush()
            flush()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _copy_all(
    raw: Any,
    req_cols: list[str],
    mea_cols: list[str],
    off_cols: list[str],
    tl_cols: list[str],
    rows: Callable[[], Iterator[Any]],
) -> None:
    """COPY the four tables: requests first (foreign keys), then the rows that point to them."""
    spool = Path(TMP.name)
    files = {k: (spool / f"{k}.tsv").open("w", encoding="utf-8") for k in "rmot"}

    def line(values: tuple[Any, ...]) -> str:
        out = []
        for v in values:
            if v is None:
                out.append("\\N")
            elif isinstance(v, bool):
                out.append("t" if v else "f")
            else:
                out.append(str(v).replace("\\", "\\\\").replace("\t", " ").replace("\n", " "))
        return "\t".join(out) + "\n"

    for request, measures, offence, timeline in rows():
        files["r"].write(line(request))
        files["m"].writelines(line(m) for m in measures)
        files["o"].write(line(offence))
        files["t"].writelines(line(t) for t in timeline)
    for handle in files.values():
        handle.close()
    with raw.cursor() as cur:
        for key, table, cols in [
            ("r", "cases_request", req_cols),
            ("m", "cases_measure", mea_cols),
            ("o", "cases_offence", off_cols),
            ("t", "cases_timelineentry", tl_cols),
        ]:
            with (
                cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy,
                (spool / f"{key}.tsv").open("rb") as handle,
            ):
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
    raw.commit()


# --- measurements -----------------------------------------------------------------------

LIST_QUERY = {"direction": "outgoing", "status": "in-execution"}


def page_paths(rng: random.Random, n: int) -> dict[str, Callable[[], str]]:
    """Each page's next address: the list's 20 first pages, random requests."""
    return {
        "dashboard": lambda: "/requests/",
        "dashboard_counts": lambda: "/requests/open-counts/",  # the pane the dashboard fetches once shown
        "request_list_page": lambda: "/requests/list/?" + urlencode({**LIST_QUERY, "page": rng.randint(1, 20)}),
        "request_page": lambda: f"/requests/{rng.randint(1, n)}/",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Gunicorn:
    """gunicorn serving the benchmark's database on 127.0.0.1, stopped by ``stop()``."""

    def __init__(self, workers: int = 4) -> None:
        self.port = free_port()
        env = {**os.environ, "ENTRAIDE_DB_CONN_MAX_AGE": "600", "PYTHONPATH": str(ROOT / "src")}
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "entraide.wsgi:application",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={workers}",
                "--log-level=warning",
            ],
            env=env,
            cwd=TMP.name,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not listen within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Browser:
    """One HTTP client of gunicorn with the officer's session: a kept-alive connection per thread."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port, self.cookie = port, cookie
        self.local = threading.local()

    def get(self, path: str) -> int:
        for attempt in (1, 2):  # a kept-alive connection the server closed is opened again once
            conn = getattr(self.local, "conn", None) or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.local.conn = conn
            try:
                conn.request("GET", path, headers={"Cookie": self.cookie, "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                return response.status
            except (http.client.HTTPException, OSError):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def open_loop(
    browser: Browser, paths: dict[str, Callable[[], str]], rate: float, seconds: float
) -> tuple[dict[str, list[float]], int]:
    """Send ``rate`` pages/s for ``seconds`` on a fixed schedule; each page's time counts from its
    scheduled start. One page in four is the dashboard, the others lists and request pages."""
    mix = ["dashboard", "request_list_page", "request_page", "request_page"]
    times: dict[str, list[float]] = {name: [] for name in paths}
    errors = 0
    lock = threading.Lock()
    total = int(rate * seconds)
    start = time.perf_counter() + 0.5

    def one(i: int, name: str, path: str) -> None:
        nonlocal errors
        due = start + i / rate
        try:
            ok = browser.get(path) == 200
        except (http.client.HTTPException, OSError):
            ok = False
        elapsed = (time.perf_counter() - due) * 1000
        with lock:
            if ok:
                times[name].append(elapsed)
            else:
                errors += 1

    with ThreadPoolExecutor(max_workers=128) as pool:
        for i in range(total):
            name = mix[i % len(mix)]
            path = paths[name]()
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, i, name, path)
            if name == "dashboard":  # its pane of counts, as a browser sends it (not one of the 40 pages/s)
                pool.submit(one, i, "dashboard_counts", paths["dashboard_counts"]())
    return times, errors


def closed_loop(browser: Browser, paths: dict[str, Callable[[], str]], clients: int, seconds: float) -> float:
    """Pages/s that ``clients`` clients sending one page after another without pause get."""
    mix = ["dashboard", "request_list_page", "request_page", "request_page"]
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def client(k: int) -> None:
        i = k
        while time.perf_counter() < stop:
            if browser.get(paths[mix[i % len(mix)]]()) == 200:
                done[k] += 1
            i += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client, range(clients)))
    return sum(done) / (time.perf_counter() - started)


def authorities_csv(rows: int) -> str:
    """A directory file of ``rows`` fictitious authorities of the benchmark's counterparts."""
    from entraide.directory.services import AUTHORITY_COLUMNS

    out = io.StringIO()
    writer = csv.DictWriter(out, AUTHORITY_COLUMNS)
    writer.writeheader()
    for i in range(rows):
        row = dict.fromkeys(AUTHORITY_COLUMNS, "")
        code, _ = COUNTERPARTS[i % len(COUNTERPARTS)]
        row.update(
            jurisdiction=code,
            name=f"Prosecution office {i} (bench, fictitious)",
            kind="prosecution",
            source=SOURCE,
            is_demo="yes",
        )
        writer.writerow(row)
    return out.getvalue()


def during_import(browser: Browser, paths: dict[str, Callable[[], str]]) -> tuple[list[float], int, float]:
    """Request pages, one after another, while the import of a 10,000-row authorities file runs
    (MAX_IMPORT_ROWS, one transaction) in another thread of this process."""
    from django.db import connections

    from entraide.directory.services import MAX_IMPORT_ROWS, authorities_import

    content = authorities_csv(MAX_IMPORT_ROWS)
    finished = threading.Event()
    took: list[float] = []

    def run() -> None:
        started = time.perf_counter()
        try:
            authorities_import(actor=None, content=content)  # the system, as `entraide` commands
        finally:
            took.append(time.perf_counter() - started)
            connections.close_all()
            finished.set()

    worker = threading.Thread(target=run)
    worker.start()
    times, errors = [], 0
    while not finished.is_set():
        started = time.perf_counter()
        try:
            ok = browser.get(paths["request_page"]()) == 200
        except (http.client.HTTPException, OSError):  # gunicorn's timeout ended the worker
            ok = False
        if ok:
            times.append((time.perf_counter() - started) * 1000)
        else:  # the audit record of the read waited for the import's lock until a timeout
            errors += 1
    worker.join()
    return times, errors, took[0]


def warm_cache() -> None:
    """Read the database's tables and indexes into the OS cache (pg_prewarm, 'prefetch').

    A server that has been running holds them there; a database just generated, reused after a
    restart or rewritten (VACUUM FULL) does not, and the first random pages would then measure the
    disk rather than Entraide. Needs the pg_prewarm extension (PostgreSQL contrib); without it the
    figures are taken cold and the run says so.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cursor.execute(
                "SELECT coalesce(sum(pg_prewarm(c.oid::regclass, 'prefetch')), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')"
            )
            blocks = cursor.fetchone()[0]
        print(f"# warmed the OS cache with {blocks * 8 // 1024:,} MB of tables and indexes (pg_prewarm)", flush=True)
    except DatabaseError as exc:
        print(f"# could not warm the cache ({exc}); figures are taken cold", flush=True)


def main() -> int:
    engine = connection.vendor
    if ARGS.reuse:
        call_command("migrate", verbosity=0, interactive=False)
        user = User.objects.filter(email="officer@bench.entraide.example").first()
        if user is None:
            raise SystemExit(f"{DB_NAME} holds no benchmark data: give the name a run printed with --keep")
        ARGS.n = Request.objects.count()
        print(f"# requests benchmark on {engine}, database {DB_NAME} reused, N = {ARGS.n:,}", flush=True)
    else:
        print(f"# requests benchmark on {engine} (throwaway database {DB_NAME}), N = {ARGS.n:,}", flush=True)
        user, central = setup()
        started = time.perf_counter()
        generate(ARGS.n, user, central)
        print(
            f"# generated {ARGS.n:,} requests with measures, offences and timelines in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
    if engine == "postgresql":
        warm_cache()
    client = Client()
    client.force_login(user, backend="entraide.accounts.backends.AuthenticationBackend")  # as a sign-in does
    rng = random.Random(7)
    paths = page_paths(rng, ARGS.n)

    for name, path in paths.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path())
        assert response.status_code == 200, (name, response.status_code)
        if os.environ.get("BENCH_EXPLAIN"):  # the page's queries with their times
            for query in queries.captured_queries:
                print("#", query["time"], query["sql"][:300])
        print(f"bench {name}_queries = {len(queries)} queries (information)", flush=True)

        def view(path: Callable[[], str] = path) -> None:
            response = client.get(path())
            assert response.status_code == 200, response.status_code

        report(f"{name}_p95", p95(timed(view, ARGS.samples)), "ms", TARGET_MS)

    server = Gunicorn()
    try:
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        browser = Browser(server.port, cookie)
        for name, path in paths.items():  # every worker loads its code and its connection
            for _ in range(8):
                assert browser.get(path()) == 200, name
        times, errors = open_loop(browser, paths, ARGS.rate, ARGS.load_seconds)
        for name in paths:
            report(f"load_{name}_p95", p95(times[name]) if times[name] else float("inf"), "ms", TARGET_LOAD_MS)
        report("load_errors", errors, "errors", 0)
        rate = closed_loop(Browser(server.port, cookie), paths, 16, min(ARGS.load_seconds, 20))
        print(f"bench closed_loop_pages_per_s = {rate:.3g} pages/s with 16 clients (information)", flush=True)
        during, failed, took = during_import(browser, paths)
        report("request_page_during_import_p95", p95(during) if during else float("inf"), "ms", TARGET_IMPORT_MS)
        report("request_page_during_import_errors", failed, "errors", 0)
        print(f"# the 10,000-row import took {took:.1f} s; {len(during)} request pages served meanwhile", flush=True)
    finally:
        server.stop()
    return 1 if MISSED else 0


if __name__ == "__main__":
    try:
        code = main()
    finally:
        connection.close()
        if ARGS.postgres and not (ARGS.keep or ARGS.reuse):
            drop_database()
        TMP.cleanup()
    sys.exit(code)
