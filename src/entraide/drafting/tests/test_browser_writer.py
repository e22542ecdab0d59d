"""Through Chromium: a supervisor writes an outgoing request to a State that does not accept our
language, sees the blocking findings, fixes them, is refused approval of their own request, another
supervisor approves it, and the letter is downloaded in both languages."""

from __future__ import annotations

import subprocess

import pytest
from django.utils import translation

from entraide.cases.models import Request
from entraide.drafting.services.rules import quality_rules_load
from entraide.tenancy.roles import Role
from entraide.testing.browser import save_screenshot, sign_in
from entraide.testing.factories import UserFactory, activate_totp
from entraide.testing.fixtures import PASSWORD

from .conftest import language
from .test_letters import need

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_in(page, user)
    return page


def _save_and_continue(page):
    page.locator('[data-testid="step-form"] button[name="continue"]').click()
    page.wait_for_load_state()


def test_write_check_approve_with_four_eyes_and_download_the_bilingual_letter(browser, live_server, users, tmp_path):
    quality_rules_load()
    english, french = language("eng", "English"), language("fra", "French")
    users.officer.authority.languages.set([english])
    users.outsider.authority.languages.set([french])  # the Somali central authority accepts French only
    second = UserFactory.create(
        email="supervisor2@test.entraide.example",
        full_name="Second Supervisor (test)",
        authority=users.supervisor.authority,
        role=Role.SUPERVISOR,
        password=PASSWORD,
    )
    activate_totp(second)

    drafter = _as(browser, live_server, users.supervisor)
    drafter.goto("/requests/")
    drafter.click('[data-testid="write-new"]')
    drafter.select_option("select[name=modality]", "mla")
    drafter.select_option("select[name=counterpart]", "SOM")
    drafter.fill("input[name=title]", "Bank records of Example Ltd (test)")
    drafter.click('[data-testid="step-form"] button[name="continue"]')
    drafter.wait_for_selector('[data-testid="step-title"]')
    request = Request.objects.get(title="Bank records of Example Ltd (test)")

    # The case: the proceedings only; the facts and the purpose are left for later.
    drafter.fill("textarea[name=proceedings]", "Investigation TEST-7 by the ODPP (test).")
    _save_and_continue(drafter)
    drafter.fill("input[name=provision]", "Proceeds of Crime Act, s. 3 (test)")
    drafter.fill("input[name=max_penalty_years]", "14")
    drafter.select_option("select[name=transnational]", "stated")
    _save_and_continue(drafter)
    drafter.goto(f"/requests/{request.pk}/write/measures/")
    drafter.select_option("#measure-kind", "bank-records")
    drafter.click('[data-testid="choose-measure"] button')
    drafter.fill("input[name=bank]", "Test Bank of Mogadishu")
    drafter.fill("textarea[name=account_numbers]", "SO00 TEST 0001")
    _save_and_continue(drafter)

    # The review shows the blocking findings for the summary of facts and the purpose, with their source.
    drafter.goto(f"/requests/{request.pk}/review/")
    facts = drafter.locator('[data-rule="model-mla-5-1-c-facts"]')
    purpose = drafter.locator('[data-rule="model-mla-5-1-b-purpose"]')
    assert facts.get_attribute("data-severity") == "blocking" and "5(1)(c)" in facts.inner_text()
    assert purpose.get_attribute("data-severity") == "blocking"
    assert drafter.locator('[data-rule="model-mla-5-2-language"]').count() == 1
    save_screenshot(drafter, "writer-review-blocking")

    # Fixed: the facts and the purpose, and a translator's French translation recorded.
    drafter.goto(f"/requests/{request.pk}/write/case/")
    drafter.fill("textarea[name=facts]", "Example Ltd moved bribes through two accounts in Mogadishu (test).")
    drafter.fill("textarea[name=purpose]", "To trace the proceeds and identify who received them (test).")
    drafter.locator('[data-testid="step-form"] button[name="save"]').click()
    drafter.wait_for_selector('[data-testid="findings"]')
    assert drafter.locator('#findings [data-rule="model-mla-5-1-c-facts"]').count() == 0
    drafter.goto(f"/requests/{request.pk}/translations/")
    form = '[data-testid="translation-form"]'
    drafter.select_option(f"{form} select[name=language]", label="French")
    drafter.select_option(f"{form} select[name=status]", "received")
    drafter.fill(f"{form} input[name=translator]", "A sworn translator (test)")
    drafter.click('[data-testid="translation-form"] button[type=submit]')
    drafter.wait_for_selector('[data-testid="translations"] tr[data-status="received"]')

    drafter.goto(f"/requests/{request.pk}/review/")
    assert drafter.locator('[data-severity="blocking"]').count() == 0
    drafter.click('[data-testid="submit-form"] button')
    drafter.wait_for_selector('#request-state[data-status="in-review"]')

    # Its own drafter is refused the approval: no form, and a forced POST answers 409.
    drafter.goto(f"/requests/{request.pk}/review/")
    assert drafter.locator('[data-testid="four-eyes"]').is_visible()
    assert drafter.locator('[data-testid="approve-form"]').count() == 0
    csrf = next(c["value"] for c in drafter.context.cookies() if c["name"] == "csrftoken")
    forced = drafter.request.post(
        f"{live_server.url}/requests/{request.pk}/approve/",
        form={"csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{live_server.url}/requests/{request.pk}/review/"},
    )
    assert forced.status == 409 and "four eyes" in forced.text()
    drafter.context.close()

    # Another supervisor lets each warning go with a reason, and approves.
    approver = _as(browser, live_server, second)
    approver.goto("/requests/review-queue/")
    approver.click(f'[data-request="{request.pk}"] a')
    for box in approver.locator('[data-testid="approve-form"] textarea').all():
        box.fill("Accepted for this test.")
    approver.click('[data-testid="approve-form"] button[type=submit]')
    approver.wait_for_selector('#request-state[data-status="approved"]')
    save_screenshot(approver, "writer-approved")

    # The letter in English and French side by side, downloaded.
    approver.goto(f"/requests/{request.pk}/letters/")
    form = '[data-testid="letter-form"]'
    approver.select_option(f"{form} select[name=language]", "en")
    approver.select_option(f"{form} select[name=second_language]", "fr")
    approver.select_option(f"{form} select[name=format]", "pdf")
    approver.click('[data-testid="letter-form"] button[type=submit]')
    link = approver.locator('[data-testid="download-en+fr-pdf"]')
    with approver.expect_download() as info:
        link.click()
    pdf = tmp_path / "letter.pdf"
    info.value.save_as(pdf)
    text = subprocess.run([need("pdftotext"), str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    text = " ".join(text.split())  # two columns wrap their lines
    with translation.override("fr"):
        french_heading = translation.gettext("Summary of the facts")
    assert "Summary of the facts" in text and french_heading in text
    assert "two accounts in Mogadishu (test)" in text
    approver.context.close()
    request.refresh_from_db()
    assert request.status == "approved" and request.approved_by == second and not request.approved_alone
