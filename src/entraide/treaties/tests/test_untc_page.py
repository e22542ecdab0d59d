"""Reading the UNTC status page (HTML): table, notes, declarations and the facts in them. No database."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entraide.treaties.importers import SUFFIX_KIND, UntcFormatError, UntcRow
from entraide.treaties.untc_page import (
    TERRITORY_CODES,
    UntcPage,
    UntcPageError,
    decode_page,
    parse_untc_page,
    territory_code,
)

D = dt.date
FIXTURE = Path(__file__).parent / "data" / "untc-page-vi-19.html"
HEADER = "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)"


def page(
    rows: Sequence[tuple[str, str, str]] = (("Kenya", "", "16 Jun 2004 a"),),
    *,
    notes: Sequence[str] = (),
    declarations: Sequence[tuple[str, str]] = (),
    status: str = "Status as at : 04-12-2026 09:15:33 EDT",
    header: str = HEADER,
) -> str:
    """A small page in the fixture's shape; ``rows`` cells are HTML."""
    body = "".join(f"<tr><td>{n}</td><td>{s}</td><td>{a}</td></tr>" for n, s, a in rows)
    parts = [
        f"<html><body><p>{status}</p>",
        '<table id="ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_tblgrid">',
        f"<tr><th>Participant</th><th>Signature</th><th>{header}</th></tr>{body}</table>",
    ]
    if declarations:
        parts.append("<p><b>Declarations and Reservations</b></p>")
        parts += [f"<p><u>{name}</u></p><p>{text}</p>" for name, text in declarations]
    if notes:
        parts.append("<p><strong>Notes:</strong></p>")
        parts += [f"<p><sup>{number}</sup> {text}</p>" for number, text in enumerate(notes, start=1)]
    return "".join(parts) + "</body></html>"


def noted(participant: str, *notes: str) -> UntcPage:
    """A page where ``participant`` carries each of ``notes``."""
    marks = "".join(f"<sup>{n}</sup>" for n in range(1, len(notes) + 1))
    return parse_untc_page(page([(participant + marks, "", "1 Jan 2000")], notes=notes))


@pytest.fixture(scope="module")
def vi19() -> UntcPage:
    return parse_untc_page(FIXTURE.read_bytes())


# --- The sample page ---------------------------------------------------------------------------


def test_participants_with_their_footnotes_dates_and_kinds(vi19):
    assert len(vi19.participants) == 20
    by_name = {p.name: p for p in vi19.participants}
    assert [p.row for p in vi19.participants] == list(range(1, 21))
    montenegro = by_name["Montenegro"]
    assert (montenegro.footnotes, montenegro.signed_on, montenegro.deposited_on, montenegro.kind) == (
        (4, 8),
        None,
        D(2006, 10, 23),
        "succession",
    )
    assert by_name["United Kingdom of Great Britain and Northern Ireland"].footnotes == (9,)
    assert by_name["Afghanistan"].footnotes == ()
    assert {p.kind for p in vi19.participants} == set(SUFFIX_KIND.values())
    assert by_name["European Union"].kind == "formal-confirmation"
    assert by_name["France"].kind == "approval"
    assert by_name["Finland"].kind == "acceptance"
    assert by_name["Kenya"].kind == "accession"
    assert by_name["Holy See"].deposited_on == D(2012, 1, 25)  # the cell has a tab inside the date
    assert "Côte d'Ivoire" in by_name
    assert "Türkiye" in by_name


def test_rows_convert_to_the_csv_readers_rows(vi19):
    rows = vi19.untc_rows()
    assert rows[1] == UntcRow(2, "Bosnia and Herzegovina", None, D(1993, 9, 1), "succession")


