"""Fixtures of the request writer: the shipped quality rules, languages, a complete outgoing request."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from entraide.cases.models import Request
from entraide.cases.services import measure_add, offence_add, person_add, request_update
from entraide.core import crypto
from entraide.drafting.services.rules import quality_rules_load
from entraide.reference.models import Language
from entraide.testing.cases import CaseWorld, make_world, new_outgoing
from entraide.testing.fixtures import NamedUsers


@pytest.fixture(autouse=True)
def _documents_at_rest(settings: Any, tmp_path: Any) -> None:
    settings.ENTRAIDE_MASTER_KEY = crypto.generate_key_text()
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world(users: NamedUsers) -> CaseWorld:
    return make_world(users)


@pytest.fixture
def rules(db: None) -> dict[str, int]:
    return quality_rules_load()


def language(code: str, name: str) -> Language:
    found, _ = Language.objects.get_or_create(
        code=code, defaults={"iso639_1": code[:2], "name_en": name, "source": "test", "as_at": dt.date(2026, 1, 1)}
    )
    return found


@pytest.fixture
def languages(users: NamedUsers) -> dict[str, Language]:
    """Kenya writes in English; the Somali central authority accepts Arabic and Somali only."""
    english, arabic, somali = language("eng", "English"), language("ara", "Arabic"), language("som", "Somali")
    users.officer.authority.languages.set([english])
    users.outsider.authority.languages.set([arabic, somali])
    return {"en": english, "ar": arabic, "so": somali}


def complete_mla(users: NamedUsers, **fields: Any) -> Request:
    """An outgoing MLA request with everything the rules ask for but the translation."""
    request = new_outgoing(users, **fields)
    request_update(
        actor=users.officer,
        request=request,
        facts="A fictitious company laundered bribes through two accounts (test).",
        proceedings="Investigation TEST-1 by the Office of the Director of Public Prosecutions (test).",
        purpose="To trace the proceeds and identify who received them.",
        requested_authority=users.outsider.authority,
    )
    offence_add(
        actor=users.officer,
        request=request,
        provision="Anti-Corruption Act, s. 46 (test)",
        text="Whoever ... shall be liable to ten years (test).",
        max_penalty_years=10,
    )
    person_add(actor=users.officer, request=request, role="suspect", name="Jane Example (test)")
    measure_add(
        actor=users.officer,
        request=request,
        kind="bank-records",
        due_on=dt.date(2030, 1, 1),
        details={"bank": "Test Bank", "account_holder": "Example Ltd", "account_numbers": "SO00 TEST 0001"},
    )
    return request
