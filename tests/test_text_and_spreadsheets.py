"""Text controls and spreadsheet cells (issue 17, finding 10)."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entraide.core.spreadsheet import safe, unescape
from entraide.core.text import plain_text

pytestmark = pytest.mark.django_db


def test_bidi_overrides_are_removed_and_marks_kept():
    assert plain_text("invoice\u202egpj.exe") == "invoicegpj.exe"
    assert plain_text("\u2067عربي\u2069 and \u200fmark") == "عربي and \u200fmark"


@given(st.text())
def test_a_formula_never_survives_and_every_text_comes_back(text):
    cell = safe(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unescape(cell) == text or text.startswith("'")


def test_request_titles_and_names_are_stored_without_controls(users):
    from entraide.cases.services import person_add
    from entraide.testing.cases import new_outgoing

    request = new_outgoing(users, title="Bank records\u202e (test)")
    assert request.title == "Bank records (test)"
    person = person_add(actor=users.officer, request=request, role="suspect", name="A\u202dB (fictitious)")
    assert person.name == "AB (fictitious)"


def test_csv_exports_neutralise_formulas_and_the_import_reads_them_back(users):
    from entraide.directory.services import authorities_export
    from entraide.tenancy.models import Authority

    authority = users.officer.authority
    Authority.objects.filter(pk=authority.pk).update(telephone="+254 20 000 000", address='=HYPERLINK("http://x")')
    exported = authorities_export(Authority.objects.filter(pk=authority.pk))
    row = next(iter(csv.DictReader(io.StringIO(exported))))
    assert row["telephone"] == "'+254 20 000 000" and row["address"].startswith("'=")
    assert unescape(row["telephone"]) == "+254 20 000 000"