def test_footnotes_by_number_and_continuation_paragraphs(vi19):
    assert sorted(vi19.footnotes) == list(range(1, 10))
    assert vi19.footnotes[3] == (
        "The Government of Croatia notified the Secretary-General that it decided to succeed to the Convention "
        "with effect from 8 October 1991."
    )
    assert vi19.footnotes[5].split("\n")[0] == "For the Kingdom in Europe, the Netherlands Antilles and Aruba."
    assert vi19.footnotes[5].split("\n")[1].startswith("On 10 October 2010, the Netherlands Antilles was dissolved.")
    assert [p.name for p in vi19.participants if 8 in p.footnotes] == [
        "Bosnia and Herzegovina",
        "Croatia",
        "Montenegro",
        "Serbia",
        "Slovenia",
    ]
    assert vi19.unresolved_footnotes == ()


def test_declarations_by_participant(vi19):
    assert [d.participant for d in vi19.declarations] == [
        "China",
        "Denmark",
        "Singapore",
        "United Kingdom of Great Britain and Northern Ireland",
    ]
    denmark = vi19.declarations[1]
    assert denmark.section == "Declarations and Reservations"
    assert denmark.text.startswith(
        '"The Convention shall not apply to the Faroe Islands and Greenland."\n"Authorization'
    )


def test_successions_from_the_notes(vi19):
    assert [(s.participant, s.effective_from, s.footnote) for s in vi19.successions] == [
        ("Bosnia and Herzegovina", D(1992, 3, 6), 1),
        ("Croatia", D(1991, 10, 8), 3),
        ("Montenegro", D(2006, 6, 3), 4),
        ("Serbia", D(1992, 4, 27), 7),
    ]
    assert vi19.successions[2].evidence == vi19.footnotes[4]


def test_territorial_application_from_notes_and_declarations(vi19):
    facts = {
        (t.participant, t.code or t.territory, t.applies, t.effective_from, t.footnote)
        for t in vi19.territorial_applications
    }
    uk = "United Kingdom of Great Britain and Northern Ireland"
    nl = "Netherlands (Kingdom of the)"
    assert facts == {
        ("China", "HKG", True, D(1997, 7, 1), 2),
        ("China", "MAC", True, D(1999, 12, 20), 2),
        ("Denmark", "FRO", False, None, None),
        ("Denmark", "GRL", False, None, None),
        (nl, "Netherlands Antilles", True, None, 5),
        (nl, "ABW", True, None, 5),
        (nl, "CUW", True, None, 5),
        (nl, "SXM", True, None, 5),
        (nl, "BES", True, None, 5),
        ("New Zealand", "TKL", False, None, 6),
        (uk, "GGY", True, None, 9),
        (uk, "JEY", True, None, 9),
        (uk, "IMN", True, None, 9),
        (uk, "AIA", True, None, 9),
        (uk, "BMU", True, None, 9),
        (uk, "VGB", True, None, 9),
        (uk, "CYM", True, None, 9),
        (uk, "MSR", True, None, 9),
        (uk, "TCA", True, None, 9),
    }
    hong_kong = next(t for t in vi19.territorial_applications if t.code == "HKG")
    assert hong_kong.territory == "Hong Kong Special Administrative Region"
    assert hong_kong.evidence == vi19.footnotes[2]
    faroe = next(t for t in vi19.territorial_applications if t.code == "FRO")
    assert faroe.evidence == vi19.declarations[1].text


def test_unknown_territories_are_reported_unmapped_never_guessed(vi19):
    assert [(t.participant, t.territory, t.code) for t in vi19.unmapped_territories] == [
        ("Netherlands (Kingdom of the)", "Netherlands Antilles", None)
    ]
    assert all(t.territory != "Kingdom in Europe" for t in vi19.territorial_applications)


def test_extradition_basis_from_singapores_declaration(vi19):
    assert len(vi19.extradition_bases) == 1
    singapore = vi19.extradition_bases[0]
    assert (singapore.participant, singapore.accepts, singapore.footnote) == ("Singapore", False, None)
    assert singapore.sentence.startswith("“With respect to article 6 paragraph 3, the Republic of Singapore declares")
    assert singapore.sentence.endswith("any offence to which article 6 applies.”")


