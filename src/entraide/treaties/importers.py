"""Readers for treaty status tables: pure functions, no database.

The UN Treaty Collection status table comes in two shapes: the CSV files of
``data/untc-2015`` (scraped in 2015) and the table an administrator copies from the
UNTC web page and pastes into a file (tab-separated, the same columns). Both have a
participant, a signature date and a date of ratification, acceptance (A), approval (AA),
accession (a), succession (d) or formal confirmation (c); footnote numbers may follow names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SUFFIX_KIND = {
    "": "ratification",
    "a": "accession",
    "A": "acceptance",
    "AA": "approval",
    "d": "succession",
    "c": "formal-confirmation",
}

_DATE = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})\s*(AA|A|a|d|c)?\s*$")


class UntcFormatError(ValueError):
    """The file is not a UNTC status table; the message names the line."""


@dataclass(frozen=True, slots=True)
class UntcRow:
    """One participant line of a status table."""

    line: int
    name: str
    signed_on: dt.date | None
    deposited_on: dt.date | None
    kind: str  # "signature" when only signed


def parse_untc_date(value: str) -> tuple[dt.date | None, str]:
    """``"16 Jun 2004 a"`` -> (2004-06-16, "a"); empty -> (None, "")."""
    value = value.strip().replace("\xa0", " ")
    if not value:
        return None, ""
    match = _DATE.match(value)
    if not match:
        raise ValueError(f"malformed date {value!r}")
    day, month, year, suffix = match.groups()
    try:
        date = dt.datetime.strptime(f"{day} {month[:3].title()} {year}", "%d %b %Y").date()  # noqa: DTZ007
    except ValueError:
        raise ValueError(f"malformed date {value!r}") from None
    return date, suffix or ""


_FOOTNOTE = re.compile(r"(?:\s*,?\s*\d+)+\s*$")


def clean_name(name: str) -> str:
    """A participant name without footnote numbers and stray spaces."""
    name = name.replace("\xa0", " ").strip()
    return _FOOTNOTE.sub("", name).strip()


def parse_untc(text: str) -> list[UntcRow]:
    """Rows of a status table, CSV or tab-separated; the header line is skipped."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        raise UntcFormatError("empty file")
    tabbed = any("\t" in line for line in lines[:5])
    reader: Iterable[list[str]] = (
        (line.split("\t") for line in lines) if tabbed else csv.reader(io.StringIO("\n".join(lines)))
    )
    rows: list[UntcRow] = []
    first = True
    for number, cells in enumerate(reader, start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        header, first = first, False
        if cells[0].casefold().startswith("participant"):
            continue
        cells += [""] * (3 - len(cells))
        name = clean_name(cells[0])
        try:
            signed, _sig_suffix = parse_untc_date(cells[1])
            deposited, suffix = parse_untc_date(cells[2])
        except ValueError as exc:
            if header:  # a header line with other column names
                continue
            raise UntcFormatError(f"line {number} ({name}): {exc}") from None
        if signed is None and deposited is None:
            raise UntcFormatError(f"line {number} ({name}): no signature or deposit date")
        kind = SUFFIX_KIND[suffix] if deposited else "signature"
        rows.append(UntcRow(number, name, signed, deposited, kind))
    return rows


def normalise_name(name: str) -> str:
    """Lower case, no accents, no punctuation, "St." as "saint", no leading "the"."""
    name = name.replace("\u2019", "'")  # typographic apostrophe, as in UNTERM names
    name = re.sub(r"\s*\((?:the|l'|le|la|les|el|los|las)\)\s*$", "", name.strip(), flags=re.IGNORECASE)
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"\bst\.?\s", "saint ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def map_names(rows: Iterable[UntcRow], index: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Participant names to jurisdiction codes via ``index`` (normalised name -> code).

    Returns (name -> code, names that do not map).
    """
    mapped: dict[str, str] = {}
    unmapped: list[str] = []
    for row in rows:
        code = index.get(normalise_name(row.name))
        if code is None:
            unmapped.append(row.name)
        else:
            mapped[row.name] = code
    return mapped, unmapped


def parse_declarations(text: str) -> dict[str, str]:
    """``#Name`` blocks of ``6-19-declarations.txt`` as name -> text."""
    blocks: dict[str, str] = {}
    name: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            if name is not None:
                blocks[name] = "\n".join(lines).strip()
            name, lines = clean_name(line[1:]), []
        elif name is not None:
            lines.append(line)
    if name is not None:
        blocks[name] = "\n".join(lines).strip()
    return blocks


_ARTICLE_7_8 = re.compile(r"article\s*7\s*\(8\)|article\s*7,?\s*paragraph\s*8|paragraph\s*8,?\s*of\s*article\s*7")
_ARTICLE_7_9 = re.compile(r"article\s*7\s*\(9\)|article\s*7,?\s*paragraph\s*9|paragraph\s*9,?\s*of\s*article\s*7")


def declaration_kind(text: str) -> str:
    """A rough kind for a declaration of the 1988 Convention, for filtering; the text is what counts.

    Only a designation under art. 7(8) (the authority that receives requests) or a notification
    under art. 7(9) (languages) is recognised by its words; a declaration that merely mentions
    an authority or a language is "other". Declarations on extradition are classified by hand
    (``data/instruments/extradition-basis.yaml``), never by keywords.
    """
    lowered = " ".join(text.casefold().split())
    if "immunity" in lowered:
        return "other"
    if _ARTICLE_7_8.search(lowered) and "authority" in lowered:
        return "central-authority"
    if _ARTICLE_7_9.search(lowered) and "language" in lowered:
        return "languages"
    return "other"
