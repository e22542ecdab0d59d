"""``entraide worker``: the background loop: reminders, and the jobs other apps add (the exchange).

Safe to run several at once: reminders are raised with unique keys and claimed with a
conditional UPDATE (SQLite) or SELECT ... FOR UPDATE SKIP LOCKED (PostgreSQL).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from entraide.audit.services import seal as audit_seal
from entraide.cases.services import form_tokens_purge, orphans_reclaim, reminders_raise, reminders_send

log = logging.getLogger("entraide.worker")

# Each job: (name, callable(worker_id) -> number of items handled). Other apps append theirs.
JOBS: list[tuple[str, Callable[[str], int]]] = [
    ("reminders.raise", lambda worker: reminders_raise()),
    ("reminders.send", lambda worker: reminders_send(worker=worker)),
    ("form-tokens.purge", lambda worker: form_tokens_purge()),
    ("documents.reclaim-orphans", lambda worker: orphans_reclaim()),
    # Last, so the events the other jobs recorded are sealed in the same round.
    ("audit.seal", lambda worker: audit_seal()),
]


class Command(BaseCommand):
    help = "Run the background worker: reminders, the exchange's outbox and inbox, the audit seal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every job once and exit")
        parser.add_argument(
            "--interval",
            type=int,
            default=None,
            help="seconds between rounds (default ENTRAIDE_WORKER_INTERVAL_SECONDS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = f"{socket.gethostname()}:{os.getpid()}"
        interval = options["interval"] or settings.ENTRAIDE_WORKER_INTERVAL
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        if not options["once"]:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            if not options["once"]:
                # A long-running loop drops connections the server or the settings have expired.
                close_old_connections()
            busy = False
            for name, job in JOBS:
                try:
                    count = job(worker)
                except Exception:  # one failing job must not stop the others
                    log.exception("worker job %s failed", name)
                    if options["once"]:
                        raise
                    continue
                if count:
                    busy = True
                    self.stdout.write(f"{name}: {count}")
            if options["once"] or stopping:
                break
            if busy:
                continue  # more may be waiting (a full batch of the outbox): the next round at once
            for _ in range(interval):
                if stopping:
                    break
                time.sleep(1)
