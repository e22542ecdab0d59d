"""``entraide directory-csv``: import or export authorities and contact points as CSV.

    entraide directory-csv export authorities > authorities.csv
    entraide directory-csv import contact-points contact-points.csv

An import checks every row first: a file with one bad row imports nothing, and each
bad row is reported as "line N: reason" (exit code 2).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entraide.directory import selectors, services


class Command(BaseCommand):
    help = "Import or export the directory's authorities and contact points as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("kind", choices=["authorities", "contact-points"])
        parser.add_argument("file", nargs="?", help="CSV file to import (UTF-8).")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        if options["action"] == "export":
            if kind == "authorities":
                self.stdout.write(services.authorities_export(selectors.authorities().order_by("pk")), ending="")
            else:
                self.stdout.write(services.contact_points_export(selectors.contact_points().order_by("pk")), ending="")
            return
        if not options["file"]:
            raise CommandError("import needs a file", returncode=2)
        try:
            content = Path(options["file"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc.strerror}", returncode=2) from None
        importer = services.authorities_import if kind == "authorities" else services.contact_points_import
        try:
            result = importer(actor=None, content=content)
        except UnicodeDecodeError:
            raise CommandError(f"{options['file']} is not UTF-8 text; nothing imported", returncode=2) from None
        except services.CsvImportError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(exc.errors)} bad row(s); nothing imported", returncode=2) from None
        self.stdout.write(f"{kind}: {result.created} created, {result.updated} updated")
