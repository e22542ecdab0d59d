"""Reader for the UN Treaty Collection's status page of one treaty: pure functions, no database.

``parse_untc_page`` takes the HTML of ``treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&
mtdsg_no=…`` (as served, or as saved by a browser in another encoding) and returns the
participant table, the footnotes, the declarations, and the few facts the legal-basis
engine needs from the footnotes' prose: successions, territorial application and
extradition-basis notifications, each with the text it came from. The prose is free text,
so the extraction is deliberately narrow: a sentence that does not fit one of the patterns
below stays text, and a territory the module does not know is reported unmapped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from entraide.treaties.importers import (
    SUFFIX_KIND,
    UntcFormatError,
    UntcRow,
    clean_name,
    normalise_name,
    parse_untc_date,
)

__all__ = [
    "TERRITORY_CODES",
    "Declaration",
    "ExtraditionBasis",
    "Succession",
    "TerritorialApplication",
    "UntcPage",
    "UntcPageError",
    "UntcPageRow",
    "decode_page",
    "parse_untc_page",
    "territory_code",
]


class UntcPageError(UntcFormatError):
    """The HTML is not a readable UNTC status page; the message names what is missing."""


@dataclass(frozen=True, slots=True)
class UntcPageRow:
    """One participant line of the status table, its footnote numbers apart."""

    row: int  # 1-based position among the table's participant rows
    name: str
    footnotes: tuple[int, ...]
    signed_on: dt.date | None
    deposited_on: dt.date | None
    kind: str  # a value of SUFFIX_KIND, or "signature" when only signed

    def as_untc_row(self) -> UntcRow:
        """The row in the shape ``parse_untc`` returns, for the existing import code."""
        return UntcRow(self.row, self.name, self.signed_on, self.deposited_on, self.kind)


@dataclass(frozen=True, slots=True)
class Declaration:
    """A participant's text in a "Declarations and Reservations" or "Notifications" section."""

    participant: str
    section: str
    text: str


@dataclass(frozen=True, slots=True)
class Succession:
    """A successor State bound from ``effective_from`` (not from the date of its notification)."""

    participant: str
    effective_from: dt.date
    evidence: str  # the whole footnote or declaration text
    footnote: int | None  # None when the evidence is a declaration


@dataclass(frozen=True, slots=True)
class TerritorialApplication:
    """The treaty extended to (``applies``) or excluded from a territory."""

    participant: str
    territory: str  # as written on the page
    code: str | None  # ISO 3166 alpha-3, None when the name is not in TERRITORY_CODES
    applies: bool
    effective_from: dt.date | None
    evidence: str
    footnote: int | None


@dataclass(frozen=True, slots=True)
class ExtraditionBasis:
    """Whether a State takes the treaty as the legal basis for extradition (None: unclear)."""

    participant: str
    accepts: bool | None
    sentence: str
    evidence: str
    footnote: int | None


@dataclass(frozen=True, slots=True)
class UntcPage:
    """What a status page says; ``newest_action`` tells whether it is newer than the shipped data."""

    status_as_at: dt.date | None
    participants: tuple[UntcPageRow, ...]
    footnotes: Mapping[int, str]
    declarations: tuple[Declaration, ...]
    successions: tuple[Succession, ...]
    territorial_applications: tuple[TerritorialApplication, ...]
    extradition_bases: tuple[ExtraditionBasis, ...]
    newest_action: dt.date | None
    unresolved_footnotes: tuple[int, ...] = field(default=())  # referenced, not found in the notes

    @property
    def unmapped_territories(self) -> tuple[TerritorialApplication, ...]:
        return tuple(t for t in self.territorial_applications if t.code is None)

    def untc_rows(self) -> list[UntcRow]:
        return [p.as_untc_row() for p in self.participants]


# --- Territories -------------------------------------------------------------------------------

