"""One entry point into the legal-basis engine: treaties.selectors.legal_basis."""

from __future__ import annotations

import re
from pathlib import Path

import entraide

PACKAGE = Path(entraide.__file__).parent


def test_only_treaties_selectors_calls_the_engine():
    callers = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "/tests/" not in str(path) and re.search(r"\bengine\.resolve\(", path.read_text(encoding="utf-8"))
    }
    assert callers == {"treaties/selectors.py"}


def test_no_import_of_an_always_installed_app_is_guarded():
    guarded = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "except ImportError:  # the treaties app is optional" in path.read_text(encoding="utf-8")
    ]
    assert guarded == []
