"""In Chromium: "art. 18" on the legal-basis answer opens the text of UNTOC article 18 in the library."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from entraide.library.services import treaty_texts_load
from entraide.reference.services import load_reference
from entraide.testing.browser import save_screenshot, sign_in
from entraide.treaties.services import treaties_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded(transactional_db: None) -> None:
    load_reference()
    treaties_load()
    treaty_texts_load()


def test_art_18_opens_the_article(page, users, loaded):
    sign_in(page, users.officer)
    query = "requesting=KEN&requested=TZA&modality=mla&offence=0903&max_penalty_years=10&date=2024-05-01"
    page.goto(f"/treaties/?{query}&transnational=yes&organized_group=yes")
    untoc = page.locator('article[data-code="UNTOC"]')
    untoc.locator(".option-articles").get_by_role("link", name="art. 18").click()
    page.wait_for_url("**/library/instruments/UNTOC/#art-18")
    article = page.locator("section#art-18")
    expect(article.locator("h2")).to_be_in_viewport()  # the browser scrolled to it
    assert "Mutual legal assistance" in article.locator("h2").inner_text()
    assert "widest measure of mutual legal assistance" in article.inner_text()
    assert page.evaluate("document.querySelector(':target').id") == "art-18"
    save_screenshot(page, "library-untoc-art-18")

    page.go_back()
    untoc.get_by_role("link", name="art. 18(9)").click()
    page.wait_for_url("**/library/instruments/UNTOC/#art-18-9")
    expect(page.locator("#art-18-9")).to_be_in_viewport()
    assert "dual criminality" in page.locator("#art-18-9").inner_text()