def test_status_as_at_and_newest_action(vi19):
    assert vi19.status_as_at == D(2026, 12, 4)
    assert vi19.newest_action == D(2012, 1, 25)  # the Holy See's ratification


def test_notes_and_declarations_without_a_pattern_stay_text(vi19):
    # Note 8 names five successor States and says nothing the engine uses; the United Kingdom's
    # declaration is about immunity ("the immunity would apply …" is no territorial clause).
    assert 8 not in {f.footnote for f in (*vi19.successions, *vi19.territorial_applications)}
    assert all(t.participant != "China" or t.footnote == 2 for t in vi19.territorial_applications)


# --- The same page saved by a browser ----------------------------------------------------------


def _nbsp_in_text(text: str, nbsp: str) -> str:
    return re.sub(r">([^<]+)<", lambda m: ">" + m.group(1).replace(" ", nbsp) + "<", text)


@pytest.mark.parametrize(
    ("encoding", "meta", "nbsp"),
    [
        ("cp1252", "windows-1252", "&nbsp;"),
        ("cp1252", "utf-8", "\xa0"),  # the page kept its <meta> but the bytes are Windows-1252
        ("utf-8-sig", "utf-8", "&nbsp;"),
        ("utf-16", "utf-16", "\xa0"),
        ("utf-8", "utf-8", "&#160;"),
        ("utf-8", "windows-1252", "\xa0"),  # saved as UTF-8, the <meta> still says otherwise
    ],
)
def test_a_page_saved_in_another_encoding_with_nbsp_and_crlf_reads_the_same(vi19, encoding, meta, nbsp):
    text = FIXTURE.read_text(encoding="utf-8").replace("charset=utf-8", f"charset={meta}")
    saved = _nbsp_in_text(text, nbsp).replace("\n", "\r\n")
    assert nbsp in saved
    assert parse_untc_page(saved.encode(encoding)) == vi19


def test_an_unclosed_sup_ends_with_its_paragraph():
    parsed = parse_untc_page(page([("Kenya<sup>1", "", "16 Jun 2004 a"), ("Japan", "12 Dec 2000", "")]))
    assert [(p.name, p.footnotes) for p in parsed.participants] == [("Kenya", ()), ("Japan", ())]


def test_decode_page_falls_back_to_windows_1252():
    assert decode_page("Curaçao".encode("cp1252")) == "Curaçao"
    assert decode_page("Curaçao".encode()) == "Curaçao"
    assert decode_page(b'<meta charset="no-such-codec">Cura\xe7ao').endswith(">Curaçao")


# --- The table ---------------------------------------------------------------------------------


def test_footnote_numbers_written_as_text_after_the_name():
    parsed = parse_untc_page(
        page(
            [
                ("Argentina 1", "12 Dec 2000", "19 Nov 2002"),
                ("North Macedonia 4 ,", "12 Dec 2000", "12 Jan 2005"),
                ("United Kingdom of Great Britain and Northern Ireland 6 , 18 , 19 ,", "14 Dec 2000", "9 Feb 2006"),
            ]
        )
    )
    assert [(p.name, p.footnotes) for p in parsed.participants] == [
        ("Argentina", (1,)),
        ("North Macedonia", (4,)),
        ("United Kingdom of Great Britain and Northern Ireland", (6, 18, 19)),
    ]
    assert parsed.unresolved_footnotes == (1, 4, 6, 18, 19)


def test_several_footnotes_in_one_sup_and_a_signature_only_row():
    parsed = parse_untc_page(page([("Japan<sup>2, 3</sup>", "12 Dec 2000", "")]))
    japan = parsed.participants[0]
    assert (japan.name, japan.footnotes, japan.kind, japan.deposited_on) == ("Japan", (2, 3), "signature", None)


