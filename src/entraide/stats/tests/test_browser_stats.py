"""Through Chromium: the statistics page in English and Arabic, a filter changed, and the CSV,
XLSX (opened with openpyxl) and PDF downloaded."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from openpyxl import load_workbook

from entraide.testing.browser import save_screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_statistics_page_filters_and_downloads(page, live_server, users, history, tmp_path):
    # The test server shares one SQLite connection between its threads (an in-memory database):
    # the page's eleven chart images, fetched at once, can wedge it. The charts are tested through
    # the test client (test_indicators.py); here the browser does not fetch them.
    page.route("**/statistics/*.svg*", lambda route: route.abort())
    sign_in(page, users.supervisor)
    page.goto("/statistics/?start=2026-01-01&end=2026-12-31")
    sent = page.locator('[data-indicator="sent-received"] tbody tr').first
    outgoing_all = int(sent.locator("td").nth(1).inner_text())
    page.select_option('[data-testid="stats-filters"] select[name=direction]', "incoming")
    page.click('[data-testid="stats-filters"] button[type=submit]')
    page.wait_for_url("**direction=incoming**")
    assert int(page.locator('[data-indicator="sent-received"] tbody tr').first.locator("td").nth(1).inner_text()) == 0
    assert outgoing_all > 0

    with page.expect_download() as csv_info:
        page.click('[data-testid="csv-sent-received"]')
    assert csv_info.value.suggested_filename.endswith(".csv")
    with page.expect_download() as xlsx_info:
        page.click('[data-testid="xlsx"]')
    xlsx = tmp_path / "stats.xlsx"
    xlsx_info.value.save_as(xlsx)
    book = load_workbook(io.BytesIO(xlsx.read_bytes()))
    assert "sent-received" in book.sheetnames
    with page.expect_download() as pdf_info:
        page.click('[data-testid="pdf"]')
    pdf = tmp_path / "report.pdf"
    pdf_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": live_server.url}])
    page.goto("/statistics/?start=2026-01-01&end=2026-12-31")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator('[data-indicator="outcomes"]').is_visible()
    save_screenshot(page, "statistics-ar")
