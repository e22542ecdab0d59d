"""The audit trail in Chromium, in English, French and Arabic: names, sentences, links, mirrored arrows."""

import pytest

from entraide.testing.browser import save_screenshot, sign_in
from entraide.testing.cases import new_outgoing, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_auditor_reads_who_did_what_to_which_request(page, users, language):
    request = walk(users, new_outgoing(users), ["in-review"])
    sign_in(page, users.auditor)
    page.select_option("#language-select", language)
    page.wait_for_selector(f"html[lang={language}]")
    page.goto("/audit/?action=request.in-review")
    row = page.get_by_test_id("audit-row").first
    text = row.inner_text()
    assert "Officer (test)" in text
    assert "officer@test.entraide.example" not in text
    assert "request.in-review" not in text and "cases.request" not in text
    link = row.get_by_test_id("audit-object-link")
    assert link.inner_text() == request.our_reference
    arrow = row.locator(".arrow")
    transform = arrow.evaluate("element => getComputedStyle(element).transform")
    if language == "ar":
        assert page.get_attribute("html", "dir") == "rtl"
        assert transform.startswith("matrix(-1")  # the arrow points the way Arabic reads
    else:
        assert transform in ("none", "matrix(1, 0, 0, 1, 0, 0)")
    save_screenshot(page, f"audit-trail-{language}")
    link.click()
    page.wait_for_url(f"**/requests/{request.pk}/")
