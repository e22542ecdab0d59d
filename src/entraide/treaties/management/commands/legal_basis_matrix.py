"""``entraide legal-basis-matrix``: instruments binding each ordered pair of jurisdictions."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entraide.treaties import engine, selectors


class Command(BaseCommand):
    help = (
        "For every ordered pair of jurisdictions, the instruments binding both for a modality on a date "
        "(offence scope not checked)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--modality", required=True, help=", ".join(engine.MODALITIES))
        parser.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            modality = selectors._modality(options["modality"])
            date = selectors._date(options["date"])
        except selectors.BadInput as exc:
            raise CommandError(str(exc), returncode=2) from None
        snapshot = selectors.get_snapshot()
        rows = engine.matrix(snapshot, modality, date)
        data_as_at = min((i.as_at for i in snapshot.by_modality.get(modality, ()) if i.as_at), default=None)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "modality": modality,
                        "date": date.isoformat(),
                        "data_as_at": data_as_at.isoformat() if data_as_at else None,
                        "pairs": [
                            {"requesting": a, "requested": b, "instruments": list(found)} for a, b, found in rows
                        ],
                    }
                )
            )
            return
        writer = csv.writer(self.stdout)
        writer.writerow(["requesting", "requested", "modality", "date", "data_as_at", "count", "instruments"])
        as_at = data_as_at.isoformat() if data_as_at else ""
        iso = date.isoformat()
        for a, b, found in rows:
            writer.writerow([a, b, modality, iso, as_at, len(found), ";".join(found)])