# Names as UNTC footnotes write them -> ISO 3166 alpha-3. Longer names first where one contains
# another, so "Hong Kong Special Administrative Region" wins over "Hong Kong".
TERRITORY_CODES: dict[str, str] = {
    "Hong Kong Special Administrative Region": "HKG",
    "Hong Kong": "HKG",
    "Macao Special Administrative Region": "MAC",
    "Macao": "MAC",
    "Macau": "MAC",
    "Faroe Islands": "FRO",
    "Faeroe Islands": "FRO",
    "Greenland": "GRL",
    "Aruba": "ABW",
    "Curaçao": "CUW",
    "Curacao": "CUW",
    "Sint Maarten": "SXM",
    "Caribbean part of the Netherlands": "BES",
    "Caribbean Netherlands": "BES",
    "Bonaire, Sint Eustatius and Saba": "BES",
    "Tokelau": "TKL",
    "Bailiwick of Guernsey": "GGY",
    "Guernsey": "GGY",
    "Bailiwick of Jersey": "JEY",
    "Jersey": "JEY",
    "Isle of Man": "IMN",
    "Gibraltar": "GIB",
    "Bermuda": "BMU",
    "Cayman Islands": "CYM",
    "British Virgin Islands": "VGB",
    "Virgin Islands (British)": "VGB",
    "Anguilla": "AIA",
    "Montserrat": "MSR",
    "Turks and Caicos Islands": "TCA",
    "Turks and Caicos": "TCA",
    "Falkland Islands (Malvinas)": "FLK",
    "Falkland Islands": "FLK",
}

# Named in territorial clauses but not territories of their own: the Netherlands ratify "for the
# Kingdom in Europe", which is the State itself, not an overseas territory.
_NOT_TERRITORIES = ("Kingdom in Europe", "European part of the Netherlands", "European part of the Kingdom")

# Capitalised words that follow "apply to" in prose without naming a place.
# fmt: off
_NOT_PLACES = frozenset({
    "Article", "Articles", "Convention", "Protocol", "Protocols", "Party", "Parties", "State", "States",
    "Government", "Governments", "Secretary-General", "Treaty", "Agreement", "Kingdom", "Republic",
    "Territory", "Territories",
})
# fmt: on
_POSSESSIVE = re.compile("['\u2019]s$")
_CONNECTORS = frozenset({"and", "of", "the", "de", "du", "des", "la", "le", "da", "do", "dos"})


def _fold(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split()).casefold()


def territory_code(name: str) -> str | None:
    """ISO 3166 alpha-3 code of a territory name as UNTC writes it; None if unknown."""
    key = _fold(re.sub(r"^\s*the\s+", "", name, flags=re.IGNORECASE))
    for known, code in TERRITORY_CODES.items():
        if _fold(known) == key:
            return code
    return None


