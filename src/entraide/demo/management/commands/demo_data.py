"""``entraide demo-data --requests N --seed S``: a synthetic year of the demo authority's work."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from entraide.accounts.models import User
from entraide.demo.services import demo_email
from entraide.demo.synthetic import EUROJUST_2019_SOURCE, demo_year
from entraide.tenancy.roles import Role


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Generate a synthetic year of work of the Kenyan demo authority (requests sent and received, "
        "reviews, refusals, executions), through the services, with its timeline and audit events. "
        "Run 'entraide load-demo' first. Once: a second run does nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--requests", type=_positive, default=300, help="how many requests (300)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same year (1)")

    def handle(self, *args: Any, requests: int, seed: int, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError(
                "this command runs only in demo mode (ENTRAIDE_DEMO=1): it writes a year of fictitious requests",
                returncode=2,
            )
        if not User.objects.filter(email=demo_email("ke", Role.OFFICER)).exists():
            raise CommandError("no demo authority: run 'entraide load-demo' first", returncode=2)
        made = demo_year(
            requests=requests, seed=seed, progress=lambda done: self.stdout.write(f"  {done} of {requests} requests")
        )
        if not made:
            self.stdout.write("The demo authority already has its synthetic year: nothing done.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"{made} synthetic requests (fictitious) over the last year, seed {seed}.")
            + f"\nOffences in the proportions of: {EUROJUST_2019_SOURCE}; the other proportions are illustrative."
        )
