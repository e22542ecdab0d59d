"""Through a real browser: sign in with a TOTP code, see my authority and role."""

import pytest

from entraide.testing.browser import save_screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_totp_in_chromium(page, users):
    sign_in(page, users.supervisor)
    assert page.url.endswith("/")
    assert page.get_by_test_id("authority").inner_text() == users.supervisor.authority.name
    assert page.get_by_test_id("role").inner_text() == "Supervisor"
    assert save_screenshot(page, "sign-in-home").exists()


def test_wrong_password_in_chromium_keeps_email_and_says_why(page, users):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", users.officer.email)
    page.fill("input[name=password]", "not the password")
    page.click("main form button[type=submit]")
    assert page.input_value("input[name=login]") == users.officer.email
    assert "not correct" in page.content()


def test_arabic_pages_are_right_to_left(page, users):
    sign_in(page, users.officer)
    page.select_option("#language-select", "ar")
    page.wait_for_selector("html[lang=ar]")
    assert page.get_attribute("html", "dir") == "rtl"
    assert "bootstrap.rtl" in page.content()
    save_screenshot(page, "home-arabic")
