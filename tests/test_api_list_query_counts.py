"""Every list endpoint of the directory, reference, treaties and audit APIs answers 200 in a
number of queries that does not grow with its rows. (The cases API has its own, in
cases/tests/test_api_query_counts.py.)"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entraide.audit.services import record
from entraide.directory.models import ContactPoint
from entraide.library.models import Document
from entraide.library.services import country_note_save
from entraide.reference.models import Jurisdiction, Language, OffenceClass
from entraide.reference.services import load_reference
from entraide.tenancy.models import Authority
from entraide.treaties.models import Instrument, Participation
from entraide.treaties.services import treaties_load

pytestmark = pytest.mark.django_db

_suffixes = itertools.count()


def _unique(field: models.Field[Any, Any]) -> str:
    """A value for a unique text field that no loaded row has (lowercase, the data's codes are upper)."""
    digits = f"{next(_suffixes):05d}"
    return "x" + (digits[-(field.max_length - 1) :] if field.max_length else digits)


def clone(
    model: type[models.Model], n: int, vary: Callable[[int], dict[str, Any]] | None = None, **lookup: Any
) -> None:
    """Add ``n`` copies of one existing row of ``model`` (its unique text fields made unique;
    ``vary(i)``: the other values the i-th copy needs to pass the model's unique constraints)."""
    source = model._default_manager.filter(**lookup).order_by("pk").first()
    assert source is not None, f"no {model.__name__} to copy"
    for i in range(n):
        row = copy.copy(source)
        row._state = copy.copy(source._state)
        row._state.adding = True
        for field in model._meta.concrete_fields:
            if isinstance(field, models.AutoField | models.BigAutoField):
                setattr(row, field.attname, None)
            elif (field.unique or field.primary_key) and isinstance(field, models.CharField):
                setattr(row, field.attname, _unique(field))
        for name, value in (vary(i) if vary else {}).items():
            setattr(row, name, value)
        row.save(force_insert=True)


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def assert_flat(client: Any, url: str, add: Callable[[], None]) -> None:
    _queries(client, url)  # the first request of a session also reads and refreshes the session
    few = _queries(client, url)
    add()
    assert _queries(client, url) == few, url


def test_directory_lists(users, client_for):
    client = client_for(users.officer)
    assert_flat(
        client,
        reverse("api-directory-authority-list"),
        lambda: clone(Authority, 5, lambda i: {"name": f"Authority {i}"}),
    )
    ContactPoint.objects.create(authority=users.officer.authority, name="Desk officer")
    assert_flat(
        client,
        reverse("api-directory-contact-point-list"),
        lambda: clone(ContactPoint, 5, lambda i: {"name": f"Desk {i}"}),
    )


def _note(user: Any, jurisdiction: Jurisdiction, visibility: str = "authority") -> None:
    country_note_save(
        actor=user,
        jurisdiction=jurisdiction,
        language="en",
        requirements="Requirements (test).",
        practical_tips="Tips (test).",
        visibility=visibility,
    )


def test_country_notes(users, client_for):
    client = client_for(users.officer)
    _note(users.officer, users.outsider.authority.jurisdiction)

    def add() -> None:
        noted = Document.objects.filter(kind=Document.Kind.COUNTRY_NOTE).values("jurisdiction")
        for jurisdiction in Jurisdiction.objects.exclude(pk__in=noted)[:5]:
            _note(users.officer, jurisdiction)
            _note(users.outsider, jurisdiction, visibility="node")  # another authority's, shared

    clone(Jurisdiction, 5)
    assert_flat(client, reverse("api-directory-note-list"), add)


def test_reference_lists(users, client_for):
    client = client_for(users.officer)
    assert_flat(client, reverse("api-reference-jurisdiction-list"), lambda: clone(Jurisdiction, 5))
    as_at = dt.date(2015, 3, 1)
    section = OffenceClass.objects.create(code="x1", level=1, name_en="A section", as_at=as_at)
    OffenceClass.objects.create(code="x101", level=2, name_en="A division", parent=section, as_at=as_at)
    assert_flat(client, reverse("api-reference-offence-class-list"), lambda: clone(OffenceClass, 5, level=2))
    if not Language.objects.exists():
        Language.objects.create(code="xaa", name_en="A language", as_at=as_at)
    assert_flat(client, reverse("api-reference-language-list"), lambda: clone(Language, 5))


def test_treaties_lists(users, client_for):
    load_reference()
    treaties_load()
    client = client_for(users.officer)
    assert_flat(client, reverse("api-treaties-instrument-list"), lambda: clone(Instrument, 5))
    instrument = Participation.objects.order_by("pk").first().instrument  # type: ignore[union-attr]
    url = reverse("api-treaties-participation-list", args=[instrument.code])
    clone(Jurisdiction, 5)
    new = list(Jurisdiction.objects.filter(code__startswith="x").exclude(treaty_participations__instrument=instrument))
    assert_flat(client, url, lambda: clone(Participation, 5, lambda i: {"jurisdiction": new[i]}, instrument=instrument))


def test_audit_events(users, client_for):
    client = client_for(users.auditor)

    def add() -> None:
        for i in range(10):
            record(users.officer, "request.updated", users.officer.authority, detail={"i": i})

    record(users.officer, "request.updated", users.officer.authority)
    assert_flat(client, reverse("api-audit-event-list"), add)
