"""One unambiguous date format per language: the month as a word, no digit/digit, no microseconds."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

MOMENT = dt.datetime(2026, 3, 12, 14, 5, 33, 123456, tzinfo=dt.UTC)
NAMES = ["DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"]


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
@pytest.mark.parametrize("name", NAMES)
def test_each_format_in_each_language_is_unambiguous(language, name):
    with translation.override(language):
        shown = formats.date_format(MOMENT, name)
        month = formats.date_format(MOMENT, "F")
    assert not re.search(r"\d\s*[/.-]\s*\d", shown), shown  # neither 12/03/2026 nor 2026-03-12
    assert "123456" not in shown and ":33" not in shown
    assert "2026" in shown and "12" in shown
    assert re.search(r"[^\W\d_]{3}", shown), shown  # the month is a word
    assert month[:3].casefold() in shown.casefold() or language == "ar" or name.startswith("SHORT")
    if "DATETIME" in name:
        assert "14:05" in shown


def test_a_template_date_reads_day_month_year_in_english():
    with translation.override("en"):
        html = Template('{{ at|date:"SHORT_DATETIME_FORMAT" }}|{{ at|date:"DATE_FORMAT" }}').render(
            Context({"at": MOMENT})
        )
    assert html == "12 Mar 2026, 14:05|12 March 2026"
