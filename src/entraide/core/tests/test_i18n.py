"""Five languages: every interface string translated, Arabic right-to-left."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

PACKAGE = Path(settings.PACKAGE_DIR)
LOCALES = ["fr", "es", "pt", "ar"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}")


def catalogue(locale: str):
    with (PACKAGE / "locale" / locale / "LC_MESSAGES" / "django.po").open("rb") as po:
        return read_po(po, locale=locale.replace("-", "_"))


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_is_translated(locale):
    untranslated, fuzzy, broken = [], [], []
    for message in catalogue(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(ids[0])
        if message.fuzzy:
            fuzzy.append(ids[0])
        wanted = sorted(set(PLACEHOLDER.findall(ids[-1])))
        for text in strings:
            if text and sorted(set(PLACEHOLDER.findall(text))) != wanted:
                broken.append(ids[0])
    assert not untranslated, f"{locale}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{locale}: fuzzy entries {fuzzy[:5]}"
    assert not broken, f"{locale}: placeholders differ from the English in {broken[:5]}"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is needed to extract strings")
def test_catalogues_hold_every_string_of_the_code(tmp_path):
    """Extract the strings afresh from a copy of the code: none may be missing from the catalogues."""
    copy = tmp_path / "entraide"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "tests", "*.pyc"))
    (copy / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    env = {**os.environ, "ENTRAIDE_DEBUG": "1", "ENTRAIDE_HTTPS": "0"}
    subprocess.run(
        [sys.executable, "-m", "entraide", "makemessages", "-l", "fr", "--no-location"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh_path = copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    assert fresh_path.exists(), "makemessages wrote no catalogue in the copy"
    with fresh_path.open("rb") as po:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(po) if m.id}
    for locale in LOCALES:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(locale) if m.id}
        missing = sorted(fresh - known)
        assert not missing, (
            f"{locale}: {len(missing)} strings not in the catalogue (run 'make messages'): {missing[:5]}"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "direction"), [("en", "ltr"), ("fr", "ltr"), ("es", "ltr"), ("pt-pt", "ltr"), ("ar", "rtl")]
)
def test_pages_carry_language_and_direction(client_for, users, language, direction):
    client = client_for(users.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("core:home"))
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert ("bootstrap.rtl.min.css" in html) == (direction == "rtl")


@pytest.mark.django_db
def test_home_page_is_in_french(client_for, users):
    client = client_for(users.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(reverse("core:home")).content.decode()
    assert "Votre autorité" in html
    assert "Officier" in html or "Agent" in html


@pytest.mark.django_db
def test_dates_follow_the_locale(client_for, users):
    client = client_for(users.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(reverse("core:home")).content.decode()
    assert re.search(
        r"\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}", html
    )
