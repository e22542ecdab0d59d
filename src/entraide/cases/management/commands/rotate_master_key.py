"""``entraide rotate-master-key``: re-wrap every file key (requests' documents, library files, and
what apps above add: the exchange's private keys) under the current master key.

Rotation: put the new key in ENTRAIDE_MASTER_KEY, the old one in ENTRAIDE_MASTER_KEY_PREVIOUS,
run this command (it is resumable: each file key is re-wrapped in its own transaction),
then remove the old key. ``--generate`` prints a fresh key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from entraide.cases.services.documents import document_keys_rewrap
from entraide.core import crypto
from entraide.library.services import file_keys_rewrap

# What apps above cases keep under the master key too: (what, re-wrap() -> (re-wrapped, rows)).
# The exchange adds its node keys (entraide.exchange.apps).
REWRAPPERS: list[tuple[str, Callable[[], tuple[int, int]]]] = []


class Command(BaseCommand):
    help = "Re-wrap every document's file key under the current master key (ENTRAIDE_MASTER_KEY)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--generate", action="store_true", help="print a new random master key and exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate"]:
            self.stdout.write(crypto.generate_key_text())
            return
        done, total = document_keys_rewrap()
        library_done, library_total = file_keys_rewrap()
        kid = crypto.current_master_key().kid
        self.stdout.write(
            f"re-wrapped {done} file key(s) of requests' documents and {library_done} of library files; "
            f"{total} document version(s) and {library_total} library file(s) now under master key {kid}"
        )
        for what, rewrap in REWRAPPERS:
            done, total = rewrap()
            self.stdout.write(f"re-wrapped {done} key(s) of {what}; {total} now under master key {kid}")
