"""The country profile with the treaty data loaded: instruments in force and declarations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from entraide.directory.services import DirectoryLoadReport, directory_load
from entraide.reference.services import load_reference
from entraide.treaties.models import Declaration
from entraide.treaties.services import treaties_load

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def directory_data(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[DirectoryLoadReport]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        load_reference()
        treaties_load()
        report = directory_load()
        yield report
        transaction.set_rollback(True)


def test_profile_lists_instruments_and_declarations(directory_data, users, client_for):
    declaration = Declaration.objects.select_related("participation__instrument", "participation__jurisdiction").first()
    if declaration is None:
        pytest.skip("no declaration in the shipped treaty data")
    code = declaration.participation.jurisdiction.code
    page = client_for(users.officer).get(f"/directory/countries/{code}/").content.decode()
    assert declaration.participation.instrument.code in page
    assert declaration.get_kind_display() in page


def test_uganda_profile_lists_untoc(directory_data, users, client_for):
    page = client_for(users.officer).get("/directory/countries/UGA/").content.decode()
    instruments = page.split("<h2", 2)[1]
    assert "UNTOC" in instruments