def test_header_in_thead_with_td_cells_and_no_grid_id():
    text = (
        "<table><thead><tr><td>Participant</td><td>Signature</td>"
        "<td>Ratification, Accession(a), Succession(d)</td></tr></thead>"
        "<tbody><tr><td>Kenya</td><td>&nbsp;</td><td>16&nbsp;Jun&nbsp;2004&nbsp;a</td></tr></tbody></table>"
    )
    assert parse_untc_page(text).participants[0].deposited_on == D(2004, 6, 16)


def test_a_table_without_a_signature_column():
    text = (
        "<table><tr><th>Participant</th><th>Accession(a), Succession(d)</th></tr>"
        "<tr><td>Kenya</td><td>16 Jun 2004 a</td></tr></table>"
    )
    kenya = parse_untc_page(text).participants[0]
    assert (kenya.signed_on, kenya.kind) == (None, "accession")


def test_a_layout_table_around_the_grid_is_not_taken_for_it():
    inner = page().split("<body>")[1].split("</body>")[0].replace(' id="ctl00_', ' class="ctl00_')
    text = f"<table><tr><td>Participant {inner}</td><td>Ratification</td></tr></table>"
    assert " id=" not in text  # no grid id to go by
    assert [p.name for p in parse_untc_page(text).participants] == ["Kenya"]


def test_script_and_style_are_not_read():
    text = page().replace("<body>", "<body><script>document.write('<table><tr><td>Participant')</script>")
    assert [p.name for p in parse_untc_page(text).participants] == ["Kenya"]


# --- Malformed pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no participant table found"),
        ("<html><body><p>Service unavailable</p></body></html>", "no participant table found"),
        ("<table><tr><td>Name</td><td>Date</td></tr></table>", "no participant table found"),
        (page(header="Remarks"), "participant table has no ratification/accession column"),
        (page(rows=()), "participant table has no participant rows"),
        (page(rows=[("Kenya", "", "16 Foo 2004")]), r"participant row 1 \(Kenya\): malformed date '16 Foo 2004'"),
        (page(rows=[("Kenya", "", "")]), r"participant row 1 \(Kenya\): no signature or deposit date"),
        (page(rows=[("<sup>3</sup>", "", "1 Jan 2000")]), "participant row 1: no participant name"),
        (page(status="Status as at : 31-02-2026 09:15:33 EDT"), "malformed 'status as at' date"),
        ("<![ xyz [a]]>" + page(), "unreadable HTML"),  # html.parser raises AssertionError here
    ],
)
def test_malformed_pages_raise_the_parsers_error(text, message):
    with pytest.raises(UntcPageError, match=message):
        parse_untc_page(text)


def test_the_error_is_a_value_error_and_an_untc_format_error():
    assert issubclass(UntcPageError, UntcFormatError)
    assert issubclass(UntcPageError, ValueError)


def test_a_page_without_status_date_or_notes():
    parsed = parse_untc_page(page(status=""))
    assert (parsed.status_as_at, parsed.footnotes, parsed.declarations) == (None, {}, ())


# --- Notes -------------------------------------------------------------------------------------


def test_notes_numbered_in_plain_text():
    text = page([("Kenya<sup>1</sup>", "", "16 Jun 2004 a")]).replace("<sup>1</sup> Kenya", "")
    text = text.replace("</table>", "</table><p>Notes:</p><p>1. First note.</p><p>More of it.</p><p>2 Second note.</p>")
    assert parse_untc_page(text).footnotes == {1: "First note.\nMore of it.", 2: "Second note."}


def test_a_numbered_paragraph_inside_a_marked_note_stays_in_it():
    text = page([("Kenya<sup>1</sup>", "", "16 Jun 2004 a")], notes=["The Government declared:"])
    text = text.replace("</body>", "<p>2. Paragraph two of the declaration.</p></body>")
    assert parse_untc_page(text).footnotes == {1: "The Government declared:\n2. Paragraph two of the declaration."}


