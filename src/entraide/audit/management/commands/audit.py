"""``entraide audit verify|seal|checkpoint|keygen``: prove the audit log intact, or name the first bad event."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from entraide.audit import signing
from entraide.audit.models import AuditEvent
from entraide.audit.services import checkpoint, seal, verify_checkpoint, verify_log


class Command(BaseCommand):
    help = "Audit log tools: verify the chain, seal new events, print a signed checkpoint, make a signing key."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="check every event against the hash chain and the signed head")
        verify.add_argument("--checkpoint", type=Path, help="a checkpoint printed earlier: prove the log extends it")
        sub.add_parser("seal", help="seal committed events into the chain now (the worker does it every round)")
        sub.add_parser("checkpoint", help="print the signed head as JSON, to keep outside this node")
        sub.add_parser("keygen", help="print a new Ed25519 signing key for ENTRAIDE_AUDIT_SIGNING_KEY")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        if subcommand == "keygen":
            self.stdout.write(signing.generate_key_text())
        elif subcommand == "seal":
            self.stdout.write(f"sealed {seal()} events")
        elif subcommand == "checkpoint":
            self.stdout.write(json.dumps(checkpoint(), indent=2, sort_keys=True))
        elif options["checkpoint"] is not None:
            try:
                data = json.loads(options["checkpoint"].read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise CommandError(f"cannot read the checkpoint: {exc}", returncode=2) from None
            problem = verify_checkpoint(data if isinstance(data, dict) else {})
            if problem is not None:
                raise CommandError(str(problem), returncode=1)
            self.stdout.write(self.style.SUCCESS(f"audit log intact and extends checkpoint #{data['seq']}"))
        else:
            problem = verify_log()
            if problem is not None:
                raise CommandError(str(problem), returncode=1)
            count = AuditEvent.objects.count()
            self.stdout.write(self.style.SUCCESS(f"audit log intact: {count} events"))
