"""The JSON contract of DESIGN.md ("Legal-basis engine contract"), as a checker for tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

TOP: dict[str, Any] = {
    "requesting": str,
    "requested": str,
    "modality": str,
    "date": str,
    "data_as_at": str,
    "options": list,
    "fallback": str,
}
OPTION: dict[str, Any] = {
    "code": str,
    "reference": str,
    "title": str,
    "articles": list,
    "in_force_for_requesting": (str, type(None)),
    "in_force_for_requested": (str, type(None)),
    "applicable": bool,
    "conditions": list,
    "warnings": list,
    "sources": list,
}


def assert_contract(data: dict[str, Any]) -> None:
    """Every key of the contract exists with its type; dates are ISO dates; lists hold strings."""
    for key, kind in TOP.items():
        assert key in data, key
        assert isinstance(data[key], kind), (key, data[key])
    dt.date.fromisoformat(data["date"])
    dt.date.fromisoformat(data["data_as_at"])
    assert data["options"], "no options"
    for option in data["options"]:
        for key, kind in OPTION.items():
            assert key in option, (option.get("code"), key)
            assert isinstance(option[key], kind), (option["code"], key, option[key])
        for key in ("articles", "conditions", "warnings", "sources"):
            assert all(isinstance(item, str) for item in option[key]), (option["code"], key)
        for key in ("in_force_for_requesting", "in_force_for_requested"):
            if option[key] is not None:
                dt.date.fromisoformat(option[key])
        assert option["sources"], option["code"]


def untoc_ken_som(data: dict[str, Any]) -> None:
    """The example of the contract: KEN -> SOM, mla, 0903, 10 years, 2024-05-01."""
    assert (data["requesting"], data["requested"], data["modality"], data["date"]) == (
        "KEN",
        "SOM",
        "mla",
        "2024-05-01",
    )
    # The oldest "as at" among the options: a status table is as at its newest action, never
    # the day it was copied (2015-03-14 for the UNTC tables).
    assert data["data_as_at"] == min(o["as_at"] for o in data["options"] if o["as_at"])
    assert data["data_as_at"] < "2015-03-14"
    untoc = next(o for o in data["options"] if o["code"] == "UNTOC")
    assert untoc["reference"] == "UNTC XVIII-12"
    assert untoc["articles"] == ["18"]
    assert untoc["in_force_for_requesting"] == "2004-07-16"
    assert untoc["in_force_for_requested"] is None
    assert untoc["applicable"] is False
    assert untoc["title"] == "United Nations Convention against Transnational Organized Crime"