# --- Successions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "effective"),
    [
        (
            "On 23 October 2006, the Government of Montenegro notified the Secretary-General that it decided to "
            "succeed to the Convention with effect from 3 June 2006, the date on which it assumed responsibility "
            "for its international relations.",
            D(2006, 6, 3),
        ),
        ("The Government notified its succession with effect from 6 March 1992.", D(1992, 3, 6)),
        ("The Government decided to succeed to the Convention, as from 27 April 1992.", D(1992, 4, 27)),
        ("Succession notified with effect from 17 September 1991.", D(1991, 9, 17)),
    ],
)
def test_succession_patterns(note, effective):
    parsed = noted("Montenegro", note)
    assert [(s.participant, s.effective_from, s.footnote, s.evidence) for s in parsed.successions] == [
        ("Montenegro", effective, 1, note)
    ]


@pytest.mark.parametrize(
    "note",
    [
        "On 23 October 2006, the Government notified the Secretary-General of its succession.",  # no date of effect
        "The Convention shall apply to the Hong Kong Special Administrative Region with effect from 1 July 1997.",
        "The former Yugoslavia had signed the Convention with effect from 31 Feb 1990 on succession.",  # no such date
    ],
)
def test_no_succession_without_both_succession_and_a_date_of_effect(note):
    assert noted("Montenegro", note).successions == ()


def test_a_note_shared_by_several_participants_goes_to_the_one_it_names():
    note = "Croatia notified the Secretary-General that it decided to succeed with effect from 8 October 1991."
    parsed = parse_untc_page(
        page([("Croatia<sup>1</sup>", "", "26 Jul 1993 d"), ("Slovenia<sup>1</sup>", "", "6 Jul 1992 d")], notes=[note])
    )
    assert [(s.participant, s.effective_from) for s in parsed.successions] == [("Croatia", D(1991, 10, 8))]


def test_a_shared_note_naming_none_of_its_participants_is_left_as_text():
    note = "The Government decided to succeed to the Convention with effect from 8 October 1991."
    parsed = parse_untc_page(
        page([("Croatia<sup>1</sup>", "", "26 Jul 1993 d"), ("Slovenia<sup>1</sup>", "", "6 Jul 1992 d")], notes=[note])
    )
    assert parsed.successions == ()


# --- Territorial application -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("participant", "note", "expected"),
    [
        (
            "China",
            "The Government of China informed the Secretary-General that the Convention shall apply to the Macao "
            "Special Administrative Region with effect from 20 December 1999.",
            [("Macao Special Administrative Region", "MAC", True, D(1999, 12, 20))],
        ),
        (
            "China",
            "The Convention shall not apply to the Hong Kong Special Administrative Region of the People's Republic "
            "of China until the Government of China notifies otherwise.",
            [("Hong Kong Special Administrative Region", "HKG", False, None)],
        ),
        (
            "Denmark",
            "The Convention shall not apply to the Faroe Islands and Greenland.",
            [("Faroe Islands", "FRO", False, None), ("Greenland", "GRL", False, None)],
        ),
        ("Netherlands (Kingdom of the)", "For the Kingdom in Europe.", []),
        ("Netherlands (Kingdom of the)", "For the Kingdom in Europe and Aruba.", [("Aruba", "ABW", True, None)]),
        (
            "Netherlands (Kingdom of the)",
            "The Convention applies to the Caribbean part of the Netherlands (Bonaire, Sint Eustatius and Saba).",
            [("Caribbean part of the Netherlands", "BES", True, None)],
        ),
        (
            "New Zealand",
            "The ratification shall not extend to Tokelau unless and until a declaration to this effect is lodged.",
            [("Tokelau", "TKL", False, None)],
        ),
        (
            "United Kingdom of Great Britain and Northern Ireland",
            "Extension to the Bailiwick of Guernsey.",
            [("Bailiwick of Guernsey", "GGY", True, None)],
        ),
        (
            "United Kingdom of Great Britain and Northern Ireland",
            "On 3 May 2001, the Government notified that the Convention shall be extended to Gibraltar, "
            "the Falkland Islands (Malvinas) and Jersey with effect from 1 June 2001.",
            [("Gibraltar", "GIB", True, D(2001, 6, 1)), ("Falkland Islands", "FLK", True, D(2001, 6, 1))],
        ),
        (
            "United Kingdom of Great Britain and Northern Ireland",
            "With effect from 1 June 2001, the Convention shall apply to the Isle of Man.",
            [("Isle of Man", "IMN", True, D(2001, 6, 1))],
        ),
        (
            "United Kingdom of Great Britain and Northern Ireland",
            "The Convention no longer applies to Montserrat.",
            [("Montserrat", "MSR", False, None)],
        ),
        ("Norway", "The Convention shall not apply to Svalbard.", [("Svalbard", None, False, None)]),
    ],
)
def test_territorial_patterns(participant, note, expected):
    parsed = noted(participant, note)
    assert [(t.territory, t.code, t.applies, t.effective_from) for t in parsed.territorial_applications] == expected
    assert all(t.participant == participant and t.footnote == 1 for t in parsed.territorial_applications)


