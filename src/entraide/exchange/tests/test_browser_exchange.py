"""Through Chromium: two authorities of one node exchange a request (the local transport).

Kenya's officer transmits; Somalia's officer finds the request arrived, opens it and registers it;
Kenya's officer sees the request acknowledged, its status at the requested authority, and the
conversation with every message and its signed evidences.
"""

import re

import pytest

from entraide.cases import services as cases
from entraide.cases.lifecycle import Direction
from entraide.cases.models import Request
from entraide.exchange.models import Message
from entraide.testing.browser import page_as, save_screenshot, sign_in
from entraide.testing.cases import walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_authorities_of_one_node_exchange_a_request(page, browser, live_server, users):
    somali = users.outsider.authority
    request = cases.request_create(
        actor=users.officer,
        direction=Direction.OUTGOING,
        requesting_jurisdiction=users.officer.authority.jurisdiction,
        requested_jurisdiction=somali.jurisdiction,
        requested_authority=somali,
        title="Subscriber of a mobile number (test)",
        facts="Fictitious facts (test).",
    )
    cases.measure_add(actor=users.officer, request=request, kind="location", description="Who holds the number")
    walk(users, request, ["in-review", "approved"])

    sign_in(page, users.officer)
    page.goto(f"/requests/{request.pk}/review/")
    page.locator('[data-testid="transmit-form"] button[type=submit]').click()
    # Carried on commit to the Somali authority, which acknowledges it at once.
    page.wait_for_selector('#request-state[data-status="acknowledged"]')

    theirs = Request.objects.get(authority=somali, direction="incoming")
    assert theirs.their_reference == request.our_reference
    somalia = page_as(browser, live_server, users.outsider)
    somalia.goto("/requests/")
    assert "Subscriber of a mobile number (test)" in somalia.inner_text("main")
    somalia.goto(f"/requests/{theirs.pk}/")
    somalia.wait_for_selector('#request-state[data-status="received"]')
    somalia.locator('button[data-action="registered"]').click()
    somalia.wait_for_selector('#request-state[data-status="registered"]')
    save_screenshot(somalia, "exchange-received-and-registered")
    somalia.context.close()

    page.goto(f"/requests/{request.pk}/")
    assert re.search(r"Status at the requested authority:?\s*Registered", page.inner_text("main"))
    page.goto(f"/exchange/requests/{request.pk}/")
    text = page.inner_text("main")
    assert "Registered" in text and theirs.our_reference in text
    for evidence in ("Submission accepted", "Delivered", "Retrieved"):
        assert evidence in text, evidence
    save_screenshot(page, "exchange-conversation")
    sent = Message.objects.get(direction="out", type="request.submit")
    assert set(sent.evidences.values_list("type", flat=True)) == {"submission-accepted", "delivered", "retrieved"}