# --- Decoding ----------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_page(data: bytes) -> str:
    """Text of a page's bytes: byte-order mark, then UTF-8, then ``<meta charset>``, then Windows-1252."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    # Bytes that decode as UTF-8 are UTF-8 whatever the <meta> says: a browser may keep the
    # original <meta> while saving in another encoding, and other encodings' non-ASCII text is
    # almost never valid UTF-8.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _META_CHARSET.search(data[:4096])
    if match:
        try:
            return data.decode(match.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    # Windows-1252 maps (almost) every byte, so a saved page always reads; the five bytes it
    # leaves undefined are replaced rather than failing the whole page.
    return data.decode("cp1252", errors="replace")


# --- HTML to tables and blocks -----------------------------------------------------------------

# fmt: off
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "tr", "td", "th", "li", "ul", "ol", "table", "thead", "tbody", "h1", "h2", "h3", "h4",
    "h5", "h6", "dd", "dt", "section", "form", "body", "center", "blockquote", "hr",
})
# fmt: on
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "noscript", "template"})


@dataclass
class _Cell:
    text: list[str] = field(default_factory=list)
    sups: list[str] = field(default_factory=list)
    header: bool = False

    def plain(self) -> str:
        return " ".join("".join(self.text).replace("\xa0", " ").split())


@dataclass
class _Table:
    attrs: dict[str, str]
    first_block: int
    rows: list[list[_Cell]] = field(default_factory=list)
    last_block: int = -1


@dataclass
class _Block:
    """A paragraph of text, its <sup> contents apart; ``lead_sup`` when it opens with one."""

    text: str
    sups: tuple[str, ...]
    lead_sup: str | None


class _PageParser(HTMLParser):
    """Collects the tables (innermost only, so a layout table never swallows the grid) and a
    flat list of text blocks in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self.blocks: list[_Block] = []
        self._stack: list[_Table] = []
        self._skip = 0
        self._sup = 0
        self._sup_text: list[str] = []
        self._text: list[str] = []
        self._sups: list[str] = []
        self._lead_sup: str | None = None

    # Blocks
    def _flush(self) -> None:
        text = " ".join("".join(self._text).replace("\xa0", " ").split())
        if text or self._sups:
            self.blocks.append(_Block(text, tuple(self._sups), self._lead_sup))
        self._text, self._sups, self._lead_sup = [], [], None

    def _cell(self) -> _Cell | None:
        if self._stack and self._stack[-1].rows and self._stack[-1].rows[-1]:
            return self._stack[-1].rows[-1][-1]
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
            return
        if tag in _BLOCK_TAGS:
            self._sup = 0  # a <sup> left open ends with its paragraph, not at the end of the page
            self._flush()
        if tag == "table":
            self._stack.append(_Table({k: v or "" for k, v in attrs}, len(self.blocks)))
        elif tag == "tr" and self._stack:
            self._stack[-1].rows.append([])
        elif tag in ("td", "th") and self._stack:
            if not self._stack[-1].rows:
                self._stack[-1].rows.append([])
            self._stack[-1].rows[-1].append(_Cell(header=tag == "th"))
        elif tag == "sup":
            self._sup += 1
            self._sup_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
            return
        if tag == "sup" and self._sup:
            self._sup -= 1
            marker = " ".join("".join(self._sup_text).split())
            if marker:
                if not "".join(self._text).strip() and not self._sups:
                    self._lead_sup = marker
                self._sups.append(marker)
                cell = self._cell()
                if cell is not None:
                    cell.sups.append(marker)
                    cell.text.append(" ")  # "Denmark<sup>1</sup>" keeps a word boundary
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "table" and self._stack:
            table = self._stack.pop()
            table.last_block = len(self.blocks)
            self.tables.append(table)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS and tag != "table":
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._sup:
            self._sup_text.append(data)
            return
        self._text.append(data)
        cell = self._cell()
        if cell is not None:
            cell.text.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        while self._stack:  # tables left open by a truncated page
            table = self._stack.pop()
            table.last_block = len(self.blocks)
            self.tables.append(table)


def _read_html(html: str) -> _PageParser:
    parser = _PageParser()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError as exc:  # _markupbase reports some malformed declarations this way
        raise UntcPageError(f"unreadable HTML: {exc}") from None
    return parser


# --- Participant table -------------------------------------------------------------------------

_ACTION_HEADER = re.compile(r"ratification|accession|acceptance|approval|succession|confirmation", re.IGNORECASE)
_TRAILING_NUMBERS = re.compile(r"(?:[\s,]*\b\d{1,3}\b)+[\s,]*$")


def _header_columns(cells: Sequence[_Cell]) -> tuple[int, int | None, int] | None:
    """(participant, signature, action) column indexes of a header row, or None."""
    texts = [c.plain().casefold() for c in cells]
    if not texts or not texts[0].startswith("participant"):
        return None
    action = next((i for i, t in enumerate(texts) if i and _ACTION_HEADER.search(t)), None)
    if action is None:
        return None
    signature = next((i for i, t in enumerate(texts) if i and i != action and "signature" in t), None)
    return 0, signature, action


