"""Playwright with Debian's Chromium, for page tests on pytest-django's live server.

Fixtures: ``browser`` (one Chromium per test session) and ``page`` (a fresh
context on the live server). Helpers: ``sign_in(page, user)`` goes through the
real sign-in page with a TOTP code computed from the account's secret;
``save_screenshot(page, name)`` writes test-output/<name>.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from entraide.accounts.models import User

from .factories import totp_code_for
from .fixtures import PASSWORD

CHROMIUM = os.environ.get("ENTRAIDE_CHROMIUM", "/usr/bin/chromium")
OUTPUT_DIR = Path(os.environ.get("ENTRAIDE_TEST_OUTPUT", "test-output"))
# The flags that keep Chromium quiet on a closed network, as root, without a GPU.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (Debian package 'chromium')"
        if os.environ.get("ENTRAIDE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # made by the test itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 860})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Any, user: User, password: str = PASSWORD) -> None:
    """Sign in through the real pages: e-mail and password, then the TOTP code if asked."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate" in page.url:
        page.fill("input[name=code]", totp_code_for(user))
        page.click("main form button[type=submit]")
        page.wait_for_load_state()


def page_as(browser: Any, live_server: Any, user: User) -> Any:
    """A second signed-in page, in its own browser context: another user at another desk."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, user)
    return page


def save_screenshot(page: Any, name: str) -> Path:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUTPUT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