def test_a_list_after_parentheses_is_not_read_past_them():
    # "(Malvinas)" ends the clause the reader sees, so Jersey after it is not reported: conservative.
    parsed = noted(
        "United Kingdom of Great Britain and Northern Ireland",
        "The Convention shall be extended to the Falkland Islands (Malvinas) and Jersey.",
    )
    assert [t.code for t in parsed.territorial_applications] == ["FLK"]


@pytest.mark.parametrize(
    "note",
    [
        "The Republic declares that it shall not consider the Convention as the legal basis for extradition in "
        "respect of any offence to which article 6 applies.",
        "The reservation shall apply to any offence established under article 3.",
        "The declaration shall apply to States Parties which have made a similar declaration.",
        "The provisions shall apply to the Government of the requesting State.",
        "The Convention shall apply to the territory of the Kingdom.",
    ],
)
def test_prose_that_is_no_territorial_clause(note):
    assert noted("Singapore", note).territorial_applications == ()


def test_territory_codes():
    assert territory_code("the Faroe Islands") == "FRO"
    assert territory_code("Curaçao") == "CUW"
    assert territory_code("Hong Kong Special Administrative Region") == "HKG"
    assert territory_code("Kingdom in Europe") is None
    assert territory_code("Svalbard") is None
    assert set(TERRITORY_CODES.values()) == {
        "HKG", "MAC", "FRO", "GRL", "ABW", "CUW", "SXM", "BES", "TKL", "GGY",
        "JEY", "IMN", "GIB", "BMU", "CYM", "VGB", "AIA", "MSR", "TCA", "FLK",
    }  # fmt: skip


# --- Extradition basis -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "accepts"),
    [
        (
            "With respect to article 6 paragraph 3, the Republic of Singapore declares that it shall not consider the "
            "Convention as the legal basis for extradition in respect of any offence to which article 6 applies.",
            False,
        ),
        (
            "In accordance with article 16, paragraph 5 (a), the Government declares that it will take the Convention "
            "as the legal basis for cooperation on extradition with other States Parties.",
            True,
        ),
        (
            "Pursuant to article 44, paragraph 6 (a), the Republic does not take the Convention as the legal basis "
            "for cooperation on extradition.",
            False,
        ),
        (
            "The Republic, which does not make extradition conditional on the existence of a treaty, will take the "
            "Convention as the legal basis for extradition.",
            True,
        ),
        ("The question whether the Convention may serve as the legal basis for extradition is under review.", None),
    ],
)
def test_extradition_basis_patterns_in_notes_and_declarations(text, accepts):
    from_note = noted("Ruritania", text)
    assert [(e.participant, e.accepts, e.sentence, e.footnote) for e in from_note.extradition_bases] == [
        ("Ruritania", accepts, text, 1)
    ]
    from_declaration = parse_untc_page(page([("Ruritania", "", "1 Jan 2000")], declarations=[("Ruritania", text)]))
    assert [(e.accepts, e.footnote) for e in from_declaration.extradition_bases] == [(accepts, None)]


