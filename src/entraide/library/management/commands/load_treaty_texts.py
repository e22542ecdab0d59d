from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from entraide.library import services


class Command(BaseCommand):
    help = (
        "Load the English authentic texts of the treaties that ship with Entraide (data/treaty-texts) into the "
        "library, article by article. Idempotent: a text that did not change is left as it is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, default=services.TREATY_TEXTS_DIR)

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        if not directory.is_dir():
            raise CommandError(f"No such folder: {directory}")
        try:
            result = services.treaty_texts_load(directory=directory)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Treaty texts: {result.created} created, {result.updated} updated, {result.unchanged} unchanged."
        )
