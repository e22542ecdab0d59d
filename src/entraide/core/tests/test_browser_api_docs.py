"""Through a real browser: the API's documentation renders from our own static files under our CSP."""

import pytest

from entraide.testing.browser import save_screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_in_chromium_without_csp_violation(page, users, live_server):
    sign_in(page, users.officer)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: problems.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    # Every request must stay on our own server: no CDN, no web fonts from elsewhere.
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url))

    response = page.goto("/api/docs/")
    assert response is not None and response.status == 200
    assert "unsafe-inline" in response.headers["content-security-policy"]
    page.wait_for_selector("h1:has-text('Entraide API')")
    # An operation of the API, rendered in the side menu and the body.
    page.get_by_text("/api/requests/", exact=False).first.wait_for()
    # Redoc's bundle hard-codes one image from its vendor's CDN (the "API docs by Redocly" logo,
    # hidden when it fails to load): our CSP blocks it on purpose, no officer's browser calls a CDN.
    vendor_logo = "https://cdn.redoc.ly/redoc/logo-mini.svg"
    assert not [p for p in problems if vendor_logo not in p], problems
    assert not [url for url in outside if not url.startswith(("data:", "blob:", vendor_logo))], outside
    save_screenshot(page, "api-docs")
