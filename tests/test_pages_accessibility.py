"""axe-core finds no serious or critical violation on any page a role can reach, in English (left
to right) and Arabic (right to left). The pages are those of the walk in conftest.py (``site_walk``):
every role of the demo authority and an anonymous visitor, one URL per view."""

from __future__ import annotations

import pytest

from entraide.testing.browser import OUTPUT_DIR

pytestmark = [pytest.mark.browser, pytest.mark.pages]


def test_every_page_answers(site_walk):
    """A link that answers 404 or 500 is a failure of the crawl, whatever the role."""
    broken = [
        f"{role}: {found.url} answered {found.status} (linked from {found.linked_from or 'the start'})"
        for role, walked in site_walk.crawls.items()
        for found in walked.failures()
    ]
    timing = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in site_walk.seconds.items())
    counts = ", ".join(f"{role} {len(walked.pages())}" for role, walked in site_walk.crawls.items())
    print(f"\npages per role: {counts}\ntimes: {timing}")
    assert all(walked.pages() for walked in site_walk.crawls.values())
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_serious_accessibility_violation(site_walk, language):
    lines = []
    for report in site_walk.pages:
        for violation in report.axe.get(language, []):
            targets = "; ".join(violation.targets[:5]) + (" …" if len(violation.targets) > 5 else "")
            lines.append(
                f"{report.role} {report.found.url} [{report.found.view}]: {violation.rule} ({violation.impact})"
                f" {violation.help} at {targets} ({violation.summary})"
            )
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUTPUT_DIR / f"axe-{language}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not lines, f"{len(lines)} serious or critical violations:\n" + "\n".join(lines)
