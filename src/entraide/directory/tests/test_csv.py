"""CSV import and export of authorities and contact points, validated row by row."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied

from entraide.audit.models import AuditEvent
from entraide.directory.models import ContactPoint
from entraide.directory.selectors import authorities, contact_points
from entraide.directory.services import (
    AUTHORITY_COLUMNS,
    CONTACT_POINT_COLUMNS,
    CsvImportError,
    authorities_export,
    authorities_import,
    contact_points_export,
    contact_points_import,
)
from entraide.tenancy.models import Authority
from entraide.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def to_csv(columns: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue()


@pytest.fixture
def keeper(users):
    """The network's directory keeper: a superuser, who may write any authority's record."""
    return UserFactory(is_superuser=True, authority=users.officer.authority, role="administrator")


def authority_row(**values: str) -> dict[str, str]:
    return {"jurisdiction": "UGA", "name": "Central Authority (test)", "kind": "central", **values}


def test_one_bad_row_imports_nothing_and_reports_its_line(directory_data, users, keeper):
    before = Authority.objects.count()
    content = to_csv(
        AUTHORITY_COLUMNS,
        [
            authority_row(name="First (test)"),
            authority_row(name="Second (test)", channels="direct carrier-pigeon"),
            authority_row(name="Third (test)"),
        ],
    )
    with pytest.raises(CsvImportError) as caught:
        authorities_import(actor=keeper, content=content)
    assert caught.value.errors == [
        "line 3: unknown channel 'carrier-pigeon'; expected direct, diplomatic, interpol, email, secure-exchange"
    ]
    assert Authority.objects.count() == before
    assert not AuditEvent.objects.filter(action="directory.authorities_imported").exists()


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"jurisdiction": "UGX"}, "unknown jurisdiction 'UGX'; did you mean"),
        ({"kind": "embassy"}, "unknown kind 'embassy'"),
        ({"languages": "english"}, "unknown language 'english'"),
        ({"email": "not-an-address"}, "e-mail 'not-an-address' is not valid"),
        ({"available_24_7": "sometimes"}, "expected yes, no or empty, got 'sometimes'"),
        ({"last_verified_on": "05/01/2026"}, "date '05/01/2026' is not YYYY-MM-DD"),
        ({"name": ""}, "name is empty"),
        ({"names": "French name"}, "names: expected 'fr:Nom|es:Nombre'"),
    ],
)
def test_each_bad_value_is_reported_with_line_and_reason(directory_data, users, values, reason, keeper):
    content = to_csv(AUTHORITY_COLUMNS, [authority_row(name="Good (test)"), authority_row(**values)])
    with pytest.raises(CsvImportError) as caught:
        authorities_import(actor=keeper, content=content)
    [error] = caught.value.errors
    assert error.startswith(f"line 3: {reason}"), error


def test_missing_columns_and_empty_files(directory_data, users, keeper):
    with pytest.raises(CsvImportError) as caught:
        authorities_import(actor=keeper, content="jurisdiction,name\nUGA,x\n")
    assert caught.value.errors[0].startswith("line 1: missing columns: kind, names")
    with pytest.raises(CsvImportError):
        authorities_import(actor=keeper, content=",".join(AUTHORITY_COLUMNS) + "\n")


def test_only_administrators_import(directory_data, users):
    content = to_csv(AUTHORITY_COLUMNS, [authority_row()])
    for user in (users.officer, users.supervisor, users.auditor, users.executor):
        with pytest.raises(PermissionDenied):
            authorities_import(actor=user, content=content)


def test_round_trip_export_import(directory_data, users, uganda_ca, keeper):
    content = to_csv(
        AUTHORITY_COLUMNS,
        [
            authority_row(
                name="Round trip (test)",
                names="fr:Aller-retour (test)",
                languages="en fra",
                channels="direct email",
                available_24_7="yes",
                last_verified_on="2026-01-05",
                last_verified_by="test",
                is_demo="yes",
                email="rt@test.entraide.example",
                website="https://example.org/",
            )
        ],
    )
    result = authorities_import(actor=keeper, content=content)
    assert (result.created, result.updated) == (1, 0)
    imported = Authority.objects.get(name="Round trip (test)")
    assert imported.names == {"fr": "Aller-retour (test)"}
    assert sorted(lang.code for lang in imported.languages.all()) == ["eng", "fra"]
    assert imported.available_24_7 is True
    exported = authorities_export(authorities().filter(jurisdiction__code="UGA"))
    again = authorities_import(actor=keeper, content=exported)
    assert (again.created, again.updated) == (0, 2)
    # One audit event per import, naming each row it wrote.
    events = AuditEvent.objects.filter(action="directory.authorities_imported").order_by("id")
    assert [e.detail["created"] for e in events] == [1, 0]
    assert {"id": imported.pk, "line": 2} in events[0].detail["rows"]["created"]
    assert not AuditEvent.objects.filter(action="authority.created").exists()


def test_contact_points_import_with_network_roles(directory_data, users, uganda_ca, keeper):
    rows = [
        {
            "authority_jurisdiction": "UGA",
            "authority_name": uganda_ca.name,
            "name": "Focal point (test)",
            "is_function": "yes",
            "languages": "eng",
            "networks": "EAAP:focal point|ICGLR:",
            "is_demo": "yes",
        }
    ]
    result = contact_points_import(actor=keeper, content=to_csv(CONTACT_POINT_COLUMNS, rows))
    assert result.created == 1
    contact = ContactPoint.objects.get(name="Focal point (test)")
    assert sorted((r.network.code, r.role) for r in contact.network_roles.all()) == [
        ("EAAP", "focal point"),
        ("ICGLR", ""),
    ]
    exported = contact_points_export(contact_points().filter(pk=contact.pk))
    assert "EAAP:focal point|ICGLR:" in exported


def test_contact_points_bad_row(directory_data, users, uganda_ca, keeper):
    rows = [
        {"authority_jurisdiction": "UGA", "authority_name": uganda_ca.name, "name": "A (test)"},
        {"authority_jurisdiction": "UGA", "authority_name": "No such authority", "name": "B (test)"},
        {"authority_jurisdiction": "UGA", "authority_name": uganda_ca.name, "name": "C (test)", "networks": "EJNN:x"},
    ]
    with pytest.raises(CsvImportError) as caught:
        contact_points_import(actor=keeper, content=to_csv(CONTACT_POINT_COLUMNS, rows))
    assert caught.value.errors == [
        "line 3: no authority 'No such authority' in UGA",
        "line 4: unknown network 'EJNN'",
    ]
    assert not ContactPoint.objects.filter(name__in=["A (test)", "C (test)"]).exists()


def test_nul_bytes_and_broken_quoting_are_reported_not_raised(directory_data, users, keeper):
    header = ",".join(AUTHORITY_COLUMNS)
    with pytest.raises(CsvImportError) as caught:
        authorities_import(actor=keeper, content=f"{header}\nUGA,A\x00B,central\n")
    assert caught.value.errors == ["line 2: contains a NUL character"]


def test_an_administrator_cannot_overwrite_another_countrys_authority(directory_data, users, uganda_ca):
    """Issue 17, finding 3: a Kenyan administrator replaced a Ugandan authority's e-mail and website."""
    row = authority_row(name=uganda_ca.name, email="attacker@test.entraide.example", website="https://evil.example/")
    with pytest.raises(CsvImportError) as caught:
        authorities_import(actor=users.administrator, content=to_csv(AUTHORITY_COLUMNS, [row]))
    assert caught.value.errors == [
        f"line 2: {uganda_ca.name!r} (UGA) is not yours to change: an administrator changes their own authority "
        "and the authorities of their own country that have no administrator of their own"
    ]
    uganda_ca.refresh_from_db()
    assert uganda_ca.email == "ca@uga.test.entraide.example"
    contact = {"authority_jurisdiction": "UGA", "authority_name": uganda_ca.name, "name": "Planted (test)"}
    with pytest.raises(CsvImportError):
        contact_points_import(actor=users.administrator, content=to_csv(CONTACT_POINT_COLUMNS, [contact]))
    assert not ContactPoint.objects.filter(name="Planted (test)").exists()


