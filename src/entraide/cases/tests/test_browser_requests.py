"""Through Chromium: an outgoing request from draft to closed, an incoming one from received to closed."""

import pytest

from entraide.cases.models import Request
from entraide.testing.browser import page_as, save_screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _move(page, to):
    page.locator(f'button[data-action="{to}"]').click()
    if to in {"closed", "withdrawn", "lapsed"}:  # a move that cannot be undone is confirmed first
        page.locator('[data-testid="confirm"]').click()
    page.wait_for_selector(f'#request-state[data-status="{to}"]')


def _record_result(page, result):
    page.locator('[data-testid="record-result"] summary').first.click()
    page.locator('[data-testid="result-form"] textarea[name=result]').first.fill(result)
    page.locator('[data-testid="result-save"]').first.click()
    page.wait_for_selector('[data-testid="measure-result"]')


def _review(page, request, form, to):
    """Submit, approve or transmit through the review page (the quality checks run there)."""
    page.goto(f"/requests/{request.pk}/review/")
    page.locator(f'[data-testid="{form}"] button[type=submit]').click()
    page.wait_for_selector(f'#request-state[data-status="{to}"]')


def _create(page, direction, title):
    page.goto("/requests/new/")
    page.select_option("select[name=direction]", direction)
    page.select_option("select[name=counterpart]", "SOM")
    page.fill("input[name=title]", title)
    page.click("main form button[type=submit]")
    page.wait_for_selector('[data-testid="reference"]')
    return Request.objects.get(title=title)


def _add_measure(page, kind):
    page.locator('[data-testid="add-measure"] summary').click()
    page.select_option('[data-testid="add-measure"] select[name=kind]', kind)
    page.locator('[data-testid="add-measure"] button[type=submit]').click()
    page.wait_for_selector('[data-testid="measures"] tr[data-measure]')


def test_outgoing_request_from_draft_to_closed(page, browser, live_server, users):
    sign_in(page, users.officer)
    request = _create(page, "outgoing", "Bank records of Acme Ltd (test)")
    _add_measure(page, "bank-records")
    _review(page, request, "submit-form", "in-review")
    supervisor = page_as(browser, live_server, users.supervisor)
    _review(supervisor, request, "approve-form", "approved")
    supervisor.context.close()
    _review(page, request, "transmit-form", "transmitted")
    for to in ["acknowledged", "in-execution"]:
        _move(page, to)
    # The measure is executed: the request follows from its measures.
    _record_result(page, "Bank statements received by post (test)")
    page.wait_for_selector('#request-state[data-status="executed"]')
    _move(page, "closed")
    save_screenshot(page, "request-outgoing-closed")
    request.refresh_from_db()
    assert request.status == "closed"
    assert list(request.timeline.filter(measure=None).values_list("new_status", flat=True)) == [
        "draft",
        "in-review",
        "approved",
        "transmitted",
        "acknowledged",
        "in-execution",
        "executed",
        "closed",
    ]


def test_incoming_request_from_received_to_closed(page, browser, live_server, users):
    sign_in(page, users.officer)
    request = _create(page, "incoming", "Hearing of a witness in Nairobi (test)")
    _add_measure(page, "witness-hearing")
    _move(page, "registered")
    _move(page, "under-assessment")
    # An illegal move (someone else already moved it) answers 409 and names the allowed moves.
    Request.objects.filter(pk=request.pk).update(status="registered")
    page.locator('button[data-action="info-requested"]').click()
    page.wait_for_selector('[data-testid="state-error"]')
    assert "Allowed now" in page.inner_text('[data-testid="state-error"]')
    _move(page, "under-assessment")
    supervisor = page_as(browser, live_server, users.supervisor)
    supervisor.goto(f"/requests/{request.pk}/")
    _move(supervisor, "accepted")
    supervisor.context.close()
    page.reload()
    page.select_option("#assign-authority", str(users.executor.authority_id))
    page.locator('form[data-action="assign"] button').click()
    page.wait_for_selector('#request-state[data-status="assigned"]')
    executor = page_as(browser, live_server, users.executor)
    executor.goto(f"/requests/{request.pk}/")
    _move(executor, "in-execution")
    _record_result(executor, "Witness heard (test)")
    executor.wait_for_selector('#request-state[data-status="executed"]')
    save_screenshot(executor, "request-incoming-executed-by-executor")
    executor.context.close()
    page.reload()
    _move(page, "returned")
    _move(page, "closed")
    save_screenshot(page, "request-incoming-closed")
    request.refresh_from_db()
    assert request.status == "closed" and request.assigned_authority == users.executor.authority
