"""``entraide load-quality-rules``: load the request writer's quality rules (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entraide.drafting.services.rules import RulesFileError, quality_rules_load


class Command(BaseCommand):
    help = "Load the quality rules of data/drafting/quality-rules.yaml (created, updated, deactivated)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=None, help="default: data/drafting/quality-rules.yaml")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = quality_rules_load(path=options["file"])
        except RulesFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(", ".join(f"{key} {value}" for key, value in counts.items()))
