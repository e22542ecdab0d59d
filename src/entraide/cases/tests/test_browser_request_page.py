"""Through Chromium, in English, French and Arabic: the request page keeps what was typed, records
an execution result, asks for a refusal's ground and a confirmation, and fits a phone."""

import datetime as dt

import pytest
from django.conf import settings

from entraide.cases.models import Request
from entraide.cases.services import document_upload, measure_add, person_add
from entraide.reference.models import OffenceClass
from entraide.testing.browser import save_screenshot, sign_in
from entraide.testing.cases import walk

from .helpers import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["en", "fr", "ar"]


def _speak(page, live_server, language):
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])


def _open(page, live_server, user, language, request):
    _speak(page, live_server, language)
    sign_in(page, user)
    _speak(page, live_server, language)
    page.goto(f"/requests/{request.pk}/")
    assert page.locator("html").get_attribute("lang").startswith(language)


def _new_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bad_iccs_code_keeps_the_input_then_the_corrected_offence_is_saved_once(page, live_server, world, language):
    OffenceClass.objects.create(
        code="0903", level=2, name_en="Money laundering", source="test", as_at=dt.date(2024, 1, 1)
    )
    _open(page, live_server, world.users.officer, language, world.outgoing)
    section = page.locator('[data-testid="add-offence"]')
    section.locator("summary").click()
    page.fill("#offence-provision", "Penal Code s. 300 (test)")
    page.fill("#offence-offence_class", "9999")
    section.locator("button[type=submit]").click()
    page.wait_for_load_state()
    # The page comes back with the section open, the input kept, one message by the field.
    assert section.get_attribute("open") is not None
    assert page.input_value("#offence-provision") == "Penal Code s. 300 (test)"
    assert page.input_value("#offence-offence_class") == "9999"
    errors = section.locator('[data-testid="field-error"]')
    assert errors.count() == 1 and errors.get_attribute("data-field") == "offence_class"
    assert page.locator('#offence-offence_class ~ [data-testid="field-error"]').count() == 1
    assert "offence_class" not in page.inner_text("main")
    save_screenshot(page, f"request-offence-error-{language}")
    page.fill("#offence-offence_class", "0903")
    section.locator("button[type=submit]").click()
    page.wait_for_selector('[data-testid="offence-iccs"]')
    assert page.url.endswith(f"/requests/{world.outgoing.pk}/")  # redirected after the POST
    page.reload()
    page.wait_for_selector('[data-testid="offence-iccs"]')
    assert world.outgoing.offences.count() == 1 and world.outgoing.offences.get().offence_class.code == "0903"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_executor_records_a_result_and_both_sides_see_it(page, browser, live_server, world, language):
    _open(page, live_server, world.users.executor, language, world.incoming)
    page.locator('[data-testid="record-result"] summary').click()
    form = page.locator('[data-testid="result-form"]')
    form.locator("textarea[name=result]").fill("Witness statement obtained (test)")
    form.locator("textarea[name=note]").fill("Interpreter provided (test)")
    form.locator('[data-testid="result-save"]').click()
    page.wait_for_selector('[data-testid="measure-result"]')
    assert "Witness statement obtained (test)" in page.inner_text('[data-testid="measure-result"]')
    assert page.locator("#request-state").get_attribute("data-status") == "executed"
    save_screenshot(page, f"request-result-recorded-{language}")
    officer = _new_page(browser, live_server)
    _open(officer, live_server, world.users.officer, language, world.incoming)
    assert "Witness statement obtained (test)" in officer.inner_text('[data-testid="measure-result"]')
    officer.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refusal_needs_a_ground_then_a_confirmation(page, live_server, world, language):
    request = walk(world.users, world.unassigned, ["registered", "under-assessment"])
    _open(page, live_server, world.users.supervisor, language, request)
    page.locator('button[data-action="refused"]').click()
    step = page.locator('[data-testid="step"]')
    step.wait_for()
    ground = step.locator("select[name=ground]")
    assert ground.input_value() == ""  # nothing pre-selected
    # Without a ground the browser refuses the form ...
    step.locator('[data-testid="step-continue"]').click()
    assert ground.evaluate("e => e.validity.valueMissing")
    # ... and so does the server, when the browser's check is bypassed: one message by the field.
    step.locator("form").evaluate("f => { f.noValidate = true }")
    step.locator('[data-testid="step-continue"]').click()
    page.wait_for_selector('[data-testid="step"] [data-testid="field-error"][data-field="ground"]')
    assert Request.objects.get(pk=request.pk).status == "under-assessment"
    page.locator('[data-testid="step"] select[name=ground]').select_option("double-jeopardy")
    page.locator('[data-testid="step"] [data-testid="step-continue"]').click()
    confirm = page.locator('[data-testid="confirm"]')
    confirm.wait_for()
    assert Request.objects.get(pk=request.pk).status == "under-assessment"
    save_screenshot(page, f"request-refusal-confirm-{language}")
    confirm.click()
    page.wait_for_selector('#request-state[data-status="refused"]')
    request.refresh_from_db()
    assert (request.status, request.refusal_ground) == ("refused", "double-jeopardy")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_request_page_fits_a_phone(browser, live_server, world, language):
    officer = world.users.officer
    request = world.incoming
    Request.objects.filter(pk=request.pk).update(title="Hearing-of-a-witness-" * 6 + "(test)")
    measure_add(actor=officer, request=request, kind="search-seizure", description="Premises of Acme Ltd (test)")
    person_add(actor=officer, request=request, role="witness", name="Jane Example (fictitious)")
    document_upload(
        actor=officer, request=request, filename="a-rather-long-file-name-for-a-letter-of-request.pdf", data=PDF
    )
    for user in [officer, world.users.executor]:
        page = _new_page(browser, live_server, viewport={"width": 390, "height": 844}, is_mobile=True)
        _open(page, live_server, user, language, request)
        page.wait_for_selector('[data-testid="measures"]')
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            save_screenshot(page, f"request-phone-overflow-{language}")
        assert width[0] <= width[1], (
            f"{user.role} in {language}: the page is {width[0]}px wide on a {width[1]}px screen"
        )
        page.context.close()
