"""Through a real browser: the jurisdiction search narrows the list as one types."""

import pytest
from playwright.sync_api import expect

from entraide.reference.services import load_reference
from entraide.testing.browser import save_screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_jurisdiction_search_as_you_type(page, users):
    load_reference()
    sign_in(page, users.officer)
    page.goto("/reference/jurisdictions/")
    rows = page.locator("#jurisdiction-results tbody tr")
    expect(rows).to_have_count(50)
    page.fill("#jurisdiction-q", "keny")
    expect(rows).to_have_count(1)  # replaced by HTMX, without a page load
    assert "Kenya" in page.locator("#jurisdiction-results tbody").inner_text()
    assert "q=keny" in page.url  # the search is in the address, so it can be shared or reloaded
    save_screenshot(page, "reference-jurisdictions-search")
    page.goto("/reference/offences/")
    expect(page.get_by_text("Acts against computer systems", exact=True)).to_be_visible()
    save_screenshot(page, "reference-offences")


def test_jurisdiction_detail_in_arabic(page, users):
    load_reference()
    sign_in(page, users.officer)
    page.goto("/reference/jurisdictions/KEN/")
    page.select_option("#language-select", "ar")
    page.wait_for_selector("html[lang=ar][dir=rtl]")
    expect(page.locator("h1")).to_contain_text("كينيا")
    save_screenshot(page, "reference-jurisdiction-arabic")
