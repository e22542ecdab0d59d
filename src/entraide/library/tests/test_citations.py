"""Citations of articles become links to the library's texts: the forms of the five languages,
escaping, and what is left as text (an instrument or an article the library does not hold)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entraide.library.citations import Citations, anchor, landing, paragraphs, parse_reference

HELD = Citations(
    [
        ("UNTOC", "2"),
        ("UNTOC", "5"),
        ("UNTOC", "13"),
        ("UNTOC", "14"),
        ("UNTOC", "16"),
        ("UNTOC", "18"),
        ("UNTOC", "36"),
        ("UNTOC", "46"),
        ("UNTOC-TIP", "1"),
        ("UNCAC", "46"),
        ("UNCAC", "67"),
        ("CETS-185", "36"),
    ]
)


def links(html: str) -> list[tuple[str, str]]:
    """(href, text) of each link in ``html``."""
    return re.findall(r'<a href="([^"]+)" class="citation">(.*?)</a>', html)


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("art. 18(15)", "UNTOC", [("/library/instruments/UNTOC/articles/18/?paragraph=15", "art. 18(15)")]),
        ("art. 46(9)(b)", "UNCAC", [("/library/instruments/UNCAC/articles/46/?paragraph=9-b", "art. 46(9)(b)")]),
        ("see art. 16(5).", "UNTOC", [("/library/instruments/UNTOC/articles/16/?paragraph=5", "art. 16(5)")]),
        (
            "arts. 18 and 46",
            "UNTOC",
            [
                ("/library/instruments/UNTOC/articles/18/", "arts. 18"),
                ("/library/instruments/UNTOC/articles/46/", "46"),
            ],
        ),
        (
            "UNTOC art. 2(j) and 36, UNCAC art. 67",
            "UNTOC-TIP",
            [
                ("/library/instruments/UNTOC/articles/2/?paragraph=j", "UNTOC art. 2(j)"),
                ("/library/instruments/UNTOC/articles/36/", "36"),
                ("/library/instruments/UNCAC/articles/67/", "UNCAC art. 67"),
            ],
        ),
        (
            "Art. 18(13), in a language",
            "UNTOC",
            [("/library/instruments/UNTOC/articles/18/?paragraph=13", "Art. 18(13)")],
        ),
        (
            "CETS 185 art. 36(4): the day",
            "",
            [("/library/instruments/CETS-185/articles/36/?paragraph=4", "CETS 185 art. 36(4)")],
        ),
        (
            "designated under UNTOC 18(13)",
            "",
            [("/library/instruments/UNTOC/articles/18/?paragraph=13", "UNTOC 18(13)")],
        ),
        (
            "conditions (art. 5(2)(c)-(d))",
            "UNTOC",
            [("/library/instruments/UNTOC/articles/5/?paragraph=2-c", "art. 5(2)(c)-(d)")],
        ),
        (
            "UNTOC art. 18 applies mutatis mutandis (art. 1(2)).",
            "UNTOC-TIP",
            [
                ("/library/instruments/UNTOC/articles/18/", "UNTOC art. 18"),
                ("/library/instruments/UNTOC-TIP/articles/1/?paragraph=2", "art. 1(2)"),
            ],
        ),
    ],
)
def test_english_forms(text: str, default: str, expected: list[tuple[str, str]]) -> None:
    assert links(HELD.link(text, default)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # French, Spanish, Portuguese: the code after the references overrides the default.
        (
            "L'art. 16 de l'UNTOC s'applique mutatis mutandis (art. 1(2)).",
            ["/library/instruments/UNTOC/articles/16/", "/library/instruments/UNTOC-TIP/articles/1/?paragraph=2"],
        ),
        (
            "Los arts. 13-14 de la UNTOC se aplican",
            ["/library/instruments/UNTOC/articles/13/", "/library/instruments/UNTOC/articles/14/"],
        ),
        ("O art. 16 da UNTOC aplica-se", ["/library/instruments/UNTOC/articles/16/"]),
        (
            "(UNTOC art. 2(j) et 36, UNCAC art. 67)",
            [
                "/library/instruments/UNTOC/articles/2/?paragraph=j",
                "/library/instruments/UNTOC/articles/36/",
                "/library/instruments/UNCAC/articles/67/",
            ],
        ),
        # Arabic: المادة / المادتان, "و" joined to the number or to the code that follows it.
        (
            "(UNTOC المادتان 2(j) و36، وUNCAC المادة 67)",
            [
                "/library/instruments/UNTOC/articles/2/?paragraph=j",
                "/library/instruments/UNTOC/articles/36/",
                "/library/instruments/UNCAC/articles/67/",
            ],
        ),
        ("نطلب الحفاظ على سرية الطلب (UNTOC المادة 18(20)).", ["/library/instruments/UNTOC/articles/18/?paragraph=20"]),
        ("تنطبق المادة 18(8)", []),  # the default instrument (UNTOC-TIP) has no article 18
    ],
)
def test_translated_forms(text: str, expected: list[str]) -> None:
    assert [href for href, _text in links(HELD.link(text, "UNTOC-TIP"))] == expected


def test_arabic_word_with_the_default_instrument() -> None:
    assert links(HELD.link("تنطبق المادة 18(8)", "UNTOC")) == [
        ("/library/instruments/UNTOC/articles/18/?paragraph=8", "المادة 18(8)")
    ]


@pytest.mark.parametrize(
    ("text", "default"),
    [
        ("art. 99", "UNTOC"),  # an article the text does not have
        ("art. 18", "OAS-A-55"),  # an instrument whose text is not in the library
        ("art. 18", ""),  # no instrument at all
        ("ECHR art. 18", "UNTOC"),  # a code the library does not hold: never the default's article 18
        ("art. 18 of the ECHR", "UNTOC"),
        ("CETS 030 between the Parties", ""),  # a code and a number, not a citation
        ("UNTOC 2000 Convention", ""),
        ("the party (ICCS 0903) art.", "UNTOC"),
        ("heart. 18", "UNTOC"),
    ],
)
def test_what_the_library_does_not_hold_stays_text(text: str, default: str) -> None:
    html = HELD.link(text, default)
    assert "<a" not in html
    assert html == text.replace("'", "&#x27;")


def test_the_rest_of_the_text_is_escaped() -> None:
    html = HELD.link('<script>alert("x")</script> art. 18 & <b>UNCAC art. 46</b>', "UNTOC")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "&amp;" in html
    assert links(html) == [
        ("/library/instruments/UNTOC/articles/18/", "art. 18"),
        ("/library/instruments/UNCAC/articles/46/", "UNCAC art. 46"),
    ]


def test_nothing_or_a_lazy_string_is_fine() -> None:
    assert HELD.link(None) == ""
    assert HELD.link("") == ""
    assert HELD.link(18, "UNTOC") == "18"


def test_links_of_an_option() -> None:
    found = HELD.links("UNTOC", ["18", "18(4)", "99"], ["Dual criminality (art. 18(9)).", "UNCAC art. 46 too; art. 18"])
    assert [(link["article"], link["paragraph"]) for link in found] == [
        ("18", ""),
        ("18", "4"),
        ("18", "9"),
        ("46", ""),
    ]
    assert found[-1] == {
        "instrument": "UNCAC",
        "article": "46",
        "paragraph": "",
        "url": "/library/instruments/UNCAC/articles/46/",
    }
    assert HELD.links("OAS-A-55", ["7"]) == []


def test_parse_reference() -> None:
    assert parse_reference("CETS 185", "36(4)") is not None
    reference = parse_reference("UNTOC", "46(9)(b)")
    assert reference is not None and (reference.instrument, reference.article, reference.paragraph) == (
        "UNTOC",
        "46",
        "9-b",
    )
    assert parse_reference("UNTOC", "18abc") is None
    assert parse_reference("UNTOC", "") is None


ARTICLE_18 = "\n\n".join(
    [
        "1. States Parties shall afford one another the widest measure.",
        "3. Mutual legal assistance may be requested for any of the following purposes:",
        "a) Taking evidence or statements from persons;",
        "b) Effecting service of judicial documents;",
        "(i) a deeper item;",
        "8. States Parties shall not decline on the ground of bank secrecy.",
        "A closing line without a number.",
    ]
)


def test_paragraphs_are_anchored_by_number_and_letter() -> None:
    found = paragraphs("18", ARTICLE_18)
    assert [(p.anchor, p.level) for p in found] == [
        ("art-18-1", 0),
        ("art-18-3", 0),
        ("art-18-3-a", 1),
        ("art-18-3-b", 1),
        ("", 2),
        ("art-18-8", 0),
        ("", 0),
    ]
    assert found[-2].text.startswith("8. States Parties")


def test_a_citation_lands_on_the_nearest_paragraph_the_text_has() -> None:
    assert landing("18", ARTICLE_18, "8") == "art-18-8"
    assert landing("18", ARTICLE_18, "3-b") == "art-18-3-b"
    assert landing("18", ARTICLE_18, "3-z") == "art-18-3"
    assert landing("18", ARTICLE_18, "21-a") == "art-18"
    assert landing("18", ARTICLE_18, "") == "art-18"
    assert anchor("3 bis", "2") == "art-3-bis-2"


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("art.s ()0123456789-,،و<>&\"'abjUNTOCAS المادة\n")) | st.characters(),
        max_size=120,
    ),
    st.sampled_from(["", "UNTOC", "UNCAC", "OAS-A-55", "<x>"]),
)
def test_never_raises_and_never_lets_markup_through(text: str, default: str) -> None:
    html = HELD.link(text, default)
    # Every "<" in the output opens or closes one of our links; the input's are escaped.
    assert re.sub(r'<a href="[^"<>]*" class="citation">|</a>', "", html).count("<") == 0
    assert html.count('<a href="') == html.count("</a>")
    # Stripping the links and unescaping gives the text back, unchanged.
    plain = re.sub(r'<a href="[^"<>]*" class="citation">|</a>', "", html)
    unescaped = (plain.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#x27;", "'")).replace(
        "&amp;", "&"
    )
    assert unescaped == text