def test_an_administrator_keeps_their_own_and_their_countrys_unadministered_authorities(directory_data, users):
    own = users.administrator.authority
    kenya = own.jurisdiction.code
    rows = [
        authority_row(jurisdiction=kenya, name=own.name, kind=own.kind, email="ca@ke.test.entraide.example"),
        authority_row(jurisdiction=kenya, name="Asset Recovery Agency (test)", kind="aro"),
    ]
    result = authorities_import(actor=users.administrator, content=to_csv(AUTHORITY_COLUMNS, rows))
    assert (result.created, result.updated) == (1, 1)
    # The Somali authority has its own administrator: the Kenyan one may not write it, even in Kenya's file.
    somali = users.outsider.authority
    UserFactory(authority=somali, role="administrator")
    row = authority_row(jurisdiction=somali.jurisdiction.code, name=somali.name, kind=somali.kind)
    with pytest.raises(CsvImportError, match="not yours to change"):
        authorities_import(actor=users.administrator, content=to_csv(AUTHORITY_COLUMNS, [row]))


def test_each_written_authority_sees_the_import_in_its_own_audit_log(directory_data, users, uganda_ca, keeper):
    row = authority_row(name=uganda_ca.name, email="new@uga.test.entraide.example")
    authorities_import(actor=keeper, content=to_csv(AUTHORITY_COLUMNS, [row]))
    event = AuditEvent.objects.get(action="authority.imported")
    assert (event.authority_id, event.object_id, event.actor_id) == (uganda_ca.pk, str(uganda_ca.pk), keeper.pk)
    contact = {"authority_jurisdiction": "UGA", "authority_name": uganda_ca.name, "name": "Desk (test)"}
    contact_points_import(actor=keeper, content=to_csv(CONTACT_POINT_COLUMNS, [contact]))
    assert AuditEvent.objects.get(action="contactpoint.imported").authority_id == uganda_ca.pk
