"""``entraide treaties import-untc FILE --instrument CODE``: refresh a UNTC status table.

FILE is the treaty's status page saved from treaties.un.org (HTML: the table, its notes on
successions and territories, and the declarations), the shipped CSV, or the table pasted as
tab-separated text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entraide.treaties import untc_page
from entraide.treaties.importers import UntcFormatError
from entraide.treaties.models import Instrument
from entraide.treaties.services import participations_import_untc, participations_import_untc_page


class Command(BaseCommand):
    help = (
        "Treaty data tools. import-untc: read a UNTC status page saved from treaties.un.org (HTML), "
        "the shipped CSV, or a pasted tab-separated copy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        untc = sub.add_parser("import-untc", help="import a UNTC status table for one instrument")
        untc.add_argument("file")
        untc.add_argument("--instrument", required=True, help="instrument code, e.g. UNTOC")
        untc.add_argument(
            "--as-at", dest="as_at", default=None, help="date of the status table, YYYY-MM-DD (default: today)"
        )
        untc.add_argument("--source", default=None, help="where the table comes from")

    def handle(self, *args: Any, **options: Any) -> None:
        instrument = Instrument.objects.filter(code=options["instrument"]).first()
        if instrument is None:
            import difflib

            codes = list(Instrument.objects.values_list("code", flat=True))
            close = difflib.get_close_matches(options["instrument"].upper(), codes, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise CommandError(f"unknown instrument {options['instrument']!r}{hint}", returncode=2)
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}", returncode=2) from None
        try:
            given = dt.date.fromisoformat(options["as_at"]) if options["as_at"] else None
        except ValueError:
            raise CommandError(f"malformed date {options['as_at']!r}; expected YYYY-MM-DD", returncode=2) from None
        html = data.lstrip()[:1] == b"<" or path.suffix.lower() in (".html", ".htm")
        try:
            if html:
                page = untc_page.parse_untc_page(data)
                as_at = given or page.status_as_at or page.newest_action or dt.date.today()  # noqa: DTZ011
                source = options["source"] or f"UN Treaty Collection, status of {instrument.reference} (as at {as_at})"
                report = participations_import_untc_page(
                    actor=None, instrument=instrument, page=page, source=source, as_at=as_at
                )
            else:
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    raise CommandError(f"{path}: not UTF-8 text", returncode=2) from None
                as_at = given or dt.date.today()  # noqa: DTZ011
                source = options["source"] or f"UN Treaty Collection, status of {instrument.reference} (as at {as_at})"
                report = participations_import_untc(
                    actor=None, instrument=instrument, text=text, source=source, as_at=as_at
                )
        except UntcFormatError as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from None
        self.stdout.write(report.summary())
        if report.unmapped:
            self.stderr.write("names not mapped to a jurisdiction (add them to data/instruments/untc-names.yaml):")
            for name in report.unmapped:
                self.stderr.write(f"  {name}")
