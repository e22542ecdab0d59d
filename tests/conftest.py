"""The walk of every page by every role that the page gates share (test_pages_*.py).

``site_walk`` loads what ``make demo-data`` loads (reference data, treaties and their texts, the
directory, the quality rules, the demo authorities with their users, requests and library), signs
in each demo role of the Kenyan authority in turn (and an anonymous visitor), crawls what that
role can reach (``entraide.testing.crawl``), and on every page runs axe-core in English (left to
right) and Arabic (right to left) and collects the visible text in French and Arabic. It runs once
per test session and empties the database before handing over its findings, so no other test
sees the demo data.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from entraide.testing.crawl import (
    Crawl,
    Found,
    Text,
    crawl,
    open_page,
    page_key,
    set_language,
    signed_in_context,
    visible_texts,
)

ROLES = ("officer", "supervisor", "executor", "auditor", "administrator", None)  # None: not signed in
AXE_LANGUAGES = ("en", "ar")  # left to right, right to left
TEXT_LANGUAGES = ("fr", "ar")
SERIOUS = {"serious", "critical"}
# Pages per role; ENTRAIDE_PAGES_LIMIT=10 makes a quick run while fixing a page.
LIMIT = int(os.environ.get("ENTRAIDE_PAGES_LIMIT", "80"))


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]
    summary: str  # axe's reason for the first element (the colours, for a contrast)


@dataclass
class PageReport:
    role: str
    found: Found
    axe: dict[str, list[Violation]] = field(default_factory=dict)  # by language
    texts: dict[str, list[Text]] = field(default_factory=dict)  # by language


@dataclass
class SiteWalk:
    crawls: dict[str, Crawl] = field(default_factory=dict)  # by role
    pages: list[PageReport] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def _load_demo_site() -> None:
    from entraide.demo.services import demo_load
    from entraide.directory.services import directory_load
    from entraide.drafting.services.rules import quality_rules_load
    from entraide.library.services import treaty_texts_load
    from entraide.reference.services import load_reference
    from entraide.treaties.services import treaties_load

    load_reference()
    treaties_load()
    treaty_texts_load()
    directory_load()
    quality_rules_load()
    demo_load()


def _axe(page: Any) -> list[Violation]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        Violation(
            rule=violation["id"],
            impact=violation["impact"],
            help=violation["help"],
            targets=tuple(", ".join(map(str, node["target"])) for node in violation["nodes"]),
            summary=" ".join(violation["nodes"][0].get("failureSummary", "").split()) if violation["nodes"] else "",
        )
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.fixture(scope="session")
def site_walk(browser: Any, live_server: Any, django_db_setup: None, django_db_blocker: Any) -> Iterator[SiteWalk]:
    from entraide.accounts.models import User
    from entraide.demo.services import demo_email

    walk = SiteWalk()
    started = time.perf_counter()
    base_url = live_server.url
    with django_db_blocker.unblock(), override_settings(DEMO=True):
        try:
            _load_demo_site()
            walk.seconds["load demo data"] = time.perf_counter() - started
            checked: set[tuple[str, tuple[str, ...]]] = set()
            for role in ROLES:
                role_started = time.perf_counter()
                user = User.objects.get(email=demo_email("ke", role)) if role else None
                name = role or "anonymous"
                context = signed_in_context(browser, base_url, user, language="en")
                walk.crawls[name] = crawl(context, base_url, limit=LIMIT)
                # A page is checked by the first role that reaches it (roles see the same templates,
                # with more or fewer actions): each role's own pages, without checking one twice.
                reports = []
                for found in walk.crawls[name].pages():
                    if page_key(found) not in checked:
                        checked.add(page_key(found))
                        reports.append(PageReport(role=name, found=found))
                page = context.new_page()
                for language in ("en", "ar", "fr"):
                    set_language(context, base_url, language)
                    for report in reports:
                        open_page(page, report.found.url)
                        if language in AXE_LANGUAGES:
                            report.axe[language] = _axe(page)
                        if language in TEXT_LANGUAGES:
                            report.texts[language] = visible_texts(page)
                context.close()
                walk.pages.extend(reports)
                walk.seconds[name] = time.perf_counter() - role_started
        finally:
            call_command("flush", interactive=False, verbosity=0)
    walk.seconds["total"] = time.perf_counter() - started
    yield walk
