"""``entraide load-reference``: load the reference data under data/ (idempotent)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from entraide.reference.services import ReferenceDataError, load_reference


class Command(BaseCommand):
    help = "Load jurisdictions, languages and ICCS offence classes from the data/ folder. A second run changes nothing."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="folder to read (default: ENTRAIDE_DATA_DIR or data/)",
        )

    def handle(self, *args: Any, data_dir: Path | None = None, **options: Any) -> None:
        try:
            counts = load_reference(actor=None, data_dir=data_dir)
        except ReferenceDataError as exc:
            # A missing file or column is the operator's to fix: one line, no traceback.
            raise CommandError(f"cannot load reference data: {exc}", returncode=2) from None
        for table, table_counts in counts.items():
            self.stdout.write(f"{table}: {table_counts}")
