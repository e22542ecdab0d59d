"""In Chromium: an officer uploads a PDF law through the page, finds it in the library by a word of
its text, and opens it from the result.

The search step needs the library's search page (``library:search``), built apart from the
document pages: its results are links to ``library:document`` whose text holds the title.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from entraide.library.models import Document
from entraide.testing.browser import save_screenshot, sign_in

from . import files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Proceeds of Crime and Anti-Money Laundering Act (test)"
WORD = "quetzalcoatlus"  # planted in the law's text only, never in its title or details


def test_an_officer_uploads_a_pdf_law_finds_it_by_a_word_of_its_text_and_opens_it(
    page: Any, users: Any, tmp_path: Path
) -> None:
    law = tmp_path / "proceeds-act.pdf"
    law.write_bytes(
        files.pdf(
            "1. Every bank shall keep the records of a customer for seven years (test).",
            f"2. The register called {WORD} is kept by the supervisory authority (test).",
            title=TITLE,
        )
    )
    sign_in(page, users.officer)

    page.goto("/library/documents/new/")
    page.select_option("#id_kind", "law")
    page.fill("#id_title", TITLE)
    page.select_option("#id_language", "en")
    page.select_option("#id_jurisdiction", "KEN")
    page.fill("#id_source", "Kenya Gazette Supplement (test)")
    page.fill("#id_licence", "Public domain (test)")
    page.select_option("#id_visibility", "authority")
    page.set_input_files("#id_file", str(law))
    save_screenshot(page, "library-document-new")
    page.click("#document-form button[type=submit]")
    page.wait_for_selector("#document-title")
    assert TITLE in page.inner_text("#document-title")
    assert WORD in page.inner_text("#version")
    assert page.locator("#download-file").count() == 1
    document = Document.objects.get(authority=users.officer.authority)
    assert urlsplit(page.url).path == f"/library/documents/{document.pk}/"
    save_screenshot(page, "library-document-uploaded")

    page.goto(f"/library/?q={WORD}")
    result = page.locator(f'a[href*="/library/documents/{document.pk}/"]', has_text=TITLE).first
    result.wait_for()
    save_screenshot(page, "library-search-word-of-text")
    result.click()
    page.wait_for_selector("#document-title")
    assert urlsplit(page.url).path == f"/library/documents/{document.pk}/"
    assert TITLE in page.inner_text("#document-title")
    assert WORD in page.inner_text("#version")
