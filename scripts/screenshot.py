"""Take the README's screenshot from a running demo (``make run``).

    .venv/bin/python scripts/screenshot.py EMAIL PASSWORD [--url http://127.0.0.1:8000] [--path /requests/]

Signs in through the real page with a printed demo login and saves docs/screenshot.png.
Uses Debian's Chromium (``/usr/bin/chromium``) through Playwright.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("email")
    parser.add_argument("password")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--path", default="/requests/")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "screenshot.png"))
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, base_url=args.url)
        page.goto("/accounts/login/")
        page.fill("input[name=login]", args.email)
        page.fill("input[name=password]", args.password)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        page.goto(args.path)
        page.screenshot(path=args.out)
        browser.close()
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