def _find_grid(tables: Sequence[_Table]) -> tuple[_Table, int, tuple[int, int | None, int]]:
    # The page's own grid id first; otherwise the table with the right header and the most rows
    # under it (a page saved by a browser or re-rendered may lose the ASP.NET ids, and a layout
    # table whose first cell reads "Participant …" has a header but no participant rows).
    candidates: list[tuple[bool, int, int, _Table, int, tuple[int, int | None, int]]] = []
    saw_participant = False
    for table in tables:
        for index, row in enumerate(table.rows[:3]):
            if row and row[0].plain().casefold().startswith("participant"):
                saw_participant = True
            columns = _header_columns(row)
            if columns:
                is_grid = table.attrs.get("id", "").endswith("tblgrid")
                candidates.append((not is_grid, index + 1 - len(table.rows), table.first_block, table, index, columns))
                break
    if candidates:
        *_, table, index, columns = min(candidates, key=lambda c: c[:3])
        return table, index, columns
    if saw_participant:
        raise UntcPageError("participant table has no ratification/accession column")
    raise UntcPageError("no participant table found")


def _split_name(cell: _Cell) -> tuple[str, tuple[int, ...]]:
    """Name and footnote numbers: from <sup> when marked up, from trailing numbers otherwise."""
    text = cell.plain()
    numbers = [int(n) for marker in cell.sups for n in re.findall(r"\d{1,3}", marker)]
    tail = _TRAILING_NUMBERS.search(text)
    if tail and tail.start() > 0:
        numbers += [int(n) for n in re.findall(r"\d{1,3}", tail.group())]
        text = text[: tail.start()]
    return clean_name(text.rstrip(" ,")), tuple(dict.fromkeys(numbers))


def _read_rows(table: _Table, header: int, columns: tuple[int, int | None, int]) -> list[UntcPageRow]:
    name_col, signature_col, action_col = columns
    rows: list[UntcPageRow] = []
    for cells in table.rows[header + 1 :]:
        if not any(c.plain() for c in cells):
            continue
        if len(cells) <= action_col or all(c.header for c in cells):
            continue  # a second header line or a colspan footer
        name, notes = _split_name(cells[name_col])
        if not name:
            raise UntcPageError(f"participant row {len(rows) + 1}: no participant name")
        position = len(rows) + 1
        try:
            signed = parse_untc_date(cells[signature_col].plain())[0] if signature_col is not None else None
            deposited, suffix = parse_untc_date(cells[action_col].plain())
        except ValueError as exc:
            raise UntcPageError(f"participant row {position} ({name}): {exc}") from None
        if signed is None and deposited is None:
            raise UntcPageError(f"participant row {position} ({name}): no signature or deposit date")
        kind = SUFFIX_KIND[suffix] if deposited else "signature"
        rows.append(UntcPageRow(position, name, notes, signed, deposited, kind))
    if not rows:
        raise UntcPageError("participant table has no participant rows")
    return rows


# --- Sections: declarations, notifications, notes ----------------------------------------------

_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("declarations", re.compile(r"^declarations\s+and\s+reservations\b", re.IGNORECASE)),
    ("notifications", re.compile(r"^notifications?\s+(?:made\s+)?under\b", re.IGNORECASE)),
    ("objections", re.compile(r"^objections\b", re.IGNORECASE)),
    ("territorial", re.compile(r"^territorial\s+application\b", re.IGNORECASE)),
    ("notes", re.compile(r"^(?:end\s*)?notes?\s*:?\s*$", re.IGNORECASE)),
)
_STATEMENT_SECTIONS = ("declarations", "notifications")
_PLAIN_NOTE = re.compile(r"^(\d{1,3})\s*[.)]?\s+(\S.*)$", re.DOTALL)


def _heading(block: _Block) -> str | None:
    if len(block.text) > 200:
        return None
    for kind, pattern in _HEADINGS:
        if pattern.match(block.text):
            return kind
    return None


def _sections(blocks: Sequence[_Block]) -> list[tuple[str, str, list[_Block]]]:
    """(kind, heading text, blocks) for each known section after the table."""
    sections: list[tuple[str, str, list[_Block]]] = []
    for block in blocks:
        kind = _heading(block)
        if kind:
            sections.append((kind, block.text, []))
        elif sections:
            sections[-1][2].append(block)
    return sections


