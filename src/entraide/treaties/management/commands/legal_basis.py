"""``entraide legal-basis``: which instruments bind two jurisdictions for a request."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entraide.library.citations import Citations
from entraide.treaties import selectors
from entraide.treaties.engine import MODALITIES
from entraide.treaties.formatting import resolution_json, resolution_text


class Command(BaseCommand):
    help = "Legal bases for a request from one jurisdiction to another (contract: DESIGN.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="requesting", required=True, help="requesting jurisdiction (alpha-2/3)")
        parser.add_argument("--to", dest="requested", required=True, help="requested jurisdiction (alpha-2/3)")
        parser.add_argument("--modality", required=True, help=", ".join(MODALITIES))
        parser.add_argument("--offence", default=None, help="ICCS code, e.g. 0903")
        parser.add_argument("--max-penalty-years", dest="max_penalty_years", default=None)
        parser.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
        facts = ["yes", "no", "unknown"]
        parser.add_argument(
            "--transnational",
            nargs="?",
            const="yes",
            default="unknown",
            choices=facts,
            help="is the offence transnational? yes, no or unknown (default); the flag alone means yes",
        )
        parser.add_argument(
            "--organized-group",
            dest="organized_group",
            nargs="?",
            const="yes",
            default="unknown",
            choices=facts,
            help="is an organized criminal group involved? yes, no or unknown (default); the flag alone means yes",
        )
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checked = selectors.build_query(
                requesting=options["requesting"],
                requested=options["requested"],
                modality=options["modality"],
                date=options["date"],
                offence=options["offence"],
                max_penalty_years=options["max_penalty_years"],
                transnational=options["transnational"],
                organized_group=options["organized_group"],
            )
        except selectors.BadInput as exc:
            raise CommandError(str(exc), returncode=2) from None
        resolution = selectors.legal_basis(checked)
        if options["format"] == "json":
            self.stdout.write(json.dumps(resolution_json(resolution, Citations.load()), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(resolution_text(resolution))
