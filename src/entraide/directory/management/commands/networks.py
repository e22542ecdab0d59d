"""``entraide networks``: every network with its member jurisdictions (ISO alpha-3) as at a date."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from entraide.directory.management.commands.route import parse_date
from entraide.directory.selectors import networks_as_at


class Command(BaseCommand):
    help = "List every network with its code, name and member jurisdictions (ISO alpha-3) as at a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--as-at", dest="as_at", default=None, help="YYYY-MM-DD (default today).")

    def handle(self, *args: Any, **options: Any) -> None:

        date = parse_date(options["as_at"], "--as-at") or timezone.localdate()
        listing = networks_as_at(date)
        if options["format"] == "json":
            payload = {"as_at": date.isoformat(), "networks": [n.as_dict() for n in listing]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Networks as at {date.isoformat()}")
        for n in listing:
            codes = " ".join(m.jurisdiction_id for m in n.members) or "(none)"
            self.stdout.write(f"\n{n.network.code}  {n.network.name_en}  ({len(n.members)} members)")
            self.stdout.write(f"  {codes}")
            if n.unconfirmed:
                self.stdout.write(
                    "  unconfirmed (older source only): " + " ".join(m.jurisdiction_id for m in n.unconfirmed)
                )
            if n.liaison:
                self.stdout.write("  liaison: " + " ".join(m.jurisdiction_id for m in n.liaison))
            if n.signatories:
                self.stdout.write("  signatories only: " + " ".join(m.jurisdiction_id for m in n.signatories))