def _read_notes(blocks: Sequence[_Block]) -> dict[int, str]:
    # When the page marks note numbers with <sup>, only those open a note, so a numbered
    # paragraph inside a note ("2. The Government …") stays in it; plain numbers otherwise,
    # and then only increasing ones.
    marked = any(b.lead_sup and b.lead_sup.isdigit() for b in blocks)
    notes: dict[int, list[str]] = {}
    current: int | None = None
    for block in blocks:
        number: int | None = None
        text = block.text
        if marked:
            if block.lead_sup and block.lead_sup.isdigit():
                number = int(block.lead_sup)
                text = re.sub(r"^[.)]\s*", "", text)
        else:
            match = _PLAIN_NOTE.match(text)
            if match and (current is None or int(match.group(1)) > current):
                number, text = int(match.group(1)), match.group(2)
        if number is not None and number not in notes:
            current = number
            notes[number] = [text] if text else []
        elif current is not None and text:
            notes[current].append(text)
    return {n: "\n".join(parts) for n, parts in notes.items() if parts}


def _read_statements(heading: str, blocks: Sequence[_Block], participants: Sequence[UntcPageRow]) -> list[Declaration]:
    by_key = {normalise_name(p.name): p.name for p in participants}
    statements: list[Declaration] = []
    current: str | None = None
    parts: list[str] = []

    def close() -> None:
        if current is not None and parts:
            statements.append(Declaration(current, heading, "\n".join(parts)))

    for block in blocks:
        key = normalise_name(clean_name(_TRAILING_NUMBERS.sub("", block.text).rstrip(" ,")))
        if key in by_key and len(block.text) <= 120:
            close()
            current, parts = by_key[key], []
        elif current is not None and block.text:
            parts.append(block.text)
    close()
    return statements


# --- Facts in the prose ------------------------------------------------------------------------

_DATE_WORDS = r"\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}"
_EFFECT = re.compile(
    rf"\b(?:with\s+effect\s+from|as\s+from|as\s+of|effective\s+(?:from|as\s+of)?)\s*({_DATE_WORDS})",
    re.IGNORECASE,
)
_FROM = re.compile(rf"\b(?:with\s+effect\s+from|as\s+from|as\s+of|effective|from)\s+({_DATE_WORDS})", re.IGNORECASE)
_ON_DATE = re.compile(rf"\bOn\s+({_DATE_WORDS})\s*,")
_SUCCEED = re.compile(r"\bsucce(?:ed|eded|eds|ssion|ssor)\b", re.IGNORECASE)
_TERRITORIAL = re.compile(
    r"\b(?:(?P<neg>not|no\s+longer)\s+(?:be\s+)?)?(?:apply|applies|applied|applicable|extend|extends|extended)"
    r"\s+(?:also\s+|equally\s+)?to\s+(?P<clause>[^.;:()]+)"
    r"|\bextension\s+(?:of\s+(?:the|this)\s+\w+\s+)?to\s+(?P<extension>[^.;:()]+)"
    r"|^\W*for\s+the\s+Kingdom\s+in\s+Europe\b(?P<kingdom>[^.;:()]*)",
    re.IGNORECASE,
)
# A territorial clause ends where a date, a condition or a new clause starts.
_CLAUSE_END = re.compile(
    r"\s(?:with\s+effect|as\s+from|as\s+of|from|until|unless|upon|pending|effective|in\s+accordance|"
    r"in\s+respect|subject|which|who|where|when|on\s+\d)\b",
    re.IGNORECASE,
)
_LEGAL_BASIS = re.compile(r"\blegal\s+basis\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|no|cannot|neither|nor|never)\b|n't\b", re.IGNORECASE)
_AFFIRMATION = re.compile(
    r"\b(?:take|takes|consider|considers|use|uses|accept|accepts|regard|regards|recogni[sz]es?|will|shall)\b",
    re.IGNORECASE,
)
_QUOTE_CLOSE = "[\"'\u201d\u2019]"
_SENTENCE_END = re.compile(rf"(?<=[.;!?]){_QUOTE_CLOSE}?\s+(?=[\"(\u201c\u2018]?[A-Z])")
_ABBREVIATION = re.compile(rf"\b(?:St|No|Nos|art|arts|para|paras|Mr|Mrs|Ms|Dr|vol|e\.g|i\.e|cf|U\.N)\.{_QUOTE_CLOSE}?$")


