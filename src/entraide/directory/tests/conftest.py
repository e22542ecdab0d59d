"""Directory test data.

- ``directory_data``: the real reference data and the shipped networks, loaded once per
  test module inside a transaction rolled back at the module's end (each test still runs
  in its own savepoint).
- ``uganda_ca``: a fictitious Ugandan central authority (test data) designated under
  UNTOC 18(13), with a fictitious CNCP contact point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction

from entraide.directory.models import ContactPoint, Designation, Network, NetworkRole
from entraide.directory.services import DirectoryLoadReport, directory_load
from entraide.reference.models import Jurisdiction, Language
from entraide.reference.services import load_reference
from entraide.tenancy.models import Authority


@pytest.fixture(scope="module")
def directory_data(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[DirectoryLoadReport]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        load_reference()
        report = directory_load()
        yield report
        transaction.set_rollback(True)


@pytest.fixture
def uganda_ca(directory_data: DirectoryLoadReport, db: None) -> Authority:
    authority = Authority.objects.create(
        name="Central Authority of Uganda (test, fictitious)",
        jurisdiction=Jurisdiction.objects.get(code="UGA"),
        kind=Authority.Kind.CENTRAL,
        channels=["direct", "email"],
        email="ca@uga.test.entraide.example",
        is_demo=True,
        last_verified_on=dt.date(2026, 1, 5),
        last_verified_by="test",
    )
    authority.languages.set(Language.objects.filter(code="eng"))
    Designation.objects.create(
        authority=authority, instrument_code="UNTOC", articles="18(13)", modalities=["mla"], source="test data"
    )
    contact = ContactPoint.objects.create(
        authority=authority,
        name="Duty officer, international cooperation (test)",
        is_function=True,
        email="duty@uga.test.entraide.example",
        is_demo=True,
    )
    NetworkRole.objects.create(contact_point=contact, network=Network.objects.get(code="CNCP"), role="contact person")
    return authority
