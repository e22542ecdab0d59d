"""``entraide route --from KEN --to UGA --modality mla``: who to send a request to, and through which network."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entraide.directory.selectors import resolve_modality, route, route_text
from entraide.reference.choices import MODALITIES
from entraide.reference.selectors import UnknownCode, resolve_jurisdiction


def parse_date(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a date (YYYY-MM-DD)", returncode=2) from None


class Command(BaseCommand):
    help = "Routing for a request: the requested state's authorities, languages, channels and shared networks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="requesting", required=True, help="Requesting jurisdiction (alpha-3 or -2).")
        parser.add_argument("--to", dest="requested", required=True, help="Requested jurisdiction (alpha-3 or -2).")
        parser.add_argument("--modality", default="mla", help=f"One of {', '.join(MODALITIES)} (default mla).")
        parser.add_argument("--date", default=None, help="YYYY-MM-DD (default today).")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        date = parse_date(options["date"], "--date")
        try:
            requesting = resolve_jurisdiction(options["requesting"])
            requested = resolve_jurisdiction(options["requested"])
            modality = resolve_modality(options["modality"])
        except UnknownCode as exc:
            raise CommandError(str(exc), returncode=2) from None
        result = route(requesting, requested, modality, date)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(route_text(result))
