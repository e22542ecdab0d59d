"""No page in French or Arabic shows English, except proper names and data that exists in English
only (pages_allowed.yaml; the rules are in ``entraide.testing.language``). The pages are those of
the walk in conftest.py (``site_walk``); every leak of every page is listed, and written to
test-output/leaks-<language>.txt."""

from __future__ import annotations

from pathlib import Path

import pytest

from entraide.testing.browser import OUTPUT_DIR
from entraide.testing.language import find_leaks, load_allowed

pytestmark = [pytest.mark.browser, pytest.mark.pages]

ALLOWED = Path(__file__).with_name("pages_allowed.yaml")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_no_english_left_in_the_page(site_walk, language):
    allowed = load_allowed(ALLOWED)
    lines: list[str] = []
    count = 0
    for report in site_walk.pages:
        leaks = find_leaks(report.texts.get(language, []), language, allowed)
        if not leaks:
            continue
        count += len(leaks)
        lines.append(f"{report.role} {report.found.url} [{report.found.view}]")
        lines.extend(f"  {leak.text!r} ({leak.why}; {leak.kind} in {leak.where})" for leak in leaks)
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUTPUT_DIR / f"leaks-{language}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not count, f"{count} English texts in {language} pages:\n" + "\n".join(lines)
