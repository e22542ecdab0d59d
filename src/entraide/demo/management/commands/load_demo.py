"""``entraide load-demo``: fictitious authorities and users, with their logins printed once."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from entraide.demo.services import demo_load
from entraide.reference.models import Jurisdiction


class Command(BaseCommand):
    help = "Create the demo authorities and one demo user per role; print their logins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reset-passwords", action="store_true", help="give existing demo users new passwords and print them"
        )

    def handle(self, *args: Any, reset_passwords: bool = False, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                "this command runs only in demo mode (ENTRAIDE_DEMO=1): it creates accounts whose passwords it prints",
                returncode=2,
            )
        if not Jurisdiction.objects.exists():
            raise CommandError("no reference data: run 'entraide load-reference' first", returncode=2)
        logins = demo_load(reset_passwords=reset_passwords)
        width = max(len(login.email) for login in logins)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins (fictitious people; MFA not required for them):"))
        current = None
        for login in logins:
            if login.authority != current:
                current = login.authority
                self.stdout.write(f"\n  {current}")
            password = login.password or "(unchanged; 'entraide load-demo --reset-passwords' sets new ones)"
            self.stdout.write(f"    {login.role:<14} {login.email:<{width}}  {password}")
        self.stdout.write("")