def test_the_sentence_is_cut_out_of_a_longer_note():
    note = (
        "On 1 March 2005, the Government made a notification. "
        "It will take the Convention as the legal basis for extradition. See also note 2."
    )
    (basis,) = noted("Ruritania", note).extradition_bases
    assert basis.sentence == "It will take the Convention as the legal basis for extradition."
    assert basis.evidence == note


def test_legal_basis_for_something_else_is_not_an_extradition_basis():
    note = "The Government will take the Convention as the legal basis for mutual legal assistance."
    assert noted("Ruritania", note).extradition_bases == ()


# --- Dates -------------------------------------------------------------------------------------


def test_newest_action_counts_dated_notes():
    parsed = noted("Kenya", "On 12 March 2014, the Government of Kenya withdrew its declaration.")
    assert parsed.newest_action == D(2014, 3, 12)
    assert noted("Kenya", "On 31 February 2014, nothing happened.").newest_action == D(2000, 1, 1)


def test_status_as_at_as_the_page_prints_it():
    assert parse_untc_page(page(status="STATUS AS AT : 04-05-2024 03:15:34 EDT")).status_as_at == D(2024, 5, 4)
    assert parse_untc_page(page(status="Status as at : 04-12-2026 09:15:33 EDT")).status_as_at == D(2026, 12, 4)


# --- Properties --------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "<table>",
        "</table>",
        "<tr>",
        "<td>",
        "</td>",
        "<th>",
        "Participant",
        "Signature",
        "Ratification",
        "<sup>",
        "</sup>",
        "1",
        "12 Mar 2001 d",
        "31 Feb 2001",
        "Notes:",
        "Declarations and Reservations",
        "<p>",
        "</p>",
        "<!",
        "<![",
        "<!DOCTYPE",
        "<?",
        "&nbsp;",
        "&#",
        "<script>",
        "Status as at : ",
        "99-99-2026",
        "shall apply to ",
        "with effect from ",
        "succeed",
        "legal basis for extradition",
    ]
)
_NOISE = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NOISE)
def test_arbitrary_text_raises_nothing_but_the_parsers_error(text):
    with contextlib.suppress(UntcPageError):  # any other exception fails the test
        parse_untc_page(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_nothing_but_the_parsers_error(data):
    with contextlib.suppress(UntcPageError):  # any other exception fails the test
        parse_untc_page(data)


@settings(max_examples=200, deadline=None)
@given(_NOISE)
def test_arbitrary_note_text_never_breaks_a_valid_page(note):
    parsed = noted("Kenya", html.escape(note))
    assert parsed.participants[0].name == "Kenya"


_NAMES = st.from_regex(r"[A-Z][a-z]{2,10}( [A-Z][a-z]{2,10}){0,2}", fullmatch=True)
_DATES = st.dates(min_value=D(1950, 1, 1), max_value=D(2030, 12, 31))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            _NAMES,
            st.lists(st.integers(1, 99), max_size=3, unique=True),
            st.none() | _DATES,
            _DATES,
            st.sampled_from(sorted(SUFFIX_KIND)),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_table_rows_round_trip(rows):
    cells = [
        (
            name + ", ".join(f"<sup>{n}</sup>" for n in notes),
            signed.strftime("%d %b %Y") if signed else "",
            f"{deposited:%d %b %Y} {suffix}".strip(),
        )
        for name, notes, signed, deposited, suffix in rows
    ]
    parsed = parse_untc_page(page(cells))
    assert [(p.name, p.footnotes, p.signed_on, p.deposited_on, p.kind) for p in parsed.participants] == [
        (name, tuple(notes), signed, deposited, SUFFIX_KIND[suffix]) for name, notes, signed, deposited, suffix in rows
    ]
    assert parsed.newest_action == max(d for row in rows for d in row[2:4] if d is not None)
