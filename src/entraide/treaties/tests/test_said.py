"""The engine's sentences are kept as codes with parameters and said again in the reader's language."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.utils import translation

from entraide.treaties import selectors
from entraide.treaties.said import render, render_stored
from entraide.treaties.templatetags.treaties_tags import said_list

pytestmark = pytest.mark.django_db


def _answer(language: str) -> dict:
    with translation.override(language):
        checked = selectors.build_query(
            requesting="KEN", requested="SOM", modality="mla", date=dt.date(2024, 5, 1), offence="0903"
        )
        return selectors.legal_basis(checked).as_dict()


def test_an_answer_made_in_english_is_said_again_in_french_and_arabic(treaty_data):
    stored = json.loads(json.dumps(_answer("en")))  # as a request keeps it (a JSON field)
    untoc = next(o for o in stored["options"] if o["code"] == "UNTOC")
    with translation.override("fr"):
        reasons = said_list(untoc, "reasons")
        warnings = said_list(untoc, "warnings")
        fallback = render(stored["fallback_message"])
    french = {o["code"]: o for o in _answer("fr")["options"]}["UNTOC"]
    # The same sentences the engine says in French, dates aside (the page shows them in the reader's format).
    assert len(reasons) == len(french["reasons"]) and reasons != untoc["reasons"]
    assert any("n'est pas partie" in r for r in reasons)
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", text) for text in reasons + warnings)  # no ISO date left
    assert fallback != stored["fallback"] and "réciprocité" in fallback
    with translation.override("ar"):
        arabic = said_list(untoc, "reasons")
    assert arabic and all(not r.isascii() for r in arabic)


def test_the_json_answer_keeps_its_texts_and_adds_the_messages_beside_them(treaty_data):
    answer = _answer("en")
    option = answer["options"][0]
    assert isinstance(option["reasons"], list) and all(isinstance(r, str) for r in option["reasons"])
    assert set(option["messages"]) == {"requirements", "conditions", "warnings", "reasons"}
    for kind, items in option["messages"].items():
        assert [m["text"] for m in items] == option[kind]


def test_a_stored_sentence_without_its_message_is_shown_as_stored():
    option: dict = {"conditions": ["Old text (test)"], "reasons": ["s. 1: Not in force on 2020-01-01."]}
    assert render_stored(option, "conditions") == ["Old text (test)"]
    option["messages"] = {
        "reasons": [
            {
                "text": "Not in force on 2020-01-01.",
                "message": {"msgid": "Not in force on %(date)s.", "params": {"date": {"date": "2020-01-01"}}},
            }
        ]
    }
    with translation.override("en"):
        [reason] = render_stored(option, "reasons")
    assert reason.startswith("s. 1: Not in force on ") and "2020-01-01" not in reason
