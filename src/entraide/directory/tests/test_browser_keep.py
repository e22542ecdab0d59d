"""Through Chromium, in English, French and Arabic: the administrator corrects a contact point
(a validation error first: the input is kept, one message by the field), marks it verified, and
sees it leave the list of entries not verified for a year. Elements are found by data-testid."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from entraide.directory.models import ContactPoint
from entraide.testing.browser import save_screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_administrator_corrects_and_verifies_a_contact_point(browser, live_server, users, language):
    contact = ContactPoint.objects.create(
        authority=users.administrator.authority,
        name="Duty officer, international cooperation (test)",
        email="duty@ke.test.entraide.example",
        last_verified_on=timezone.localdate() - dt.timedelta(days=800),
    )
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    context.set_default_timeout(30_000)
    page = context.new_page()
    try:
        sign_in(page, users.administrator)
        page.goto("/directory/")
        assert page.locator("html").get_attribute("lang") == language
        # The authority itself and the contact point have not been verified for a year.
        assert page.get_by_test_id("not-verified-count").inner_text().strip() == "2"
        page.get_by_test_id("not-verified-link").click()
        row = page.get_by_test_id(f"not-verified-contact-{contact.pk}")
        assert row.is_visible()
        row.get_by_test_id(f"not-verified-contact-edit-{contact.pk}").click()

        form = page.get_by_test_id("contact-point-form")
        form.locator("#id_telephone").fill("+254 20 000 0001")
        form.locator("#id_email").fill("duty at example")
        form.get_by_test_id("contact-point-save").click()
        page.wait_for_load_state()
        # Back in place with what was typed, one message, by the e-mail field.
        form = page.get_by_test_id("contact-point-form")
        assert form.locator("#id_email").input_value() == "duty at example"
        assert form.locator("#id_telephone").input_value() == "+254 20 000 0001"
        assert form.locator(".invalid-feedback").count() == 1
        email_block = form.locator("#id_email").locator("xpath=..")
        assert email_block.locator(".invalid-feedback").count() == 1
        assert form.locator("#id_email").get_attribute("aria-invalid") == "true"
        save_screenshot(page, f"directory-contact-point-error-{language}")

        form.locator("#id_email").fill("duty@ke.test.entraide.example")
        form.get_by_test_id("contact-point-save").click()
        card = page.get_by_test_id(f"contact-point-{contact.pk}")
        assert "+254 20 000 0001" in card.inner_text()
        card.get_by_test_id("contact-point-verify").click()
        page.wait_for_load_state()
        card = page.get_by_test_id(f"contact-point-{contact.pk}")
        today = timezone.localdate()
        contact.refresh_from_db()
        assert contact.last_verified_on == today and contact.telephone == "+254 20 000 0001"
        assert str(today.year) in card.get_by_test_id("last-verified").inner_text()

        page.goto("/directory/not-verified/")
        assert page.get_by_test_id(f"not-verified-contact-{contact.pk}").count() == 0
        page.goto("/directory/")
        assert page.get_by_test_id("not-verified-count").inner_text().strip() == "1"
        if language == "ar":
            assert page.locator("html").get_attribute("dir") == "rtl"
        save_screenshot(page, f"directory-not-verified-{language}")
    finally:
        context.close()