def _date(text: str) -> dt.date | None:
    try:
        return parse_untc_date(" ".join(text.replace(".", " ").split()))[0]
    except ValueError:
        return None


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for paragraph in text.split("\n"):
        pending = ""
        position = 0
        for match in _SENTENCE_END.finditer(paragraph):
            # match.end() takes the closing quote, if any, with the sentence it closes
            piece = paragraph[position : match.end()].strip()
            position = match.end()
            pending = f"{pending} {piece}".strip()
            if not _ABBREVIATION.search(pending):
                sentences.append(pending)
                pending = ""
        pending = f"{pending} {paragraph[position:].strip()}".strip()
        if pending:
            sentences.append(pending)
    return sentences


def _owners(sentence: str, candidates: Sequence[str]) -> list[str]:
    """Who a sentence is about: the one participant the note belongs to, or the one it names."""
    if len(candidates) <= 1:
        return list(candidates)
    named = [c for c in candidates if _fold(c) in _fold(sentence)]
    return named if len(named) == 1 else []


def _places(clause: str) -> list[tuple[str, str | None]]:
    """Territory names in a clause, with their codes; [] when the clause names no place."""
    clause = clause.strip(" ,")
    found: list[tuple[int, int, str, str | None]] = []
    taken: list[tuple[int, int]] = []
    names = [(n, TERRITORY_CODES[n]) for n in TERRITORY_CODES] + [(n, None) for n in _NOT_TERRITORIES]
    for name, code in sorted(names, key=lambda item: -len(item[0])):
        for match in re.finditer(rf"\b{re.escape(name)}\b", clause, re.IGNORECASE):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            if code is not None:
                found.append((span[0], span[1], match.group(), code))
    # What the known names leave over, split at commas and "and": a capitalised leftover is an
    # unknown place (reported unmapped); a lower-case one qualifies its neighbour ("… of China").
    leftover = clause
    for start, end in sorted(taken, reverse=True):
        leftover = f"{leftover[:start]}\x00{leftover[end:]}"
    pieces = [p for p in re.split(r"\x00|,|\band\b|\bas\s+well\s+as\b", leftover) if p.strip()]
    for piece in pieces:
        words = re.sub(r"^\s*(?:the|also)\s+", "", piece.strip(), flags=re.IGNORECASE).split()
        if not words or not words[0][:1].isupper():
            continue
        significant = [w for w in words if w.casefold() not in _CONNECTORS]
        if any(not w[:1].isupper() for w in significant) or any(_POSSESSIVE.sub("", w) in _NOT_PLACES for w in words):
            continue
        name = " ".join(words)
        found.append((clause.find(words[0]), 0, name, None))
    result: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for _start, _end, name, code in sorted(found):
        key = code or _fold(name)
        if key not in seen:
            seen.add(key)
            result.append((name, code))
    return result


def _territorial(sentence: str) -> list[tuple[str, str | None, bool, dt.date | None]]:
    facts: list[tuple[str, str | None, bool, dt.date | None]] = []
    for match in _TERRITORIAL.finditer(sentence):
        raw = match.group("clause") or match.group("extension") or match.group("kingdom") or ""
        end = _CLAUSE_END.search(raw)
        clause = raw[: end.start()] if end else raw
        applies = match.group("neg") is None
        effect = _FROM.search(sentence, match.start()) or _FROM.search(sentence)  # "With effect from …, it applies"
        effective = _date(effect.group(1)) if effect else None
        for name, code in _places(clause):
            facts.append((name, code, applies, effective))
    return facts


