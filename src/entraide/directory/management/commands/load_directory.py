"""``entraide load-directory``: load the networks and their dated memberships (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entraide.directory.services import DirectoryDataError, directory_load


class Command(BaseCommand):
    help = "Load the cooperation networks, their sources and dated memberships from data/ (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir", default=None, help="Folder holding networks/ and directory/ (default: data/)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = directory_load(actor=None, data_dir=options["data_dir"])
        except (DirectoryDataError, FileNotFoundError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for line in report.lines():
            self.stdout.write(line)
