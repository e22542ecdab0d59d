"""Through Chromium, in English, French and Arabic: an officer submits a request for review; the
supervisor's notification e-mail arrives (the test's mail outbox) in the supervisor's language with the
link to the request; the supervisor signs in, finds the request in "awaiting my approval" on the home
page with its count and approves it from there; the officer then finds the "approved" notification."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from entraide.cases.models import Request
from entraide.notifications.models import Notification
from entraide.notifications.services import preferences_set
from entraide.testing.browser import save_screenshot, sign_in
from entraide.testing.cases import new_outgoing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _desk(browser, live_server, user, language):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    page = context.new_page()
    sign_in(page, user)
    return page


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_supervisor_approves_from_the_queue_after_the_email(
    browser, live_server, users, mailoutbox, settings, language
):
    settings.ENTRAIDE_BASE_URL = live_server.url
    preferences_set(actor=users.supervisor, choices={}, language=language)
    request = new_outgoing(users, title="Bank records of Example Ltd (test)")

    officer = _desk(browser, live_server, users.officer, language)
    assert officer.locator("html").get_attribute("lang") == language
    officer.goto(f"/requests/{request.pk}/review/")
    officer.locator('[data-testid="submit-form"] button[type="submit"]').click()
    officer.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == Request.Status.IN_REVIEW

    # The e-mail: to the supervisor only, in the supervisor's language, with the link to the request.
    assert [message.to for message in mailoutbox] == [[users.supervisor.email]]
    message = mailoutbox[0]
    html = message.alternatives[0][0]
    assert f'lang="{language}"' in html and request.our_reference in message.subject
    link = re.search(r"https?://\S+/requests/\d+/", message.body)
    assert link is not None and link.group(0) == f"{live_server.url}/requests/{request.pk}/"

    supervisor = _desk(browser, live_server, users.supervisor, language)
    supervisor.goto("/")
    assert supervisor.locator('[data-testid="queue-awaiting-approval-count"]').inner_text().strip() == "1"
    row = supervisor.locator(f'[data-testid="rows-awaiting-approval"] tr[data-request="{request.pk}"]')
    assert "Bank records of Example Ltd (test)" in row.inner_text()
    save_screenshot(supervisor, f"approval-queue-{language}")
    row.locator(f'[data-testid="review-{request.pk}"]').click()
    supervisor.wait_for_load_state()
    supervisor.locator('[data-testid="approve-form"] button[type="submit"]').click()
    supervisor.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == Request.Status.APPROVED and request.approved_by == users.supervisor
    supervisor.goto("/")
    assert supervisor.locator('[data-testid="queue-awaiting-approval-count"]').inner_text().strip() == "0"

    # The officer is told in the page: the unread count in the navigation, the notification, opened.
    officer.goto("/")
    assert officer.locator('[data-testid="unread-count"]').inner_text().strip().startswith("1")
    officer.locator('[data-testid="nav-notifications"]').click()
    officer.wait_for_load_state()
    approved = officer.locator('[data-testid="notifications"] li[data-kind="approved"][data-unread="true"]')
    assert approved.count() == 1 and request.our_reference in approved.inner_text()
    save_screenshot(officer, f"approved-notification-{language}")
    approved.locator("a").first.click()
    officer.wait_for_load_state()
    assert officer.url.endswith(f"/requests/{request.pk}/")
    told = Notification.objects.get(recipient=users.officer, kind="approved", request=request)
    assert told.read_at is not None
    assert officer.locator('[data-testid="unread-count"]').count() == 0
    officer.context.close()
    supervisor.context.close()