def _extradition(sentence: str) -> tuple[bool, bool | None]:
    """(is an extradition-basis sentence, accepts: True/False/None when unclear)."""
    basis = _LEGAL_BASIS.search(sentence)
    if not basis or not re.search(r"\bextradit", sentence, re.IGNORECASE):
        return False, None
    # Only the clause that leads to "legal basis" decides: "X, which does not make extradition
    # conditional on a treaty, will take the Convention as the legal basis" accepts.
    before = re.split(r"[,;:]|\bthat\b|\bbut\b|\bwhereas\b|\bhowever\b", sentence[: basis.start()])[-1]
    if _NEGATION.search(before):
        return True, False
    if _AFFIRMATION.search(before):
        return True, True
    return True, None


@dataclass
class _Facts:
    successions: list[Succession] = field(default_factory=list)
    territories: list[TerritorialApplication] = field(default_factory=list)
    extradition: list[ExtraditionBasis] = field(default_factory=list)

    def read(self, text: str, candidates: Sequence[str], footnote: int | None) -> None:
        for sentence in _sentences(text):
            owners = _owners(sentence, candidates)
            if not owners:
                continue
            territorial = _territorial(sentence)
            for owner in owners:
                for name, code, applies, effective in territorial:
                    fact = TerritorialApplication(owner, name, code, applies, effective, text, footnote)
                    if fact not in self.territories:
                        self.territories.append(fact)
            succession = _EFFECT.search(sentence) if _SUCCEED.search(sentence) and not territorial else None
            effective = _date(succession.group(1)) if succession else None
            if effective is not None:
                for owner in owners:
                    fact_s = Succession(owner, effective, text, footnote)
                    if fact_s not in self.successions:
                        self.successions.append(fact_s)
            is_basis, accepts = _extradition(sentence)
            if is_basis:
                for owner in owners:
                    self.extradition.append(ExtraditionBasis(owner, accepts, sentence, text, footnote))


# --- The page ----------------------------------------------------------------------------------

_STATUS_AS_AT = re.compile(r"status\s+as\s+at\s*:?\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.IGNORECASE)


def _status_as_at(blocks: Iterable[_Block]) -> dt.date | None:
    for block in blocks:
        match = _STATUS_AS_AT.search(block.text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise UntcPageError(f"malformed 'status as at' date {match.group()!r}") from None
    return None


def parse_untc_page(page: str | bytes) -> UntcPage:
    """Everything the status page says that the engine uses; ``UntcPageError`` if it is not one."""
    html = decode_page(page) if isinstance(page, bytes) else page
    parsed = _read_html(html)
    grid, header, columns = _find_grid(parsed.tables)
    participants = _read_rows(grid, header, columns)

    sections = _sections(parsed.blocks[grid.last_block :])
    footnotes: dict[int, str] = {}
    declarations: list[Declaration] = []
    for kind, heading, blocks in sections:
        if kind == "notes":
            for number, text in _read_notes(blocks).items():
                footnotes.setdefault(number, text)
        elif kind in _STATEMENT_SECTIONS:
            declarations += _read_statements(heading, blocks, participants)

    facts = _Facts()
    for number, text in footnotes.items():
        facts.read(text, [p.name for p in participants if number in p.footnotes], number)
    for declaration in declarations:
        facts.read(declaration.text, [declaration.participant], None)

    dates = [d for p in participants for d in (p.signed_on, p.deposited_on) if d is not None]
    dates += [d for text in footnotes.values() for m in _ON_DATE.finditer(text) if (d := _date(m.group(1)))]
    referenced = {n for p in participants for n in p.footnotes}
    return UntcPage(
        status_as_at=_status_as_at(parsed.blocks),
        participants=tuple(participants),
        footnotes=footnotes,
        declarations=tuple(declarations),
        successions=tuple(facts.successions),
        territorial_applications=tuple(facts.territories),
        extradition_bases=tuple(facts.extradition),
        newest_action=max(dates, default=None),
        unresolved_footnotes=tuple(sorted(referenced - footnotes.keys())),
    )
