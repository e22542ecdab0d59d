"""``entraide compile-catalogues``: .po to .mo with Babel, so no GNU gettext is needed at install."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from entraide.core.catalogues import compile_catalogues


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (locale/*/LC_MESSAGES/*.po)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = compile_catalogues(Path(p) for p in settings.LOCALE_PATHS)
        self.stdout.write(f"compiled {count} catalogue(s)")
