"""``entraide audit verify``: prove the audit log intact, or name the first bad event."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from entraide.audit.models import AuditEvent
from entraide.audit.services import verify_log


class Command(BaseCommand):
    help = "Audit log tools. 'verify' checks the hash chain of the whole log."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="check every event against the hash chain")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "verify":
            problem = verify_log()
            if problem is not None:
                raise CommandError(str(problem), returncode=1)
            count = AuditEvent.objects.count()
            self.stdout.write(self.style.SUCCESS(f"audit log intact: {count} events"))
