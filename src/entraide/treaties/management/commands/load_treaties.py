"""``entraide load-treaties``: load the shipped treaty data (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entraide.reference.models import Jurisdiction
from entraide.treaties.services import treaties_load


class Command(BaseCommand):
    help = "Load instruments, UNTC status tables and party lists from data/ (run after load-reference)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", default=None, help="default: settings.DATA_DIR")

    def handle(self, *args: Any, **options: Any) -> None:
        if not Jurisdiction.objects.exists():
            raise CommandError("no jurisdictions: run `entraide load-reference` first", returncode=2)
        report = treaties_load(actor=None, data_dir=options["data_dir"])
        for line in report.lines():
            self.stdout.write(line)
