"""Every source shipped under data/ is a publisher's document: never an internal note, a file of
the project, a personal blog or a copy of a dictionary or encyclopaedia."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parent.parent / "data"

# What is not a source: the project's own issues and files, and sites that copy other
# publishers' pages (dictionary, encyclopaedia and document mirrors, personal blogs).
FORBIDDEN = {
    "an issue of the project": r"\bissue\s*#\s*\d+",
    "a seed file": r"\bseed[-_ ]?(?:file|document|\d{3})|\b\d{3}_[0-9a-f]{16}\b",
    "a file of the project": r"(?:^|[\s(\"'])(?:\.\./)*data/\w|\.(?:ya?ml|txt|csv)\b",
    "a dictionary mirror": r"thefreedictionary|wiktionary|dictionary\.com",
    "an encyclopaedia or its mirror": r"wikipedia|wikimili|owiki|en-academic|dic\.nsf|wikiwand|encyclopedia",
    "a document mirror": r"docplayer|scribd|pdfslide|vdocuments|dokumen\.|issuu|docslib|cupdf|ebrary",
    "a data aggregator": r"worlddata\.info",
    "a blog": r"blogspot\.|wordpress\.com|\bblog\b",
}
# Keys whose values reach a user as the source of a fact, or as a note on it.
SOURCE_KEYS = {
    "source",
    "accession_source",
    "exit_source",
    "source_url",
    "source_title",
    "source_date",
    "urls",
    "title",
    "note",
    "notes",
    "dates_source",
}
SOURCED_FILES = [
    "networks/networks.yaml",
    "directory/membership-history.yaml",
    "directory/seed-003-members.yaml",
    "directory/eu-bodies.yaml",
    "instruments/instruments.yaml",
    "instruments/untc-names.yaml",
    "instruments/successions.yaml",
    "instruments/territories.yaml",
    "instruments/corrections.yaml",
    "instruments/extradition-basis.yaml",
    *(f"instruments/parties/{p.name}" for p in sorted((DATA / "instruments" / "parties").glob("*.yaml"))),
]
SOURCED_CSV = ["non-iso/jurisdictions.csv"]


def _values(node: object, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _values(v, str(k))
    elif isinstance(node, list):
        for item in node:
            yield from _values(item, key)
    elif key in SOURCE_KEYS and node is not None:
        yield key, str(node)


def _sources() -> Iterator[tuple[str, str, str]]:
    for name in SOURCED_FILES:
        for key, value in _values(yaml.safe_load((DATA / name).read_text(encoding="utf-8"))):
            yield name, key, value
    for name in SOURCED_CSV:
        with (DATA / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield name, "source", row["source"]


def offences(text: str) -> list[str]:
    return [what for what, pattern in FORBIDDEN.items() if re.search(pattern, text, re.IGNORECASE)]


@pytest.mark.parametrize(
    "text",
    [
        "ECOWAS Convention A/P.1/7/92 (named in issue #3)",
        "data/networks/networks.yaml (compiled 2026-11-22)",
        "Seed 003_47e0fd751699b9f6.txt, 'International cooperation networks'",
        "https://acronyms.thefreedictionary.com/ICGLR",
        "https://en-academic.com/dic.nsf/enwiki/11724402",
        "http://hitekhedhelp.blogspot.com/2010/09/international-cooperation-networks.html",
        "https://docplayer.net/amp/13742118-the-sahel.html",
        "https://www.worlddata.info/alliances/organization-of-american-states.php",
        "ratification 27 April 2021 (es.wikipedia)",
    ],
)
def test_the_patterns_catch_the_non_sources_once_shipped(text):
    assert offences(text)


@pytest.mark.parametrize(
    "text",
    [
        "EUR-Lex glossary 'Member States' (http://eur-lex.europa.eu/summary/glossary/member_states.html)",
        'UNODC, "International cooperation networks" (web page)',
        "Directive 2014/41/EU art. 36(1) and recital 43",
        "https://www.unodc.org/unodc/en/organized-crime/gptoc-refco.html",
    ],
)
def test_the_patterns_let_publishers_documents_through(text):
    assert not offences(text)


def test_no_shipped_source_is_an_internal_note_a_file_a_blog_or_a_mirror():
    found = [f"{name} {key}: {what}: {value[:120]!r}" for name, key, value in _sources() for what in offences(value)]
    assert not found, "\n".join(found)


def test_the_files_checked_exist_and_carry_sources():
    counted: dict[str, int] = {}
    for name, _key, _value in _sources():
        counted[name] = counted.get(name, 0) + 1
    assert set(counted) >= {*SOURCED_FILES, *SOURCED_CSV} - {"instruments/untc-names.yaml"}
