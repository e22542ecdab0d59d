"""Reading UNTC status tables: shipped CSV and the tab-separated copy of the web page. No database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from entraide.treaties.importers import (
    UntcFormatError,
    clean_name,
    map_names,
    normalise_name,
    parse_declarations,
    parse_untc,
    parse_untc_date,
)

HERE = Path(__file__).parent
DATA = Path(__file__).resolve().parents[4] / "data" / "untc-2015"
D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16 Jun 2004 a", (D(2004, 6, 16), "a")),
        ("7 Oct 2002", (D(2002, 10, 7), "")),
        ("26 May 2004 A", (D(2004, 5, 26), "A")),
        ("1 Mar 2002 AA", (D(2002, 3, 1), "AA")),
        ("6 Jul 1993 d", (D(1993, 7, 6), "d")),
        ("31 Dec 1990 c", (D(1990, 12, 31), "c")),
        ("1 September 2004", (D(2004, 9, 1), "")),
        ("", (None, "")),
    ],
)
def test_dates_with_their_suffixes(text, expected):
    assert parse_untc_date(text) == expected


@pytest.mark.parametrize("text", ["2004-06-16", "16 Foo 2004", "31 Feb 2004", "16 Jun 04"])
def test_malformed_dates_are_refused(text):
    with pytest.raises(ValueError, match="malformed date"):
        parse_untc_date(text)


def test_shipped_untoc_csv():
    rows = parse_untc((DATA / "18-12.csv").read_text(encoding="utf-8"))
    assert len(rows) == 185
    kenya = next(r for r in rows if r.name == "Kenya")
    assert (kenya.signed_on, kenya.deposited_on, kenya.kind) == (None, D(2004, 6, 16), "accession")
    signatories = sorted(r.name for r in rows if r.kind == "signature")
    assert signatories == [
        "Barbados",
        "Congo",
        "Iran (Islamic Republic of)",
        "Japan",
        "Republic of Korea",
        "Sierra Leone",
    ]


def test_pasted_tab_separated_copy_with_footnotes():
    rows = parse_untc((HERE / "data" / "untoc-pasted.tsv").read_text(encoding="utf-8"))
    by_name = {r.name: r for r in rows}
    assert set(by_name) == {
        "Kenya",
        "Somalia",
        "France",
        "St. Vincent and the Grenadines",
        "Japan",
        "Netherlands (Kingdom of the)",
        "Atlantis",
    }
    assert by_name["Somalia"].kind == "accession"
    assert by_name["Netherlands (Kingdom of the)"].kind == "acceptance"
    assert by_name["Japan"].kind == "signature"
    assert by_name["St. Vincent and the Grenadines"].deposited_on == D(2010, 10, 29)


def test_a_line_without_any_date_names_its_line():
    with pytest.raises(UntcFormatError, match="line 2 \\(Kenya\\)"):
        parse_untc("Participant\tSignature\tRatification\nKenya\t\t\n")
    with pytest.raises(UntcFormatError, match="malformed date"):
        parse_untc("Participant,Signature,Ratification\nKenya,,sometime\n")


def test_footnote_numbers_are_removed_from_names():
    assert clean_name("Netherlands 4, 5") == "Netherlands"
    assert clean_name("Somalia 3") == "Somalia"
    assert clean_name("Bolivia (Plurinational State of)") == "Bolivia (Plurinational State of)"


def test_names_map_through_normalised_keys_and_unmapped_ones_are_reported():
    index = {
        normalise_name(n): c
        for n, c in [
            ("Kenya", "KEN"),
            ("Bahamas (the)", "BHS"),
            ("Saint Vincent and the Grenadines", "VCT"),
            ("C\u00f4te d\u2019Ivoire", "CIV"),  # UNTERM writes a typographic apostrophe
        ]
    }
    rows = parse_untc(
        "P,S,R\nKenya,,16 Jun 2004 a\nBahamas,9 Apr 2001,26 Sep 2008\n"
        "St. Vincent and the Grenadines,24 Jul 2002,\nCôte d'Ivoire,15 Dec 2000,25 Oct 2012\n"
        "Atlantis,,1 Jan 2001\n"
    )
    mapped, unmapped = map_names(rows, index)
    assert mapped == {"Kenya": "KEN", "Bahamas": "BHS", "St. Vincent and the Grenadines": "VCT", "Côte d'Ivoire": "CIV"}
    assert unmapped == ["Atlantis"]


def test_declarations_file():
    blocks = parse_declarations((DATA / "6-19-declarations.txt").read_text(encoding="utf-8"))
    assert "Algeria" in blocks and "article 32" in blocks["Algeria"]
